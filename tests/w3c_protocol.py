"""Running the W3C SPARQL 1.1 Protocol tests (their manifest) against a live endpoint.

Each test is one or more HTTP requests, each with the response it expects: a status
class, and for a query a result format ("boolean", "tabular", "RDF") and a boolean.
The manifest's paths start with ``/sparql/``, which stands for the endpoint's path.
A read-only endpoint is expected to refuse the update tests (4xx) instead of running
them; the tests that load test graphs named by ``default-graph-uri`` or
``named-graph-uri`` (``ut:graphData``) do not apply to an endpoint that never
fetches a graph.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.collection import Collection

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
TABULAR = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


@dataclass
class Outcome:
    name: str
    kind: str  # "query", "update" (refusal expected) or "remote graphs" (does not apply)
    passed: bool
    detail: str


def run_manifest(endpoint: str, manifest: Path) -> list[Outcome]:
    """Every test of the manifest, in its order, against ``endpoint`` (its full URL)."""
    graph = Graph().parse(manifest, format="turtle")
    root = next(graph.subjects(MF.entries, None))
    outcomes = []
    for test in Collection(graph, graph.value(root, MF.entries)):
        name = str(test).rsplit("#", 1)[-1]
        if (test, UT.graphData, None) in graph:
            kind = "remote graphs"
        elif name.startswith("update_"):
            kind = "update"
        else:
            kind = "query"
        requests = Collection(graph, graph.value(graph.value(test, MF.action), HT.requests))
        if kind == "update":  # a read-only endpoint refuses the first request, the update
            passed, detail = _check_refused(graph, endpoint, requests[0])
        else:
            passed, detail = True, ""
            for request in requests:
                passed, detail = _check(graph, endpoint, request)
                if not passed:
                    break
        outcomes.append(Outcome(name, kind, passed, detail))
    return outcomes


def _send(graph: Graph, endpoint: str, request) -> tuple[int, str, bytes]:
    target = urllib.parse.urlsplit(endpoint)
    path = str(graph.value(request, HT.absolutePath))
    path = target.path + path[len("/sparql/") :] if path.startswith("/sparql/") else path
    body = graph.value(request, HT.body)
    data = None
    if body is not None:
        encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
        data = str(graph.value(body, CNT.chars)).encode(encoding)
    headers = {}
    listed = graph.value(request, HT.headers)
    for header in Collection(graph, listed) if listed is not None else []:
        headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    try:
        connection.request(str(graph.value(request, HT.methodName)), path, data, headers)
        response = connection.getresponse()
        content_type = (response.getheader("content-type") or "").split(";")[0].strip()
        return response.status, content_type, response.read()
    finally:
        connection.close()


def _check_refused(graph: Graph, endpoint: str, request) -> tuple[bool, str]:
    status, _, body = _send(graph, endpoint, request)
    return 400 <= status < 500, f"{status} {body[:80]!r}"


def _check(graph: Graph, endpoint: str, request) -> tuple[bool, str]:
    status, content_type, body = _send(graph, endpoint, request)
    response = graph.value(request, HT.resp)
    classes = {str(c)[len(HTS) :] for c in graph.objects(response, MF.expectedStatus)}
    if f"{status // 100}xx" not in classes:
        return False, f"status {status}, expected {sorted(classes)}: {body[:120]!r}"
    expected_format = graph.value(response, MF.expectedFormat)
    if expected_format is None:
        return True, str(status)
    expected_format = str(expected_format)
    if expected_format == "boolean":
        value = _boolean(content_type, body)
        if value is None:
            return False, f"no boolean in a {content_type} answer"
        expected = graph.value(response, MF.expectedBoolean)
        if expected is not None and value != expected.toPython():
            return False, f"answered {value}, expected {expected}"
    elif expected_format == "tabular" and content_type not in TABULAR:
        return False, f"a table came as {content_type}"
    elif expected_format == "RDF":
        if content_type not in RDF_TYPES:
            return False, f"a graph came as {content_type}"
        Graph().parse(data=body, format=RDF_TYPES[content_type], publicID=endpoint)
    return True, f"{status} {content_type}"


def _boolean(content_type: str, body: bytes) -> bool | None:
    if content_type == "application/sparql-results+json":
        return json.loads(body).get("boolean")
    if content_type == "application/sparql-results+xml":
        found = ET.fromstring(body).find(f"{RESULTS_NS}boolean")
        return None if found is None else found.text.strip() == "true"
    return None


def summary(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    """(passed, total) for each kind of test."""
    kinds: dict[str, list[int]] = {}
    for outcome in outcomes:
        counts = kinds.setdefault(outcome.kind, [0, 0])
        counts[0] += outcome.passed
        counts[1] += 1
    return {kind: (passed, total) for kind, (passed, total) in kinds.items()}
