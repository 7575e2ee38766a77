"""``mingraph serve``'s pages and addresses: every entity IRI dereferences, in HTML for
people and in RDF for programs; the question pages, search, languages and the
command's own behaviour (port in use, other hosts, Ctrl-C)."""

from __future__ import annotations

import csv
import io
import json
import re
import signal
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pytest
from live_server import MINGRAPH, fetch
from markupsafe import escape

from mingraph.answers import answer_question
from mingraph.catalogue import all_questions, load_question
from mingraph.charts.pages import SOURCES_CAPTION
from mingraph.iris import MG, MGI
from mingraph.web import strings

ENTITIES = f"""
SELECT DISTINCT ?entity WHERE {{
    {{ ?entity ?p ?o }} UNION {{ ?s ?p ?entity }}
    FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), "{MGI}"))
}}"""
LABELS = "SELECT ?e ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }"


@pytest.fixture(scope="module")
def entities(engine) -> list[str]:
    found = [row["entity"].value for row in engine.run(ENTITIES).rows]
    assert len(found) > 200
    return found


@pytest.fixture(scope="module")
def english_labels(engine) -> dict[str, str]:
    return {r["e"].value: r["l"].value for r in engine.run(LABELS).rows if r["l"].lang == "en"}


def test_every_entity_iri_dereferences_in_html_and_turtle(server, entities, english_labels):
    def visit(iri: str) -> str | None:
        path = server + "/id/" + iri[len(MGI) :]
        # a first visit draws the entity's chart: allow for eight at once on a busy machine
        status, headers, page = fetch(path, headers={"Accept": "text/html"}, timeout=120)
        if status != 200 or not headers["content-type"].startswith("text/html"):
            return f"{iri}: HTML {status}"
        if iri in english_labels and escape(english_labels[iri]) not in page.decode():
            return f"{iri}: the page does not show its label"
        status, headers, turtle = fetch(path, headers={"Accept": "text/turtle"})
        if status != 200 or not headers["content-type"].startswith("text/turtle"):
            return f"{iri}: Turtle {status}"
        subjects = {q.subject for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE)}
        if ox.NamedNode(iri) not in subjects:
            return f"{iri}: the Turtle says nothing about it"
        return None

    with ThreadPoolExecutor(8) as pool:
        problems = [p for p in pool.map(visit, entities) if p]
    assert not problems, problems[:10]


@pytest.mark.parametrize(
    ("accept", "fmt", "media"),
    [
        ("application/ld+json", ox.RdfFormat.JSON_LD, "application/ld+json"),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    ],
)
def test_entity_answers_json_ld_and_n_triples(server, accept, fmt, media):
    iri = MGI + "gallium"
    for headers, url in (
        ({"Accept": accept}, f"{server}/id/gallium"),
        (
            {"Accept": "text/html"},
            f"{server}/id/gallium?format=" + ("jsonld" if "json" in accept else "nt"),
        ),
    ):
        status, answer_headers, body = fetch(url, headers=headers)
        assert status == 200 and answer_headers["content-type"].startswith(media)
        assert ox.NamedNode(iri) in {q.subject for q in ox.parse(body, format=fmt)}


def test_entity_document_carries_the_quotes(server):
    _, _, body = fetch(f"{server}/id/p2023-gallium-germanium-export-control?format=nt")
    exact = "http://www.w3.org/ns/oa#exact"
    quotes = [
        q.object.value
        for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        if q.predicate.value == exact
    ]
    assert quotes, "the citations and their quotes come with the entity"


def test_unknown_entity_is_404(server):
    status, _, body = fetch(f"{server}/id/no-such-thing", headers={"Accept": "text/html"})
    assert status == 404 and b"Nothing in the graph has this address" in body
    status, _, _ = fetch(f"{server}/id/no-such-thing", headers={"Accept": "text/turtle"})
    assert status == 404


def test_entity_page_shows_contested_claims_and_links_here(server):
    status, _, body = fetch(f"{server}/id/p2023-gallium-germanium-export-control")
    assert status == 200
    page = body.decode()
    contested = page.split('id="contested"')[1].split("</section>")[0]
    assert (
        "/id/claim-36-more-metals" in contested
        and "/id/claim-14-gallium-germanium-items" in contested
    )
    assert "corrected by" in contested
    links = page.split('id="links-here"')[1].split("</section>")[0]
    assert "/id/claim-36-more-metals" in links


