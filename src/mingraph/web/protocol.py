"""The SPARQL 1.1 Protocol at ``/sparql``: query by GET and POST, read-only.

- GET ``?query=``; POST ``application/x-www-form-urlencoded`` (``query=``) or
  ``application/sparql-query`` (the query as the body); any other body type: 415.
- Results by content negotiation, or by a ``format=``, ``output=`` or ``results=``
  parameter (the rule where they disagree: :mod:`mingraph.web.negotiation`):
  SELECT as the W3C JSON, XML, CSV or TSV results formats, ASK as JSON or XML,
  CONSTRUCT and DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML; none
  acceptable: 406. Every answer says ``Vary: Accept``.
- Relative IRIs in a query are resolved against the request's address (without
  its query string), as Oxigraph's server does.
- ``default-graph-uri`` and ``named-graph-uri`` select graphs by name and never
  fetch one (:mod:`mingraph.web.dataset`).
- 400 for a malformed query or request; 403 for what the guard refuses (SPARQL
  Update, SERVICE, FROM); 408 for a body that does not arrive in time; 413 for a
  request over the size limit; 503 for a query stopped at the time limit; 500 when
  the engine fails on a query.
- Without a query: the service description (in the graph formats), or for
  a browser, the SPARQL editor.
- CORS: any origin may read the answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from urllib.parse import parse_qs

from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response, StreamingResponse

from mingraph.errors import QueryError, QueryTimeout
from mingraph.formats import write_boolean, write_solutions, write_triples
from mingraph.iris import PREFIXES
from mingraph.results import Boolean, Result, Term, Triples
from mingraph.web.dataset import OWN_GRAPH, requested_dataset
from mingraph.web.execution import Answer, NotAcceptable, NoWorker, QueryFailed, QueryRefused
from mingraph.web.negotiation import (
    FormatNotAcceptable,
    choose,
    media_type,
    negotiate,
    wants_expanded,
)

#: The largest request body (a query, form-encoded or not) and the longest query.
MAX_REQUEST_BYTES = 1 << 20
#: Seconds a client has to send its whole request body.
BODY_SECONDS = 10.0

SOLUTION_FORMATS = ["json", "xml", "csv", "tsv"]
BOOLEAN_FORMATS = ["json", "xml"]
GRAPH_FORMATS = ["ttl", "nt", "jsonld", "rdfxml"]
#: The parameters other endpoints read a format from; SPARQLWrapper sends all three.
FORMAT_PARAMETERS = ("format", "output", "results")
CORS = {"Access-Control-Allow-Origin": "*"}
#: Headers of every answer at /sparql: each is negotiated.
HEADERS = {**CORS, "Vary": "Accept"}
#: What an IRI between < and > may not hold (SPARQL's IRIREF).
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
SD = "http://www.w3.org/ns/sparql-service-description#"
W3C_FORMATS = "http://www.w3.org/ns/formats/"
RESULT_FORMAT_IRIS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)


class ProtocolError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def refusal(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=HEADERS)


async def read_body(request: Request) -> bytes:
    """The request body, refused when over the size limit or slower than the deadline."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_REQUEST_BYTES:
        raise ProtocolError(413, f"the request is over {MAX_REQUEST_BYTES >> 10} KiB")
    chunks: list[bytes] = []

    async def collect() -> None:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_REQUEST_BYTES:
                raise ProtocolError(413, f"the request is over {MAX_REQUEST_BYTES >> 10} KiB")
            chunks.append(chunk)

    try:
        await asyncio.wait_for(collect(), BODY_SECONDS)
    except ClientDisconnect:
        raise ProtocolError(400, "the client left before its request ended") from None
    except TimeoutError:
        message = f"the request body did not arrive within {BODY_SECONDS:g} s"
        raise ProtocolError(408, message) from None
    return b"".join(chunks)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request is not valid UTF-8") from None


async def read_parameters(request: Request) -> dict[str, list[str]]:
    """The protocol's parameters (query, update, default-graph-uri, ...) of a request."""
    params: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        params.setdefault(name, []).append(value)
    if request.method != "POST":
        return params
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/x-www-form-urlencoded":
        try:  # a percent-escape may hide bytes that are not UTF-8, too
            form = parse_qs(
                _decode(await read_body(request)), keep_blank_values=True, errors="strict"
            )
        except UnicodeDecodeError:
            raise ProtocolError(400, "the request is not valid UTF-8") from None
        for name, values in form.items():
            params.setdefault(name, []).extend(values)
    elif content_type == "application/sparql-query":
        params.setdefault("query", []).append(_decode(await read_body(request)))
    elif content_type == "application/sparql-update":
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is refused")
    else:
        raise ProtocolError(
            415,
            "send the query as application/x-www-form-urlencoded (query=...) or as "
            f"application/sparql-query, not {content_type or 'a body without a type'}",
        )
    return params


