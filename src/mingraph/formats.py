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
import unicodedata

import pyoxigraph as ox

from mingraph.iris import PREFIXES
from mingraph.results import Boolean, Solutions, Term, Triples

SOLUTION_FORMATS = ("table", "md", "csv", "tsv", "json", "xml")
#: ASK answers: the W3C CSV and TSV results formats define no boolean result.
BOOLEAN_FORMATS = ("table", "md", "json", "xml")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
HUMAN_FORMATS = ("table", "md")
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def write_solutions(
    answer: Solutions, fmt: str, width: int = 100, max_rows: int | None = None
) -> str:
    """Render a SELECT answer; human formats hide parameter columns (``_name``)."""
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
            writer.writerow([_csv_value(row.get(v)) for v in answer.variables])
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


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if term.kind == "bnode" else term.value


def _solutions_xml(answer: Solutions) -> str:
    from xml.sax.saxutils import escape, quoteattr

    lines = ['<?xml version="1.0"?>', f'<sparql xmlns="{SPARQL_RESULTS_NS}">', "  <head>"]
    lines += [f"    <variable name={quoteattr(v)}/>" for v in answer.variables]
    lines += ["  </head>", "  <results>"]
    for row in answer.rows:
        lines.append("    <result>")
        for var in answer.variables:
            if var not in row:
                continue
            term = row[var]
            if term.kind == "uri":
                inner = f"<uri>{escape(term.value)}</uri>"
            elif term.kind == "bnode":
                inner = f"<bnode>{escape(term.value)}</bnode>"
            elif term.lang:
                inner = f"<literal xml:lang={quoteattr(term.lang)}>{escape(term.value)}</literal>"
            elif term.datatype:
                inner = (
                    f"<literal datatype={quoteattr(term.datatype)}>{escape(term.value)}</literal>"
                )
            else:
                inner = f"<literal>{escape(term.value)}</literal>"
            lines.append(f"      <binding name={quoteattr(var)}>{inner}</binding>")
        lines.append("    </result>")
    lines += ["  </results>", "</sparql>"]
    return "\n".join(lines)


def _cell(term: Term | None) -> str:
    return "" if term is None else " ".join(term.display().split())


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
