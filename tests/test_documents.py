"""Public documents as entities: record rows link the documents they summarise and
never pose as them, and no view labels a record's words as a document's quotation."""

from __future__ import annotations

import csv

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
        has_maker = (node, DCTERMS.publisher, None) in graph or (node, DCTERMS.creator, None) in graph
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
    linked = {m: set(graph.objects(m, MG.primarySource)) for m in graph.subjects(MG.primarySource, None)}
    assert MGI["doc-b19-1"] in linked[MGI["p2023-gallium-germanium-export-control"]]
    assert MGI["doc-d35-1"] in linked[MGI["p2025-mofcom-61"]]
    for documents in linked.values():
        assert all((d, MG.documentKind, MGI["primary-text"]) in graph for d in documents)


def test_describe_shows_a_record_summary_as_a_summary_of_the_documents():
    result = CliRunner().invoke(main, ["describe", "effect-d03-antimony-exports-2024-10", "--format", "table"])
    text = " ".join(result.output.split())
    assert "Summary in Record D03" in text
    assert "not a quotation of the documents" in text
    assert "of news: Reuters, “China's Oct antimony shipments plunge on latest export limits”, 2024-11-20" in text
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
