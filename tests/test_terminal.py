"""Answers at a real terminal, 80 and 120 columns wide: nothing cut, nothing past the edge."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from click.testing import CliRunner
from terminal import columns_used, in_terminal

from mingraph.catalogue import all_questions
from mingraph.cli import main
from mingraph.layout import display_width, table, wrap

WIDTHS = (80, 120)
GALLIUM_CONTROL = "p2023-gallium-germanium-export-control"

COMMANDS = [
    ["questions"],
    ["describe", GALLIUM_CONTROL],
    ["describe", "台灣", "--lang", "zh"],
    ["search", "鎵"],
    ["search", "gallium", "export", "control", "--lang", "zh"],
    ["describe", "MSP", "--format", "records"],
    ["ask", "china-policy-timeline"],
    ["ask", "china-policy-timeline", "--lang", "zh-Hant"],
    ["ask", "initiatives"],
    ["ask", "initiative-members", "--initiative", "msp"],
    ["ask", "controls-in-force", "--date", "2024"],
    ["ask", "contested-claims", "--format", "records"],
    ["ask", "supply-concentration", "--format", "table"],
    ["query", "SELECT ?s ?label WHERE { ?s a mg:Policy ; rdfs:label ?label }"],
    ["vocab"],
    ["vocab", "mg:concerns"],
]


def without_whitespace(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_line_is_wider_than_the_terminal(engine, args, width):
    screen = in_terminal(args, width)
    assert screen.exit_code == 0, screen.stderr
    assert len(screen.lines) > 3
    too_wide = [line for line in screen.lines if columns_used(line) > width]
    assert not too_wide, too_wide


@pytest.mark.parametrize("width", WIDTHS)
def test_describe_shows_every_quote_whole(engine, width):
    facts = json.loads(
        CliRunner().invoke(main, ["describe", GALLIUM_CONTROL, "--format", "json"]).stdout
    )
    texts = {
        (row["quote"]["value"], row["textKind"]["value"])
        for row in facts["results"]["bindings"]
        if "quote" in row
    }
    assert {kind for _, kind in texts} == {"quote", "summary"}
    screen = in_terminal(["describe", GALLIUM_CONTROL], width)
    shown = without_whitespace(screen.text)
    for text, kind in texts:
        assert without_whitespace(text) in shown
        whole = f"“{without_whitespace(text)}”"  # a short quote may lie inside a longer one
        if kind == "quote":
            assert shown.count(whole) == 1, "a quote is shown once, over its facts"
        else:  # a record's summary is never put in quotation marks
            assert whole not in shown


def test_describe_names_the_entity_once_and_no_iri_column(engine):
    lines = in_terminal(["describe", GALLIUM_CONTROL], 80).lines
    assert lines[0] == "Export control on gallium and germanium items"
    assert sum(GALLIUM_CONTROL in line for line in lines) == 1
    assert not [line for line in lines if "https://" in line or "mgi:article" in line]
    assert any(line.startswith("concerns") and "gallium" in line for line in lines)


def test_a_table_too_wide_for_the_terminal_comes_as_records(engine):
    narrow = in_terminal(["ask", "china-policy-timeline"], 40).lines
    assert narrow[0].startswith("── 1 ")
    assert any(line.startswith("label ") and "Rare-earth export quota" in line for line in narrow)
    table = in_terminal(["ask", "initiative-members", "--initiative", "msp"], 100).lines
    assert table[0].split() == [
        "label",
        "joined",
        "joinedNoLaterThan",
        "founding",
        "role",
    ]  # fmt: skip  (the member's IRI is left out: its label stands for it)
    assert set(table[1]) <= {"─", " "}


def test_long_cells_wrap_inside_their_column(engine):
    lines = in_terminal(["ask", "controls-in-force", "--date", "2024"], 100).lines
    header = lines[0]
    assert header.split()[:2] == ["label", "minerals"]  # the policy's label stands for its IRI
    start, end = header.index("label"), header.index("minerals")
    first_row = lines[2 : lines.index("")]  # rows that wrap are set apart by a blank line
    assert len(first_row) > 1
    label = " ".join(line[start:end].strip() for line in first_row).strip()
    assert label == "Catalogue of commodities prohibited in processing trade (2006)"


def test_questions_wrap_at_word_boundaries(engine):
    screen = in_terminal(["questions"], 80)
    shown_words = set(screen.text.split())
    for question in all_questions():
        assert set(question.summary.split()) <= shown_words, question.name


def test_output_into_a_pipe_stays_machine_friendly(engine):
    done = subprocess.run(
        ["mingraph", "ask", "initiatives"], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[0].startswith("initiative,label,founded")


def test_cjk_characters_take_two_columns():
    assert display_width("鎵 Ga") == 5
    assert wrap("鎵鍺銻" * 10, 10) == [
        "鎵鍺銻鎵鍺",
        "銻鎵鍺銻鎵",
        "鍺銻鎵鍺銻",
        "鎵鍺銻鎵鍺",
        "銻鎵鍺銻鎵",
        "鍺銻鎵鍺銻",
    ]
    assert wrap("export control on gallium", 12) == ["export", "control on", "gallium"]


def test_a_table_that_cannot_give_each_column_room_declines():
    header = list("abcdefghijkl")
    row = ["word " * 20] * 12
    assert table(header, [row], 60) is None, "12 columns cannot each have 6 of 60"
    squeezed = table(header, [row], 60, squeeze=True)  # --format table: a table all the same
    assert squeezed and max(map(display_width, squeezed.splitlines())) <= 60
    fitted = table(header[:2], [row[:2]], 60)
    assert fitted and max(map(display_width, fitted.splitlines())) <= 60
