"""The shapes read alike in every SHACL engine, rdf-validate-shacl included.

SHACL matches ``sh:languageIn`` as SPARQL's langMatches does, ignoring case;
rdf-validate-shacl (JavaScript) lowercases the data's tags when it parses and tests
each against the listed tags with a case-sensitive prefix test. Listing each tag's
lowercase form too gives every engine the same reading.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from mingraph.loading import SHAPES_FILE, load_graph
from mingraph.resources import resource_dir


def shapes() -> Graph:
    return Graph().parse(resource_dir("ontology") / SHAPES_FILE, format="turtle")


def language_lists(graph: Graph) -> dict:
    return {
        shape: [str(tag) for tag in Collection(graph, tags)]
        for shape, tags in graph.subject_objects(SH.languageIn)
    }


def test_every_language_tag_is_also_listed_in_lowercase():
    lists = language_lists(shapes())
    assert lists
    for tags in lists.values():
        assert {tag.lower() for tag in tags} <= set(tags)


def test_the_shipped_labels_pass_a_lowercasing_case_sensitive_reader():
    """rdf-validate-shacl's reading of the language-tagged shapes (the labels, the
    collections' definitions), on the shipped data."""
    graph, shape_graph = load_graph(), shapes()
    paths = set()
    for shape, tags in language_lists(shape_graph).items():
        path = shape_graph.value(shape, SH.path)
        paths.add(path)
        node_shapes = list(shape_graph.subjects(SH.property, shape))
        targets = {c for s in node_shapes for c in shape_graph.objects(s, SH.targetClass)}
        entities = {entity for target in targets for entity in graph.subjects(RDF.type, target)}
        values = [value for entity in entities for value in graph.objects(entity, path)]
        assert entities and len(values) >= len(entities), shape
        if path == RDFS.label:
            assert len(values) > 100
        refused = [
            value
            for value in values
            if not any((value.language or "").lower().startswith(tag) for tag in tags)
        ]
        assert refused == []
    assert RDFS.label in paths
