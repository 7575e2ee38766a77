"""SPARQL a newcomer can write: declared prefixes, the vocabulary, warnings, errors in words."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

from mingraph.cli import main
from mingraph.iris import MG, MGI, PREFIXES
from mingraph.vocab import declared_terms, look_up

ENGINES = ("oxigraph", "rdflib")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]


def rows(output: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(output)))


# --- prefixes --------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_the_projects_prefixes_need_no_declaration(engine):
    result = run(
        "query",
        "SELECT ?policy WHERE { ?policy a mg:Policy ; mg:concerns mgi:gallium }",
        "--engine",
        engine,
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    assert [MGI + "p2023-gallium-germanium-export-control"] in rows(result.stdout)
    assert not warnings(result)


def test_the_querys_own_prefix_wins():
    result = run(
        "query", "PREFIX mg: <http://example.org/> ASK { ?x a mg:Policy }", "--format", "json"
    )
    assert json.loads(result.stdout)["boolean"] is False


def test_the_listed_prefixes_are_what_query_declares_and_other_tools_read():
    sparql = run("prefixes").stdout
    query = prepareQuery(sparql + "SELECT ?x WHERE { ?x a mg:Policy ; foaf:page ?p }")
    assert query.prologue.namespace_manager.store.namespace("mgi") is not None
    turtle = run("prefixes", "--format", "ttl").stdout
    graph = Graph().parse(data=turtle + "mgi:gallium a mg:Mineral .", format="turtle")
    assert len(graph) == 1
    assert {name for name, _ in Graph().parse(data=turtle, format="turtle").namespaces()} >= set(
        PREFIXES
    )


# --- warnings for names that match nothing ---------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_a_misspelt_class_warns_and_names_the_declared_one(engine):
    result = run("query", "SELECT * WHERE { ?x a mg:Polcy }", "--engine", engine)
    assert result.exit_code == 0
    (warning,) = warnings(result)
    assert "mg:Polcy" in warning and "did you mean mg:Policy?" in warning


def test_a_misspelt_property_written_as_an_iri_warns_too():
    result = run("query", f"SELECT * WHERE {{ ?x <{MG}issuedby> ?y }}")
    assert "did you mean mg:issuedBy?" in result.stderr


def test_a_misspelt_namespace_warns_with_the_right_one():
    result = run(
        "query",
        "PREFIX mg: <https://w3id.org/mingraph/ontologie#> SELECT * WHERE { ?x a mg:Policy }",
    )
    assert f"<{MG}>" in result.stderr


def test_declared_terms_and_other_vocabularies_do_not_warn():
    result = run(
        "query",
        "SELECT * WHERE { ?x a mg:Policy ; rdfs:label ?l ; prov:wasDerivedFrom ?c . "
        'FILTER(STRSTARTS(STR(?x), STR(mgi:)) && ?l != "mg:Nothing") }',
    )
    assert result.exit_code == 0 and not warnings(result)


# --- syntax errors in words --------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_an_undeclared_prefix_is_said_in_words(engine):
    result = run("query", "SELECT * WHERE { ?x a mgg:Policy }", "--engine", engine)
    assert result.exit_code == 2
    assert "prefix mgg:" in result.output and "mingraph prefixes" in result.output
    assert "\\u{" not in result.output
    assert [line for line in result.stderr.splitlines() if line.startswith("Error")] == [
        result.stderr.splitlines()[-1]
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_syntax_error_names_its_position_without_character_ranges(engine):
    text = "SELECT * WHERE {\n  ?x a mg:Policy .\n  FILTER(?x = ) }"
    result = run("query", text, "--engine", engine)
    assert result.exit_code == 2
    assert "not valid SPARQL (line 3, column" in result.output
    assert "\\u{" not in result.output and "[_]" not in result.output
    assert result.stderr.splitlines()[-1].startswith("Error: the query is not valid SPARQL")


# --- the vocabulary ----------------------------------------------------------------------


def test_vocab_lists_every_declared_term_with_its_definition():
    listed = json.loads(run("vocab", "--format", "json").stdout)["results"]["bindings"]
    names = {row["term"]["value"]: row for row in listed}
    assert {MG + "Policy", MG + "concerns", MG + "Citation"} <= set(names)
    assert all(row["definition"]["value"] for row in listed)
    chinese = json.loads(run("vocab", "--format", "json", "--lang", "zh").stdout)
    labels = {row["term"]["value"]: row["label"]["value"] for row in chinese["results"]["bindings"]}
    assert labels[MG + "Policy"] == "政策"


@pytest.mark.parametrize("name", ["mg:Policy", "Policy", "policy", "政策", MG + "Policy"])
def test_vocab_term_by_name_label_or_iri(name):
    result = run("vocab", name)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "mg:Policy  (class)"
    assert "Policy · 政策" in lines
    assert any(line.startswith("in the data") and "a mg:Policy" in line for line in lines)
    example = "mingraph query 'SELECT ?x ?label WHERE { ?x a mg:Policy ."
    assert any(example in line for line in lines)


def test_an_unknown_term_is_refused_with_the_nearest():
    result = run("vocab", "Polcy")
    # The nearest first (mg:Place, also close, may follow it).
    assert result.exit_code == 2 and "Did you mean mg:Policy" in result.output


def test_every_terms_example_query_runs_and_used_terms_answer(engine):
    for declared in declared_terms(engine):
        term = look_up(engine, declared.iri)
        answer = engine.run(term.example_query, prefixes=PREFIXES)
        assert bool(answer.rows) == bool(term.uses), term.name


# --- the SPARQL behind a canned question -------------------------------------------------


def test_show_query_prints_the_sparql_that_runs_with_its_values(tmp_path):
    shown = run("ask", "policies-for-mineral", "--mineral", "鎵", "--show-query")
    assert shown.exit_code == 0, shown.output
    # the values are pasted where their variables were, as grlc pastes them
    assert f"<{MGI}gallium>" in shown.stdout and 'COALESCE("en"' in shown.stdout
    assert "?_mineral_iri" not in shown.stdout and "?__lang" not in shown.stdout
    saved = tmp_path / "shown.rq"
    saved.write_text(shown.stdout, encoding="utf-8")
    again = run("query", "-f", str(saved), "--format", "csv")
    asked = run("ask", "policies-for-mineral", "--mineral", "gallium", "--format", "csv")
    assert again.exit_code == 0
    # ask adds each date column's typed companions after the columns the SPARQL gives
    shown_rows = rows(again.stdout)
    assert shown_rows == [row[: len(shown_rows[0])] for row in rows(asked.stdout)]
