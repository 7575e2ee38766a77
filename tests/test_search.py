"""Finding entities by free text: ranked, in both languages, Traditional or Simplified."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from mingraph.cli import main
from mingraph.iris import MGI
from mingraph.search import fold, search


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def hits(*args: str) -> list[dict[str, str]]:
    result = run("search", *args, "--format", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.mark.parametrize(
    "text, first",
    [
        ("鎵", "gallium"),  # the data's Traditional label
        ("镓", "gallium"),  # typed in Simplified
        ("台灣", "taiwan"),  # the data writes 臺灣
        ("台湾", "taiwan"),
        ("Taiwan", "taiwan"),
        ("gallium export control", "p2023-gallium-germanium-export-control"),
        ("galium", "gallium"),  # misspelt
        ("MSP", "msp"),
        ("Q861", "gallium"),
        ("稀土", "rare-earths"),
    ],
)
def test_search_ranks_the_entity_meant_first(text, first):
    found = hits(*text.split())
    assert found and found[0]["entity"] == MGI + first, [h["entity"] for h in found]


def test_each_hit_shows_type_both_labels_and_the_command_that_shows_it():
    (hit, *_) = hits("鎵")
    assert hit["type"] == "Mineral"
    assert (hit["labelEn"], hit["labelZh"]) == ("gallium", "鎵")
    assert hit["command"] == "mingraph describe gallium"
    assert run("describe", "gallium").exit_code == 0
    source = next(h for h in hits("B18") if h["entity"] == MGI + "ref-b18")
    assert source["command"] == "mingraph cite ref-b18"


def test_search_reads_quotes_and_descriptions(engine):
    found = {hit.entity: hit for hit in search(engine, "對此臺灣應掌握相關發展變化")}
    assert found[MGI + "taiwan"].field == "quote"  # words of its quote, not of its names
    described = {hit.entity: hit for hit in search(engine, "partnership of 15 countries")}
    assert described[MGI + "msp"].field == "description"


def test_citation_records_are_not_hits():
    found = hits("B18", "--limit", "50")
    assert found and not [h for h in found if h["entity"].startswith(MGI + "cite-")]


def test_nothing_found_says_so():
    result = run("search", "qqqqzzzz", "--format", "table")
    assert result.exit_code == 0 and "Nothing matches 'qqqqzzzz'" in result.stdout
    assert run("search", "qqqqzzzz", "--format", "csv").stdout.strip() == (
        "entity,type,labelEn,labelZh,matched,command"
    )


def test_traditional_simplified_and_variant_characters_fold_alike():
    assert fold("臺灣") == fold("台灣") == fold("台湾")
    assert fold("鎵") == fold("镓")
    assert fold("Rare-Earths") == fold("rare earths")


# --- the same matching for describe and the questions' options ---------------------------


def test_describe_and_options_take_variant_and_simplified_spellings():
    described = run("describe", "台灣", "--format", "csv")
    assert described.exit_code == 0, described.output
    assert "ISO 3166-1 alpha-2 code,TW" in described.stdout  # Taiwan, though the data writes 臺灣
    profile = run("ask", "country-profile", "--country", "台湾", "--format", "csv")
    assert profile.exit_code == 0, profile.output
    minerals = run("ask", "policies-for-mineral", "--mineral", "镓", "--format", "csv")
    assert f"{MGI}p2023-gallium-germanium-export-control" in minerals.stdout


def test_a_description_in_words_is_refused_with_ranked_suggestions():
    result = run("describe", "gallium export control")
    assert result.exit_code == 2
    assert "Did you mean: p2023-gallium-germanium-export-control" in result.output
    assert "cite-" not in result.output, "citation records are not suggested"


def test_a_misspelt_option_value_gets_the_close_name():
    result = run("ask", "policies-for-mineral", "--mineral", "galium")
    assert result.exit_code == 2
    assert "Did you mean: gallium" in result.output


def test_a_source_document_describes_itself():
    result = run("describe", "ref-b18", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    record = {(row["property"], row["value"]) for row in rows}
    assert ("identifier", "B18") in record
    # a record row names the documents it summarises, not web pages of its own;
    # a document is shown by its name (identifier, publisher and date), its IRI beside it
    summarised = {row["valueTerm"]: row["value"] for row in rows if row["property"] == "summarises"}
    assert summarised[MGI + "doc-b19-1"].startswith("Document B19-1: ")
    assert not [row for row in record if row[0] in ("title", "web page")]
