"""The OWL 2 RL closure computed inside a pyoxigraph store, equal to :func:`reasoning.infer`.

owlrl applies every rule to every triple in each round, in Python: its time grows
faster than the data. Here the rules are split by what they read:

- **the schema** (class and property axioms, a few hundred triples) is closed by
  owlrl itself, through ``infer``: rdfs:subClassOf, owl:equivalentClass,
  rdfs:subPropertyOf, owl:equivalentProperty, rdfs:domain and rdfs:range closed
  under the scm-* rules, plus the axioms owlrl states once (cls-thing,
  cls-nothing1, prp-ap, dt-type1);
- **property assertions** that a property axiom reads are closed here, in Python,
  to a fixpoint: sub- and equivalent properties (prp-spo1, prp-eqp), owl:inverseOf
  (prp-inv), owl:SymmetricProperty (prp-symp), owl:TransitiveProperty (prp-trp),
  owl:propertyChainAxiom of any length (prp-spo2), and owl:sameAs (eq-sym,
  eq-trans, eq-rep-s, eq-rep-o), stated or entailed by owl:FunctionalProperty and
  owl:InverseFunctionalProperty (prp-fp, prp-ifp). Like owlrl, this works on
  generalised triples: a literal may stand as a subject while rules run;
- **types** come last, as SPARQL updates over the whole store: rdfs:domain and
  rdfs:range (prp-dom, prp-rng), then rdfs:subClassOf (cax-sco; owl:equivalentClass
  is two subclass axioms once the schema is closed);
- **datatypes**: the disjointness owlrl states between the datatypes the literals
  use (dt-diff on datatypes), from owlrl's own tables.

As ``infer`` does, no triple with a literal subject and no ``x owl:sameAs x`` is
kept. Whatever this module does not cover is refused with :class:`UncoveredConstruct`
naming it, never closed differently: class expressions (restrictions,
intersections, unions, complements, enumerations), keys, disjointness and
difference axioms, negative assertions, irreflexive and asymmetric properties,
owl:Nothing as a type, owl:sameAs on a literal or on a term of the schema, axioms
about the rule vocabulary itself (``rdf:type rdfs:domain ...``), and literals
whose lexical form does not fit their datatype (owlrl records those as errors).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from owlrl.AxiomaticTriples import OWLRL_Datatypes_Disjointness
from owlrl.DatatypeHandling import AltXSDToPYTHON
from owlrl.Namespaces import ERRNS
from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from mingraph.loading import to_rdflib_term
from mingraph.reasoning import infer
from mingraph.store import to_oxigraph_term

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Triple = tuple[Term, Term, Term]

#: The schema owlrl closes: axioms, and declarations that a schema rule reads.
SCHEMA_PREDICATES = (
    RDFS.subClassOf,
    OWL.equivalentClass,
    RDFS.subPropertyOf,
    OWL.equivalentProperty,
    RDFS.domain,
    RDFS.range,
    OWL.inverseOf,
    OWL.propertyChainAxiom,
    RDF.first,
    RDF.rest,
)
PROPERTY_TYPES = (
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
)
DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
#: A resource typed with a datatype is schema too: owlrl adds its supertypes once.
SCHEMA_TYPES = (*DECLARATION_TYPES, *PROPERTY_TYPES, *OWL_RL_Datatypes)

#: OWL 2 RL constructs whose rules this module does not run.
UNCOVERED_PREDICATES = {
    OWL.onProperty: "owl:Restriction",
    OWL.intersectionOf: "owl:intersectionOf",
    OWL.unionOf: "owl:unionOf",
    OWL.complementOf: "owl:complementOf",
    OWL.oneOf: "owl:oneOf",
    OWL.hasKey: "owl:hasKey",
    OWL.disjointWith: "owl:disjointWith",
    OWL.propertyDisjointWith: "owl:propertyDisjointWith",
    OWL.differentFrom: "owl:differentFrom",
    OWL.sourceIndividual: "owl:NegativePropertyAssertion",
}
UNCOVERED_TYPES = {
    OWL.AllDifferent: "owl:AllDifferent",
    OWL.AllDisjointClasses: "owl:AllDisjointClasses",
    OWL.AllDisjointProperties: "owl:AllDisjointProperties",
    OWL.IrreflexiveProperty: "owl:IrreflexiveProperty",
    OWL.AsymmetricProperty: "owl:AsymmetricProperty",
    OWL.Nothing: "owl:Nothing as a type",
}
#: Properties and classes the rules read: entailing a triple about them would feed
#: the schema rules, so no instance rule may have one in its conclusion.
RULE_PROPERTIES = {RDF.type, OWL.sameAs, *SCHEMA_PREDICATES, *UNCOVERED_PREDICATES}
RULE_CLASSES = {*DECLARATION_TYPES, *PROPERTY_TYPES, *UNCOVERED_TYPES}

DEFAULT = ox.DefaultGraph()
RDF_TYPE = ox.NamedNode(str(RDF.type))
SAME_AS = ox.NamedNode(str(OWL.sameAs))
PREFIXES = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
#: prp-dom, prp-rng, then cax-sco. In a closed schema a property has every superclass
#: of its domain as a domain too: only the lowest ones are applied, and cax-sco adds
#: the rest, so the updates go through far fewer rows.
LOWEST = """{{ SELECT ?p ?c WHERE {{
    ?p rdfs:{axiom} ?c
    FILTER NOT EXISTS {{
        ?p rdfs:{axiom} ?below . ?below rdfs:subClassOf ?c
        FILTER(?below != ?c) FILTER NOT EXISTS {{ ?c rdfs:subClassOf ?below }}
    }}
}} }}"""
TYPING = (
    f"INSERT {{ ?x a ?c }} WHERE {{ {LOWEST.format(axiom='domain')} ?x ?p ?y }}",
    f"INSERT {{ ?y a ?c }} WHERE {{ {LOWEST.format(axiom='range')} ?x ?p ?y "
    "FILTER(!isLiteral(?y)) }",
    "INSERT { ?x a ?d } WHERE { ?c rdfs:subClassOf ?d FILTER(?c != ?d) ?x a ?c }",
)


class UncoveredConstruct(ValueError):
    """The data uses an OWL construct whose entailments :func:`close` does not compute."""


def close(store: ox.Store) -> int:
    """Add to the default graph of ``store`` what ``reasoning.infer`` would add.

    Returns the number of triples added. A stated ``x owl:sameAs x`` is removed, as
    ``infer`` drops it. A refused construct is found before the store changes.
    """
    refuse_uncovered(store)
    datatypes = literal_datatypes(store)
    schema = close_schema(store)
    rules = PropertyRules(schema)
    stored, generalised = split(close_properties(store, rules, schema_terms(schema)))
    disjoint = datatype_disjointness(store, datatypes)
    for s, p, o in list(triples(store, None, SAME_AS)):
        if s == o:
            store.remove(quad(s, p, o))
    before = len(store)
    store.extend(quad(*map(to_oxigraph_term, triple)) for triple in schema)
    store.extend(quad(*triple) for triple in disjoint)
    store.extend(quad(*triple) for triple in stored)
    store.extend(quad(*triple) for triple in rules.types_of(generalised))
    for update in TYPING:
        store.update(PREFIXES + update)
    return len(store) - before


def quad(subject: Term, predicate: Term, obj: Term) -> ox.Quad:
    return ox.Quad(subject, predicate, obj, DEFAULT)


def node(term: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def triples(store: ox.Store, subject=None, predicate=None, obj=None) -> Iterator[Triple]:
    for found in store.quads_for_pattern(subject, predicate, obj, DEFAULT):
        yield found.subject, found.predicate, found.object


def refuse_uncovered(store: ox.Store) -> None:
    for predicate, construct in UNCOVERED_PREDICATES.items():
        for subject, _, obj in triples(store, None, node(predicate)):
            if predicate == OWL.disjointWith and {subject, obj} <= DATATYPES:
                continue  # owlrl's own dt-diff statements, as a closed graph holds them
            raise UncoveredConstruct(f"{construct} is not covered by the fast OWL 2 RL closure")
    for type_, construct in UNCOVERED_TYPES.items():
        if next(triples(store, None, RDF_TYPE, node(type_)), None):
            raise UncoveredConstruct(f"{construct} is not covered by the fast OWL 2 RL closure")
    for subject, _, obj in triples(store, None, SAME_AS):
        if isinstance(subject, ox.Literal) or isinstance(obj, ox.Literal):
            raise UncoveredConstruct(f"owl:sameAs with a literal is not covered: {subject} {obj}")


#: The OWL 2 RL datatypes, as store terms.
DATATYPES = {ox.NamedNode(str(datatype)) for datatype in OWL_RL_Datatypes}


def literal_datatypes(store: ox.Store) -> set[URIRef]:
    """The OWL 2 RL datatypes of the store's literals, as owlrl counts them.

    A literal whose lexical form does not fit its datatype is refused: owlrl would
    record an error in the closure. A simple literal is an xsd:string in RDF 1.1 but
    has no datatype in rdflib, so owlrl does not count it.
    """
    query = (
        "SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && "
        f"DATATYPE(?o) != <{XSD.string}> && DATATYPE(?o) != <{RDF.langString}>) }}"
    )
    used = set()
    for solution in store.query(query):
        literal = solution["o"]
        datatype = URIRef(literal.datatype.value)
        if datatype not in OWL_RL_Datatypes:
            continue
        try:
            AltXSDToPYTHON.get(datatype, str)(literal.value)
        except ValueError:
            raise UncoveredConstruct(
                f"the literal {literal} does not fit its datatype; owlrl records an error"
            ) from None
        used.add(datatype)
    return used


def schema_graph(store: ox.Store) -> Graph:
    graph = Graph()
    found = [triples(store, None, node(p)) for p in SCHEMA_PREDICATES]
    found += [triples(store, None, RDF_TYPE, node(t)) for t in SCHEMA_TYPES]
    for part in found:
        for triple in part:
            graph.add(tuple(map(to_rdflib_term, triple)))
    return graph


def close_schema(store: ox.Store) -> Graph:
    """The schema of ``store`` closed by owlrl, refused if owlrl finds it inconsistent."""
    closed = infer(schema_graph(store))
    for message in closed.subjects(RDF.type, ERRNS.ErrorMessage):
        raise UncoveredConstruct(f"owlrl reports: {closed.value(message, ERRNS.error)}")
    return closed


def schema_terms(schema: Graph) -> set[Term]:
    return {to_oxigraph_term(term) for triple in schema for term in triple}


def datatype_disjointness(store: ox.Store, literal_datatypes: set[URIRef]) -> list[Triple]:
    """owlrl's ``dt1 owl:disjointWith dt2`` for the datatypes the data uses (dt-diff):
    those of its literals and those stated as a resource's type, with their supertypes."""
    used = literal_datatypes | {
        dt for dt in OWL_RL_Datatypes if next(triples(store, None, RDF_TYPE, node(dt)), None)
    }
    used |= {sup for datatype in used for sup in OWL_Datatype_Subsumptions.get(datatype, ())}
    return [
        tuple(map(to_oxigraph_term, triple))
        for triple in OWLRL_Datatypes_Disjointness
        if triple[0] in used and triple[2] in used
    ]


