"""Public documents as entities: record rows link the documents they summarise and
never pose as them, and no view labels a record's words as a document's quotation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from conftest import SHARED
from mingraph.cli import main
from mingraph.iris import MGI as MGI_PREFIX

MG = Namespace("https://w3id.org/mingraph/ontology#")
MGI = Namespace(MGI_PREFIX)
DOCUMENTS = SHARED / "reference" / "documents.csv"
needs_reference = pytest.mark.skipif(not DOCUMENTS.exists(), reason="reference material absent")


@pytest.fixture(scope="module")
def listed() -> list[dict]:
    with open(DOCUMENTS, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def rows_of(graph):
    """Every record row: a source that is part of a record or check and has an identifier."""
    return {
        row
        for row in graph.subjects(DCTERMS.isPartOf, None)
        if (row, DCTERMS.identifier, None) in graph and str(row).startswith(str(MGI) + "ref-")
    }


@needs_reference
def test_every_record_row_links_its_documents_and_poses_as_none(graph, listed):
    named = {}
    for doc in listed:
        for row in doc["rows"].split(";"):
            named.setdefault(MGI["ref-" + row.strip().lower()], set()).add(
                MGI["doc-" + doc["doc_id"].lower()]
            )
    rows = rows_of(graph)
    assert len(rows) >= 112
    wrong = []
    for row in sorted(rows):
        linked = set(graph.objects(row, MG.summarises))
        if linked != named.get(row, set()):
            wrong.append((row, "documents"))
        if not linked and (row, MG.verification, MGI["not-verified"]) not in graph:
            wrong.append((row, "links no document yet says it was verified"))
        if (row, RDF.type, MG.RecordRow) not in graph:
            wrong.append((row, "not a record row"))
        if (row, DCTERMS.title, None) in graph or (row, FOAF.page, None) in graph:
            wrong.append((row, "a title or page posing as a document's"))
    assert wrong == []


@needs_reference
def test_every_document_is_as_the_reference_list_gives_it(graph, listed):
    wrong = []
    for doc in listed:
        node = MGI["doc-" + doc["doc_id"].lower()]
        titles = [str(t) for t in graph.objects(node, DCTERMS.title)]
        if titles != ([doc["title"]] if doc["title"] else []):  # none invented
            wrong.append((node, "title"))
        dates = [str(d) for d in graph.objects(node, DCTERMS.date)]
        if dates != ([doc["date"]] if doc["date"] else []):
            wrong.append((node, "date"))
        has_maker = (node, DCTERMS.publisher, None) in graph or (
            node,
            DCTERMS.creator,
            None,
        ) in graph
        if has_maker != bool(doc["publisher"] or doc["author"]):
            wrong.append((node, "publisher or author"))
        if not any(str(c).startswith("http://purl.org/") for c in graph.objects(node, RDF.type)):
            wrong.append((node, "bibliographic type"))
        if doc["channel"] and (node, MG.readOn, Literal(doc["channel"])) not in graph:
            wrong.append((node, "read on"))
    assert wrong == []
    assert len(set(graph.subjects(RDF.type, MG.PublicDocument))) == len(listed)


@needs_reference
def test_measures_link_their_issuing_text(graph):
    linked = {
        m: set(graph.objects(m, MG.primarySource)) for m in graph.subjects(MG.primarySource, None)
    }
    assert MGI["doc-b19-1"] in linked[MGI["p2023-gallium-germanium-export-control"]]
    assert MGI["doc-d35-1"] in linked[MGI["p2025-mofcom-61"]]
    for documents in linked.values():
        assert all((d, MG.documentKind, MGI["primary-text"]) in graph for d in documents)


def test_describe_shows_a_record_summary_as_a_summary_of_the_documents():
    result = CliRunner().invoke(
        main, ["describe", "effect-d03-antimony-exports-2024-10", "--format", "table"]
    )
    text = " ".join(result.output.split())
    assert "Summary in Record D03" in text
    assert "not a quotation of the documents" in text
    assert (
        "of news: Reuters, “China's Oct antimony shipments plunge on latest export limits”,"
        " 2024-11-20" in text
    )
    assert "“After antimony" not in text  # the record's words are not put in quotation marks


def test_no_view_labels_a_record_text_as_a_quotation(graph, engine):
    """Every fact credited to a record row is a summary, in every entity's description."""
    from mingraph.answers import describe_entity

    entities = {s for s in graph.subjects(URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None)}
    wrong = []
    for entity in sorted(entities):
        if (entity, RDF.type, MG.Citation) in graph:
            continue
        _, answer = describe_entity(engine, str(entity))
        for row in answer.rows:
            if "quote" not in row:
                continue
            record = (URIRef(row["sourceIri"].value), RDF.type, MG.RecordRow) in graph
            if (row["textKind"].value == "summary") != record:
                wrong.append((entity, row["sourceIri"].value))
    assert len(entities) > 180 and wrong == []


