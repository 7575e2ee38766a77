"""The structural rules of the OWL 2 RL profile, checked on an ontology's RDF graph.

No maintained checker of OWL 2 profiles installs from PyPI: the OWL API's checker
and ROBOT need Java, py-horned-owl and owlready2 check no profile, and
pyowl2-profiles 0.1.0 reports property chains (which OWL 2 RL allows) and misses an
``xsd:gYear`` range. So this module checks the rules an ontology in Turtle can
break, as the OWL 2 Profiles recommendation (section 4.2) and the Structural
Specification (section 2.4) state them:

- **datatypes**: a data property's range, and the data range of a restriction, is a
  datatype of OWL 2 RL (:data:`RL_DATATYPES`, the OWL 2 datatype map without
  ``owl:real`` and ``owl:rational``), a datatype the ontology declares outside the
  reserved namespaces, or an intersection of those; ``owl:oneOf``, ``owl:unionOf``,
  ``owl:datatypeComplementOf`` and facet restrictions are not OWL 2 RL data ranges;
- **reserved vocabulary**: no IRI of the ``rdf:``, ``rdfs:``, ``xsd:`` or ``owl:``
  namespaces stands where a class belongs (``rdfs:range rdf:Property``) except
  ``owl:Thing`` and ``owl:Nothing``, nor where a property belongs in an axiom except
  the top and bottom properties;
- **class expressions**: a class in a subclass position (the subject of
  ``rdfs:subClassOf``, ``owl:disjointWith`` and ``owl:hasKey``) is a named class, an
  intersection or union of such, ``owl:oneOf``, ``owl:someValuesFrom`` or
  ``owl:hasValue``; in a superclass position (the object of ``rdfs:subClassOf``,
  ``rdfs:domain``, an object property's ``rdfs:range``, a class assertion) a named
  class, an intersection of such, ``owl:complementOf`` a subclass expression,
  ``owl:allValuesFrom``, ``owl:hasValue`` or a maximum cardinality of 0 or 1; in
  ``owl:equivalentClass`` a named class, an intersection of such or ``owl:hasValue``;
  ``owl:Thing`` is in none of them;
- **axioms**: no ``owl:disjointUnionOf`` and no ``owl:ReflexiveProperty``;
- **simple properties** (a global restriction of OWL 2 DL that OWL 2 RL keeps): a
  property that is transitive, entailed by a chain, or has such a sub-property or
  inverse is not functional, inverse-functional, irreflexive, asymmetric, disjoint
  with another property, or counted in a cardinality restriction.

Property chains, inverse, transitive, symmetric and functional properties and
sub-properties are otherwise all within OWL 2 RL. Not checked: that every entity
is declared (the ``undeclared-term`` quality check covers the terms data uses), the
regularity of the property hierarchy that chains must keep, and punning rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

RESERVED = (str(RDF), str(RDFS), str(XSD), str(OWL))

#: The datatypes OWL 2 RL admits (OWL 2 Profiles, section 4.2).
RL_DATATYPES = {RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal} | {
    XSD[name]
    for name in (
        *("decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger"),
        *("negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt"),
        *("unsignedShort", "unsignedByte", "float", "double", "string", "normalizedString"),
        *("token", "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary"),
        *("base64Binary", "anyURI", "dateTime", "dateTimeStamp"),
    )
}
RESERVED_CLASSES = {OWL.Thing, OWL.Nothing}
RESERVED_PROPERTIES = {
    OWL.topObjectProperty,
    OWL.bottomObjectProperty,
    OWL.topDataProperty,
    OWL.bottomDataProperty,
}
OBJECT_PROPERTY_TYPES = {
    OWL.ObjectProperty,
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
    OWL.AsymmetricProperty,
    OWL.IrreflexiveProperty,
    OWL.InverseFunctionalProperty,
}
#: Property characteristics that only a simple property may have.
SIMPLE_ONLY = (
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.IrreflexiveProperty,
    OWL.AsymmetricProperty,
)
CARDINALITIES = (
    OWL.maxCardinality,
    OWL.maxQualifiedCardinality,
    OWL.minCardinality,
    OWL.minQualifiedCardinality,
    OWL.cardinality,
    OWL.qualifiedCardinality,
)
#: Cardinalities no OWL 2 RL class expression uses, in any position.
NOT_RL_RESTRICTIONS = (
    OWL.minCardinality,
    OWL.cardinality,
    OWL.minQualifiedCardinality,
    OWL.qualifiedCardinality,
    OWL.hasSelf,
)
SUB, SUPER, EQUIV = "subclass", "superclass", "equivalent-class"
#: The constructors of class expressions each position admits (OWL 2 Profiles, 4.2.3).
ALLOWED = {
    SUB: {OWL.intersectionOf, OWL.unionOf, OWL.oneOf, OWL.someValuesFrom, OWL.hasValue},
    SUPER: {
        OWL.intersectionOf,
        OWL.complementOf,
        OWL.allValuesFrom,
        OWL.hasValue,
        OWL.maxCardinality,
        OWL.maxQualifiedCardinality,
    },
    EQUIV: {OWL.intersectionOf, OWL.hasValue},
}
CONSTRUCTORS = (
    OWL.intersectionOf,
    OWL.unionOf,
    OWL.oneOf,
    OWL.complementOf,
    OWL.someValuesFrom,
    OWL.allValuesFrom,
    OWL.hasValue,
    OWL.maxCardinality,
    OWL.maxQualifiedCardinality,
    *NOT_RL_RESTRICTIONS,
)


@dataclass(frozen=True)
class Violation:
    rule: str  # "datatype", "reserved vocabulary", "class expression", "axiom", "simple property"
    term: str  # the term whose axiom breaks the rule
    detail: str

    def __str__(self) -> str:
        return f"{self.term}: {self.rule}: {self.detail}"


def reserved(node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(RESERVED)


class _Checker:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.violations: list[Violation] = []
        kinds = {p: set(graph.objects(p, RDF.type)) for p in graph.subjects(RDF.type, None)}
        self.object_properties = {p for p, k in kinds.items() if k & OBJECT_PROPERTY_TYPES}
        self.data_properties = {p for p, k in kinds.items() if OWL.DatatypeProperty in k}
        self.declared_datatypes = {
            d for d in graph.subjects(RDF.type, RDFS.Datatype) if not reserved(d)
        }

    def report(self, rule: str, term, detail: str) -> None:
        self.violations.append(Violation(rule, self.name(term), detail))

    def name(self, node) -> str:
        if isinstance(node, BNode):
            return "a blank node"
        return self.graph.namespace_manager.normalizeUri(node)

    def items(self, node) -> list:
        return list(Collection(self.graph, node)) if node is not None else []

    # --- data ranges --------------------------------------------------------------

    def data_range(self, term, node) -> None:
        g = self.graph
        if isinstance(node, URIRef):
            if node not in RL_DATATYPES and node not in self.declared_datatypes:
                self.report(
                    "datatype",
                    term,
                    f"{self.name(node)} is not a datatype of OWL 2 RL (the OWL 2 datatype "
                    "map less owl:real and owl:rational); check it with SHACL instead",
                )
            return
        members = g.value(node, OWL.intersectionOf)
        if members is not None:
            for member in self.items(members):
                self.data_range(term, member)
            return
        self.report(
            "datatype", term, "only named datatypes and their intersections are RL data ranges"
        )

    # --- class expressions --------------------------------------------------------

    def class_expression(self, term, node, position: str) -> None:
        g = self.graph
        if isinstance(node, Literal):
            self.report("class expression", term, f"the literal {node!r} stands for a class")
            return
        if isinstance(node, URIRef):
            if node == OWL.Thing:
                self.report("class expression", term, f"owl:Thing in a {position} position")
            elif reserved(node) and node not in RESERVED_CLASSES:
                self.report(
                    "reserved vocabulary",
                    term,
                    f"{self.name(node)} is reserved vocabulary, not a class",
                )
            return
        constructor = next((c for c in CONSTRUCTORS if (node, c, None) in g), None)
        if constructor is None:
            self.report("class expression", term, "a blank node that is no class expression")
            return
        if constructor not in ALLOWED[position]:
            self.report(
                "class expression",
                term,
                f"{self.name(constructor)} is not allowed in a {position} position",
            )
            return
        value = g.value(node, constructor)
        prop = g.value(node, OWL.onProperty)
        if prop is not None:
            self.property_name(term, prop)
        if constructor in (OWL.intersectionOf, OWL.unionOf):
            for member in self.items(value):
                self.class_expression(term, member, position)
        elif constructor == OWL.complementOf:
            self.class_expression(term, value, SUB)
        elif constructor in (OWL.someValuesFrom, OWL.allValuesFrom):
            self.filler(term, prop, value, SUB if constructor == OWL.someValuesFrom else SUPER)
        elif constructor in (OWL.maxCardinality, OWL.maxQualifiedCardinality):
            if str(value) not in ("0", "1"):
                self.report("class expression", term, "a maximum cardinality other than 0 or 1")
            filler = g.value(node, OWL.onClass) or g.value(node, OWL.onDataRange)
            if filler is not None:
                self.filler(term, prop, filler, SUB)

    def filler(self, term, prop, value, position: str) -> None:
        if prop in self.data_properties:
            self.data_range(term, value)
        elif value != OWL.Thing or position == SUPER:
            self.class_expression(term, value, position)

    def property_name(self, term, prop) -> None:
        if reserved(prop) and prop not in RESERVED_PROPERTIES:
            self.report("reserved vocabulary", term, f"{self.name(prop)} is not a property")

    def non_simple_properties(self) -> set:
        """Properties that are transitive or entailed by a chain, and those above or
        inverse to them (OWL 2 Structural Specification, section 11.2)."""
        g = self.graph
        found = set(g.subjects(OWL.propertyChainAxiom, None))
        found |= set(g.subjects(RDF.type, OWL.TransitiveProperty))
        links = [*g.subject_objects(RDFS.subPropertyOf)]
        for relation in (OWL.equivalentProperty, OWL.inverseOf):
            pairs = list(g.subject_objects(relation))
            links += pairs + [(b, a) for a, b in pairs]
        while more := {b for a, b in links if a in found} - found:
            found |= more
        return found

    def simple_properties_only(self) -> None:
        g = self.graph
        non_simple = self.non_simple_properties()
        uses = [(p, self.name(kind)) for kind in SIMPLE_ONLY for p in g.subjects(RDF.type, kind)]
        uses += [
            (p, "owl:propertyDisjointWith")
            for pair in g.subject_objects(OWL.propertyDisjointWith)
            for p in pair
        ]
        uses += [
            (g.value(node, OWL.onProperty), "a cardinality restriction")
            for cardinality in CARDINALITIES
            for node in g.subjects(cardinality, None)
        ]
        for prop, use in uses:
            if prop in non_simple:
                self.report(
                    "simple property",
                    prop,
                    f"transitive or entailed by a chain, so it cannot be in {use}",
                )

    # --- axioms -------------------------------------------------------------------

    def run(self) -> list[Violation]:
        g = self.graph
        for sub, sup in g.subject_objects(RDFS.subClassOf):
            self.class_expression(sub, sub, SUB)
            self.class_expression(sub, sup, SUPER)
        for a, b in g.subject_objects(OWL.equivalentClass):
            self.class_expression(a, a, EQUIV)
            self.class_expression(a, b, EQUIV)
        for a, b in g.subject_objects(OWL.disjointWith):
            self.class_expression(a, a, SUB)
            self.class_expression(a, b, SUB)
        for node in g.subjects(RDF.type, OWL.AllDisjointClasses):
            for member in self.items(g.value(node, OWL.members)):
                self.class_expression(member, member, SUB)
        for cls in g.subjects(OWL.hasKey, None):
            self.class_expression(cls, cls, SUB)
        for cls in g.subjects(OWL.disjointUnionOf, None):
            self.report("axiom", cls, "owl:disjointUnionOf is outside OWL 2 RL")
        for prop in g.subjects(RDF.type, OWL.ReflexiveProperty):
            self.report("axiom", prop, "owl:ReflexiveProperty is outside OWL 2 RL")
        for prop, domain in g.subject_objects(RDFS.domain):
            self.property_name(prop, prop)
            if prop in self.object_properties or prop in self.data_properties:
                self.class_expression(prop, domain, SUPER)
        for prop, range_ in g.subject_objects(RDFS.range):
            self.property_name(prop, prop)
            if prop in self.data_properties:
                self.data_range(prop, range_)
            elif prop in self.object_properties:
                self.class_expression(prop, range_, SUPER)
        for relation in (RDFS.subPropertyOf, OWL.inverseOf, OWL.equivalentProperty):
            for a, b in g.subject_objects(relation):
                self.property_name(a, a)
                self.property_name(a, b)
        for prop, chain in g.subject_objects(OWL.propertyChainAxiom):
            for link in self.items(chain):
                self.property_name(prop, link)
        for individual, cls in g.subject_objects(RDF.type):
            if not reserved(cls):  # a class assertion, not a declaration
                self.class_expression(individual, cls, SUPER)
        self.simple_properties_only()
        return sorted(set(self.violations), key=str)


def rl_violations(graph: Graph) -> list[Violation]:
    """Every place where ``graph`` (an ontology) breaks a structural rule of OWL 2 RL."""
    return _Checker(graph).run()
