"""Standard SPARQL clients against ``mingraph serve``, as their users call them.

SPARQLWrapper in every return format it offers for each query form, rdflib's
``SPARQLStore`` with its default settings, and the negotiation rules they rely on:
format parameters as short names or media types, ``Vary: Accept``, RDF/XML for
every graph, relative IRIs, and datasets named in the request.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
from live_server import fetch
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from mingraph.iris import MG, MGI
from mingraph.web.dataset import OWN_GRAPH

GALLIUM = MGI + "gallium"
MINERALS = f"SELECT ?m WHERE {{ ?m a <{MG}Mineral> }} ORDER BY ?m"
IS_MINERAL = f"ASK {{ <{GALLIUM}> a <{MG}Mineral> }}"
CONSTRUCT = f"CONSTRUCT {{ ?m a <{MG}Mineral> }} WHERE {{ ?m a <{MG}Mineral> }}"
DESCRIBE = f"DESCRIBE <{GALLIUM}>"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
#: How each of SPARQLWrapper's graph formats is read back from its raw answer.
RDF_SYNTAX = {XML: "xml", RDFXML: "xml", TURTLE: "turtle", N3: "turtle", JSONLD: "json-ld"}


def wrapper(server: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def selected_minerals(fmt: str, body: bytes) -> list[str]:
    """The ?m column of a SELECT answer, read as a client of that format would."""
    if fmt == JSON:
        return [b["m"]["value"] for b in json.loads(body)["results"]["bindings"]]
    if fmt == XML:
        return [u.text for u in ET.fromstring(body).iter(f"{RESULTS_NS}uri")]
    if fmt == CSV:
        return [row["m"] for row in csv.DictReader(io.StringIO(body.decode()))]
    rows = body.decode().splitlines()[1:]  # TSV: terms as in Turtle, <iri>
    return [row.strip("<>") for row in rows]


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_in_each_results_format(server, fmt):
    body = wrapper(server, MINERALS, fmt).query().response.read()
    minerals = selected_minerals(fmt, body)
    assert GALLIUM in minerals and minerals == sorted(minerals)


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask_in_each_results_format(server, fmt):
    answer = wrapper(server, IS_MINERAL, fmt).query().convert()
    if fmt == JSON:
        assert answer["boolean"] is True
    else:
        assert answer.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", [XML, RDFXML, TURTLE, N3, JSONLD])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_sparqlwrapper_graph_in_each_rdf_format(server, query, fmt):
    result = wrapper(server, query, fmt).query()
    graph = Graph().parse(data=result.response.read(), format=RDF_SYNTAX[fmt])
    assert (URIRef(GALLIUM), RDF.type, URIRef(MG + "Mineral")) in graph
    if query == DESCRIBE:
        assert (URIRef(GALLIUM), RDFS.label, Literal("鎵", lang="zh-Hant")) in graph


@pytest.fixture(scope="module")
def store_graph(server):
    """rdflib's SPARQLStore over the endpoint, every setting left at its default."""
    return Graph(SPARQLStore(f"{server}/sparql"))


def test_sparqlstore_select(store_graph):
    rows = list(store_graph.query(MINERALS))
    assert URIRef(GALLIUM) in [row.m for row in rows]


def test_sparqlstore_ask(store_graph):
    assert store_graph.query(IS_MINERAL).askAnswer is True


def test_sparqlstore_construct(store_graph):
    graph = store_graph.query(CONSTRUCT).graph
    assert (URIRef(GALLIUM), RDF.type, URIRef(MG + "Mineral")) in graph


def test_sparqlstore_describe(store_graph):
    graph = store_graph.query(DESCRIBE).graph
    assert (URIRef(GALLIUM), RDFS.label, Literal("gallium", lang="en")) in graph


def test_sparqlstore_triples(store_graph):
    labels = set(store_graph.objects(URIRef(GALLIUM), RDFS.label))
    assert {Literal("gallium", lang="en"), Literal("鎵", lang="zh-Hant")} <= labels


# --- the rules the clients rely on -------------------------------------------------------


