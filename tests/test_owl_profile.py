"""The ontology stays inside OWL 2 RL, as the structural checks of `owl2rl` see it."""

from __future__ import annotations

import pytest
from owl2rl import rl_violations
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, XSD

from conftest import REPO
from mingraph.namespaces import MG, bind_prefixes

PREFIXES = """
@prefix : <http://example.org/o#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:A a owl:Class . :B a owl:Class . :C a owl:Class .
:p a owl:ObjectProperty . :q a owl:ObjectProperty . :d a owl:DatatypeProperty .
"""


def ontology(path) -> Graph:
    return bind_prefixes(Graph()).parse(path, format="turtle")


def violations_of(turtle: str) -> list[str]:
    return [str(v) for v in rl_violations(Graph().parse(data=PREFIXES + turtle, format="turtle"))]


@pytest.mark.parametrize("path", sorted((REPO / "ontology").glob("*.ttl")), ids=lambda p: p.name)
def test_every_ontology_file_is_inside_owl2rl(path):
    assert [str(v) for v in rl_violations(ontology(path))] == []


def test_the_two_defects_once_landed_are_what_the_check_reports():
    graph = ontology(REPO / "ontology" / "mingraph.ttl")
    graph.add((MG.dataYear, RDFS.range, XSD.gYear))
    graph.add((MG.attests, RDFS.range, RDF.Property))
    assert [(v.term, v.rule) for v in rl_violations(graph)] == [
        ("mg:attests", "reserved vocabulary"),
        ("mg:dataYear", "datatype"),
    ]


ACCEPTED = {
    "property chain": ":p owl:propertyChainAxiom ( :q :p ) .",
    "RL datatype range": ":d rdfs:range xsd:decimal .",
    "intersection of datatypes": ":d rdfs:range [ owl:intersectionOf ( xsd:integer xsd:int ) ] .",
    "union in subclass": "[ owl:unionOf ( :A :B ) ] rdfs:subClassOf :C .",
    "some values in subclass": "[ owl:onProperty :p ; owl:someValuesFrom :A ] rdfs:subClassOf :B .",
    "all values in superclass": ":A rdfs:subClassOf [ owl:onProperty :p ; owl:allValuesFrom :B ] .",
    "max 1 in superclass": ":A rdfs:subClassOf [ owl:onProperty :p ; owl:maxCardinality 1 ] .",
    "has value as equivalent": ":A owl:equivalentClass [ owl:onProperty :p ; owl:hasValue :x ] .",
    "named range and domain": ":p rdfs:domain :A ; rdfs:range :B .",
    "functional part of a chain": (
        ":p owl:propertyChainAxiom ( :q :r ) . :r a owl:FunctionalProperty ."
    ),
    "functional sub-property of a transitive one": (
        ":t a owl:TransitiveProperty . :p rdfs:subPropertyOf :t ; a owl:FunctionalProperty ."
    ),
}

REFUSED = {
    "gYear range": (":d rdfs:range xsd:gYear .", "datatype"),
    "owl:real range": (":d rdfs:range owl:real .", "datatype"),
    "data one-of": (':d rdfs:range [ owl:oneOf ( "a" "b" ) ] .', "datatype"),
    "rdf:Property as range": (":p rdfs:range rdf:Property .", "reserved vocabulary"),
    "rdfs:Class as superclass": (":A rdfs:subClassOf rdfs:Class .", "reserved vocabulary"),
    "reserved property in a chain": (
        ":p owl:propertyChainAxiom ( rdf:type :q ) .",
        "reserved vocabulary",
    ),
    "union in superclass": (":C rdfs:subClassOf [ owl:unionOf ( :A :B ) ] .", "class expression"),
    "some values as a range": (
        ":p rdfs:range [ owl:onProperty :q ; owl:someValuesFrom :A ] .",
        "class expression",
    ),
    "all values in subclass": (
        "[ owl:onProperty :p ; owl:allValuesFrom :A ] rdfs:subClassOf :B .",
        "class expression",
    ),
    "max 2": (
        ":A rdfs:subClassOf [ owl:onProperty :p ; owl:maxCardinality 2 ] .",
        "class expression",
    ),
    "min cardinality": (
        ":A rdfs:subClassOf [ owl:onProperty :p ; owl:minCardinality 1 ] .",
        "class expression",
    ),
    "owl:Thing as subclass": ("owl:Thing rdfs:subClassOf :A .", "class expression"),
    "union as equivalent": (
        ":C owl:equivalentClass [ owl:unionOf ( :A :B ) ] .",
        "class expression",
    ),
    "disjoint union": (":C owl:disjointUnionOf ( :A :B ) .", "axiom"),
    "reflexive property": (":p a owl:ReflexiveProperty .", "axiom"),
    "functional and transitive": (
        ":p a owl:TransitiveProperty , owl:FunctionalProperty .",
        "simple property",
    ),
    "functional inverse of a chain": (
        ":p owl:propertyChainAxiom ( :q :q ) . :r owl:inverseOf :p ; a owl:FunctionalProperty .",
        "simple property",
    ),
    "counted super-property of a transitive one": (
        ":t a owl:TransitiveProperty ; rdfs:subPropertyOf :p ."
        " :A rdfs:subClassOf [ owl:onProperty :p ; owl:maxCardinality 1 ] .",
        "simple property",
    ),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_the_check_accepts_what_owl2rl_allows(name):
    assert violations_of(ACCEPTED[name]) == []


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_the_check_refuses_what_owl2rl_forbids(name):
    turtle, rule = REFUSED[name]
    found = violations_of(turtle)
    assert len(found) == 1, found
    assert f": {rule}: " in found[0]
