"""`mingraph validate`: the shipped data conforms, each rule has a file that breaks it
alone, malformed files are refused with their position, and nothing is written."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections import Counter
from pathlib import Path

import pyrudof
import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph
from rdflib.namespace import RDF, SH

from conftest import REPO, report_results
from mingraph.cli import main
from mingraph.loading import SHAPES_FILE, load_graph_with_origins
from mingraph.namespaces import MGSH
from mingraph.progress import Progress
from mingraph.resources import resource_dir
from mingraph.store import to_store
from mingraph.validation import (
    load_checks,
    load_shapes,
    validate_graph,
    validate_paths,
    validate_store,
)

BAD = sorted((REPO / "tests" / "bad").glob("*.ttl"))
GOOD = sorted((REPO / "tests" / "good").glob("*.ttl"))


def rule_of(path: Path) -> str:
    return re.search(r"^# rule: (\S+)$", path.read_text(encoding="utf-8"), re.M).group(1)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_the_shipped_data_conforms():
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "Conforms" in result.output


def test_every_rule_has_a_file_in_the_bad_corpus():
    shapes = load_shapes()
    named = shapes.namespace_manager.normalizeUri
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
    targeted = {s for target in targets for s in shapes.subjects(target, None)}
    rules = {named(r) for s in targeted for r in shapes.objects(s, SH.property)}
    rules |= {named(r) for s in targeted for r in shapes.objects(s, SH.sparql)}
    rules |= {f"mgck:{check.name}" for check in load_checks()}
    assert all(rule.startswith(("mgsh:", "mgck:")) for rule in rules), "a rule has no name"
    assert {rule_of(path) for path in BAD} == rules


def validate_with_both_engines(path: Path):
    """mingraph's report (pySHACL and the checks) and the shape results of pyrudof, for
    the same graph: each engine's results as (focus node, shape) pairs."""
    graph, origins = load_graph_with_origins([path])
    report = validate_graph(graph, origins)
    # mingraph's own engine (shapes as SPARQL in pyoxigraph) on the same triples
    fast = validate_store(to_store(graph), origins)
    assert report_results(fast.graph) == report_results(report.graph)
    assert fast.problems == report.problems
    results = report.graph
    by_pyshacl = {
        (term_key(results.value(r, SH.focusNode)), str(results.value(r, SH.sourceShape)))
        for r in results.objects(None, SH.result)
        if results.value(r, SH.sourceShape) in MGSH
    }
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(
        graph.serialize(format="nt"),
        format=pyrudof.RDFFormat.NTriples,
        reader_mode=pyrudof.ReaderMode.Strict,
    )
    rudof.read_shacl(str(resource_dir("ontology") / SHAPES_FILE))
    by_pyrudof = {(v.focus_node, v.source_shape) for v in rudof.validate_shacl().violations}
    return report, by_pyshacl, by_pyrudof


def term_key(term) -> str:
    """A node as pyrudof names it: an IRI as itself, a blank node as ``_:label``."""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_each_bad_file_breaks_its_rule_and_no_other_in_pyshacl_and_pyrudof(path):
    report, by_pyshacl, by_pyrudof = validate_with_both_engines(path)
    assert not report.conforms
    assert {problem.rule for problem in report.problems} == {rule_of(path)}
    assert all(problem.message for problem in report.problems)
    assert by_pyrudof == by_pyshacl
    # What 'mingraph validate' reports, reading the file itself, is the reference's.
    assert validate_paths([path]).problems == report.problems


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_files_conform_in_pyshacl_and_pyrudof(path):
    report, by_pyshacl, by_pyrudof = validate_with_both_engines(path)
    assert report.problems == []
    assert by_pyrudof == by_pyshacl == set()
    assert validate_paths([path]).problems == []


def test_every_shape_has_at_most_one_message():
    """Jena SHACL reads at most one sh:message per SPARQL constraint, dotNetRDF one per
    shape: a second language goes into mgsh:translatedMessage."""
    shapes = load_shapes()
    counts = Counter(shapes.subjects(SH.message, None))
    assert [shapes.namespace_manager.normalizeUri(s) for s, n in counts.items() if n > 1] == []
    assert all(m.language == "en" for m in shapes.objects(None, SH.message))