class PropertyRules:
    """The property axioms of a closed schema, as the instance rules read them."""

    def __init__(self, schema: Graph):
        def pairs(predicate) -> list[tuple[Term, Term]]:
            return [tuple(map(to_oxigraph_term, p)) for p in schema.subject_objects(predicate)]

        def typed(type_) -> set[Term]:
            return {to_oxigraph_term(p) for p in schema.subjects(RDF.type, type_)}

        self.superproperties = grouped((p, q) for p, q in pairs(RDFS.subPropertyOf) if p != q)
        self.inverses = grouped([*pairs(OWL.inverseOf), *((q, p) for p, q in pairs(OWL.inverseOf))])
        self.transitive, self.symmetric, self.functional, self.inverse_functional = map(
            typed, PROPERTY_TYPES
        )
        self.chains = [
            (to_oxigraph_term(head), [to_oxigraph_term(p) for p in schema.items(chain)])
            for head, chain in schema.subject_objects(OWL.propertyChainAxiom)
        ]
        self.chain_links = defaultdict(list)
        for head, chain in self.chains:
            for position, link in enumerate(chain):
                self.chain_links[link].append((head, chain, position))
        self.domains = grouped(pairs(RDFS.domain))
        self.ranges = grouped(pairs(RDFS.range))
        self.read = {
            *self.superproperties,
            *self.inverses,
            *self.transitive,
            *self.symmetric,
            *self.functional,
            *self.inverse_functional,
            *self.chain_links,
        }
        self.check(schema)

    def check(self, schema: Graph) -> None:
        """Refuse axioms whose instance rules would entail schema triples."""
        rule_properties = {node(p) for p in RULE_PROPERTIES}
        entailed = {q for qs in self.superproperties.values() for q in qs}
        entailed |= {head for head, _ in self.chains}
        for prop in (
            self.read | self.domains.keys() | self.ranges.keys() | entailed
        ) & rule_properties:
            raise UncoveredConstruct(f"an axiom about the rule vocabulary: {prop}")
        classes = {c for cs in (*self.domains.values(), *self.ranges.values()) for c in cs}
        classes |= {
            to_oxigraph_term(c) for s, c in schema.subject_objects(RDFS.subClassOf) if s != c
        }
        for cls in classes & {node(c) for c in RULE_CLASSES}:
            raise UncoveredConstruct(f"a domain, range or superclass in the rule vocabulary: {cls}")

    def types_of(self, generalised: Iterable[Triple]) -> Iterator[Triple]:
        """prp-dom and prp-rng on the triples no store holds (a literal subject, a blank
        node as property): their other end may still be a resource."""
        for subject, predicate, obj in generalised:
            if not isinstance(subject, ox.Literal):
                yield from ((subject, RDF_TYPE, c) for c in self.domains.get(predicate, ()))
            if not isinstance(obj, ox.Literal):
                yield from ((obj, RDF_TYPE, c) for c in self.ranges.get(predicate, ()))


