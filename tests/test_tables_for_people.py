"""Answers at the terminal read as tables: the key question fits 100 columns, a table
asked for stays a table, dates and names stay whole, and the columns for programs
(IRIs a label stands for, date companions, empty columns) stay in the programs'
formats only. Also: a correct namespace declaration draws no warning."""

from __future__ import annotations

import csv
import io
import re

import pytest
from click.testing import CliRunner
from terminal import columns_used, in_terminal

from mingraph.catalogue import all_questions
from mingraph.cli import main
from mingraph.iris import PREFIXES
from mingraph.vocab import query_warnings

CONTROLS = ["ask", "controls-in-force", "--date", "2025-12-01"]
#: A value for each parameter a question may require.
EXAMPLES = {
    "mineral": "gallium",
    "country": "taiwan",
    "initiative": "msp",
    "entity": "gallium",
    "policy": "p2023-gallium-germanium-export-control",
    "measure": "p2023-gallium-germanium-export-control",
    "date": "2025-12-01",
    "period": "5",
}


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def controls_csv() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(run(*CONTROLS, "--format", "csv"))))


def test_controls_in_force_is_a_table_at_100_columns(controls_csv):
    screen = in_terminal(CONTROLS, 100)
    assert screen.exit_code == 0, screen.stderr
    header, rule = screen.lines[0], screen.lines[1]
    assert not header.startswith("──") and set(rule) <= {"─", " "}, "a table, not records"
    assert max(columns_used(line) for line in screen.lines) <= 100
    names = header.split()
    assert names[0] == "label" and "policy" not in names  # the label stands for the IRI
    assert not [n for n in names if n.endswith(("Start", "Precision"))]
    for column in ("amendedBy", "noSourceAfter"):  # no row fills them
        assert not any(row[column] for row in controls_csv) and column not in names
    dates = {row["from"] for row in controls_csv} | {row["until"] for row in controls_csv}
    shown = screen.text
    assert all(date in shown for date in dates if date), "a date is never broken"
    assert f"{len(controls_csv)} rows" in shown


def test_programs_keep_every_column(controls_csv):
    assert {"policy", "fromStart", "fromPrecision", "amendedBy"} <= set(controls_csv[0])
    assert controls_csv[0]["policy"].startswith("https://w3id.org/mingraph/id/")


def test_a_table_asked_for_stays_a_table_however_narrow():
    screen = in_terminal([*CONTROLS, "--format", "table"], 50)
    assert not screen.lines[0].startswith("──")
    assert any(set(line) <= {"─", " "} for line in screen.lines[1:4]), "the rule under the header"
    assert max(columns_used(line) for line in screen.lines) <= 50
    records = in_terminal(CONTROLS, 50)  # the default view gives records where a table is mush
    assert records.lines[0].startswith("── 1 ")


def test_chinese_labels_wrap_at_characters_in_a_table():
    args = ["ask", "country-profile", "--country", "台灣", "--lang", "zh-Hant"]
    screen = in_terminal(args, 100)
    assert set(screen.lines[1]) <= {"─", " "}, "a table, not records"
    assert max(columns_used(line) for line in screen.lines) <= 100
    assert "台灣關鍵及戰略資源國家隊" in screen.text


def test_every_canned_query_as_shown_draws_no_warning(engine):
    for question in all_questions():
        options = [f"--{p.name}={EXAMPLES[p.name]}" for p in question.options if p.required]
        text = run("ask", question.name, *options, "--show-query")
        assert re.search(r"PREFIX mg:\s+<https://w3id.org/mingraph/ontology#>", text)
        assert query_warnings(text, engine, PREFIXES) == [], question.name


def test_mingraph_query_takes_a_shown_query_without_a_warning():
    text = run("ask", "initiatives", "--show-query")
    result = CliRunner().invoke(main, ["query", text, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.stderr and "msp" in result.stdout
    misspelt = CliRunner().invoke(main, ["query", text.replace("mg:Initiative", "mg:Initiatve")])
    assert "did you mean mg:Initiative?" in misspelt.stderr


def test_ask_and_query_page_a_long_answer_and_say_how_many_rows(controls_csv):
    page = run(*CONTROLS, "--limit", "3", "--offset", "2", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(page)))
    assert [r["policy"] for r in rows] == [r["policy"] for r in controls_csv[2:5]]
    shown = run(*CONTROLS, "--limit", "3", "--offset", "2", "--format", "md")
    total = len(controls_csv)
    assert shown.rstrip().endswith(f"rows 3 to 5 of {total} (--offset 5 shows the next)")
    text = "PREFIX mg: <https://w3id.org/mingraph/ontology#> SELECT ?p WHERE { ?p a mg:Policy }"
    every = list(csv.reader(io.StringIO(run("query", text, "--format", "csv"))))[1:]
    tail = run("query", text, "--offset", str(len(every) - 2), "--format", "md")
    assert tail.rstrip().endswith(f"rows {len(every) - 1} to {len(every)} of {len(every)}")
