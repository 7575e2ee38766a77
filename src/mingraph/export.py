"""Exporting the merged graph, with a VoID description, for other triple stores."""

from __future__ import annotations

import pyoxigraph as ox

from mingraph import __version__
from mingraph.iris import MG, MGI, PREFIXES

FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
DATASET = MGI + "dataset"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
VOCABULARIES = ("mg", "prov", "oa", "skos", "dcterms", "owl", "rdfs")

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


def void_description(store: ox.Store, inferred: bool) -> list[ox.Triple]:
    """VoID triples for the dataset in ``store``: size, entities per class, sources, license."""
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
    return out


def export_graph(store: ox.Store, fmt: str, inferred: bool) -> bytes:
    """The store's default graph plus its VoID description, serialised as ``fmt``."""
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    triples += void_description(store, inferred)
    prefixes = PREFIXES if fmt in ("ttl", "trig") else None
    if fmt in ("nq", "trig"):
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        return ox.serialize(quads, format=FORMATS[fmt], prefixes=prefixes)
    return ox.serialize(triples, format=FORMATS[fmt], prefixes=prefixes)
