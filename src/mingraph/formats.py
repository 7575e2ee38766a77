"""Writing results: the W3C formats for programs, tables for people.

SELECT and ASK answers: ``json`` (SPARQL 1.1 Query Results JSON), ``xml``
(SPARQL Query Results XML), ``csv`` and ``tsv`` (SPARQL 1.1 Query Results CSV and
TSV, for SELECT only: they define no boolean), ``table`` (fitted to the terminal)
and ``md`` (a Markdown table).
CONSTRUCT and DESCRIBE answers: ``ttl``, ``nt`` and ``jsonld``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata

import pyoxigraph as ox

from mingraph.iris import PREFIXES
from mingraph.printable import one_line
from mingraph.results import Boolean, Solutions, Term, Triples

SOLUTION_FORMATS = ("table", "md", "csv", "tsv", "json", "xml")
#: ASK answers: the W3C CSV and TSV results formats define no boolean result.
BOOLEAN_FORMATS = ("table", "md", "json", "xml")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
HUMAN_FORMATS = ("table", "md")
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def write_solutions(
    answer: Solutions,
    fmt: str,
    width: int = 100,
    max_rows: int | None = None,
    spreadsheet_safe: bool = False,
) -> str:
    """Render a SELECT answer; human formats hide parameter columns (``_name``).

    With ``spreadsheet_safe``, a CSV value that a spreadsheet would run as a formula
    (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
    leading ``'``. The W3C CSV format has no such rule, so it is an option.
    """
    if fmt == "json":
        return json.dumps(
            {
                "head": {"vars": answer.variables},
                "results": {
                    "bindings": [
                        {var: term.to_json() for var, term in row.items()} for row in answer.rows
                    ]
                },
            },
            ensure_ascii=False,
            indent=1,
        )
    if fmt == "xml":
        return _solutions_xml(answer)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(answer.variables)
        for row in answer.rows:
            writer.writerow([_csv_value(row.get(v), spreadsheet_safe) for v in answer.variables])
        return out.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in answer.variables)]
        for row in answer.rows:
            lines.append("\t".join(row[v].n3() if v in row else "" for v in answer.variables))
        return "\n".join(lines) + "\n"
    variables = [v for v in answer.variables if not v.startswith("_")]
    rows = answer.rows if max_rows is None else answer.rows[:max_rows]
    cells = [[_cell(row.get(v)) for v in variables] for row in rows]
    left_out = len(answer.rows) - len(rows)
    text = _markdown(variables, cells) if fmt == "md" else _table(variables, cells, width)
    footer = f"{len(answer.rows)} row{'s' if len(answer.rows) != 1 else ''}"
    if left_out:
        footer += f"; {left_out} not shown (use --format csv or json for all)"
    return f"{text}\n\n{footer}"


def write_boolean(answer: Boolean, fmt: str) -> str:
    """Render an ASK answer in one of :data:`BOOLEAN_FORMATS`."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer.value})
    if fmt == "xml":
        return (
            f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS_NS}">\n  <head/>\n'
            f"  <boolean>{str(answer.value).lower()}</boolean>\n</sparql>"
        )
    if fmt not in BOOLEAN_FORMATS:
        raise ValueError(f"an ASK answer has no {fmt} form")
    return "yes" if answer.value else "no"


def write_triples(answer: Triples, fmt: str) -> str:
    formats = {
        "ttl": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
    }
    triples = [ox.Triple(*(to_oxigraph(term) for term in triple)) for triple in answer.triples]
    prefixes = None if fmt == "nt" else PREFIXES
    return ox.serialize(triples, format=formats[fmt], prefixes=prefixes).decode("utf-8")


def to_oxigraph(term: Term):
    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    if term.datatype:
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term.value)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(term: Term | None, spreadsheet_safe: bool = False) -> str:
    if term is None:
        return ""
    value = f"_:{term.value}" if term.kind == "bnode" else term.value
    return "'" + value if spreadsheet_safe and value.startswith(FORMULA_STARTS) else value


#: Characters XML 1.0 cannot hold, even as a character reference; RDF literals can.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    """``value`` as XML character data: escaped, a carriage return kept as ``&#13;`` (a raw
    one would be read as a line end), and what XML 1.0 cannot hold replaced by U+FFFD."""
    from xml.sax.saxutils import escape

    return escape(_NOT_XML.sub("\ufffd", value)).replace("\r", "&#13;")


def _solutions_xml(answer: Solutions) -> str:
    from xml.sax.saxutils import quoteattr

    def attribute(value: str) -> str:
        kept = {"\r": "&#13;", "\t": "&#9;", "\n": "&#10;"}  # else normalised to spaces
        return quoteattr(_NOT_XML.sub("\ufffd", value), kept)

    lines = ['<?xml version="1.0"?>', f'<sparql xmlns="{SPARQL_RESULTS_NS}">', "  <head>"]
    lines += [f"    <variable name={attribute(v)}/>" for v in answer.variables]
    lines += ["  </head>", "  <results>"]
    for row in answer.rows:
        lines.append("    <result>")
        for var in answer.variables:
            if var not in row:
                continue
            term = row[var]
            text = _xml_text(term.value)
            if term.kind == "uri":
                inner = f"<uri>{text}</uri>"
            elif term.kind == "bnode":
                inner = f"<bnode>{text}</bnode>"
            elif term.lang:
                inner = f"<literal xml:lang={attribute(term.lang)}>{text}</literal>"
            elif term.datatype:
                inner = f"<literal datatype={attribute(term.datatype)}>{text}</literal>"
            else:
                inner = f"<literal>{text}</literal>"
            lines.append(f"      <binding name={attribute(var)}>{inner}</binding>")
        lines.append("    </result>")
    lines += ["  </results>", "</sparql>"]
    return "\n".join(lines)


def _cell(term: Term | None) -> str:
    """A value for people: on one line, control characters and bidi overrides escaped."""
    return "" if term is None else one_line(term.display())


def display_width(text: str) -> int:
    """Columns the text takes at a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _clip(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text + " " * (width - display_width(text))
    out, used = "", 0
    for char in text:
        char_width = display_width(char)
        if used + char_width > width - 1:
            break
        out += char
        used += char_width
    return out + "…" + " " * (width - used - 1)


def _table(variables: list[str], cells: list[list[str]], width: int) -> str:
    widths = [
        max([display_width(v)] + [display_width(row[i]) for row in cells])
        for i, v in enumerate(variables)
    ]
    budget = max(width - 2 * (len(variables) - 1), 6 * len(variables))
    while sum(widths) > budget:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= 6:
            break
        widths[widest] -= 1

    def line(values: list[str]) -> str:
        return "  ".join(_clip(v, w) for v, w in zip(values, widths, strict=True)).rstrip()

    rule = "  ".join("─" * w for w in widths)
    return "\n".join([line(variables), rule, *(line(row) for row in cells)])


def _markdown(variables: list[str], cells: list[list[str]]) -> str:
    def row(values: list[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    return "\n".join([row(variables), "|" + "---|" * len(variables), *(row(r) for r in cells)])
