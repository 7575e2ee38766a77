"""ASK answers in the W3C formats that define a boolean result: JSON and XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from mingraph.cli import main

ASK = "ASK { ?s a <https://w3id.org/mingraph/ontology#Initiative> }"
RESULTS = "{http://www.w3.org/2005/sparql-results#}"


def query(*options: str):
    return CliRunner().invoke(main, ["query", ASK, *options])


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_refuse_an_ask_answer(fmt):
    result = query("--format", fmt)
    assert result.exit_code == 2
    assert "json or xml" in result.output and "define no boolean" in result.output
    assert "true" not in result.stdout


def test_json_and_xml_carry_the_boolean():
    assert json.loads(query("--format", "json").stdout) == {"head": {}, "boolean": True}
    root = ET.fromstring(query("--format", "xml").stdout)
    assert root.find(f"{RESULTS}boolean").text == "true"


def test_without_format_a_program_reads_json():
    result = query()  # standard output is not a terminal here
    assert result.exit_code == 0
    assert json.loads(result.stdout)["boolean"] is True


def test_people_read_yes_or_no():
    assert query("--format", "table").stdout.strip() == "yes"
