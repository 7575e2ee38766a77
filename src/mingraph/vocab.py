"""The ontology's terms for people who write SPARQL: listing, looking up, checking a query.

A term is declared when the graph types it as a class or property (as the
``undeclared-term`` quality check reads it). :func:`query_warnings` finds the
``mg:`` terms a query names that the ontology does not declare, and prefix
declarations that misspell a namespace mingraph knows: both give 0 rows and no
error, so they are worth a warning.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from mingraph.engines import Engine, with_values
from mingraph.errors import QueryError
from mingraph.iris import MG, PREFIXES, shorten
from mingraph.querytext import Token, expand_escapes, tokens
from mingraph.results import Term

_TERMS = f"""
PREFIX rdf:  <{PREFIXES["rdf"]}>
PREFIX rdfs: <{PREFIXES["rdfs"]}>
PREFIX owl:  <{PREFIXES["owl"]}>
PREFIX skos: <{PREFIXES["skos"]}>
SELECT ?term ?kind ?labelEn ?labelZh ?definitionEn ?definitionZh WHERE {{
    ?term rdf:type ?declared .
    FILTER(?declared IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty,
                         owl:AnnotationProperty, rdf:Property))
    FILTER(STRSTARTS(STR(?term), "{MG}"))
    BIND(IF(?declared = owl:Class, "class", "property") AS ?kind)
    OPTIONAL {{ ?term rdfs:label ?labelEn . FILTER(langMatches(lang(?labelEn), "en")) }}
    OPTIONAL {{ ?term rdfs:label ?labelZh . FILTER(langMatches(lang(?labelZh), "zh-Hant")) }}
    OPTIONAL {{ ?term skos:definition ?definitionEn .
               FILTER(langMatches(lang(?definitionEn), "en")) }}
    OPTIONAL {{ ?term skos:definition ?definitionZh .
               FILTER(langMatches(lang(?definitionZh), "zh-Hant")) }}
}} ORDER BY ?kind ?term
"""
#: What the ontology says of one term: parents, domain, range, inverse.
_AXIOMS = f"""
PREFIX rdfs: <{PREFIXES["rdfs"]}>
PREFIX owl:  <{PREFIXES["owl"]}>
SELECT ?axiom ?value WHERE {{
    {{ ?term rdfs:subClassOf ?value . BIND("subclass of" AS ?axiom) }}
    UNION {{ ?term rdfs:subPropertyOf ?value . BIND("subproperty of" AS ?axiom) }}
    UNION {{ ?term rdfs:domain ?value . BIND("domain" AS ?axiom) }}
    UNION {{ ?term rdfs:range ?value . BIND("range" AS ?axiom) }}
    UNION {{ ?term owl:inverseOf ?value . BIND("inverse of" AS ?axiom) }}
    FILTER(isIRI(?value) && ?value != ?term)
    FILTER(!STRSTARTS(STR(?value), "{PREFIXES["owl"]}")
           && !STRSTARTS(STR(?value), "{PREFIXES["rdfs"]}"))
}} ORDER BY ?axiom ?value
"""
#: Up to three uses of a term in the data: instances of a class, triples of a property.
_USES = f"""
PREFIX rdf: <{PREFIXES["rdf"]}>
SELECT ?subject ?object WHERE {{
    {{ ?subject rdf:type ?term . BIND(?term AS ?object) BIND("class" AS ?use) }}
    UNION {{ ?subject ?term ?object . BIND("property" AS ?use) }}
    FILTER(?use = ?kind)
}} ORDER BY isBlank(?subject) ?subject ?object LIMIT 3
"""


@dataclass
class VocabTerm:
    iri: str
    kind: str  # class or property
    labels: dict[str, str]  # language tag: label
    definitions: dict[str, str]
    axioms: list[tuple[str, str]] = field(default_factory=list)
    uses: list[tuple[Term, Term]] = field(default_factory=list)  # subject, object

    @property
    def name(self) -> str:
        return shorten(self.iri)

    @property
    def example_query(self) -> str:
        """A query that shows the term at work, with the labels of what it links."""
        if self.kind == "class":
            return (
                f"SELECT ?x ?label WHERE {{ ?x a {self.name} . OPTIONAL {{ ?x rdfs:label ?label . "
                'FILTER(langMatches(lang(?label), "en")) } } LIMIT 10'
            )
        return f"SELECT ?subject ?value WHERE {{ ?subject {self.name} ?value }} LIMIT 10"


def declared_terms(engine: Engine) -> list[VocabTerm]:
    """Every class and property of the ``mg:`` namespace the graph declares."""
    terms: dict[str, VocabTerm] = {}
    for row in engine.run(_TERMS).rows:
        iri = row["term"].value
        term = terms.setdefault(iri, VocabTerm(iri, row["kind"].value, {}, {}))
        if row["kind"].value == "class":  # a class that is also typed a property is a class
            term.kind = "class"
        for variable, store, lang in (
            ("labelEn", term.labels, "en"),
            ("labelZh", term.labels, "zh-Hant"),
            ("definitionEn", term.definitions, "en"),
            ("definitionZh", term.definitions, "zh-Hant"),
        ):
            if variable in row:
                store[lang] = row[variable].value
    return list(terms.values())


class UnknownTerm(LookupError):
    pass


def look_up(engine: Engine, name: str) -> VocabTerm:
    """The term ``name`` stands for: ``mg:Policy``, ``Policy``, its IRI, or a label (en, zh)."""
    from mingraph.search import fold

    terms = declared_terms(engine)
    wanted = fold(name.strip().removeprefix(MG).removeprefix("mg:"))
    keys = {
        term.iri: {fold(term.iri[len(MG) :]), *(fold(label) for label in term.labels.values())}
        for term in terms
    }
    found = [term for term in terms if wanted in keys[term.iri]]
    if not found:
        names = [term.iri[len(MG) :] for term in terms]
        close = difflib.get_close_matches(name.strip().removeprefix("mg:"), names, n=3, cutoff=0.6)
        hint = f" Did you mean {' or '.join('mg:' + c for c in close)}?" if close else ""
        raise UnknownTerm(
            f"{name[:80]!r} is not a term of the mingraph ontology.{hint} "
            "'mingraph vocab' lists them."
        )
    term = found[0]
    bound = {"term": Term.iri(term.iri)}
    term.axioms = [
        (r["axiom"].value, r["value"].value) for r in engine.run(with_values(_AXIOMS, bound)).rows
    ]
    uses = engine.run(with_values(_USES, {**bound, "kind": Term.literal(term.kind)})).rows
    term.uses = [(r["subject"], r["object"]) for r in uses]
    return term


# --- checking what a query names ----------------------------------------------------------


def _terminals(text: str) -> list[Token]:
    """The query's tokens as the guard reads them; none if the grammar cannot read it
    (the engine then says why)."""
    try:
        return tokens(expand_escapes(text))
    except QueryError:
        return []


def declared_prefixes(text: str) -> dict[str, str]:
    """The query's own PREFIX declarations: {name: namespace IRI}."""
    found: dict[str, str] = {}
    words = _terminals(text)
    for index, word in enumerate(words[:-2]):
        name, iri = words[index + 1], words[index + 2]
        if (
            word.kind == "word"
            and word.value.upper() == "PREFIX"
            and name.kind == "pname"
            and name.value.endswith(":")
            and iri.kind == "iri"
        ):
            found[name.value[:-1]] = iri.value
    return found


