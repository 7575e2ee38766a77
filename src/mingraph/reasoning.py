"""The OWL 2 RL closure of the ontology and the data, computed by owlrl."""

from __future__ import annotations

import owlrl
from rdflib import Graph, Literal
from rdflib.namespace import OWL


def infer(graph: Graph) -> Graph:
    """Return a new graph: ``graph`` with everything OWL 2 RL entails from it.

    owlrl works on generalised RDF: it states ``x owl:sameAs x`` for every resource
    and gives literals properties. Those triples say nothing a query needs and no
    RDF store accepts a literal subject, so they are dropped.
    """
    closed = Graph()
    for prefix, namespace in graph.namespaces():
        closed.bind(prefix, namespace)
    for triple in graph:
        closed.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(closed)
    for triple in list(closed):
        subject, predicate, obj = triple
        if isinstance(subject, Literal) or (predicate == OWL.sameAs and subject == obj):
            closed.remove(triple)
    return closed
