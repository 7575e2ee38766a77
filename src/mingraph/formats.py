"""Writing results: the W3C formats for programs, tables for people.

SELECT and ASK answers: ``json`` (SPARQL 1.1 Query Results JSON), ``xml``
(SPARQL Query Results XML), ``csv`` and ``tsv`` (SPARQL 1.1 Query Results CSV and
TSV, for SELECT only: they define no boolean), ``table`` (fitted to the terminal)
and ``md`` (a Markdown table).
CONSTRUCT and DESCRIBE answers: ``ttl``, ``nt`` and ``jsonld``.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re

import pyoxigraph as ox

from mingraph import layout
from mingraph.dates import companion_columns
from mingraph.iris import PREFIXES
from mingraph.printable import one_line
from mingraph.results import Boolean, Solutions, Term, Triples

RDFS_LABEL = PREFIXES["rdfs"] + "label"

SOLUTION_FORMATS = ("table", "records", "md", "csv", "tsv", "json", "xml")
#: ASK answers: the W3C CSV and TSV results formats define no boolean result.
BOOLEAN_FORMATS = ("table", "records", "md", "json", "xml")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
HUMAN_FORMATS = ("table", "records", "md")
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def write_solutions(
    answer: Solutions,
    fmt: str,
    width: int = 100,
    max_rows: int | None = None,
    hidden: tuple[str, ...] = (),
    spreadsheet_safe: bool = False,
) -> str:
    """Render a SELECT answer.

    Human formats leave out parameter columns (``_name``), the typed companions of date
    columns and the ``hidden`` ones; a
    ``table`` that cannot fit ``width`` columns comes as ``records``, one field a line.
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
    not_for_people = {*hidden, *companion_columns(answer.variables)}  # companions: programs
    variables = [v for v in answer.variables if not v.startswith("_") and v not in not_for_people]
    rows = answer.rows if max_rows is None else answer.rows[:max_rows]
    cells = [[cell_text(row.get(v)) for v in variables] for row in rows]
    left_out = len(answer.rows) - len(rows)
    if fmt == "md":
        text = _markdown(variables, cells)
    else:
        text = (fmt == "table" and layout.table(variables, cells, width)) or layout.records(
            variables, cells, width
        )
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
    """Render a CONSTRUCT or DESCRIBE answer in one of :data:`GRAPH_FORMATS`.

    Written by rdflib, which keeps language tags as the data writes them (``zh-Hant``);
    pyoxigraph's writer lowercases them.
    """
    from rdflib import Graph

    from mingraph.namespaces import bind_prefixes

    graph = Graph(bind_namespaces="none")
    if fmt != "nt":
        bind_prefixes(graph)
    for triple in answer.triples:
        graph.add(tuple(term.to_rdflib() for term in triple))
    return graph.serialize(format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])


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


@functools.cache
def _not_xml() -> re.Pattern:
    """Characters XML 1.0 cannot hold, even as a character reference (RDF literals can).

    Compiled on first use: compiling the class takes about 8 ms, paid by every command.
    """
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    """``value`` as XML character data: escaped, a carriage return kept as ``&#13;`` (a raw
    one would be read as a line end), and what XML 1.0 cannot hold replaced by U+FFFD."""
    from xml.sax.saxutils import escape

    return escape(_not_xml().sub("\ufffd", value)).replace("\r", "&#13;")


def _solutions_xml(answer: Solutions) -> str:
    from xml.sax.saxutils import quoteattr

    def attribute(value: str) -> str:
        kept = {"\r": "&#13;", "\t": "&#9;", "\n": "&#10;"}  # else normalised to spaces
        return quoteattr(_not_xml().sub("\ufffd", value), kept)

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


def cell_text(term: Term | None) -> str:
    """The text a term shows in a cell for people: one line, whitespace collapsed,
    control characters and bidi overrides escaped."""
    return "" if term is None else one_line(term.display())


def _markdown(variables: list[str], cells: list[list[str]]) -> str:
    def row(values: list[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    return "\n".join([row(variables), "|" + "---|" * len(variables), *(row(r) for r in cells)])


def write_description(entity: Term, answer: Solutions, width: int) -> str:
    """An entity's facts for people: grouped under the quote and source behind them.

    ``answer`` is the ``sources`` question's answer for ``entity``. Each group lists
    the facts (property, value) one quote backs, then the quote whole and its source,
    so a quote that backs many facts is shown once and no IRI is repeated.
    """
    groups: dict[tuple[str, str, str, str], list[tuple[str, str]]] = {}
    label = ""
    for row in answer.rows:
        fact = (cell_text(row.get("property")), cell_text(row.get("value")))
        key = tuple(cell_text(row.get(name)) for name in ("quote", "source", "textKind", "documents"))
        if fact not in groups.setdefault(key, []):
            groups[key].append(fact)
        if row["propertyIri"].value == RDFS_LABEL:
            label = fact[1]
    lines = layout.wrap(label, width) if label else []
    lines += [one_line(entity.display()), ""]
    names = [name for facts in groups.values() for name, _ in facts]
    name_width = min(max(map(layout.display_width, names), default=0), width // 3)
    for (quote, source, kind, documents), facts in groups.items():
        lines += layout.fields(facts, name_width, width)
        if quote and kind == "summary":  # the record's words, not the documents'
            lines += layout.wrap_indented(
                f"Summary in {source} (the record's words, not a quotation of the documents):",
                width, "    ", "      ",
            )
            lines += layout.wrap_indented(quote, width, "      ", "      ")
            for document in documents.split(" | ") if documents else ["no document found"]:
                lines += layout.wrap_indented(f"of {document}", width, "    • ", "      ")
        elif quote:  # names and types need no quote
            lines += layout.wrap_indented(f"“{quote}”", width, "    ", "     ")
            lines += layout.wrap_indented(f"— {source}", width, "    ", "      ")
        lines.append("")
    facts = len({fact for group in groups.values() for fact in group})
    quotes = sum(1 for key in groups if key[0] and key[2] != "summary")
    summaries = sum(1 for key in groups if key[0] and key[2] == "summary")
    counted = [f"{quotes} quotes"] * bool(quotes) + [f"{summaries} record summaries"] * bool(summaries)
    lines.append(", ".join([f"{facts} facts", *counted]) if counted else "no quoted facts")
    return "\n".join(lines)
