"""docs/ontology.html: every term of the ontology in English and Traditional Chinese,
the two languages apart, and the committed page current."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SKOS

from conftest import REPO
from mingraph.iris import MG

PAGE = REPO / "docs" / "ontology.html"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(REPO / "ontology" / "mingraph.ttl", format="turtle")


def ontology_terms(graph: Graph) -> set:
    return {s for s in graph.subjects() if str(s).startswith(MG)}


def texts(graph: Graph, subject, predicate, lang: str) -> list[str]:
    return [
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == lang
    ]


class Headings(HTMLParser):
    """The text of each term's heading, by the language of the element it sits in."""

    def __init__(self):
        super().__init__()
        self.section = None
        self.stack: list[str | None] = []  # the lang of each open element inside an h3
        self.headings: dict[str, dict[str | None, str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.section = attrs["id"]
        elif tag == "h3":
            self.stack = [None]
            self.headings[self.section] = {}
        elif self.stack:
            self.stack.append(attrs.get("lang", "kind" if attrs.get("class") else None))

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and data.strip():
            lang = self.stack[-1]
            self.headings[self.section][lang] = self.headings[self.section].get(lang, "") + data


def test_every_term_has_a_label_and_a_definition_in_each_language(ontology):
    terms = ontology_terms(ontology)
    assert len(terms) > 70
    missing = [
        (ontology.namespace_manager.normalizeUri(term), predicate.fragment, lang)
        for term in sorted(terms)
        for predicate in (RDFS.label, SKOS.definition)
        for lang in ("en", "zh-Hant")
        if not texts(ontology, term, predicate, lang)
    ]
    assert missing == []


def test_each_heading_shows_the_two_languages_apart(ontology):
    parser = Headings()
    parser.feed(PAGE.read_text(encoding="utf-8"))
    terms = ontology_terms(ontology)
    assert set(parser.headings) == {str(t)[len(MG) :] for t in terms}
    for term in terms:
        heading = parser.headings[str(term)[len(MG) :]]
        assert heading.get("en") == texts(ontology, term, RDFS.label, "en")[0]
        assert heading.get("zh-Hant") == texts(ontology, term, RDFS.label, "zh-Hant")[0]
        assert None not in heading, f"text outside a language-tagged element: {heading}"


def test_definitions_appear_in_both_languages():
    page = PAGE.read_text(encoding="utf-8")
    assert '<p lang="en">A measure a government issues' in page
    assert '<p lang="zh-Hant">政府發布的措施' in page


def test_the_readme_command_writes_the_committed_page(tmp_path):
    """The page is current: the command the README names writes it again unchanged."""
    command = "python -m mingraph.ontology_page docs/ontology.html"
    assert command.replace("python -m", "`python -m") in " ".join(
        (REPO / "README.md").read_text(encoding="utf-8").split()
    )
    written = tmp_path / "ontology.html"
    subprocess.run([sys.executable, "-m", "mingraph.ontology_page", str(written)], check=True)
    assert written.read_text(encoding="utf-8") == PAGE.read_text(encoding="utf-8"), (
        f"docs/ontology.html is stale: run '{command}'"
    )
