"""Counts that describe the graph: triples, entities per class, quotes, revisions."""

from __future__ import annotations

from collections import Counter

from rdflib import Graph
from rdflib.namespace import RDF

from mingraph.namespaces import MG, OA


def graph_statistics(graph: Graph) -> dict:
    """Return the size of the graph and how many entities, quotes and revisions it holds."""
    # Entities by their asserted types, once per (entity, class).
    per_class = Counter(
        graph.namespace_manager.normalizeUri(cls)
        for _entity, cls in set(graph.subject_objects(RDF.type))
        if str(cls).startswith(str(MG))
    )
    return {
        "triples": len(graph),
        "entities_per_class": dict(sorted(per_class.items())),
        "quotes": sum(1 for _ in graph.subject_objects(OA.exact)),
        "corrections": sum(1 for _ in graph.subject_objects(MG.correctedBy)),
        "refinements": sum(1 for _ in graph.subject_objects(MG.refinedBy)),
    }
