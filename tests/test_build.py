"""The cached build: keyed by every input, rebuilt when stale or damaged, safe when two
processes build at once, and never needed by rdflib, owlrl or pySHACL to answer."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import REPO
from mingraph.build import CACHE_ENV, MANIFEST, build_store, cache_key, cache_root, input_files
from mingraph.cli import main
from mingraph.loading import load_graph_with_origins
from mingraph.reasoning import infer
from mingraph.store import to_rdflib_graph
from mingraph.validation import validate_graph

GOOD = "tests/good/claim-about-shipped-entity.ttl"


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def builds(root) -> list:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def test_the_cache_lives_in_the_cache_directory_not_the_source_tree(fresh_cache):
    build_store([])
    (build,) = builds(fresh_cache)
    assert (build / MANIFEST).is_file() and (build / "store").is_dir()


def test_the_key_changes_with_every_input(tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text("<https://example.org/a> <https://example.org/b> 1 .\n", encoding="utf-8")
    plain = cache_key(input_files([]))
    with_extra = cache_key(input_files([extra]))
    extra.write_text("<https://example.org/a> <https://example.org/b> 2 .\n", encoding="utf-8")
    assert len({plain, with_extra, cache_key(input_files([extra]))}) == 3


def test_a_second_run_answers_from_the_cache(fresh_cache):
    _, built = build_store([])
    _, built_again = build_store([])
    assert (built, built_again) == (True, False)


def test_stale_inputs_rebuild_and_say_so(fresh_cache, tmp_path):
    runner = CliRunner()
    first = runner.invoke(main, ["ask", "initiatives", "--format", "csv"])
    assert "building the graph" in first.stderr
    again = runner.invoke(main, ["ask", "initiatives", "--format", "csv"])
    assert again.stderr == ""
    extra = tmp_path / "claim.ttl"
    extra.write_bytes((REPO / GOOD).read_bytes())
    stale = runner.invoke(main, ["--data", str(extra), "ask", "initiatives", "--format", "csv"])
    assert stale.exit_code == 0 and "building the graph" in stale.stderr


@pytest.mark.parametrize("damage", ["manifest", "store", "key"])
def test_a_damaged_cache_is_detected_and_rebuilt(fresh_cache, damage):
    build_store([])
    (build,) = builds(fresh_cache)
    if damage == "manifest":
        (build / MANIFEST).write_text("{ half-written", encoding="utf-8")
    elif damage == "key":
        (build / MANIFEST).write_text('{"key": "another"}', encoding="utf-8")
    else:
        for path in (build / "store").iterdir():
            if path.is_file():
                path.write_bytes(b"\0" * 16)
    store, built = build_store([])
    assert built
    assert store.query("ASK { ?s a <https://w3id.org/mingraph/ontology#Policy> }")


def test_two_processes_building_at_once_leave_one_good_cache(fresh_cache):
    command = [sys.executable, "-c", "from mingraph.cli import main; main()", "build"]
    env = {**os.environ, CACHE_ENV: str(fresh_cache)}
    processes = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert len(builds(fresh_cache)) == 1
    assert not list(fresh_cache.glob(".build-*"))
    store, built = build_store([])
    assert not built and store.query("ASK { ?s ?p ?o }")


def test_answering_from_the_cache_imports_no_rdflib_owlrl_or_pyshacl(fresh_cache):
    build_store([])
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from mingraph.cli import main\n"
        "result = CliRunner().invoke(main, ['ask', 'policies-for-mineral', '--mineral', 'gallium',"
        " '--format', 'json'])\n"
        "assert result.exit_code == 0, result.output\n"
        "loaded = sorted(m for m in ('rdflib', 'owlrl', 'pyshacl') if m in sys.modules)\n"
        "print(','.join(loaded) or 'none')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, CACHE_ENV: str(cache_root())},
        check=True,
    )
    assert done.stdout.strip() == "none"


def reference_build(paths: list) -> Graph:
    """What the reference engines make of the inputs: pySHACL finds nothing, owlrl closes."""
    graph, origins = load_graph_with_origins(paths)
    assert validate_graph(graph, origins).conforms
    return infer(graph)


@pytest.mark.parametrize("extra", ["shipped", "good", "synthetic"])
def test_the_build_holds_what_the_reference_engines_make(fresh_cache, synthetic_data, extra):
    """The store the build keeps equals pySHACL + owlrl's result, triple for triple
    (blank nodes compared by structure: each parse names them afresh)."""
    paths = {
        "shipped": [],
        "good": sorted((REPO / "tests" / "good").glob("*.ttl")),
        "synthetic": [synthetic_data],
    }[extra]
    store, _ = build_store(paths)
    built = to_rdflib_graph(store)
    assert isomorphic(built, reference_build(paths))
