"""Writing results: the W3C formats for programs, tables for people.

SELECT and ASK answers: ``json`` (SPARQL 1.1 Query Results JSON), ``xml``
(SPARQL Query Results XML), ``csv`` and ``tsv`` (SPARQL 1.1 Query Results CSV and
TSV, for SELECT only: they define no boolean), ``table`` (fitted to the terminal)
and ``md`` (a Markdown table).
CONSTRUCT and DESCRIBE answers: ``ttl``, ``nt``, ``jsonld`` and ``rdfxml`` (RDF/XML).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from dataclasses import dataclass

import pyoxigraph as ox

from mingraph import layout
from mingraph.dates import companion_columns
from mingraph.iris import PREFIXES
from mingraph.printable import escaped, one_line
from mingraph.results import Boolean, Solutions, Term, Triples

RDFS_LABEL = PREFIXES["rdfs"] + "label"

SOLUTION_FORMATS = ("table", "records", "md", "csv", "tsv", "json", "xml")
#: ASK answers: the W3C CSV and TSV results formats define no boolean result.
BOOLEAN_FORMATS = ("table", "records", "md", "json", "xml")
GRAPH_FORMATS = ("ttl", "nt", "jsonld", "rdfxml")
HUMAN_FORMATS = ("table", "records", "md")
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def write_solutions(
    answer: Solutions,
    fmt: str,
    width: int = 100,
    max_rows: int | None = None,
    hidden: tuple[str, ...] = (),
    spreadsheet_safe: bool = False,
    page: Page | None = None,
    fit_or_records: bool = True,
) -> str:
    """Render a SELECT answer (``page``: where these rows stand among all of them).

    A ``table`` too wide for ``width`` comes as records when ``fit_or_records`` (the
    default view at a terminal); a table asked for by name is always a table, its
    columns squeezed and their words broken where they must.

    Human formats leave out parameter columns (``_name``), the typed companions of date
    columns and the ``hidden`` ones; a
    ``table`` that cannot fit ``width`` columns comes as ``records``, one field a line.
    With ``spreadsheet_safe``, a CSV value that a spreadsheet would run as a formula
    (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
    leading ``'``. The W3C CSV format has no such rule, so it is an option.
    """
    if fmt == "json":
        return _json(
            {
                "head": {"vars": answer.variables},
                "results": {
                    "bindings": [
                        {var: term.to_json() for var, term in row.items()} for row in answer.rows
                    ]
                },
            },
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
        lines = ["\t".join(_tsv_field(f"?{v}") for v in answer.variables)]
        for row in answer.rows:
            fields = (_tsv_field(row[v].n3()) if v in row else "" for v in answer.variables)
            lines.append("\t".join(fields))
        return "\n".join(lines) + "\n"
    variables = columns_for_people(answer, hidden)
    rows = answer.rows if max_rows is None else answer.rows[:max_rows]
    cells = [[cell_text(row.get(v)) for v in variables] for row in rows]
    variables = [one_line(v) for v in variables]  # an endpoint names its own columns
    left_out = len(answer.rows) - len(rows)
    if fmt == "md":
        text = _markdown(variables, cells)
    elif fmt == "table" and not fit_or_records:
        text = layout.table(variables, cells, width, squeeze=True)
    else:
        text = (fmt == "table" and layout.table(variables, cells, width)) or layout.records(
            variables, cells, width
        )
    footer = f"{len(answer.rows)} row{'s' if len(answer.rows) != 1 else ''}"
    if page and (page.offset or page.total > len(answer.rows)):
        footer = page.footer(len(answer.rows))
    if left_out:
        footer += f"; {left_out} not shown (use --format csv or json for all)"
    return f"{text}\n\n{footer}"


@dataclass(frozen=True)
class Page:
    """Where a page of rows stands: how many come before it and how many there are."""

    offset: int
    total: int

    def footer(self, shown: int) -> str:
        if not shown:
            return f"no rows from {self.offset + 1} on; {self.total} in all"
        text = f"rows {self.offset + 1} to {self.offset + shown} of {self.total}"
        if self.offset + shown < self.total:
            text += f" (--offset {self.offset + shown} shows the next)"
        return text


def columns_for_people(answer: Solutions, hidden: tuple[str, ...] = ()) -> list[str]:
    """The columns a table for people shows: not the parameters' (``_name``), the date
    columns' typed companions, the ``hidden`` ones, the columns no row fills, nor an IRI
    column whose label stands beside it (see :func:`labelled_columns`). Programs'
    formats keep every column."""
    shown = _shown_columns(answer, hidden)
    standing_in = labelled_columns(answer, shown)
    return [v for v in shown if v not in standing_in]


def labelled_columns(answer: Solutions, shown: list[str] | None = None) -> dict[str, str]:
    """{IRI column: the label column that stands for it}: ``x`` beside ``xLabel``, and the
    first column of IRIs beside ``label`` (``policy`` beside ``label``)."""
    shown = _shown_columns(answer, ()) if shown is None else shown

    def iris(column: str) -> bool:
        values = [row[column] for row in answer.rows if column in row]
        return bool(values) and all(term.kind == "uri" for term in values)

    first_iris = next((v for v in shown if iris(v)), None)
    found = {}
    for column in shown:
        label = f"{column}Label" if f"{column}Label" in shown else "label"
        if label not in shown or (label == "label" and column != first_iris):
            continue
        if iris(column) and all(label in row for row in answer.rows if column in row):
            found[column] = label
    return found


def _shown_columns(answer: Solutions, hidden: tuple[str, ...]) -> list[str]:
    not_for_people = {*hidden, *companion_columns(answer.variables)}
    filled = {v for row in answer.rows for v, term in row.items() if term.value}
    return [
        v
        for v in answer.variables
        if not v.startswith("_") and v not in not_for_people and (v in filled or not answer.rows)
    ]


def write_boolean(answer: Boolean, fmt: str) -> str:
    """Render an ASK answer in one of :data:`BOOLEAN_FORMATS`."""
    if fmt == "json":
        return _json({"head": {}, "boolean": answer.value})
    if fmt == "xml":
        return (
            f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS_NS}">\n  <head/>\n'
            f"  <boolean>{str(answer.value).lower()}</boolean>\n</sparql>"
        )
    if fmt not in BOOLEAN_FORMATS:
        raise ValueError(f"an ASK answer has no {fmt} form")
    return "yes" if answer.value else "no"


def write_triples(answer: Triples, fmt: str, expanded: bool = False) -> str:
    """Render a CONSTRUCT or DESCRIBE answer in one of :data:`GRAPH_FORMATS`.

    Written by rdflib, which keeps language tags as the data writes them (``zh-Hant``);
    pyoxigraph's writer lowercases them. JSON-LD comes compacted with mingraph's
    context (:mod:`mingraph.jsonld`), or ``expanded``.
    """
    from rdflib import Graph

    from mingraph.jsonld import write_jsonld
    from mingraph.namespaces import bind_prefixes

    graph = Graph(bind_namespaces="none")
    if fmt != "nt":
        bind_prefixes(graph)
    for triple in answer.triples:
        graph.add(tuple(term.to_rdflib() for term in triple))
    if fmt == "jsonld":
        text = write_jsonld(graph, expanded)
    else:
        text = graph.serialize(format={"ttl": "turtle", "nt": "nt", "rdfxml": "xml"}[fmt])
    # in strings and IRIs alike, as Turtle, N-Triples and JSON allow; RDF/XML by reference
    return escaped(text, "&#x{:x};" if fmt == "rdfxml" else "\\u{:04X}")


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


def _json(document, indent: int | None = None) -> str:
    """JSON with the unsafe characters json.dumps keeps raw (DEL, C1, bidi) escaped too."""
    return escaped(json.dumps(document, ensure_ascii=False, indent=indent), "\\u{:04x}")


def _tsv_field(text: str) -> str:
    """A TSV field: tabs and line ends inside it escaped, so that a value cannot add a
    column or a row (an endpoint's IRI, blank node or variable name can hold them)."""
    return escaped(text, "\\u{:04X}").replace("\t", "\\u0009").replace("\n", "\\u000A")


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

    return escaped(escape(_not_xml().sub("\ufffd", value)).replace("\r", "&#13;"), "&#x{:x};")


def _solutions_xml(answer: Solutions) -> str:
    from xml.sax.saxutils import quoteattr

    def attribute(value: str) -> str:
        kept = {"\r": "&#13;", "\t": "&#9;", "\n": "&#10;"}  # else normalised to spaces
        return escaped(quoteattr(_not_xml().sub("\ufffd", value), kept), "&#x{:x};")

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
        key = tuple(
            cell_text(row.get(name)) for name in ("quote", "source", "textKind", "documents")
        )
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
                width,
                "    ",
                "      ",
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
    counted = [f"{quotes} quotes"] * bool(quotes) + [f"{summaries} record summaries"] * bool(
        summaries
    )
    lines.append(", ".join([f"{facts} facts", *counted]) if counted else "no quoted facts")
    return "\n".join(lines)