def test_ontology_terms_dereference(server):
    status, headers, body = fetch(f"{server}/ontology", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    subjects = {q.subject for q in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    assert ox.NamedNode(MG + "Policy") in subjects
    status, headers, body = fetch(f"{server}/ontology", headers={"Accept": "text/html"})
    assert status == 200 and 'id="Policy"' in body.decode()
    status, _, body = fetch(f"{server}/ontology?format=jsonld")
    assert ox.NamedNode(MG + "Policy") in {
        q.subject for q in ox.parse(body, format=ox.RdfFormat.JSON_LD)
    }


@pytest.mark.parametrize("question", all_questions(), ids=lambda q: q.name)
def test_every_question_page_has_a_form_and_a_zh_hant_title(server, question):
    status, _, body = fetch(f"{server}/questions/{question.name}?lang=zh-Hant")
    page = body.decode()
    assert status == 200 and 'id="question-form"' in page
    assert escape(strings.QUESTION_SUMMARIES_ZH[question.name]) in page
    for parameter in question.options:
        assert f'name="{parameter.name}"' in page


def test_question_choices_come_from_the_graph(server, engine):
    _, _, body = fetch(f"{server}/questions/initiative-members")
    options = set(re.findall(r'<option value="([^"]+)"', body.decode()))
    rows = engine.run(f"SELECT ?i WHERE {{ ?i a <{MG}Initiative> }}").rows
    assert options == {row["i"].value[len(MGI) :] for row in rows}


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_question_downloads_are_the_answer(server, engine, lang):
    expected = answer_question(
        engine, load_question("controls-in-force"), {"date": "2023-09-01"}, lang
    )
    url = f"{server}/questions/controls-in-force?date=2023-09-01&lang={lang}"
    status, headers, body = fetch(url + "&format=csv")
    assert status == 200 and "attachment" in headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0] == expected.variables and len(rows) - 1 == len(expected.rows) > 0
    status, headers, body = fetch(url, headers={"Accept": "application/sparql-results+json"})
    assert len(json.loads(body)["results"]["bindings"]) == len(expected.rows)


def test_a_bad_parameter_is_refused_on_the_page(server):
    status, _, body = fetch(f"{server}/questions/policies-for-mineral?mineral=unobtainium")
    assert status == 400 and "names no mineral" in body.decode()


def test_search_finds_prefixes_and_substrings_in_both_languages(server):
    def hits(q: str) -> list[str]:
        _, _, body = fetch(f"{server}/search?q={q}")
        return re.findall(r'<li><a href="(/id/[^"?]+)', body.decode())

    assert hits("gall")[0] == "/id/gallium"  # a prefix
    assert "/id/gallium" in hits("alli")  # a substring
    assert "/id/japan" in hits("%E6%97%A5%E6%9C%AC")  # 日本


def test_language_switch_on_every_page(server):
    for path in (
        "/",
        "/questions/memberships",
        "/id/gallium",
        "/ontology",
        "/editor",
        "/search?q=x",
    ):
        _, _, body = fetch(server + path, headers={"Accept-Language": "zh-TW,zh;q=0.9"})
        page = body.decode()
        assert '<html lang="zh-Hant">' in page and 'id="language-switch"' in page
        assert "lang=en" in page.split('id="language-switch"')[1].split(">")[0]


def test_ui_strings_exist_in_both_languages():
    assert all(english and chinese for english, chinese in strings.UI.values())
    assert set(strings.QUESTION_SUMMARIES_ZH) == {q.name for q in all_questions()}


def test_serve_refuses_a_port_in_use(server):
    port = server.rsplit(":", 1)[1]
    done = subprocess.run(
        [MINGRAPH, "serve", "--port", port], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "Traceback" not in done.stderr


def test_serve_says_when_it_listens_beyond_this_machine(private_cache):
    process = subprocess.Popen(
        [MINGRAPH, "serve", "--host", "0.0.0.0", "--port", "0", "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = re.search(r"serving (http://\S+)/", process.stdout.readline()).group(1)
        assert fetch(url.replace("0.0.0.0", "127.0.0.1") + "/")[0] == 200
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert "listening on 0.0.0.0, not only on this machine" in stderr
    assert process.returncode == 0 and "mingraph: stopped" in stderr


def test_an_iri_resolves_at_once_and_only_to_an_entity_of_its_kind(engine):
    """Entity pages pass the IRI itself: it is checked, not searched for among names."""
    from mingraph.resolve import BadParameter, resolve

    question = load_question("policies-for-mineral")
    (mineral,) = question.options
    assert resolve(engine, mineral, MGI + "gallium").value == MGI + "gallium"
    with pytest.raises(BadParameter, match="names no mineral"):
        resolve(engine, mineral, MGI + "japan")
    with pytest.raises(BadParameter, match="names no mineral"):
        resolve(engine, mineral, MGI + "no-such-mineral")


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_home_question_and_entity_pages_show_their_chart_in_the_page_language(server, lang):
    """The timeline at home, a question's chart, an entity's chart: SVG inside the page."""
    gallium = "鎵" if lang == "zh-Hant" else "gallium"
    antimony = "銻" if lang == "zh-Hant" else "antimony"
    msp = "礦物安全夥伴關係" if lang == "zh-Hant" else "Minerals Security Partnership"
    for path, label in (
        ("/", gallium),
        ("/questions/effects?mineral=antimony", antimony),
        ("/id/gallium", gallium),
        ("/id/msp", msp),
    ):
        status, _, body = fetch(f"{server}{path}{'&' if '?' in path else '?'}lang={lang}")
        page = body.decode()
        assert status == 200, path
        figure = page.split('<figure class="chart">', 1)[1].split("</figure>", 1)[0]
        assert figure.lstrip().startswith("<svg") and label in figure, path
        caption = figure.split("<figcaption>", 1)[1]
        summary = SOURCES_CAPTION[lang].split("{")[0]  # "Sources (" and its Chinese
        assert f"<summary>{summary}" in caption, "every source, listed below the chart"
        assert caption.count("<li>") == figure.count("<dcterms:source>") > 0, path