@needs_reference
def test_the_documents_file_is_what_the_script_makes_of_the_reference_list(tmp_path):
    import importlib.util

    script = Path(__file__).parent.parent / "scripts" / "documents.py"
    spec = importlib.util.spec_from_file_location("documents_script", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = tmp_path / "documents.ttl"
    module.main(DOCUMENTS.parent, made)
    assert made.read_text(encoding="utf-8") == module.OUTPUT.read_text(encoding="utf-8")


def test_no_entity_page_shows_a_record_text_as_a_quotation(server, graph, engine):
    """Each entity page: a record row's words sit in a summary naming the documents,
    never in a quotation block; the article's quotes stay quotations."""
    import html
    import re
    from concurrent.futures import ThreadPoolExecutor

    from live_server import fetch

    from mingraph.answers import describe_entity

    texts = {}
    for entity in sorted(
        set(graph.subjects(RDF.type, MG.Policy)) | set(graph.subjects(RDF.type, MG.Claim))
    ):
        _, answer = describe_entity(engine, str(entity))
        texts[entity] = {
            (r["textKind"].value, r["quote"].value) for r in answer.rows if "quote" in r
        }

    def visit(entity) -> list:
        status, _, body = fetch(server + "/id/" + str(entity)[len(str(MGI)) :], timeout=120)
        page = html.unescape(body.decode())
        # a quote is marked with the language it is written in: <p lang="zh-Hant">
        quoted = " ".join(re.findall(r'<blockquote class="quote"><p[^>]*>(.*?)</p>', page, re.S))
        summaries = " ".join(re.findall(r'<div class="summary">(.*?)</div>', page, re.S))
        wrong = [(entity, "status")] if status != 200 else []
        for kind, text in texts[entity]:
            if kind == "summary" and (text in quoted or text not in summaries):
                wrong.append((entity, text[:50]))
            if kind == "quote" and text not in quoted:
                wrong.append((entity, "article quote not shown as a quote"))
        return wrong

    with ThreadPoolExecutor(8) as pool:
        wrong = [w for found in pool.map(visit, sorted(texts)) for w in found]
    assert len(texts) > 100
    assert sum(kind == "summary" for found in texts.values() for kind, _ in found) > 100
    assert wrong == []


def test_each_fact_names_the_kind_of_its_documents_issuing_text_first(engine):
    from mingraph.answers import describe_entity

    _, answer = describe_entity(engine, "p2023-gallium-germanium-export-control")
    listed = {
        row["documents"].value
        for row in answer.rows
        if "documents" in row and row["sourceIri"].value == MGI["ref-b18"].toPython()
    }
    assert len(listed) == 1
    (documents,) = listed
    first, *others = documents.split(" | ")
    assert first.startswith(
        "primary (issuing text): 商务部; 海关总署 (MOFCOM; GAC), “商務部 海關總署公告"
    )
    assert others and all(entry.startswith("news: ") for entry in others)