def ask(server: str, query: str, accept: str | None = None, **params):
    url = f"{server}/sparql?" + urllib.parse.urlencode({"query": query, **params}, doseq=True)
    return fetch(url, headers={"Accept": accept} if accept else {})


@pytest.mark.parametrize(
    ("query", "params", "media"),
    [
        (CONSTRUCT, {"format": "text/turtle"}, "text/turtle"),
        (CONSTRUCT, {"output": "json"}, "application/ld+json"),
        (CONSTRUCT, {"format": "xml"}, "application/rdf+xml"),
        (CONSTRUCT, {"results": "rdfxml"}, "application/rdf+xml"),
        (CONSTRUCT, {"format": "n3"}, "text/turtle"),
        (MINERALS, {"format": ["tsv", "text/tab-separated-values"]}, "text/tab-separated-values"),
        (MINERALS, {"format": "application/sparql-results+xml"}, "application/sparql-results+xml"),
        (MINERALS, {"format": "not-a-format"}, "application/sparql-results+json"),
    ],
    ids=["media-type", "json-graph", "xml-graph", "results", "n3", "repeated", "xml", "unknown"],
)
def test_format_parameters_take_short_names_and_media_types(server, query, params, media):
    """A value that names no format is passed over: the Accept header decides."""
    status, headers, _ = ask(server, query, "application/sparql-results+json, */*;q=0.1", **params)
    assert status == 200 and headers["content-type"].split(";")[0] == media


def test_the_format_parameter_wins_over_accept_and_a_format_not_offered_is_406(server):
    status, headers, _ = ask(server, MINERALS, "application/sparql-results+json", format="csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    status, headers, body = ask(server, IS_MINERAL, "*/*", format="csv")
    assert status == 406 and b"json" in body and headers["vary"] == "Accept"


@pytest.mark.parametrize(
    "query", [MINERALS, IS_MINERAL, CONSTRUCT, "SELEC nothing", "INSERT DATA { <a:b> <a:c> 1 }"]
)
def test_every_answer_at_sparql_varies_by_accept(server, query):
    _, headers, _ = ask(server, query)
    assert headers["vary"] == "Accept"


def test_a_malformed_query_is_400_and_an_update_403(server):
    assert ask(server, "SELEC ?x WHERE { }")[0] == 400
    assert ask(server, "ASK {")[0] == 400
    assert ask(server, "CLEAR ALL")[0] == 403


def test_relative_iris_resolve_against_the_request_address(server):
    status, _, body = ask(server, "SELECT ?x WHERE { BIND(<item/1> AS ?x) }", "text/csv")
    assert status == 200 and body.decode().splitlines()[1] == f"{server}/item/1"
    query = "BASE <http://example.org/> SELECT ?x WHERE { BIND(<a> AS ?x) }"
    assert ask(server, query, "text/csv")[2].decode().splitlines()[1] == "http://example.org/a"


@pytest.mark.parametrize("path", ["/id/gallium", "/ontology"])
def test_rdf_xml_wherever_a_graph_is_served(server, path):
    status, headers, body = fetch(server + path, headers={"Accept": "application/rdf+xml"})
    assert status == 200 and headers["content-type"] == "application/rdf+xml"
    assert headers["vary"] == "Accept"
    graph = Graph().parse(data=body, format="xml")
    subject = URIRef(GALLIUM if path.startswith("/id/") else MG.rstrip("#/"))
    assert (subject, None, None) in graph or (URIRef(MG), None, None) in graph


def test_the_own_graph_name_selects_the_data_and_any_other_is_empty(server):
    def count(**params) -> int:
        body = ask(server, MINERALS, "text/csv", **params)[2]
        return len(body.decode().splitlines()) - 1

    everything = count()
    assert everything > 10
    assert count(**{"default-graph-uri": OWN_GRAPH}) == everything
    assert count(**{"default-graph-uri": "file:///etc/passwd"}) == 0
    assert count(**{"named-graph-uri": "http://example.org/g"}) == 0
    named = "SELECT ?g WHERE { GRAPH ?g { } }"
    body = ask(server, named, "text/csv", **{"named-graph-uri": "http://example.org/g"})[2]
    assert body.decode().splitlines() == ["g", "http://example.org/g"]