def grouped(pairs: Iterable[tuple[Term, Term]]) -> dict[Term, set[Term]]:
    groups = defaultdict(set)
    for key, value in pairs:
        groups[key].add(value)
    return dict(groups)


class PropertyClosure:
    """Property triples between owl:sameAs representatives, closed under the rules.

    Each triple is indexed when entailed and its rules run once, against everything
    indexed by then, so every entailment is found when its last premise arrives.
    """

    def __init__(self, rules: PropertyRules):
        self.rules = rules
        self.objects = defaultdict(lambda: defaultdict(set))
        self.subjects = defaultdict(lambda: defaultdict(set))
        self.pending: list[Triple] = []
        self.same: list[tuple[Term, Term]] = []

    def add(self, subject: Term, predicate: Term, obj: Term) -> None:
        objects = self.objects[predicate][subject]
        if obj not in objects:
            objects.add(obj)
            self.subjects[predicate][obj].add(subject)
            self.pending.append((subject, predicate, obj))

    def run(self) -> None:
        rules = self.rules
        while self.pending:
            s, p, o = self.pending.pop()
            for q in rules.superproperties.get(p, ()):
                self.add(s, q, o)
            for q in rules.inverses.get(p, ()):
                self.add(o, q, s)
            if p in rules.symmetric:
                self.add(o, p, s)
            if p in rules.transitive:
                for z in list(self.objects[p].get(o, ())):
                    self.add(s, p, z)
                for w in list(self.subjects[p].get(s, ())):
                    self.add(w, p, o)
            if p in rules.functional:
                self.same += [(o, y) for y in self.objects[p][s] if y != o]
            if p in rules.inverse_functional:
                self.same += [(s, x) for x in self.subjects[p][o] if x != s]
            for head, chain, position in rules.chain_links.get(p, ()):
                self.chain(s, o, head, chain, position)

    def chain(self, s: Term, o: Term, head: Term, chain: list[Term], position: int) -> None:
        starts, ends = {s}, {o}
        for link in reversed(chain[:position]):
            starts = {a for b in starts for a in self.subjects[link].get(b, ())}
        for link in chain[position + 1 :]:
            ends = {d for c in ends for d in self.objects[link].get(c, ())}
        for start in starts:
            for end in ends:
                self.add(start, head, end)

    def triples(self) -> Iterator[Triple]:
        for predicate, by_subject in self.objects.items():
            for subject, objects in by_subject.items():
                for obj in objects:
                    yield subject, predicate, obj


