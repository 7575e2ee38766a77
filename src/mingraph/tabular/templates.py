"""Templates to fill, and the graph's own entities written as filled templates.

A template's first row holds the column headers in English, its second the same in
Traditional Chinese, its third the guidance (the accepted forms and values), then
two worked examples from the shipped data; the first column marks these rows so
that reading a filled template skips them. The graph's own entities come out as the
same rows, unmarked, so that importing them gives the same facts back.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from mingraph.engines import Engine
from mingraph.iris import MGI, PREFIXES
from mingraph.tabular.cells import concepts
from mingraph.tabular.declaration import Column, Kind
from mingraph.tabular.sheets import MARKER

XSD_BOOLEAN = PREFIXES["xsd"] + "boolean"
#: How many of the graph's entities a template shows as worked examples.
EXAMPLES = 2

_CITATION = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX mg: <https://w3id.org/mingraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?source ?exact (COUNT(?attested) AS ?facts) WHERE {
    VALUES ?entity { <%s> }
    ?entity prov:wasDerivedFrom ?citation .
    ?citation oa:hasSource ?source ; oa:hasSelector/oa:exact ?exact ; mg:attests ?attested .
} GROUP BY ?source ?exact ORDER BY DESC(?facts) ?exact LIMIT 1
"""


def entities(engine: Engine, kind: Kind) -> list[str]:
    """The IRIs of the graph's entities of the kind's class, in a stable order."""
    excluded = " ".join(f"FILTER NOT EXISTS {{ ?entity a <{iri}> }}" for iri in kind.excluded)
    query = f"""SELECT DISTINCT ?entity WHERE {{
        ?entity a <{kind.class_iri}> . FILTER(STRSTARTS(STR(?entity), "{MGI}")) {excluded}
    }} ORDER BY ?entity"""
    return [row["entity"].value for row in engine.run(query).rows]


def _cell_text(column: Column, term) -> str:
    if term.kind == "uri":
        return term.value[len(MGI) :] if term.value.startswith(MGI) else term.value
    if term.datatype == XSD_BOOLEAN:
        return "yes" if term.value in ("true", "1") else "no"
    return term.value


def entity_row(engine: Engine, kind: Kind, iri: str) -> dict[str, str]:
    """One entity of the graph as a row of the kind's template, by column name."""
    terms = {}
    for column in kind.facts():
        pattern = (
            f"?value <{column.property_iri}> ?entity"
            if column.inverse
            else f"?entity <{column.property_iri}> ?value"
        )
        lang = f'FILTER(LANG(?value) = "{column.language.lower()}")' if column.language else ""
        query = (
            f"SELECT ?value WHERE {{ VALUES ?entity {{ <{iri}> }} {pattern} {lang} }}"
            " ORDER BY STR(?value)"
        )
        terms[column.name] = [r["value"] for r in engine.run(query).rows]
    for column in kind.facts():  # the language a title is tagged with is listed first
        tagged = terms.get(column.name) and terms[column.name][0].lang
        if column.language_from and tagged:
            languages = terms[column.language_from]
            languages.sort(key=lambda term, tag=tagged: term.value.lower() != tag.lower())
    row = {"id": iri[len(MGI) :]}
    for column in kind.facts():
        found = [_cell_text(column, term) for term in terms[column.name]]
        if found:
            row[column.name] = f"{column.split} ".join(found) if column.split else found[0]
    cited = engine.run(_CITATION % iri).rows if kind.cited else []  # an IRI of the graph
    if cited:
        row["source"] = _cell_text(kind.column("source"), cited[0]["source"])
        row["summary_en"] = cited[0]["exact"].value
    return row


def _guidance(column: Column, engine: Engine, lang: str) -> str:
    guide = column.guide_zh if lang == "zh-Hant" else column.guide_en
    if column.type == "concept":
        codes = concepts(engine, column.scheme_iri)
        listed = "; ".join(
            f"{code} ({' / '.join(sorted(labels))})" for code, labels in sorted(codes.items())
        )
        guide = f"{guide}: {listed}"
    return guide + (" (required)" if column.required and lang != "zh-Hant" else "")


def template_rows(engine: Engine, kind: Kind, filled: bool) -> list[list[str]]:
    """The rows of a template: headers, guidance and examples; with ``filled``, the
    headers and every entity of the graph of the kind instead."""
    names = [c.name for c in kind.columns]
    rows = [
        [MARKER[0], *(c.en for c in kind.columns)],
        [MARKER[1], *(c.zh for c in kind.columns)],
    ]
    iris = entities(engine, kind)
    if not filled:
        rows.append(["guidance", *(_guidance(c, engine, "en") for c in kind.columns)])
        iris = iris[-EXAMPLES:]
    for iri in iris:
        row = entity_row(engine, kind, iri)
        rows.append(["" if filled else "example", *(row.get(name, "") for name in names)])
    return rows


def write_template(rows: list[list[str]], path: Path, kind: Kind) -> None:
    """Write template rows as CSV (UTF-8 with a byte-order mark, as Excel reads it) or XLSX."""
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(rows, path, kind)
        return
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")


def _write_xlsx(rows: list[list[str]], path: Path, kind: Kind) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = kind.name
    for row in rows:
        sheet.append(row)
    for cell in (*sheet[1], *sheet[2]):
        cell.font = Font(bold=True)
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.number_format = "@"  # text: Excel must not turn 2025-05 into a day
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(sheet.columns):
        sheet.column_dimensions[column[0].column_letter].width = 14 if index == 0 else 28
    sheet.freeze_panes = "B3"
    book.save(path)
