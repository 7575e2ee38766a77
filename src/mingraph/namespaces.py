"""rdflib namespaces for the IRIs of :mod:`mingraph.iris`, bound once per graph."""

from __future__ import annotations

from rdflib import Graph, Namespace

from mingraph.iris import PREFIXES

MG = Namespace(PREFIXES["mg"])
MGI = Namespace(PREFIXES["mgi"])
MGSH = Namespace(PREFIXES["mgsh"])
MGCK = Namespace(PREFIXES["mgck"])
OA = Namespace(PREFIXES["oa"])
WD = Namespace(PREFIXES["wd"])


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, Namespace(namespace), override=True)
    return graph