class SameAs:
    """owl:sameAs classes, by union-find."""

    def __init__(self):
        self.parent: dict[Term, Term] = {}

    def find(self, term: Term) -> Term:
        while (parent := self.parent.get(term, term)) != term:
            self.parent[term] = self.parent.get(parent, parent)
            term = parent
        return term

    def union(self, pairs: Iterable[tuple[Term, Term]]) -> bool:
        merged = False
        for a, b in pairs:
            root_a, root_b = self.find(a), self.find(b)
            if root_a != root_b:
                self.parent[root_a] = root_b
                merged = True
        return merged

    def classes(self) -> dict[Term, list[Term]]:
        members = defaultdict(list)
        for term in list(self.parent):
            members[self.find(term)].append(term)
        for root, terms in members.items():
            if root not in terms:
                terms.append(root)
        return dict(members)


def close_properties(store: ox.Store, rules: PropertyRules, schema: set[Term]) -> set[Triple]:
    """The property triples and owl:sameAs triples the rules entail, with every alias,
    less those the store holds.

    When prp-fp or prp-ifp entail a new owl:sameAs, the fixpoint is run again from
    the stated triples under the merged classes.
    """
    stated = {t for predicate in rules.read for t in triples(store, None, predicate)}
    same = SameAs()
    same.union((s, o) for s, _, o in triples(store, None, SAME_AS))
    while True:
        classes = same.classes()
        members = {m for terms in classes.values() for m in terms}
        check_aliases(store, members, schema)
        closure = PropertyClosure(rules)
        find = same.find if members else lambda term: term
        for s, p, o in stated:
            closure.add(find(s), p, find(o))
        closure.run()
        if not same.union(closure.same):
            break
    if not members:
        return set(closure.triples()) - stated
    about_aliases = {t for m in members for t in about(store, m)}
    entailed = set(expanded(closure.triples(), classes))
    entailed |= set(expanded(about_aliases, classes))
    entailed |= {
        (a, SAME_AS, b) for terms in classes.values() for a in terms for b in terms if a != b
    }
    return entailed - stated - about_aliases


