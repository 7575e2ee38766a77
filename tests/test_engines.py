"""Every canned question gives the same rows on pyoxigraph, rdflib and a real SPARQL
endpoint (an Oxigraph server loaded with 'mingraph export'), each binding the
parameters its own way, and the same English rows when the label language is left
out. (The text grlc pastes values into is compared in test_grlc.py.)"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from golden_cases import ARGUMENTS, CASES, LANGS, option_values, question_of
from live_server import free_port
from reference_answers import RDFLIB_TOO_SLOW, KeptRdflibEngine, rdflib_calls

from mingraph.answers import answer_question, bind_parameters
from mingraph.build import build_store
from mingraph.catalogue import load_question
from mingraph.cli import main
from mingraph.dates import with_date_companions
from mingraph.engines import EndpointEngine, QueryError, with_terms, with_values
from mingraph.results import Term

SEPARATOR = "; "


@pytest.fixture(scope="module")
def endpoint(oxigraph_endpoint):
    """An Oxigraph server on 127.0.0.1, read-only, loaded from 'mingraph export --inferred'
    (one per worker, shared with test_grlc.py)."""
    return oxigraph_endpoint


@pytest.fixture(scope="module")
def engines(engine, endpoint):
    """Each engine as a call of (query, bindings), binding terms each way it can.

    mingraph pastes each term where its variable appears, as grlc does, so that the
    engine plans with the value known; a VALUES block must give the same rows (the
    rule of ``queries/README.md``). pyoxigraph's ``substitutions`` bind only variables
    the SELECT projects, and no canned question projects a parameter. rdflib also
    pre-binds with ``initBindings``. rdflib's answers come from those kept for the same
    graph, text and bindings (``reference_answers.py``), or from rdflib itself.
    """
    store, _ = build_store([])
    reference = KeptRdflibEngine(store)
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


def test_the_kept_rdflib_answers_are_current(engine):
    """Every answer the tests above ask of rdflib is kept for today's graph, questions,
    rdflib and engine code: otherwise they ask rdflib itself, which takes minutes."""
    reference = KeptRdflibEngine(build_store([])[0])
    missing = {
        text.splitlines()[0]
        for text, bindings in rdflib_calls(engine)
        if reference.key(text, bindings) not in reference.kept
    }
    assert not missing, (
        f"{len(missing)} rdflib answers are not kept (the data, a question or rdflib "
        "changed): run 'python tests/reference_answers.py' and commit the file"
    )


@pytest.mark.parametrize("name", ["memberships", "initiatives", "policy-lineage"])
def test_a_kept_rdflib_answer_is_what_rdflib_answers_now(engine, name):
    """The kept answers are rdflib's own: asked again (these take it a second or two),
    the same rows come back, in both the kept and the live run."""
    reference = KeptRdflibEngine(build_store([])[0])
    question = load_question(name)
    text = with_terms(question.text, bind_parameters(engine, question, option_values(name)))
    assert reference.key(text) in reference.kept
    kept, live = reference.run(text), reference.live.run(text)
    assert kept.rows and kept.variables == live.variables
    assert canonical(kept) == canonical(live)


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
