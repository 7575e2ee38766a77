"""The graph published as a web developer and a linked-data crawler find it.

JSON-LD compacted with mingraph's ``@context`` (short keys, language maps) that
reads back to the same triples; the context shipped and served; the ontology at
its version IRI; the VoID description with its dump and endpoint.
"""

from __future__ import annotations

import json
import urllib.parse

import pytest
from click.testing import CliRunner
from live_server import fetch
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, XSD

from mingraph.cli import main
from mingraph.iris import MG, MGI, PREFIXES
from mingraph.jsonld import EXPANDED_PROFILE, build_context, context
from mingraph.ontology_page import load_ontology

VOID = PREFIXES["void"]
GALLIUM = MGI + "gallium"


def keys(document) -> set[str]:
    """Every key of a JSON document, at any depth."""
    if isinstance(document, dict):
        return set(document) | {k for value in document.values() for k in keys(value)}
    if isinstance(document, list):
        return {k for value in document for k in keys(value)}
    return set()


def without_context(document: dict) -> dict:
    return {k: v for k, v in document.items() if k != "@context"}


def test_the_shipped_context_is_the_one_the_ontology_makes():
    assert context() == build_context(load_ontology())


def test_the_context_is_served_at_a_stable_address(server):
    status, headers, body = fetch(f"{server}/context.jsonld")
    assert status == 200 and headers["content-type"] == "application/ld+json"
    assert json.loads(body) == context()


def test_gallium_reads_as_plain_json_with_short_keys(server):
    status, _, body = fetch(f"{server}/id/gallium", headers={"Accept": "application/ld+json"})
    document = without_context(json.loads(body))
    assert status == 200
    assert document["id"] == "mgi:gallium"
    assert "Mineral" in document["type"]
    assert document["label"] == {"en": "gallium", "zh-Hant": "鎵"}
    assert document["elementSymbol"] == "Ga"
    assert "mgi:p2023-gallium-germanium-export-control" in document["concernedBy"]
    assert not [key for key in keys(document) if ":" in key], "every key is a short name"


def test_compacted_json_ld_reads_back_to_the_same_triples(server):
    _, _, turtle = fetch(f"{server}/id/gallium?format=ttl")
    _, _, compacted = fetch(f"{server}/id/gallium?format=jsonld")
    expected = Graph().parse(data=turtle, format="turtle")
    assert isomorphic(Graph().parse(data=compacted, format="json-ld"), expected)
    assert len(expected) > 10


def test_the_expanded_form_stays_available(server):
    accept = f'application/ld+json;profile="{EXPANDED_PROFILE}"'
    _, _, body = fetch(f"{server}/id/gallium", headers={"Accept": accept})
    document = json.loads(body)
    assert isinstance(document, list) and "@context" not in body.decode()
    assert f"{PREFIXES['rdfs']}label" in keys(document)
    _, _, compacted = fetch(f"{server}/id/gallium?format=jsonld")
    assert isomorphic(
        Graph().parse(data=body, format="json-ld"), Graph().parse(data=compacted, format="json-ld")
    )


def test_a_construct_answer_comes_compacted(server):
    query = (
        f"CONSTRUCT {{ ?p <{MG}announcedOn> ?d ; <{MG}concerns> ?m }} WHERE "
        f"{{ ?p <{MG}announcedOn> ?d ; <{MG}concerns> ?m }}"
    )
    url = f"{server}/sparql?" + urllib.parse.urlencode({"query": query})
    _, _, body = fetch(url, headers={"Accept": "application/ld+json"})
    found = keys(without_context(json.loads(body)))
    assert {"announcedOn", "concerns", "id"} <= found
    assert not [key for key in found if "://" in key]


def test_the_export_in_json_ld_holds_the_same_triples_as_in_turtle():
    runner = CliRunner()
    exported = {
        fmt: runner.invoke(main, ["export", "--format", fmt]).stdout for fmt in ("jsonld", "nt")
    }
    assert json.loads(exported["jsonld"])["@context"] == context()["@context"]
    from_jsonld = Graph().parse(data=exported["jsonld"], format="json-ld")
    from_nt = Graph().parse(data=exported["nt"], format="nt")

    def named(graph: Graph) -> set:
        return {t for t in graph if not any(isinstance(term, BNode) for term in t)}

    assert len(from_jsonld) == len(from_nt) > 1000
    assert named(from_jsonld) == named(from_nt)


# --- the ontology's version, VoID and the dump ---------------------------------------------


def test_the_version_iri_dereferences(server):
    version = str(next(load_ontology().objects(None, OWL.versionIRI)))
    number = version.rsplit("/", 1)[1]
    status, headers, body = fetch(f"{server}/ontology/{number}?format=ttl")
    assert status == 200 and headers["vary"] == "Accept"
    graph = Graph().parse(data=body, format="turtle")
    assert (None, OWL.versionIRI, URIRef(version)) in graph
    assert fetch(f"{server}/ontology/0.0.0-none?format=ttl")[0] == 404


@pytest.fixture(scope="module")
def void(server) -> Graph:
    status, _, body = fetch(f"{server}/void", headers={"Accept": "text/turtle"})
    assert status == 200
    return Graph().parse(data=body, format="turtle")


def test_void_says_where_the_dump_and_the_endpoint_are(server, void):
    dataset = next(void.subjects(RDF.type, URIRef(VOID + "Dataset")))
    assert void.value(dataset, URIRef(VOID + "sparqlEndpoint")) == URIRef(f"{server}/sparql")
    assert void.value(dataset, URIRef(VOID + "dataDump")) == URIRef(f"{server}/dump.ttl")
    assert void.value(dataset, DCTERMS.license) is not None
    assert void.value(dataset, OWL.versionInfo) is not None
    classes = void.value(dataset, URIRef(VOID + "classes"))
    partitions = list(void.objects(dataset, URIRef(VOID + "classPartition")))
    assert classes == Literal(len(partitions), datatype=XSD.integer) and len(partitions) > 5


def test_the_well_known_address_gives_the_same_description(server, void):
    _, _, body = fetch(f"{server}/.well-known/void", headers={"Accept": "text/turtle"})
    assert isomorphic(Graph().parse(data=body, format="turtle"), void)


def test_the_dump_is_served_and_holds_as_many_triples_as_void_says(server, void):
    dataset = next(void.subjects(RDF.type, URIRef(VOID + "Dataset")))
    status, _, body = fetch(str(void.value(dataset, URIRef(VOID + "dataDump"))))
    dump = Graph().parse(data=body, format="turtle")
    triples = int(void.value(dataset, URIRef(VOID + "triples")))
    assert status == 200 and (URIRef(GALLIUM), None, None) in dump
    # the dump is the export: the graph and the VoID description written into it (the
    # description served here, less where this server offers the dump and the endpoint
    # and its count of classes); the description grows with the sources it names
    served_only = {URIRef(VOID + name) for name in ("dataDump", "sparqlEndpoint", "classes")}
    description = [t for t in void if t[1] not in served_only]
    assert len(description) == len(void) - len(served_only)
    assert all(t in dump for t in description if not any(isinstance(x, BNode) for x in t))
    assert triples < len(dump) <= triples + len(description)
