"""A visit in a real browser: Debian's Chromium, headless, driven by Playwright.

Each step asserts on the rendered page what a visitor would see, against what the
graph holds, and leaves a screenshot in ``test-artifacts/``. No page may ask
anything of another host: the editor's YASGUI ships inside the package.
"""

from __future__ import annotations

import pytest

from conftest import REPO
from mingraph.answers import answer_question
from mingraph.catalogue import load_question, question_names
from mingraph.engines import with_values
from mingraph.iris import MGI
from mingraph.results import Term

ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:")) else elsewhere.append(r.url),
    )
    yield page
    context.close()
    assert not elsewhere, f"the pages asked other hosts: {elsewhere}"


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"browser-{name}.png"), full_page=True)


def slugs(page, selector: str) -> list[str]:
    return [a.get_attribute("href").split("?")[0] for a in page.query_selector_all(selector)]


def test_home_page_shows_coverage_counts_and_every_question(page, server, engine):
    page.goto(server + "/")
    (row,) = engine.run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    coverage = page.inner_text("#coverage")
    assert f"{row['n'].value} triples" in coverage
    assert "1998" in coverage
    assert len(page.query_selector_all("ul.questions li")) == len(question_names())
    screenshot(page, "01-home")
    page.click("#language-switch")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "zh-Hant"
    assert "三元組" in page.inner_text("#coverage")
    screenshot(page, "02-home-zh-Hant")


def test_search_for_a_chinese_label_finds_its_entity_first(page, server, engine):
    (row,) = engine.run(
        'SELECT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> "鎵"@zh-Hant }'
    ).rows
    page.goto(server + "/")
    page.fill("input[name=q]", "鎵")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("#search-results")
    found = slugs(page, "#search-results a")
    assert found[0] == "/id/" + row["e"].value[len(MGI) :]
    assert len(found) > 1, "a substring search finds the measures on gallium too"
    screenshot(page, "03-search-gallium-zh")


def test_search_for_dysprosium_lists_what_the_graph_labels_so(page, server, engine):
    labelled = engine.run(
        "SELECT DISTINCT ?e WHERE { { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
        "UNION { ?e <http://www.w3.org/2004/02/skos/core#altLabel> ?l } "
        f'FILTER(CONTAINS(LCASE(STR(?l)), "dysprosium") && STRSTARTS(STR(?e), "{MGI}")) }}'
    ).rows
    expected = {"/id/" + r["e"].value[len(MGI) :] for r in labelled}
    page.goto(server + "/")
    page.fill("input[name=q]", "Dysprosium")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("#search-results")
    assert set(slugs(page, "#search-results a")) == expected
    if not expected:
        assert "Nothing matches" in page.inner_text("#search-results")
    screenshot(page, "04-search-dysprosium")


def test_question_form_gives_the_answer_with_links_downloads_and_command(page, server, engine):
    expected = answer_question(
        engine, load_question("policies-for-mineral"), {"mineral": "gallium"}
    )
    page.goto(server + "/questions/policies-for-mineral")
    page.select_option("select[name=mineral]", "gallium")
    page.click("#question-form button[type=submit]")
    page.wait_for_selector("#answer-table")
    rows = page.query_selector_all("#answer-table tbody tr")
    assert len(rows) == len(expected.rows) > 0
    labels = page.inner_text("#answer-table")
    assert all(row["label"].value in labels for row in expected.rows)
    first_link = page.query_selector("#answer-table tbody a").get_attribute("href")
    assert first_link.startswith("/id/")
    assert [a.inner_text() for a in page.query_selector_all(".downloads a")] == [
        "csv",
        "tsv",
        "json",
        "xml",
    ]
    assert page.inner_text("#command pre") == "mingraph ask policies-for-mineral --mineral gallium"
    screenshot(page, "05-question-form")


def test_entity_page_shows_facts_with_their_quotes(page, server, engine):
    entity = "p2023-gallium-germanium-export-control"
    bound = {"e": Term.iri(MGI + entity)}
    expected = engine.run(
        with_values(
            "SELECT ?quote WHERE { ?e <http://www.w3.org/ns/prov#wasDerivedFrom>/"
            "<http://www.w3.org/ns/oa#hasSelector>/<http://www.w3.org/ns/oa#exact> ?quote }",
            bound,
        )
    ).rows
    page.goto(f"{server}/id/{entity}")
    quotes = page.inner_text("#facts")
    assert expected and all(r["quote"].value in quotes for r in expected)
    assert page.query_selector("blockquote.quote footer a").get_attribute("href").startswith("/id/")
    (label,) = engine.run(
        with_values(
            "SELECT ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l "
            'FILTER(lang(?l) = "en") }',
            bound,
        )
    ).rows
    assert page.inner_text("#entity-title") == label["l"].value
    screenshot(page, "06-entity-quotes")


def test_editor_runs_a_canned_question_as_an_example(page, server, engine):
    expected = answer_question(engine, load_question("mineral-controls"), {})
    page.goto(server + "/editor")
    page.wait_for_selector(".CodeMirror")
    assert "PREFIX mg:" in page.inner_text(".CodeMirror")
    page.click("button.example >> nth=" + str(question_names().index("mineral-controls")))
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table tbody tr")
    assert f"{len(expected.rows)} results" in page.inner_text(".yasr")
    table = page.inner_text(".yasr table")
    assert expected.rows[0]["mineral"].value.split("/")[-1] in table
    screenshot(page, "07-editor")