def about(store: ox.Store, term: Term) -> Iterator[Triple]:
    """The triples with ``term`` as subject or object, in owlrl's generalised graph.

    A literal is the subject of its types there (dt-type2), which owl:sameAs passes on.
    """
    yield from triples(store, None, None, term)
    if not isinstance(term, ox.Literal):
        yield from triples(store, term)
        return
    datatype = URIRef(term.datatype.value)
    if datatype in OWL_RL_Datatypes and datatype != XSD.string:
        for supertype in (datatype, *OWL_Datatype_Subsumptions.get(datatype, ())):
            yield term, RDF_TYPE, node(supertype)


def check_aliases(store: ox.Store, members: set[Term], schema: set[Term]) -> None:
    for member in members:
        is_property = isinstance(member, ox.NamedNode) and next(triples(store, None, member), 0)
        if member in schema or is_property:
            raise UncoveredConstruct(f"owl:sameAs on a term of the schema or a property: {member}")


def expanded(found: Iterable[Triple], classes: dict[Term, list[Term]]) -> Iterator[Triple]:
    """eq-rep-s and eq-rep-o: each triple with every alias of its subject and object."""
    aliases = {m: terms for terms in classes.values() for m in terms}
    for s, p, o in found:
        for s2 in aliases.get(s, (s,)):
            for o2 in aliases.get(o, (o,)):
                yield s2, p, o2


def split(found: set[Triple]) -> tuple[list[Triple], list[Triple]]:
    """Triples a store holds, and generalised ones (literal subject, non-IRI property).

    ``x owl:sameAs x`` is in neither: ``infer`` drops it.
    """
    stored, generalised = [], []
    for triple in found:
        s, p, o = triple
        if p == SAME_AS and s == o:
            continue
        ok = isinstance(p, ox.NamedNode) and not isinstance(s, ox.Literal)
        (stored if ok else generalised).append(triple)
    return stored, generalised
