"""Safe by default: no query writes, reaches the network or loads a file; runaway
queries stop; hostile files and values are refused with exit 2."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hardening import Listener

from conftest import REPO
from mingraph.answers import answer_question
from mingraph.build import CACHE_ENV, cache_root
from mingraph.catalogue import all_questions, load_question
from mingraph.cli import main
from mingraph.dates import companion_columns
from mingraph.resolve import BadParameter


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def fingerprint() -> dict:
    watched = [
        *REPO.joinpath("data").glob("*.ttl"),
        *REPO.joinpath("ontology").rglob("*.*"),
        *(p for p in cache_root().rglob("*") if p.is_file()),
    ]
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in watched}


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR DEFAULT",
        "DROP ALL",
        "CREATE GRAPH <http://e/g>",
        "ADD DEFAULT TO <http://e/g>",
        "MOVE DEFAULT TO <http://e/g>",
        "COPY DEFAULT TO <http://e/g>",
        "PREFIX ex: <http://e/>\ninsert { ?s ex:p 1 } where { ?s ?p ?o }",
    ],
)
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_updates_are_refused_and_nothing_changes(engine, update):
    run("build")
    before = fingerprint()
    result = run("--engine", engine, "query", update)
    assert result.exit_code == 2
    assert "only reads" in result.output
    assert fingerprint() == before


def test_variables_and_names_that_spell_keywords_are_not_refused():
    query = (
        "PREFIX ex: <http://example.org/copy#> SELECT ?load ?insert WHERE "
        '{ BIND("DROP" AS ?load) BIND(ex:add AS ?insert) } # CLEAR'
    )
    assert run("query", query, "--format", "csv").exit_code == 0


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_service_is_refused_and_nothing_is_fetched(listener, engine):
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    result = run("--engine", engine, "query", query)
    assert result.exit_code == 2
    assert "--allow-service" in result.output
    time.sleep(0.3)
    assert listener.connections == 0


def test_allow_service_opens_the_door_the_test_watches(listener):
    query = f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}"
    run("query", "--allow-service", query, "--format", "csv")
    time.sleep(0.3)
    assert listener.connections >= 1


@pytest.mark.parametrize("clause", ["FROM", "FROM NAMED"])
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_from_never_reads_files_or_urls(listener, engine, clause, tmp_path):
    for target in (listener.url, (tmp_path / "data.ttl").as_uri()):
        result = run(
            "--engine", engine, "query", f"SELECT * {clause} <{target}> WHERE {{ ?s ?p ?o }}"
        )
        assert result.exit_code == 2
        assert "FROM" in result.output
    time.sleep(0.3)
    assert listener.connections == 0


@pytest.mark.serial
def test_a_runaway_query_is_stopped_and_the_next_command_is_unaffected():
    env = {**os.environ, CACHE_ENV: str(cache_root())}
    command = [sys.executable, "-c", "from mingraph.cli import main; main()"]
    run("build")
    start = time.monotonic()
    runaway = subprocess.run(
        [
            *command,
            "--timeout",
            "1",
            "query",
            "--format",
            "csv",
            "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert runaway.returncode == 2
    assert "ran longer than 1 s" in runaway.stderr
    assert time.monotonic() - start < 20
    after = subprocess.run(
        [*command, "ask", "initiatives", "--format", "csv"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # the whole answer, as the golden file holds it (its row count follows the data)
    golden = REPO / "tests" / "golden" / "initiatives.en.csv"
    assert after.returncode == 0, after.stderr
    assert after.stdout.splitlines() == golden.read_text(encoding="utf-8").splitlines()
    assert len(after.stdout.splitlines()) > 10


def test_tables_cap_their_rows_and_machine_formats_do_not():
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 250"
    table = run("query", query, "--format", "table")
    assert "250 rows; 50 not shown" in table.stdout
    assert run("query", query, "--format", "csv").stdout.count("\n") == 251


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"> <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"> <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"> <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&i;</ex:p></rdf:Description>
</rdf:RDF>
"""


@pytest.mark.serial
@pytest.mark.parametrize("command", [["validate"], ["stats"]])
def test_billion_laughs_fails_fast(tmp_path, command):
    path = tmp_path / "laughs.rdf"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    start = time.monotonic()
    args = [*command, str(path)] if command == ["validate"] else ["--data", str(path), *command]
    result = run(*args)
    assert time.monotonic() - start < 2
    assert result.exit_code == 2
    assert "DOCTYPE" in result.output


def test_no_remote_json_ld_context_is_fetched(tmp_path, listener):
    path = tmp_path / "remote.jsonld"
    context = listener.url.replace("/sparql", "/context.jsonld")
    path.write_text(
        json.dumps({"@context": context, "@id": "http://example.org/a", "name": "x"}),
        encoding="utf-8",
    )
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert "remote.jsonld" in result.output
    time.sleep(0.3)
    assert listener.connections == 0


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("huge.ttl", b'<http://e/a> <http://e/b> "' + b"x" * (50 << 20) + b'" .\n', "too large"),
        ("large.ttl", b'<http://e/a> <http://e/b> "' + b"x" * (2 << 20) + b'" .\n', "MiB limit"),
        ("bad.ttl", b'<http://e/a> <http://e/b> "\xff" .\n', "UTF-8"),
        ("empty.ttl", b"", "empty"),
    ],
)
def test_hostile_files_are_refused_clearly(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("--data", str(path), "ask", "initiatives")
    assert result.exit_code == 2
    assert message in result.output


def test_a_folder_with_no_rdf_is_refused(tmp_path):
    (tmp_path / "readme.txt").write_text("nothing here", encoding="utf-8")
    result = run("--data", str(tmp_path), "ask", "initiatives")
    assert result.exit_code == 2
    assert "no RDF files" in result.output


# Every parameter that narrows an answer (instrument-trend's period regroups it instead).
PARAMETERISED = [(q, p) for q in all_questions() for p in q.options if p.name != "period"]


@functools.cache
def unfiltered(engine, name: str):
    """A question with no parameter bound: every value of each, labels in English."""
    return engine.run(load_question(name).text)


@pytest.mark.parametrize("question, parameter", PARAMETERISED, ids=lambda x: getattr(x, "name", ""))
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.text(max_size=200))
def test_any_string_narrows_the_answer_or_is_refused(engine, question, parameter, value):
    """Guards against a value that widens an answer or runs as SPARQL: text pasted into
    a question once could close its string or IRI and add patterns of its own."""
    try:
        answer = answer_question(engine, question, {parameter.name: value})
    except BadParameter:
        return
    unfiltered_answer = unfiltered(engine, question.name)
    # the raw answer has no date companions (NAMEStart, NAMEPrecision): compare the rest
    companions = companion_columns(answer.variables)
    visible = [v for v in answer.variables if not v.startswith("_") and v not in companions]
    everything = {tuple(r.get(v) for v in visible) for r in unfiltered_answer.rows}
    assert {tuple(r.get(v) for v in visible) for r in answer.rows} <= everything
