"""The shapes evaluated as SPARQL in pyoxigraph give pySHACL's results, and refuse the
SHACL features they do not translate. (Every file of tests/bad and tests/good is
compared in test_validate.py, which runs pySHACL on each once.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

from conftest import REPO, report_results
from mingraph.loading import load_graph_with_origins
from mingraph.shacl_sparql import UnsupportedShaclFeature, shapes_report
from mingraph.store import to_store
from mingraph.validation import load_shapes


def both_engines(paths: list[Path]) -> tuple[list, list]:
    graph, _ = load_graph_with_origins(paths)
    shapes = load_shapes()
    _, by_pyshacl, _ = shacl_validate(graph, shacl_graph=shapes, inference="none")
    return report_results(by_pyshacl), report_results(shapes_report(to_store(graph), shapes))


def test_the_shipped_data_gives_pyshacls_results():
    by_pyshacl, by_sparql = both_engines([])
    assert by_sparql == by_pyshacl


def test_synthetic_data_gives_pyshacls_results(synthetic_data):
    by_pyshacl, by_sparql = both_engines([synthetic_data])
    assert by_sparql == by_pyshacl


def test_a_blank_focus_node_is_the_data_graphs_blank_node():
    path = REPO / "tests" / "bad" / "shape-Citation-selector.ttl"
    graph, _ = load_graph_with_origins([path])
    report = shapes_report(to_store(graph), load_shapes())
    (result,) = report.objects(None, SH.result)
    focus = report.value(result, SH.focusNode)
    assert (focus, None, None) in graph


@pytest.mark.parametrize(
    ("feature", "rule"),
    [("sh:equals", "sh:equals rdfs:label"), ("sh:closed", "sh:closed true")],
)
def test_an_untranslated_feature_is_refused_by_name(feature, rule):
    shapes = load_shapes()
    shapes.parse(
        data=f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix mgsh: <https://w3id.org/mingraph/shapes#> .
        mgsh:Extra a sh:NodeShape ; sh:targetClass rdfs:Class ;
            sh:property [ sh:path rdfs:comment ] ; {rule} .""",
        format="turtle",
    )
    with pytest.raises(UnsupportedShaclFeature, match=f"mgsh:Extra uses {feature}"):
        shapes_report(to_store(Graph()), shapes)


def test_a_sparql_constraint_with_optional_is_refused_by_name():
    shapes = load_shapes()
    shapes.parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix mgsh: <https://w3id.org/mingraph/shapes#> .
        mgsh:Extra a sh:NodeShape ; sh:targetSubjectsOf mgsh:x ;
            sh:sparql mgsh:Extra-query .
        mgsh:Extra-query a sh:SPARQLConstraint ;
            sh:select "SELECT $this WHERE { OPTIONAL { $this mgsh:y ?y } }" .""",
        format="turtle",
    )
    with pytest.raises(UnsupportedShaclFeature, match="mgsh:Extra-query uses OPTIONAL"):
        shapes_report(to_store(Graph()), shapes)
