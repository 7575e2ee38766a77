"""Spreadsheet templates: written, filled as a researcher fills them, read back.

The files are made with openpyxl and the csv module, as Excel and LibreOffice save
them; every problem must come back at its row and column, and nothing of a file
with a problem may enter the graph.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from conftest import REPO
from mingraph.cli import main
from mingraph.engines import OxigraphEngine
from mingraph.inputs import InputError
from mingraph.iris import MGI, XSD
from mingraph.loading import load_store_with_origins
from mingraph.tabular.declaration import kind_names, load_kind
from mingraph.tabular.importing import TemplateProblems, import_file
from mingraph.tabular.templates import template_rows, write_template

NEW_ROW = {
    "id": "p2026-test-tungsten-licence",
    "label_en": "Test tungsten licence",
    "label_zh": "測試鎢出口許可",
    "description_en": "China put tungsten test items under export licence.",
    "description_zh": "中國將鎢測試物項納入出口許可。",
    "instrument": "export licensing",
    "minerals": "鎢",
    "issued_by": "CN",
    "issuing_body": "MOFCOM",
    "announced_on": "2026-05-20",
    "in_force_from": "2026-06-01",
    "summary_en": "MOFCOM put tungsten test items under export licence from 1 June 2026.",
    "summary_zh": "商務部自2026年6月1日起將鎢測試物項納入出口許可。",
    "source": "ref-d46",
}


@pytest.fixture(scope="session")
def asserted():
    """The shipped data as asserted, as 'export --template' reads it."""
    return OxigraphEngine(load_store_with_origins([])[0])


def fill(path: Path, kind: str, rows: list[dict[str, str]]) -> Path:
    """A template of ``kind`` with ``rows`` added below its examples, as a user fills it."""
    declared = load_kind(kind)
    names = [c.name for c in declared.columns]
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(["Row kind", *(c.en for c in declared.columns)])
        sheet.append(["列別", *(c.zh for c in declared.columns)])
        sheet.append(["guidance", *("…" for _ in names)])
        for row in rows:
            sheet.append(["", *(row.get(n, "") for n in names)])
        book.save(path)
    else:
        lines = [["Row kind", *(c.en for c in declared.columns)], ["guidance"]]
        lines += [["", *(row.get(n, "") for n in names)] for row in rows]
        write_template(lines, path, declared)
    return path


def test_the_template_has_both_headers_guidance_and_two_examples(tmp_path, engine):
    result = CliRunner().invoke(main, ["template", "measures", "-o", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(tmp_path / "t.xlsx").active
    rows = [[c.value for c in line] for line in sheet.iter_rows()]
    assert rows[0][:3] == ["Row kind", "Identifier", "Label (English)"]
    assert rows[1][:3] == ["列別", "識別碼", "名稱（英文）"]
    instrument = rows[0].index("Instrument")
    assert rows[2][0] == "guidance" and "export-control (" in rows[2][instrument]
    assert [r[0] for r in rows[3:]] == ["example", "example"]
    # An untouched template holds no data: reading it says so instead of adding nothing.
    with pytest.raises(InputError, match="no rows of data"):
        import_file(tmp_path / "t.xlsx", (tmp_path / "t.xlsx").read_bytes(), engine)


def test_a_filled_xlsx_row_is_answered_with_its_source(tmp_path):
    path = fill(tmp_path / "new.xlsx", "measures", [NEW_ROW])
    result = CliRunner().invoke(
        main,
        [
            "--data",
            str(path),
            "ask",
            "controls-in-force",
            "--date",
            "2026-06-10",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Test tungsten licence" in result.output
    described = CliRunner().invoke(main, ["--data", str(path), "describe", NEW_ROW["id"]])
    assert described.exit_code == 0, described.output
    assert NEW_ROW["summary_en"] in described.output


def test_a_row_describing_a_new_document_passes_the_shapes_and_is_shown_as_summary(tmp_path):
    document = {
        "source": "",
        "document_kind": "primary text",
        "document_publisher": "MOFCOM",
        "document_title": "關於對鎢相關物項實施出口管制的公告",
        "document_date": "2026-05-20",
        "document_url": "https://www.mofcom.gov.cn/example",
    }
    path = fill(tmp_path / "new.csv", "measures", [{**NEW_ROW, **document}])
    turtle = tmp_path / "new.ttl"
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(turtle)])
    assert result.exit_code == 0, result.output
    text = turtle.read_text(encoding="utf-8")
    assert "mg:summarises mgi:doc-p2026-test-tungsten-licence" in text
    assert "mg:documentKind mgi:primary-text" in text
    validated = CliRunner().invoke(main, ["validate", str(turtle)])
    assert validated.exit_code == 0, validated.output
    described = CliRunner().invoke(
        main, ["--data", str(path), "describe", NEW_ROW["id"], "--format", "csv"]
    )
    assert "summary" in described.output and "MOFCOM" in described.output


def test_a_mistyped_mineral_is_reported_at_its_cell_with_suggestions(tmp_path, engine):
    path = fill(tmp_path / "new.xlsx", "measures", [{**NEW_ROW, "minerals": "tungstn"}])
    with pytest.raises(TemplateProblems) as raised:
        import_file(path, path.read_bytes(), engine)
    (problem,) = raised.value.problems
    assert (problem.row, problem.cell.column, problem.column.name) == (4, "H", "minerals")
    assert "tungsten" in problem.message
    result = CliRunner().invoke(main, ["--lang", "zh-Hant", "import", str(path)])
    assert result.exit_code == 2
    assert "第 4 列，H 欄（礦物）" in result.output and "不是已知的礦物" in result.output


def test_excel_dates_keep_the_precision_the_cell_shows(tmp_path, engine):
    path = fill(tmp_path / "new.xlsx", "measures", [NEW_ROW])
    book = load_workbook(path)
    sheet = book.active
    announced = sheet.cell(row=4, column=13)
    assert sheet.cell(row=1, column=13).value == "Announced on"
    announced.value = dt.datetime(2026, 5, 1)
    announced.number_format = "mmm-yy"  # what Excel makes of a typed "May 2026"
    book.save(path)
    imported = import_file(path, path.read_bytes(), engine)
    dates = {t.object.value for t in imported.triples if t.predicate.value.endswith("announcedOn")}
    assert dates == {"2026-05"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": "china-gallium-test"}, None),
        ({"id": "p2023-gallium-germanium-export-control"}, "already in the graph"),
        ({"announced_on": "2026-13"}, "is not a date"),
        ({"instrument": "export contrl"}, "Did you mean: export-control"),
        ({"label_zh": ""}, "'Label (Traditional Chinese)' is required"),
        ({"source": ""}, "describe the document the summary is about"),
        ({"document_publisher": "MOFCOM"}, "either quotes a source of the graph"),
        ({"source": "", "document_kind": "press release"}, "is no document kind"),
    ],
)
def test_each_cell_problem_names_row_column_and_field(tmp_path, engine, change, message):
    path = fill(tmp_path / "new.csv", "measures", [{**NEW_ROW, **change}])
    if message is None:
        assert import_file(path, path.read_bytes(), engine).rows_by_entity
        return
    with pytest.raises(TemplateProblems) as raised:
        import_file(path, path.read_bytes(), engine)
    assert any(message in p.message for p in raised.value.problems), raised.value.lines
    assert all(p.row == 3 for p in raised.value.problems)


def test_messy_files(tmp_path, engine):
    # Excel's CSV with a byte-order mark and semicolons, trailing empty rows
    declared = load_kind("measures")
    header = ";".join(c.en for c in declared.columns)
    values = ";".join(NEW_ROW.get(c.name, "") for c in declared.columns)
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + header + "\r\n" + values + "\r\n;;;\r\n\r\n").encode("utf-8"))
    assert list(import_file(path, path.read_bytes(), engine).rows_by_entity) == [
        MGI + NEW_ROW["id"]
    ]
    # Excel's legacy 'CSV' in a Windows code page is refused with the way out
    legacy = header + "\r\np2026-test;Tungsten licence (Société test)\r\n"
    path.write_bytes(legacy.encode("cp1252"))
    with pytest.raises(InputError, match="CSV UTF-8"):
        import_file(path, path.read_bytes(), engine)
    # two rows with one id
    path = fill(tmp_path / "twice.csv", "measures", [NEW_ROW, NEW_ROW])
    with pytest.raises(TemplateProblems, match="also the id of row 3"):
        import_file(path, path.read_bytes(), engine)


def test_formulas_and_merged_cells(tmp_path, engine):
    path = fill(tmp_path / "new.xlsx", "measures", [NEW_ROW, {**NEW_ROW, "id": "p2026-test-b"}])
    book = load_workbook(path)
    sheet = book.active
    sheet.merge_cells("J4:J5")  # one issuing body for both rows, as people merge cells
    sheet["J4"] = "MOFCOM"
    book.save(path)
    imported = import_file(path, path.read_bytes(), engine)
    bodies = [t for t in imported.triples if t.predicate.value.endswith("issuingBody")]
    assert len(bodies) == 2
    sheet["L4"] = '=CONCAT("No. ", 1)'  # a formula openpyxl saved with no value
    book.save(path)
    with pytest.raises(InputError, match="L4 holds a formula with no saved value"):
        import_file(path, path.read_bytes(), engine)


@pytest.mark.parametrize("kind", kind_names())
def test_the_graph_round_trips_through_its_own_template(tmp_path, asserted, engine, kind):
    declared = load_kind(kind)
    rows = template_rows(asserted, declared, filled=True)
    assert len(rows) >= 2 + 4, "the graph holds several entities of every kind"
    path = tmp_path / f"{kind}.csv"
    write_template(rows, path, declared)
    imported = import_file(path, path.read_bytes(), engine, restate=True)
    assert len(imported.rows_by_entity) == len(rows) - 2
    for column in declared.facts():
        made = {
            (t.subject.value, t.object.value, *literal_kind(t.object))
            for t in imported.triples
            if t.predicate.value == column.property_iri
            and (t.object if column.inverse else t.subject).value in imported.rows_by_entity
            and (column.language is None or t.object.language == column.language.lower())
        }
        lang = f'FILTER(LANG(?o) = "{column.language.lower()}")' if column.language else ""
        held = set()
        for entity in imported.rows_by_entity:
            pattern = (
                f"?s <{column.property_iri}> <{entity}> . BIND(<{entity}> AS ?o)"
                if column.inverse
                else f"<{entity}> <{column.property_iri}> ?o . BIND(<{entity}> AS ?s)"
            )
            for row in asserted.run(f"SELECT ?s ?o WHERE {{ {pattern} {lang} }}").rows:
                term = row["o"]
                language = (term.lang or "").lower() or None
                plain = term.kind == "literal" and not language  # Term leaves xsd:string out
                datatype = (term.datatype or XSD + "string") if plain else None
                held.add((row["s"].value, term.value, language, datatype))
        assert made == held, column.name


def literal_kind(term) -> tuple[str | None, str | None]:
    """A term's language and datatype, as the answers' terms give them (None for an IRI)."""
    language = getattr(term, "language", None)
    if language or not hasattr(term, "datatype"):
        return language, None
    return None, term.datatype.value


def guide_commands() -> list[str]:
    text = (REPO / "docs" / "adding-data.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


@pytest.mark.parametrize("command", guide_commands())
def test_every_command_of_the_guide_runs(command, monkeypatch, tmp_path):
    monkeypatch.chdir(REPO)
    words = shlex.split(command)
    output = None
    if "-o" in words:  # write where the test can look, not into the repository
        position = words.index("-o") + 1
        output = words[position] = str(tmp_path / words[position])
    result = CliRunner().invoke(main, words[1:])
    assert result.exit_code == 0, result.output
    if output:
        assert Path(output).stat().st_size > 0
    else:
        assert "p2026-example-tungsten-licence" in result.stdout or "Example" in result.stdout
