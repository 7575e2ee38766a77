"""Copying an rdflib graph into a pyoxigraph store, where SPARQL runs fast."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef


def to_oxigraph_term(term: URIRef | BNode | Literal):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def to_store(graph: Graph, path: str | None = None) -> ox.Store:
    """A pyoxigraph store holding the triples of ``graph`` in its default graph.

    In memory, or on disk at ``path`` (written in bulk and flushed).
    """
    store = ox.Store(path)
    add_graph(store, graph)
    store.flush()
    return store


def add_graph(store: ox.Store, graph: Graph) -> None:
    """Add the triples of ``graph`` to the default graph of ``store``."""
    store.bulk_extend(
        ox.Quad(to_oxigraph_term(s), to_oxigraph_term(p), to_oxigraph_term(o), ox.DefaultGraph())
        for s, p, o in graph
    )


def save_store(store: ox.Store, path: str) -> None:
    """Write the default graph of an in-memory store to a store on disk at ``path``.

    The disk store is dropped on return, which closes it.
    """
    disk = ox.Store(path)
    disk.bulk_extend(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    disk.flush()


def to_rdflib_graph(store: ox.Store) -> Graph:
    """An rdflib graph holding the default graph of a pyoxigraph store."""
    from mingraph.loading import to_rdflib_term

    graph = Graph()
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        graph.add(tuple(to_rdflib_term(t) for t in (quad.subject, quad.predicate, quad.object)))
    return graph
