"""Exporting the merged graph, with a VoID description, for other triple stores.

The export is written by rdflib: pyoxigraph lowercases every language tag it holds
(``zh-Hant`` becomes ``zh-hant``), and a store loaded from such a file would answer
with the lowercased tag. The graph's terms come out of the store through
:func:`mingraph.store.to_rdflib_graph`, which restores the tags' usual case.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Dataset

from mingraph import __version__
from mingraph.iris import MG, MGI, PREFIXES
from mingraph.jsonld import write_jsonld
from mingraph.loading import to_rdflib_term
from mingraph.namespaces import bind_prefixes
from mingraph.store import to_rdflib_graph

#: Each export format and the name of its rdflib serialiser.
FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
DATASET = MGI + "dataset"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
VOCABULARIES = ("mg", "prov", "oa", "skos", "dcterms", "owl", "rdfs")

#: The VoID description's terms, declared as the ontology declares the other
#: vocabularies' terms, so the export passes 'mingraph validate' and OWL tools know
#: each term's kind.
VOID_TERMS = {
    "owl:Class": ("void:Dataset",),
    "owl:ObjectProperty": ("void:classPartition", "void:class", "void:vocabulary"),
    "owl:DatatypeProperty": ("void:triples", "void:entities", "void:uriSpace"),
    "owl:AnnotationProperty": ("dcterms:source",),
}

_CLASS_COUNTS = f"""
SELECT ?class (COUNT(DISTINCT ?entity) AS ?entities) WHERE {{
    ?entity a ?class . FILTER(STRSTARTS(STR(?class), "{MG}"))
}} GROUP BY ?class ORDER BY ?class
"""
_ENTITIES = f"""
SELECT (COUNT(DISTINCT ?entity) AS ?entities) WHERE {{
    ?entity a ?class . FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), "{MGI}"))
}}
"""
_SOURCES = f"""
SELECT DISTINCT ?source WHERE {{ ?source a <{MG}SourceDocument> }} ORDER BY ?source
"""


def _iri(name: str) -> ox.NamedNode:
    prefix, local = name.split(":")
    return ox.NamedNode(PREFIXES[prefix] + local)


def void_description(store: ox.Store, inferred: bool) -> list[ox.Triple]:
    """VoID triples for the dataset in ``store``: size, entities per class, sources,
    license, and the declarations of the VoID terms they use."""
    n = ox.NamedNode
    dataset = n(DATASET)
    void, dcterms = PREFIXES["void"], PREFIXES["dcterms"]
    triples_count = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    kind = "with its OWL 2 RL closure" if inferred else "as asserted"
    out = [
        ox.Triple(dataset, n(PREFIXES["rdf"] + "type"), n(void + "Dataset")),
        ox.Triple(
            dataset,
            n(dcterms + "title"),
            ox.Literal(
                f"mingraph: critical-minerals policy knowledge graph, {kind}", language="en"
            ),
        ),
        ox.Triple(dataset, n(dcterms + "license"), n(LICENSE)),
        ox.Triple(dataset, n(PREFIXES["owl"] + "versionInfo"), ox.Literal(__version__)),
        ox.Triple(dataset, n(void + "uriSpace"), ox.Literal(MGI)),
        ox.Triple(
            dataset,
            n(void + "triples"),
            ox.Literal(str(triples_count), datatype=n(PREFIXES["xsd"] + "integer")),
        ),
    ]
    (row,) = list(store.query(_ENTITIES))
    out.append(ox.Triple(dataset, n(void + "entities"), row["entities"]))
    out += [ox.Triple(dataset, n(void + "vocabulary"), n(PREFIXES[p])) for p in VOCABULARIES]
    for row in store.query(_CLASS_COUNTS):
        partition = ox.BlankNode()
        out += [
            ox.Triple(dataset, n(void + "classPartition"), partition),
            ox.Triple(partition, n(void + "class"), row["class"]),
            ox.Triple(partition, n(void + "entities"), row["entities"]),
        ]
    out += [
        ox.Triple(dataset, n(dcterms + "source"), row["source"]) for row in store.query(_SOURCES)
    ]
    rdf_type = _iri("rdf:type")
    out += [
        ox.Triple(_iri(term), rdf_type, _iri(declared_as))
        for declared_as, terms in VOID_TERMS.items()
        for term in terms
    ]
    return out


def export_graph(store: ox.Store, fmt: str, inferred: bool) -> bytes:
    """The store's default graph plus its VoID description, serialised as ``fmt``
    (JSON-LD compacted with mingraph's context)."""
    graph = to_rdflib_graph(store)
    for triple in void_description(store, inferred):
        graph.add(tuple(to_rdflib_term(term) for term in triple))
    if fmt in ("nq", "trig"):  # quad formats: the triples in the default graph
        dataset = Dataset()
        dataset.default_graph += graph
        graph = dataset
    if fmt == "jsonld":
        return write_jsonld(bind_prefixes(graph)).encode("utf-8")
    return bind_prefixes(graph).serialize(format=FORMATS[fmt], encoding="utf-8")