def test_translated_messages_reach_the_report_graph():
    bad = REPO / "tests" / "bad" / "shape-Policy-date-order.ttl"
    result = run("validate", "--format", "ttl", str(bad))
    report = Graph().parse(data=result.stdout, format="turtle")
    messages = sorted(report.objects(None, SH.resultMessage), key=str)
    assert [str(m)[:6] for m in messages] == ["Dates ", "日期順序錯誤"]
    assert messages[1].language == "zh-Hant"


def test_a_folder_is_validated_as_a_whole():
    assert run("validate", str(REPO / "tests" / "good")).exit_code == 0


def test_cli_reports_by_file_and_entity_and_exits_1():
    bad = REPO / "tests" / "bad" / "shape-Policy-issuedBy.ttl"
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert "shape-Policy-issuedBy.ttl" in result.output
    assert "  mgi:test-policy" in result.output
    assert "[mgsh:Policy-issuedBy]" in result.output
    assert "add mg:issuedBy" in result.output


def test_json_report_is_machine_readable():
    bad = REPO / "tests" / "bad" / "shape-Membership-after-founding.ttl"
    result = run("validate", "--format", "json", str(bad))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    (problem,) = report["problems"]
    assert problem["rule"] == "mgsh:Membership-after-founding"
    assert problem["entity"] == "mgi:msp"
    assert problem["path"] == "mg:hasMembership"
    assert problem["file"].endswith("shape-Membership-after-founding.ttl")


def test_ttl_report_is_a_shacl_report_graph():
    bad = REPO / "tests" / "bad" / "check-undeclared-term.ttl"
    result = run("validate", "--format", "ttl", str(bad))
    assert result.exit_code == 1
    report = Graph().parse(data=result.stdout, format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert str(report.value(node, SH.conforms)) == "false"
    assert len(list(report.objects(node, SH.result))) == 1


MALFORMED = {
    "unterminated-string.ttl": (b'@prefix ex: <http://e/> .\nex:a ex:b "open .\n', ":2:"),
    "undefined-prefix.ttl": (b"@prefix ex: <http://e/> .\nex:a ex:b nope:c .\n", ":2:"),
    "iri-with-space.ttl": (b"@prefix ex: <http://e/> .\nex:a ex:b <http://e/a b> .\n", ":2:"),
    "impossible-date.ttl": (
        b"@prefix ex: <http://e/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        b'ex:a ex:b "2023-13-45"^^xsd:date .\n',
        ":3:",
    ),
    "invalid-utf8.ttl": (b'@prefix ex: <http://e/> .\nex:a ex:b "\xff\xfe" .\n', ":2:"),
    "empty.ttl": (b"", "empty"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_files_exit_2_with_their_position(tmp_path, name):
    content, expected = MALFORMED[name]
    path = tmp_path / name
    path.write_bytes(content)
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert name in result.output
    assert expected in result.output


def test_a_folder_without_rdf_exits_2(tmp_path):
    (tmp_path / "notes.txt").write_text("no RDF here", encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "no RDF files" in result.output


def test_validation_never_writes_to_what_it_reads(tmp_path):
    watched = [
        *sorted((REPO / "data").glob("*.ttl")),
        *sorted((REPO / "ontology").rglob("*.*")),
        *BAD,
    ]

    def fingerprint():
        return {
            p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in watched
        }

    before = fingerprint()
    run("validate")
    run("validate", str(REPO / "tests" / "bad"))
    assert fingerprint() == before


def test_progress_is_silent_for_quick_work_and_speaks_for_slow_work():
    quiet = io.StringIO()
    with Progress(delay=60, stream=quiet) as progress:
        progress.stage("reading")
    assert quiet.getvalue() == ""
    loud = io.StringIO()
    with Progress(delay=0, stream=loud) as progress:
        progress._timer.join()
        progress.stage("checking")
    assert "mingraph: checking" in loud.getvalue()
    assert "done in" in loud.getvalue()
