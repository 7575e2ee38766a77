"""The namespaces mingraph uses, bound once for every graph it builds."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

MG = Namespace("https://w3id.org/mingraph/ontology#")
MGI = Namespace("https://w3id.org/mingraph/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
MGSH = Namespace("https://w3id.org/mingraph/shapes#")
MGCK = Namespace("https://w3id.org/mingraph/checks#")

PREFIXES = {
    "mg": MG,
    "mgi": MGI,
    "mgsh": MGSH,
    "mgck": MGCK,
    "oa": OA,
    "wd": WD,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "void": VOID,
}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph
