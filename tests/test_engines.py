"""Every canned question gives the same rows on pyoxigraph, rdflib and a real SPARQL
endpoint (an Oxigraph server loaded with 'mingraph export')."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request

import pytest
from click.testing import CliRunner
from golden_cases import ARGUMENTS, LANGS

from mingraph.answers import bind_parameters
from mingraph.build import build_store
from mingraph.catalogue import load_question
from mingraph.cli import main
from mingraph.engines import EndpointEngine, QueryError, RdflibEngine, with_values
from mingraph.results import Term
from mingraph.store import to_rdflib_graph

SEPARATOR = "; "


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """An Oxigraph server on 127.0.0.1, read-only, loaded from 'mingraph export --inferred'."""
    binary = shutil.which("oxigraph")
    assert binary, "the oxigraph server (PyPI package 'oxigraph') is part of the test extras"
    work = tmp_path_factory.mktemp("endpoint")
    dump = work / "mingraph.nt"
    result = CliRunner().invoke(main, ["export", "--inferred", "--format", "nt", "-o", str(dump)])
    assert result.exit_code == 0, result.output
    location = work / "store"
    subprocess.run(
        [binary, "load", "--location", str(location), "--file", str(dump)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            assert time.monotonic() < deadline, "the oxigraph server did not start"
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def engines(engine, endpoint):
    store, _ = build_store([])
    return [engine, RdflibEngine(to_rdflib_graph(store)), EndpointEngine(endpoint)]


def canonical(answer) -> list[tuple]:
    """Rows as sorted tuples; list cells as sets: GROUP_CONCAT has no order on any engine."""
    rows = []
    for row in answer.rows:
        cells = []
        for var in answer.variables:
            term = row.get(var)
            if term is not None and SEPARATOR in term.value:
                term = Term(
                    term.kind,
                    SEPARATOR.join(sorted(term.value.split(SEPARATOR))),
                    term.lang,
                    term.datatype,
                )
            cells.append(term)
        rows.append(tuple(cells))
    return sorted(rows, key=repr)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_every_question_agrees_on_every_engine(engines, name, lang):
    question = load_question(name)
    arguments = ARGUMENTS[name]
    values = {k.lstrip("-"): v for k, v in zip(arguments[::2], arguments[1::2], strict=True)}
    bindings = bind_parameters(engines[0], question, values, lang)
    answers = [engine.run(question.text, bindings) for engine in engines]
    assert answers[0].rows, name
    for other in answers[1:]:
        assert other.variables == answers[0].variables
        assert canonical(other) == canonical(answers[0])


def test_ask_through_the_endpoint_from_the_command_line(endpoint):
    result = CliRunner().invoke(
        main, ["--endpoint", endpoint, "ask", "memberships", "--country", "JP", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 5


def test_an_unreachable_endpoint_is_a_clear_error():
    port = free_port()
    result = CliRunner().invoke(
        main, ["--endpoint", f"http://127.0.0.1:{port}/query", "ask", "initiatives"]
    )
    assert result.exit_code == 2
    assert "cannot reach the endpoint" in result.output


def test_values_open_the_where_group_not_a_comment_string_or_iri():
    text = (
        "# WHERE { in a comment\nPREFIX ex: <http://e/WHERE{>\n"
        'SELECT ?x ?_lang WHERE { ?x ex:p "WHERE {" }'
    )
    bound = with_values(text, {"_lang": Term.literal("en")})
    assert bound.endswith('WHERE { VALUES (?_lang) { ("en") }  ?x ex:p "WHERE {" }')


def test_values_refuse_an_iri_that_would_break_out():
    with pytest.raises(QueryError):
        with_values("SELECT ?_x WHERE { }", {"_x": Term.iri("http://e/> } ?s ?p ?o {")})
