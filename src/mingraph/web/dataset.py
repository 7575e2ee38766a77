"""The dataset a protocol request names (``default-graph-uri``, ``named-graph-uri``).

Nothing is ever fetched. mingraph holds one graph, named :data:`OWN_GRAPH`; naming
it as a default graph selects it, and any other name stands for an empty graph, as
SPARQL reads a graph a store does not hold. So clients that always send these
parameters still get answers, and a query over graphs mingraph does not have finds
nothing in them. Graphs named by ``named-graph-uri`` are all empty here, mingraph's
own included: its data is the default graph, which ``GRAPH`` does not reach.
``FROM`` and ``FROM NAMED`` in the query text stay refused (:mod:`mingraph.guard`).
"""

from __future__ import annotations

from mingraph.export import DATASET

#: The name of mingraph's graph, as the VoID description and the dump name it.
OWN_GRAPH = DATASET


def requested_dataset(params: dict[str, list[str]]) -> tuple[list[str | None], list[str]] | None:
    """(default graphs, named graphs) for the engine, None (the default graph) in
    place of :data:`OWN_GRAPH`; None when the request names no dataset."""
    defaults = params.get("default-graph-uri", [])
    named = params.get("named-graph-uri", [])
    if not defaults and not named:
        return None
    return [None if name == OWN_GRAPH else name for name in defaults], list(named)
