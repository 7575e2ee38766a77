"""``mingraph serve`` as a SPARQL 1.1 Protocol endpoint, checked with standard clients.

Every canned question, in both languages, gives the same answer asked through
SPARQLWrapper or ``mingraph --endpoint`` as asked locally; the protocol's methods,
formats and status codes; the guard and limits of ``mingraph query``; and a
runaway, crashing or abandoned query never keeps other clients waiting.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from golden_cases import ARGUMENTS, LANGS, option_values
from live_server import fetch
from SPARQLWrapper import JSON, SPARQLWrapper
from test_engines import canonical
from test_questions import normalised_csv

from mingraph.answers import answer_question, bound_query
from mingraph.catalogue import load_question
from mingraph.cli import main
from mingraph.dates import with_date_companions
from mingraph.engines import _parse_results_json
from mingraph.iris import MG

RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
MINERALS = f"SELECT ?m WHERE {{ ?m a <{MG}Mineral> }} ORDER BY ?m"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def get(server: str, query: str, accept: str | None = None, **params):
    url = f"{server}/sparql?" + urllib.parse.urlencode({"query": query, **params})
    return fetch(url, headers={"Accept": accept} if accept else {})


def post(server: str, body: bytes, content_type: str, accept: str | None = None):
    headers = {"Content-Type": content_type, **({"Accept": accept} if accept else {})}
    return fetch(f"{server}/sparql", data=body, headers=headers)


# --- the same answers as the local ask ---------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_sparqlwrapper_gets_the_local_answer(server, engine, name, lang):
    question = load_question(name)
    values = option_values(name)
    local = answer_question(engine, question, values, lang)
    text = bound_query(engine, question, values, lang)
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(text)
    client.setReturnFormat(JSON)
    # the endpoint answers the SPARQL; mingraph adds the typed date companions after it
    remote = with_date_companions(_parse_results_json(client.query().convert()))
    assert remote.variables == local.variables
    assert canonical(remote) == canonical(local)
    assert local.rows, "an empty answer proves nothing"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_mingraph_endpoint_asks_like_the_local_ask(server, name, lang):
    arguments = ["ask", name, *ARGUMENTS[name], "--lang", lang, "--format", "csv"]
    local = CliRunner().invoke(main, arguments)
    remote = CliRunner().invoke(main, ["--endpoint", f"{server}/sparql", *arguments])
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    assert normalised_csv(remote.stdout) == normalised_csv(local.stdout)
    assert len(normalised_csv(local.stdout)) > 1


# --- methods and formats -----------------------------------------------------------------


def test_get_post_form_and_post_query_give_the_same_answer(server):
    by_get = get(server, MINERALS, "application/sparql-results+json")
    by_form = post(
        server,
        urllib.parse.urlencode({"query": MINERALS}).encode(),
        "application/x-www-form-urlencoded",
        "application/sparql-results+json",
    )
    by_body = post(
        server, MINERALS.encode(), "application/sparql-query", "application/sparql-results+json"
    )
    answers = [json.loads(body) for status, _, body in (by_get, by_form, by_body)]
    assert [status for status, _, _ in (by_get, by_form, by_body)] == [200, 200, 200]
    assert answers[0] == answers[1] == answers[2]
    minerals = [b["m"]["value"] for b in answers[0]["results"]["bindings"]]
    assert "https://w3id.org/mingraph/id/gallium" in minerals


def test_select_in_each_w3c_results_format(server):
    expected = [
        b["m"]["value"] for b in json.loads(get(server, MINERALS)[2])["results"]["bindings"]
    ]
    status, headers, body = get(server, MINERALS, "application/sparql-results+xml")
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(body)
    assert [u.text for u in root.iter(f"{RESULTS_NS}uri")] == expected
    status, headers, body = get(server, MINERALS, "text/csv")
    assert headers["content-type"].startswith("text/csv")
    assert [row[0] for row in csv.reader(io.StringIO(body.decode()))] == ["m", *expected]
    status, headers, body = get(server, MINERALS, "text/tab-separated-values")
    assert headers["content-type"].startswith("text/tab-separated-values")
    assert body.decode().splitlines() == ["?m", *(f"<{m}>" for m in expected)]


def test_ask_comes_as_json_or_xml_and_csv_is_not_acceptable(server):
    status, _, body = get(server, "ASK { ?s a ?c }", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = get(server, "ASK { ?s a ?c }", "application/sparql-results+xml")
    assert ET.fromstring(body).find(f"{RESULTS_NS}boolean").text == "true"
    status, _, body = get(server, "ASK { ?s a ?c }", "text/csv")
    assert status == 406 and b"json" in body


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_construct_and_describe_in_each_rdf_format(server, accept, fmt):
    construct = f"CONSTRUCT {{ ?m a <{MG}Mineral> }} WHERE {{ ?m a <{MG}Mineral> }}"
    for query in (construct, "DESCRIBE <https://w3id.org/mingraph/id/gallium>"):
        status, headers, body = get(server, query, accept)
        assert status == 200 and headers["content-type"].startswith(accept)
        triples = list(ox.parse(body, format=fmt))
        assert ox.NamedNode("https://w3id.org/mingraph/id/gallium") in {t.subject for t in triples}


def test_format_parameter_overrides_the_accept_header(server):
    status, headers, _ = get(server, MINERALS, "text/html", format="csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")


def test_no_acceptable_format_is_406(server):
    status, _, body = get(server, MINERALS, "image/png")
    assert status == 406 and b"application/sparql-results+json" in body


def test_unknown_body_type_is_415(server):
    status, _, body = post(server, MINERALS.encode(), "text/plain")
    assert status == 415 and b"application/sparql-query" in body


def test_malformed_query_is_400(server):
    status, _, body = get(server, "SELECT ?x WHERE { ?x ?p }")
    assert status == 400 and b"not valid SPARQL" in body


def test_service_description_without_a_query(server):
    status, _, body = fetch(f"{server}/sparql", headers={"Accept": "text/turtle"})
    assert status == 200
    triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)]
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = ox.NamedNode(f"{server}/sparql")
    assert ox.Triple(endpoint, ox.NamedNode(sd + "endpoint"), endpoint) in triples
    languages = {t.object for t in triples if t.predicate.value == sd + "supportedLanguage"}
    assert languages == {ox.NamedNode(sd + "SPARQL11Query")}


def test_a_browser_without_a_query_gets_the_editor(server):
    status, _, body = fetch(f"{server}/sparql", headers={"Accept": "text/html"})
    assert status == 200 and b"yasgui" in body


def test_cors_lets_other_web_tools_read_answers(server):
    _, headers, _ = get(server, MINERALS, origin="ignored")
    assert headers["access-control-allow-origin"] == "*"
    _, headers, _ = fetch(f"{server}/sparql", headers={"Origin": "https://example.org"})
    assert headers["access-control-allow-origin"] == "*"


# --- the guard and the limits -----------------------------------------------------------


@pytest.mark.parametrize(
    ("send", "message"),
    [
        (lambda s: get(s, "INSERT DATA { <urn:a> <urn:b> <urn:c> }"), b"SPARQL Update"),
        (
            lambda s: post(
                s,
                b"update=" + urllib.parse.quote(b"DROP ALL").encode(),
                "application/x-www-form-urlencoded",
            ),
            b"read-only",
        ),
        (lambda s: post(s, b"CLEAR ALL", "application/sparql-update"), b"read-only"),
        (
            lambda s: get(s, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
            b"SERVICE",
        ),
        (lambda s: get(s, "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"), b"FROM"),
    ],
    ids=["update-as-query", "update-form", "update-body", "service", "from"],
)
def test_refusals_are_403_with_a_clear_message(server, send, message):
    status, _, body = send(server)
    assert status == 403 and message in body


def test_an_oversized_request_is_413_before_its_body_is_read(server):
    """The server answers from the declared length; it does not wait for 2 MiB."""
    target = urllib.parse.urlsplit(server)
    with socket.create_connection((target.hostname, target.port)) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            + f"Content-Length: {2 << 20}\r\n\r\n".encode()
            + b"SELECT * WHERE { ?s ?p ?o } #"
        )
        sock.settimeout(10)
        reply = b""
        while b"KiB" not in reply and (chunk := sock.recv(1000)):  # headers, then the body
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 413") and b"KiB" in reply


@pytest.mark.serial
def test_a_runaway_query_is_stopped_and_others_are_answered_meanwhile(server):
    outcome = {}

    def runaway() -> None:
        start = time.monotonic()
        outcome["answer"] = get(server, RUNAWAY)
        outcome["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    for _ in range(5):
        start = time.monotonic()
        status, _, _ = get(server, MINERALS)
        page, _, _ = fetch(f"{server}/questions/policies-for-mineral?mineral=gallium")
        assert status == 200 and page == 200
        assert time.monotonic() - start < 2, "another client waited on the runaway query"
    thread.join(30)
    status, _, body = outcome["answer"]
    assert status == 503 and b"ran longer than 4 s" in body
    assert outcome["seconds"] < 10


@pytest.mark.serial
def test_hanging_up_stops_the_query(server):
    """Two clients send runaway queries and hang up: both of the test server's two workers
    are freed at once, or the next query would wait for the time limit."""
    target = urllib.parse.urlsplit(server)
    for _ in range(2):
        with socket.create_connection((target.hostname, target.port)) as sock:
            path = "/sparql?" + urllib.parse.urlencode({"query": RUNAWAY})
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            time.sleep(0.3)
    time.sleep(0.5)
    start = time.monotonic()
    status, _, _ = get(server, MINERALS)
    assert status == 200
    assert time.monotonic() - start < 2, "the abandoned queries still held the workers"


def test_a_query_nested_deep_enough_to_crash_an_engine_is_refused_before_it(server):
    nested = "SELECT * WHERE {" + "{" * 5000 + "}" * 5000 + "}"
    status, _, body = get(server, nested)
    assert status == 403 and b"nest" in body
    assert get(server, MINERALS)[0] == 200


@pytest.mark.serial
def test_a_query_that_exhausts_memory_ends_only_its_worker(server):
    doubling = 'BIND("' + "a" * 64 + '" AS ?v0) '
    for i in range(12):
        doubling += f"BIND(CONCAT({', '.join([f'?v{i}'] * 8)}) AS ?v{i + 1}) "
    status, _, body = get(server, f"SELECT ?v12 WHERE {{ {doubling} }}")
    assert status in (500, 503) and (b"MiB" in body or b"ran longer" in body)
    assert get(server, MINERALS)[0] == 200


@pytest.mark.serial
def test_a_slow_body_is_cut_off_and_others_are_answered(server):
    target = urllib.parse.urlsplit(server)
    with socket.create_connection((target.hostname, target.port)) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 1000\r\n\r\nSELECT"
        )
        start = time.monotonic()
        assert get(server, MINERALS)[0] == 200
        assert time.monotonic() - start < 2
        sock.settimeout(30)
        reply = sock.recv(1000)
    assert reply.startswith(b"HTTP/1.1 408")
