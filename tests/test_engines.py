"""Every canned question gives the same rows on pyoxigraph, rdflib and a real SPARQL
endpoint (an Oxigraph server loaded with 'mingraph export'), each binding the
parameters its own way, and the same English rows when the label language is left
out. (The text grlc pastes values into is compared in test_grlc.py.)"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request

import pytest
from click.testing import CliRunner
from golden_cases import ARGUMENTS, CASES, LANGS, option_values, question_of

from mingraph.answers import answer_question, bind_parameters
from mingraph.build import build_store
from mingraph.catalogue import load_question
from mingraph.cli import main
from mingraph.dates import with_date_companions
from mingraph.engines import EndpointEngine, QueryError, RdflibEngine, with_terms, with_values
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
    """Each engine as a call of (query, bindings), binding terms each way it can.

    mingraph pastes each term where its variable appears, as grlc does, so that the
    engine plans with the value known; a VALUES block must give the same rows (the
    rule of ``queries/README.md``). pyoxigraph's ``substitutions`` bind only variables
    the SELECT projects, and no canned question projects a parameter. rdflib also
    pre-binds with ``initBindings``.
    """
    store, _ = build_store([])
    reference = RdflibEngine(to_rdflib_graph(store))
    return {
        "pyoxigraph, VALUES": lambda text, bindings: engine.run(with_values(text, bindings)),
        "pyoxigraph, pasted": lambda text, bindings: engine.run(with_terms(text, bindings)),
        "rdflib, pasted": lambda text, bindings: reference.run(with_terms(text, bindings)),
        "rdflib, VALUES": lambda text, bindings: reference.run(with_values(text, bindings)),
        "rdflib, initBindings": reference.run,
        "endpoint, VALUES": EndpointEngine(endpoint, timeout=30).run,
    }


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


#: Questions rdflib's evaluator takes minutes over, as they are written now (chains of
#: OPTIONAL inside UNION branches): compared on pyoxigraph and an Oxigraph server only,
#: until they are rewritten. Not a verdict on their answers: a gap in the reference check.
RDFLIB_TOO_SLOW = {
    "controls-in-force",
    "measure-periods",
    "responses",
    "timeline",
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_every_question_agrees_on_every_engine(engines, engine, name, lang):
    question = load_question(question_of(name))
    values = option_values(name)
    bindings = bind_parameters(engine, question, values, lang)
    answers = {
        label: run(question.text, bindings)
        for label, run in engines.items()
        if not (label.startswith("rdflib") and question.name in RDFLIB_TOO_SLOW)
    }
    first = answers["pyoxigraph, VALUES"]
    assert first.rows, name
    for label, answer in answers.items():
        assert answer.variables == first.variables, label
        assert canonical(answer) == canonical(first), label


@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_every_engine_answers_in_english_when_no_language_is_bound(engines, engine, name):
    question = load_question(name)
    english = answer_question(engine, question, option_values(name), "en")
    bindings = bind_parameters(engine, question, option_values(name))
    del bindings["__lang"]
    for label, run in engines.items():  # the date companions come after the query
        if label.startswith("rdflib") and name in RDFLIB_TOO_SLOW:
            continue
        assert canonical(with_date_companions(run(question.text, bindings))) == canonical(
            english
        ), label


def test_ask_through_the_endpoint_from_the_command_line(endpoint):
    result = CliRunner().invoke(
        main, ["--endpoint", endpoint, "ask", "memberships", "--country", "JP", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 6  # a header and Japan's five initiatives (Pax Silica)


def test_the_endpoint_is_given_as_long_as_timeout_allows(endpoint, monkeypatch):
    """--timeout above 60 s holds for an endpoint too: no shorter limit of its own."""
    from mingraph.watchdog import Watchdog

    waits = []

    def opened(self, request):  # the exchange's one deadline: what is left of --timeout
        waits.append(round(self.remaining()))
        return real_open(self, request)

    real_open = Watchdog.open
    monkeypatch.setattr(Watchdog, "open", opened)
    result = CliRunner().invoke(
        main,
        [
            "--endpoint",
            endpoint,
            "--timeout",
            "75",
            "query",
            "ASK { ?s ?p ?o }",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert waits == [75]


def test_an_unreachable_endpoint_is_a_clear_error():
    port = free_port()
    result = CliRunner().invoke(
        main, ["--endpoint", f"http://127.0.0.1:{port}/query", "ask", "initiatives"]
    )
    assert result.exit_code == 2
    assert "cannot reach the endpoint" in result.output


def test_values_open_the_where_group_not_a_comment_string_or_iri():
    text = (
        "# WHERE { in a comment\nPREFIX ex: <http://e/WHERE%7B>\n"
        'SELECT ?x WHERE { ?x ex:p "WHERE {" }'
    )
    bound = with_values(text, {"__lang": Term.literal("en")})
    assert bound.endswith('WHERE { VALUES (?__lang) { ("en") }  ?x ex:p "WHERE {" }')


def test_values_refuse_an_iri_that_would_break_out():
    with pytest.raises(QueryError):
        with_values("SELECT ?_x WHERE { }", {"_x": Term.iri("http://e/> } ?s ?p ?o {")})


def test_terms_are_pasted_for_the_variable_only_not_in_a_comment_string_iri_or_longer_name():
    text = (
        "# ?_x in a comment\nPREFIX ex: <http://e/?_x>\n"
        'SELECT ?y WHERE { ?_x ex:p "?_x" ; ex:q ?_xy . BIND($_x AS ?y) }'
    )
    pasted = with_terms(text, {"_x": Term.iri("http://e/a")})
    assert pasted.endswith(
        'SELECT ?y WHERE { <http://e/a> ex:p "?_x" ; ex:q ?_xy . BIND(<http://e/a> AS ?y) }'
    )
    assert pasted.startswith("# ?_x in a comment\nPREFIX ex: <http://e/?_x>")


def test_pasting_refuses_an_iri_that_would_break_out():
    with pytest.raises(QueryError):
        with_terms("SELECT * WHERE { ?_x ?p ?o }", {"_x": Term.iri("http://e/> } ?s ?p ?o {")})
