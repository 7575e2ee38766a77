"""The closure computed in the store equals owlrl's (``reasoning.infer``) triple for triple."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import OWL, RDF, XSD

from conftest import REPO
from mingraph.closure import UncoveredConstruct, close
from mingraph.loading import load_graph
from mingraph.reasoning import infer
from mingraph.store import to_rdflib_graph, to_store

EX = Namespace("http://example.org/")
PREFIXES = """
@prefix : <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def assert_same_closure(graph: Graph) -> None:
    expected = set(infer(graph))
    store = to_store(graph)
    added = close(store)
    closed = set(to_rdflib_graph(store))
    assert closed - expected == set()
    assert expected - closed == set()
    assert added == len(expected - set(graph))


def turtle(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def test_the_shipped_data():
    assert_same_closure(load_graph([]))


@pytest.mark.parametrize("path", sorted((REPO / "tests" / "good").glob("*.ttl")), ids=str)
def test_the_shipped_data_with_a_good_file(path):
    assert_same_closure(load_graph([path]))


def test_the_shipped_data_with_synthetic_data(synthetic_data):
    assert_same_closure(load_graph([synthetic_data]))


SMALL_GRAPHS = {
    "sameAs between two data IRIs": """
        :p owl:inverseOf :pInverse ; rdfs:domain :A ; rdfs:range :B .
        :A a owl:Class . :A rdfs:subClassOf :Super .
        :alice owl:sameAs :alicia . :alice :p :bob . :carol :p :alicia .
        :alicia a :Person ; :name "Alicia"@en .
        """,
    "sameAs chained over three IRIs": ":a owl:sameAs :b . :c owl:sameAs :b . :c :q :d .",
    "inverseOf": ":p owl:inverseOf :q . :x :p :y . :z :q :w . :y :p :x .",
    "subproperty": """
        :p rdfs:subPropertyOf :q . :q rdfs:subPropertyOf :r . :q rdfs:domain :D .
        :x :p :y . :y :q "literal" .
        """,
    "equivalent properties and classes": """
        :p owl:equivalentProperty :q . :A owl:equivalentClass :B . :A a owl:Class .
        :x :p :y . :y a :B .
        """,
    "property chain of two steps": """
        :h owl:propertyChainAxiom ( :p :q ) .
        :x :p :y . :y :q :z . :y :q :w . :w :p :y .
        """,
    "property chain of three steps on itself": """
        :h owl:propertyChainAxiom ( :h :p :h ) . :a :h :b . :b :p :c . :c :h :d . :d :p :a .
        """,
    "TransitiveProperty": """
        :t a owl:ObjectProperty , owl:TransitiveProperty .
        :a :t :b . :b :t :c . :c :t :d . :d :t :b .
        """,
    "a property its own inverse": ":p owl:inverseOf :p . :a :p :b .",
    "SymmetricProperty": ":s a owl:SymmetricProperty . :a :s :b . :b :s :c .",
    "domain and range typing": """
        :p rdfs:domain :A ; rdfs:range :B . :A rdfs:subClassOf :C . :C rdfs:subClassOf :D .
        :A a owl:Class . :B a owl:Class .
        :x :p :y . :x :p "a literal is not typed" . [ :p [ :p :z ] ] .
        """,
    "FunctionalProperty entails sameAs": """
        :f a owl:ObjectProperty , owl:FunctionalProperty .
        :m :f :a . :m :f :b . :n :f :b . :n :f :c . :a :name "A" . :z :knows :c .
        """,
    "InverseFunctionalProperty entails sameAs": """
        :g a owl:InverseFunctionalProperty . :a :g :v . :b :g :v . :a a :Thing .
        """,
    "FunctionalProperty with two literal values": """
        :f a owl:FunctionalProperty ; rdfs:range :R .
        :m :f "1"^^xsd:integer . :m :f :b . :x :q "1"^^xsd:integer .
        """,
    "chain through a literal": """
        :p owl:inverseOf :pInverse . :h owl:propertyChainAxiom ( :q :pInverse ) .
        :pInverse rdfs:range :R .
        :x :q "v" . :y :p "v" .
        """,
    "datatypes the literals use": """
        :x :n 1 , 2.5 , 4.0e0 , "text"@en , "plain" , true , "2024-01-01T00:00:00Z"^^xsd:dateTime .
        :y a xsd:int .
        """,
    "an ill-typed literal outside the datatypes owlrl checks": ':x :when "soon"^^xsd:gYear .',
    "a stated sameAs of a resource with itself": ":a owl:sameAs :a . :a :p :b .",
}


@pytest.mark.parametrize("text", SMALL_GRAPHS.values(), ids=SMALL_GRAPHS.keys())
def test_a_small_graph(text):
    assert_same_closure(turtle(text))


def test_a_derived_integer_type_as_the_store_holds_it():
    """pyoxigraph stores "3"^^xsd:short as "3"^^xsd:integer, before any reasoning: the
    closure is owlrl's over the triples the store holds."""
    graph = turtle(':x :n "3"^^xsd:short .')
    held = to_rdflib_graph(to_store(graph))
    assert set(held) != set(graph)
    assert_same_closure(held)


INDIVIDUALS = [EX.a, EX.b, EX.c, EX.d, BNode("n1")]
VALUES = [*INDIVIDUALS, Literal("1", datatype=XSD.integer), Literal("v")]
PROPERTIES = [EX.p, EX.pInverse, EX.t, EX.s, EX.f, EX.g, EX.sub, EX.h, EX.other]
RANDOM_SCHEMA = """
:p owl:inverseOf :pInverse ; rdfs:domain :A .
:t a owl:TransitiveProperty ; rdfs:range :B .
:s a owl:SymmetricProperty .
:f a owl:FunctionalProperty .
:g a owl:InverseFunctionalProperty .
:sub rdfs:subPropertyOf :t .
:h owl:propertyChainAxiom ( :p :t :pInverse ) .
:A a owl:Class ; rdfs:subClassOf :C .
:B owl:equivalentClass :E . :E a owl:Class .
"""
statements = st.one_of(
    st.tuples(st.sampled_from(INDIVIDUALS), st.sampled_from(PROPERTIES), st.sampled_from(VALUES)),
    st.tuples(st.sampled_from(INDIVIDUALS), st.just(OWL.sameAs), st.sampled_from(INDIVIDUALS)),
    st.tuples(st.sampled_from(INDIVIDUALS), st.just(RDF.type), st.sampled_from([EX.A, EX.B])),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(statements, min_size=1, max_size=12))
def test_random_graphs_under_every_covered_axiom(data):
    """Guards against the fast closure parting from owlrl where covered axioms meet: it
    once kept ``x owl:sameAs x`` and did not pass owl:sameAs on to a literal's types."""
    graph = turtle(RANDOM_SCHEMA)
    for triple in data:
        graph.add(triple)
    assert_same_closure(graph)


REFUSED = {
    "owl:Restriction": ":A owl:equivalentClass [ owl:onProperty :p ; owl:hasValue :v ] .",
    "owl:unionOf": ":A owl:unionOf ( :B :C ) .",
    "owl:disjointWith": ":A owl:disjointWith :B .",
    "owl:AsymmetricProperty": ":p a owl:AsymmetricProperty .",
    "owl:sameAs with a literal": ':a owl:sameAs "a" .',
    "owl:sameAs on a term of the schema": ":p rdfs:domain :A . :p owl:sameAs :q .",
    "owl:sameAs on a term of the schema or a property": (
        ":f a owl:FunctionalProperty . :x :f :p . :x :f :q . :a :p :b ."
    ),
    "an axiom about the rule vocabulary": ":p rdfs:subPropertyOf rdfs:subClassOf .",
    "superclass in the rule vocabulary": ":p rdfs:range owl:Class .",
    "owlrl reports: Disjoint classes": ":y a xsd:int , xsd:string .",
    '"many".* does not fit its datatype': ':x :n "many"^^xsd:integer .',
    '"not a date".* does not fit its datatype': ':x :when "not a date"^^xsd:date .',
}


@pytest.mark.parametrize(("construct", "text"), REFUSED.items(), ids=REFUSED.keys())
def test_a_construct_it_does_not_cover_is_refused(construct, text):
    graph = turtle(text)
    store = to_store(graph)
    with pytest.raises(UncoveredConstruct, match=construct):
        close(store)
    assert set(to_rdflib_graph(store)) == set(graph)