async def _hung_up(request: Request) -> None:
    """Returns when the client closes the connection."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def unless_hung_up(request: Request, work):
    """Await ``work``, cancelling it if the client goes away first (None then)."""
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(_hung_up(request))
    try:
        done, _ = await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        watcher.cancel()
    if task in done:
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return None


def result_response(answer: Result, fmt: str, expanded: bool = False) -> Response:
    if isinstance(answer, Triples):
        body = write_triples(answer, fmt, expanded)
    elif isinstance(answer, Boolean):
        body = write_boolean(answer, fmt)
    else:
        body = write_solutions(answer, fmt)
    return Response(body, media_type=media_type(fmt), headers=HEADERS)


def format_values(params: dict[str, list[str]]) -> list[str]:
    return [value for name in FORMAT_PARAMETERS for value in params.get(name, [])]


#: The formats offered for each kind of answer.
OFFERED = {"solutions": SOLUTION_FORMATS, "boolean": BOOLEAN_FORMATS, "triples": GRAPH_FORMATS}
#: The size of the pieces a large answer is streamed in.
CHUNK_BYTES = 64 << 10


def answer_response(answer: Answer) -> Response:
    """The bytes a worker wrote, passed on: from memory, or streamed from its file."""
    headers = {**HEADERS, "Content-Length": str(answer.size)}
    if answer.body is not None:
        return Response(answer.body, media_type=media_type(answer.fmt), headers=HEADERS)
    handle = answer.file

    async def pieces():
        try:
            while piece := await asyncio.to_thread(handle.read, CHUNK_BYTES):
                yield piece
        finally:
            handle.close()

    return StreamingResponse(pieces(), media_type=media_type(answer.fmt), headers=headers)


def acceptable_formats(request: Request, params: dict[str, list[str]]) -> dict[str, str | None]:
    """The format each kind of answer would be written in (None: none acceptable)."""
    formats = {}
    for kind, offered in OFFERED.items():
        try:
            formats[kind] = choose_format(request, params, offered)
        except ProtocolError:
            formats[kind] = None
    return formats


def choose_format(request: Request, params: dict[str, list[str]], offered: list[str]) -> str:
    """The format a format parameter names, else the one the Accept header prefers."""
    values = format_values(params)
    try:
        return choose(values, request.headers.get("accept"), offered)
    except FormatNotAcceptable as error:
        raise ProtocolError(406, str(error)) from None


def base_iri(request: Request) -> str | None:
    """The request's address without its query, which relative IRIs in a query are
    resolved against (a BASE in the query still wins); None if it is no IRI."""
    base = str(request.url.replace(query="", fragment=""))
    return None if _NOT_IN_IRI.search(base) else base


def service_description(endpoint: str, triples: int, timeout: float) -> Triples:
    """The endpoint described in the SPARQL 1.1 Service Description vocabulary."""
    rdf_type = Term.iri(PREFIXES["rdf"] + "type")
    service, dataset, graph = Term.iri(endpoint), Term("bnode", "dataset"), Term("bnode", "graph")
    statements = [
        (service, rdf_type, Term.iri(SD + "Service")),
        (service, Term.iri(SD + "endpoint"), service),
        (service, Term.iri(SD + "supportedLanguage"), Term.iri(SD + "SPARQL11Query")),
        *(
            (service, Term.iri(SD + "resultFormat"), Term.iri(W3C_FORMATS + name))
            for name in RESULT_FORMAT_IRIS
        ),
        (
            service,
            Term.iri(PREFIXES["dcterms"] + "description"),
            Term.literal(
                "mingraph, read-only: SPARQL Update, SERVICE and FROM are refused; "
                "default-graph-uri and named-graph-uri never fetch: the name "
                f"<{OWN_GRAPH}> selects mingraph's graph, any other names an empty one; "
                f"each query is stopped after {timeout:g} s.",
                lang="en",
            ),
        ),
        (service, Term.iri(SD + "defaultDataset"), dataset),
        (dataset, rdf_type, Term.iri(SD + "Dataset")),
        (dataset, Term.iri(SD + "defaultGraph"), graph),
        (graph, rdf_type, Term.iri(SD + "Graph")),
        (
            graph,
            Term.iri(PREFIXES["void"] + "triples"),
            Term.literal(str(triples), datatype=PREFIXES["xsd"] + "integer"),
        ),
    ]
    return Triples(statements)


async def sparql_endpoint(request: Request) -> Response:
    if request.method == "OPTIONS":
        return Response(
            status_code=204,
            headers={
                **HEADERS,
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Accept, Content-Type",
            },
        )
    state = request.app.state
    try:
        params = await read_parameters(request)
        if "update" in params:
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is refused")
        queries = params.get("query", [])
        if not queries:
            if negotiate(request.headers.get("accept"), ["ttl", "html"]) == "html":
                return RedirectResponse(request.url_for("editor"), status_code=303)
            endpoint = str(request.url.replace(query=""))
            description = service_description(endpoint, state.site.triples, state.runner.timeout)
            return result_response(description, choose_format(request, params, GRAPH_FORMATS))
        if len(queries) > 1:
            raise ProtocolError(400, "give one query parameter, not several")
        (query,) = queries
        if len(query.encode("utf-8")) > MAX_REQUEST_BYTES:
            raise ProtocolError(413, f"the query is over {MAX_REQUEST_BYTES >> 10} KiB")
        # refuse before running what nobody could read
        choose_format(request, params, SOLUTION_FORMATS + GRAPH_FORMATS)
        work = state.runner.run(
            query,
            acceptable_formats(request, params),
            expanded=wants_expanded(request.headers.get("accept"), format_values(params)),
            dataset=requested_dataset(params),
            base_iri=base_iri(request),
        )
        try:
            answer = await unless_hung_up(request, work)
        except NotAcceptable as error:
            choose_format(request, params, OFFERED[error.kind])  # says what is offered
            raise
        if answer is None:  # the client has gone: nobody reads a response
            return Response(status_code=499)
        return answer_response(answer)
    except ProtocolError as error:
        return refusal(error.status, str(error))
    except NoWorker as error:
        return refusal(503, str(error))
    except QueryRefused as error:
        return refusal(403, str(error))
    except QueryTimeout as error:
        return refusal(503, str(error))
    except QueryFailed as error:
        return refusal(500, str(error))
    except QueryError as error:
        return refusal(400, str(error))