def named_terms(text: str, predeclared: dict[str, str]) -> list[tuple[str, str]]:
    """Each IRI the query names, as written and as an IRI, in order, prefixes expanded."""
    namespaces = {**predeclared, **declared_prefixes(text)}
    named = []
    words = _terminals(text)
    for index, word in enumerate(words):
        if word.kind == "iri" and _declares_namespace(words, index):
            continue  # PREFIX mg: <…#> and BASE <…> name a namespace, not a term
        if word.kind == "iri":
            named.append((f"<{word.value}>", word.value))
        elif word.kind == "pname":
            prefix, _, local = word.value.partition(":")
            if prefix in namespaces and local:
                named.append((word.value, namespaces[prefix] + local))
    return named


def _declares_namespace(words: list[Token], index: int) -> bool:
    """Whether the IRI at ``index`` is the namespace of a PREFIX or BASE declaration."""
    before = [word.value.upper() for word in words[max(0, index - 2) : index]]
    return before[-1:] == ["BASE"] or (before[:1] == ["PREFIX"] and len(before) == 2)


def query_warnings(text: str, engine: Engine, predeclared: dict[str, str]) -> list[str]:
    """Warnings for a query: ``mg:`` terms the ontology does not declare, with the nearest
    declared one, and PREFIX declarations that misspell a namespace mingraph knows."""
    warnings = []
    known = set(PREFIXES.values())
    for name, iri in declared_prefixes(text).items():
        if iri in known:
            continue
        close = difflib.get_close_matches(iri, known, n=1, cutoff=0.85)
        if close:
            right = next(p for p, ns in PREFIXES.items() if ns == close[0])
            warnings.append(
                f"PREFIX {name}: <{iri}> is not a namespace mingraph uses; "
                f"did you mean <{close[0]}> ({right}:)? Nothing in the graph is named under it."
            )
    in_ontology = [
        (written, iri) for written, iri in named_terms(text, predeclared) if iri.startswith(MG)
    ]
    if not in_ontology:
        return warnings
    declared = {term.iri[len(MG) :] for term in declared_terms(engine)}
    for written, iri in dict(in_ontology).items():
        local = iri[len(MG) :]
        if local in declared:
            continue
        by_case = {name.lower(): name for name in declared}
        close = [by_case[local.lower()]] if local.lower() in by_case else []
        close = close or difflib.get_close_matches(local, declared, n=1, cutoff=0.6)
        hint = f"; did you mean mg:{close[0]}?" if close else "; 'mingraph vocab' lists the terms."
        warnings.append(
            f"{written} is not a term of the mingraph ontology, so it matches nothing{hint}"
        )
    return warnings
