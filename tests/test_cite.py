"""cite: references a paper can use, read back by the standard parsers of each format."""

from __future__ import annotations

import json

import bibtexparser
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

from mingraph.cite import STYLES, references, write_references
from mingraph.cli import main
from mingraph.iris import MGI

GALLIUM_CONTROL = "p2023-gallium-germanium-export-control"
ARTICLE_QUOTE = "在 2023年 7月宣布進一步管制鎵、鍺及 36種以上金屬之出口"
CHECK_QUOTE = "announced 2023-07-03, effective 2023-08-01; 8 gallium items + 6 germanium items"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def parsed_bibtex(text: str):
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return {entry.key: entry.fields_dict for entry in library.entries}


def rendered(items: list[dict]) -> list[str]:
    """The items as citeproc-py renders them in a bundled CSL style."""
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


def test_bibtex_of_an_entity_has_its_sources_with_the_quotes_as_notes():
    result = run("cite", GALLIUM_CONTROL)
    assert result.exit_code == 0, result.output
    entries = parsed_bibtex(result.stdout)
    assert set(entries) == {"article", "ref-b18"}
    article, check = entries["article"], entries["ref-b18"]
    assert article["title"].value == "{關鍵礦物成為中國制衡美國戰略的重要手段}"
    assert article["year"].value == "2024" and "許茵爾" in article["author"].value
    assert ARTICLE_QUOTE in article["note"].value
    assert check["url"].value.startswith("https://big5.cri.cn/")
    assert CHECK_QUOTE in check["note"].value and check["number"].value == "B18"


def test_csl_json_reads_and_renders_with_citeproc():
    result = run("cite", GALLIUM_CONTROL, "--style", "csl-json")
    items = json.loads(result.stdout)
    by_id = {item["id"]: item for item in items}
    assert by_id["article"]["issued"] == {"date-parts": [[2024]]}
    assert CHECK_QUOTE in by_id["ref-b18"]["note"]
    bibliography = rendered(items)
    assert len(bibliography) == 2
    assert any("關鍵礦物成為中國制衡美國戰略的重要手段" in entry for entry in bibliography)


def test_ris_reads_with_rispy():
    result = run("cite", GALLIUM_CONTROL, "--style", "ris")
    records = {record["id"]: record for record in rispy.loads(result.stdout)}
    assert set(records) == {"article", "ref-b18"}
    assert records["ref-b18"]["type_of_reference"] == "GEN"
    assert len(records["ref-b18"]["urls"]) == 2
    assert CHECK_QUOTE in records["ref-b18"]["notes"][0]


def test_a_source_document_cites_itself_without_quotes():
    entries = parsed_bibtex(run("cite", "ref-b18").stdout)
    assert list(entries) == ["ref-b18"]
    assert entries["ref-b18"]["note"].value.startswith("Also at: https://www.bjreview.com/")
    chinese = parsed_bibtex(run("cite", "Taiwan", "--lang", "zh").stdout)
    assert "對此臺灣應掌握相關發展變化並尋求國際合作機會" in chinese["article"]["note"].value


def test_an_unknown_entity_is_refused():
    result = run("cite", "no such thing at all")
    assert result.exit_code == 2 and "names no described entity or source" in result.output


SOURCES = """
PREFIX mg: <https://w3id.org/mingraph/ontology#>
SELECT ?source WHERE { ?source a mg:SourceDocument } ORDER BY ?source
"""


@pytest.mark.parametrize("style", STYLES)
def test_every_source_document_cites_in_every_style(engine, style):
    sources = [row["source"].value for row in engine.run(SOURCES).rows]
    assert len(sources) > 20
    refs = [ref for source in sources for ref in references(engine, source)]
    text = write_references(refs, style)
    if style == "bibtex":
        keys = list(parsed_bibtex(text))
    elif style == "csl-json":
        keys = [item["id"] for item in json.loads(text)]
        assert len(rendered(json.loads(text))) == len(keys)
    else:
        keys = [record["id"] for record in rispy.loads(text)]
    assert keys == [source.removeprefix(MGI) for source in sources]
