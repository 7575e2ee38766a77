"""The addresses that publish the graph as a dataset: its VoID description, its dump,
the JSON-LD context, and the ontology at its version IRI.

- ``/void`` and ``/.well-known/void``: the VoID description of the export (size,
  classes and their entities, licence, version, sources), with ``void:dataDump``
  and ``void:sparqlEndpoint`` pointing at this server.
- ``/dump.ttl``: the dump, what ``mingraph export --inferred`` writes (Turtle).
- ``/context.jsonld``: the ``@context`` every JSON-LD answer is compacted with.
- ``/ontology/<version>``: the ontology's ``owl:versionIRI``; the current version
  answers as ``/ontology`` does, another one is 404.
"""

from __future__ import annotations

import functools
import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from mingraph.engines import from_oxigraph
from mingraph.export import DATASET, export_graph, void_description
from mingraph.formats import GRAPH_FORMATS, write_triples
from mingraph.iris import PREFIXES
from mingraph.jsonld import context
from mingraph.results import Term, Triples
from mingraph.web import pages
from mingraph.web.negotiation import media_type, wants_expanded

VOID = PREFIXES["void"]
CORS = {"Access-Control-Allow-Origin": "*"}


def void_triples(store, endpoint: str, dump: str) -> Triples:
    """The export's VoID description, with where this server offers the dump and the
    endpoint, and how many classes the graph has instances of."""
    triples = [
        tuple(from_oxigraph(t) for t in (x.subject, x.predicate, x.object))
        for x in void_description(store, inferred=True)
    ]
    dataset = Term.iri(DATASET)
    classes = sum(1 for _, p, _ in triples if p.value == VOID + "class")
    count = Term.literal(str(classes), datatype=PREFIXES["xsd"] + "integer")
    triples += [
        (dataset, Term.iri(VOID + "dataDump"), Term.iri(dump)),
        (dataset, Term.iri(VOID + "sparqlEndpoint"), Term.iri(endpoint)),
        (dataset, Term.iri(VOID + "classes"), count),
    ]
    return Triples(triples)


async def void(request: Request) -> Response:
    fmt = pages.requested_format(request, list(GRAPH_FORMATS))
    if isinstance(fmt, Response):
        return fmt
    store = pages.site_of(request).engine.store
    endpoint, dump = str(request.url_for("sparql")), str(request.url_for("dump"))
    description = await run_in_threadpool(void_triples, store, endpoint, dump)
    expanded = wants_expanded(request.headers.get("accept"), request.query_params.getlist("format"))
    body = write_triples(description, fmt, expanded)
    return Response(body, media_type=media_type(fmt), headers={**CORS, **pages.VARY})


async def dump(request: Request) -> Response:
    """The export in Turtle, made once (the served graph does not change)."""
    state = request.app.state
    if getattr(state, "dump", None) is None:
        store = pages.site_of(request).engine.store
        state.dump = await run_in_threadpool(export_graph, store, "ttl", True)
    headers = {**CORS, "Content-Disposition": 'attachment; filename="mingraph.ttl"'}
    return Response(state.dump, media_type=media_type("ttl"), headers=headers)


async def jsonld_context(request: Request) -> Response:
    body = json.dumps(context(), ensure_ascii=False, indent=2)
    return Response(body, media_type=media_type("jsonld"), headers=CORS)


@functools.cache
def version_iri() -> str:
    """The ontology's ``owl:versionIRI``."""
    from rdflib.namespace import OWL

    from mingraph.ontology_page import load_ontology

    return str(next(load_ontology().objects(None, OWL.versionIRI)))


async def ontology_version(request: Request) -> Response:
    if not version_iri().endswith("/ontology/" + request.path_params["version"]):
        return pages.not_found(request)
    return await pages.ontology(request)
