"""What the pages read from the graph.

Labels, kinds, parameter choices and counts are gathered once when
the server starts (the served graph does not change while it runs); an entity's
facts, links and contested claims are asked when its page is. Every query here
is mingraph's own text; an entity's IRI is bound in a VALUES block
(:func:`mingraph.engines.with_values`), and only IRIs the graph holds get there.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from mingraph.answers import describe_entity
from mingraph.engines import Engine, from_oxigraph, with_values
from mingraph.export import void_description
from mingraph.iris import MG, MGI, PREFIXES, shorten
from mingraph.resolve import KIND_CLASSES, is_of_kind
from mingraph.results import Solutions, Term, Triples
from mingraph.search import Excerpt, Found, search_page, written_language
from mingraph.web.strings import term_name

_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

_LABELS = (
    _PREFIXES
    + """
SELECT ?thing ?label ?alt WHERE {
    { ?thing rdfs:label ?label } UNION { ?thing skos:altLabel ?label BIND(true AS ?alt) }
    FILTER(isIRI(?thing))
}"""
)
_KINDS = (
    _PREFIXES
    + f"""
SELECT ?entity ?class WHERE {{
    ?entity a ?class .
    FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), "{MGI}") && STRSTARTS(STR(?class), "{MG}"))
}}"""
)
_SUBCLASSES = (
    _PREFIXES
    + f"""
SELECT ?sub ?super WHERE {{
    ?sub rdfs:subClassOf ?super . FILTER(?sub != ?super && STRSTARTS(STR(?super), "{MG}"))
}}"""
)
#: Every IRI of the instance namespace the graph mentions, as subject or object.
_ENTITIES = f"""
SELECT DISTINCT ?entity WHERE {{
    {{ ?entity ?p ?o }} UNION {{ ?s ?p ?entity }}
    FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), "{MGI}"))
}}"""
#: The properties whose dates say when something happened (not forecasts' years).
EVENT_DATES = (
    "statedDate",
    "announcedOn",
    "inForceFrom",
    "endedOn",
    "occurredOn",
    "joinedOn",
    "foundedOn",
)
_DATES = (
    _PREFIXES
    + f"""
SELECT DISTINCT ?date WHERE {{
    VALUES ?property {{ {" ".join(f"mg:{name}" for name in EVENT_DATES)} }}
    ?thing ?property ?value . BIND(STR(?value) AS ?date)
}} ORDER BY ?date"""
)
#: What a measure can be aimed at: countries, and blocs with a code of their own (EU).
_STATES = (
    _PREFIXES
    + "SELECT DISTINCT ?entity WHERE {"
    + " { ?entity a mg:Country } UNION { ?entity mg:iso3166Alpha2 ?code } }"
)
_NEWEST_SOURCE = _PREFIXES + "SELECT (MAX(STR(?d)) AS ?date) WHERE { ?x mg:newestSourceDate ?d }"
_STATEMENTS = _PREFIXES + "SELECT ?property ?value WHERE { ?entity ?property ?value }"
_LINKS_HERE = (
    _PREFIXES
    + """
SELECT DISTINCT ?thing ?property WHERE {
    ?thing ?property ?entity . FILTER(isIRI(?thing))
} ORDER BY ?property ?thing"""
)
_CONTESTED = (
    _PREFIXES
    + """
SELECT DISTINCT ?claim ?revision ?corrected WHERE {
    ?claim a mg:Claim ; mg:revisedBy ?revision .
    FILTER(?claim = ?entity || ?revision = ?entity
           || EXISTS { ?claim mg:about|mg:concerns ?entity }
           || EXISTS { ?revision mg:about|mg:concerns ?entity })
    BIND(EXISTS { ?claim mg:correctedBy ?revision } AS ?corrected)
} ORDER BY ?claim ?revision"""
)
_DESCRIBE = "DESCRIBE ?entity WHERE { }"
RDF_TYPE = PREFIXES["rdf"] + "type"
_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
_WORDS = re.compile(r"[A-Za-z]{2,}|[\u4e00-\u9fff]")
DERIVED_FROM = PREFIXES["prov"] + "wasDerivedFrom"


def search_key(text: str) -> str:
    """The form labels and searches are compared in: NFKC, case-folded, single-spaced."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def href(iri: str) -> str | None:
    """Where a term's page is on this server, or the IRI itself for things elsewhere."""
    if iri.startswith(MGI):
        return "/id/" + iri[len(MGI) :]
    if iri.startswith(MG):
        return "/ontology#" + iri[len(MG) :]
    return iri if iri.startswith(("http://", "https://")) else None


@dataclass
class Cell:
    """One value on a page: its text, its link (if any) and its language tag."""

    text: str
    link: str | None = None
    lang: str | None = None
    date: bool = False  # in a date column: a year (2006) is a date too

    @property
    def is_date(self) -> bool:
        """A date (YYYY-MM-DD, YYYY-MM, or any value of a date column, a year as
        stored among them): never broken across lines."""
        return self.date or bool(_DATE.fullmatch(self.text))


@dataclass
class Hit:
    link: str
    label: str
    field: str  # where it matched: label, quote, description, ...
    excerpt: Excerpt
    kinds: list[str]


#: Hits a search page shows.
SEARCH_PAGE = 20
#: Answers and page data kept at once (the oldest are dropped past it).
REMEMBERED = 2048


class Site:
    """The graph as the pages see it."""

    def __init__(self, engine: Engine, store):
        self.engine = engine
        self._remembered: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._facts: dict[tuple[str, str], Solutions] = {}  # at most two per entity
        self.labels: dict[str, dict[str, str]] = {}
        for row in engine.run(_LABELS).rows:
            iri, label = row["thing"].value, row["label"]
            if "alt" not in row:
                self.labels.setdefault(iri, {})[label.lang or ""] = label.value
        self.entities = {row["entity"].value for row in engine.run(_ENTITIES).rows}
        self.classes: dict[str, set[str]] = {}  # every mg: class of each entity
        for row in engine.run(_KINDS).rows:
            self.classes.setdefault(row["entity"].value, set()).add(row["class"].value)
        self.kinds = self._most_specific_kinds()
        self.states = {row["entity"].value for row in engine.run(_STATES).rows}
        self.dates = [row["date"].value for row in engine.run(_DATES).rows]
        newest = engine.run(_NEWEST_SOURCE).rows
        self.newest_source = newest[0]["date"].value if newest and "date" in newest[0] else None
        void = Triples(
            [
                tuple(from_oxigraph(t) for t in (x.subject, x.predicate, x.object))
                for x in void_description(store, inferred=True)
            ]
        )
        self.triples = int(_objects(void, PREFIXES["void"] + "triples")[0].value)
        self.entity_count = int(_objects(void, PREFIXES["void"] + "entities")[0].value)
        self.class_counts = _class_partitions(void)

    def _most_specific_kinds(self) -> dict[str, list[str]]:
        supers: dict[str, set[str]] = {}
        for row in self.engine.run(_SUBCLASSES).rows:
            supers.setdefault(row["sub"].value, set()).add(row["super"].value)
        return {
            entity: sorted(c for c in classes if not any(c in supers.get(d, ()) for d in classes))
            for entity, classes in self.classes.items()
        }

    # --- names and links ---------------------------------------------------------

    def label(self, iri: str, lang: str) -> str:
        return self.tagged_label(iri, lang)[0]

    def tagged_label(self, iri: str, lang: str) -> tuple[str, str | None]:
        """The label in ``lang``, else in English, else the IRI's short form; with the
        language it is in (None when that is ``lang`` or no language)."""
        labels = self.labels.get(iri, {})
        for tag in (lang, "en", ""):
            if tag in labels:
                return labels[tag], (tag if tag not in (lang, "") else None)
        return term_name(iri, lang) or shorten(iri), None

    def cell(self, term: Term, lang: str) -> Cell:
        if term.kind == "uri":
            text, tag = self.tagged_label(term.value, lang)
            return Cell(text, href(term.value), lang=tag)
        if term.kind == "bnode":
            return Cell(term.display())
        if not term.lang and _WORDS.search(term.value):  # text without a tag: its script's
            return Cell(term.value, lang=written_language(term.value))
        return Cell(term.value, lang=term.lang)

    def kind_names(self, iri: str, lang: str) -> list[str]:
        return [self.label(kind, lang) for kind in self.kinds.get(iri, [])]

    # --- search and choices ------------------------------------------------------

    def search(self, query: str, lang: str, offset: int = 0, limit: int = SEARCH_PAGE) -> Found:
        """One page of the hits ``mingraph search`` gives, ranked alike."""
        found = search_page(self.engine, query, limit=limit, lang=lang, offset=offset)
        return Found(
            [
                Hit(
                    href(h.entity),
                    self.label(h.entity, lang),
                    h.field,
                    h.excerpt,
                    self.kind_names(h.entity, lang),
                )
                for h in found.hits
            ],
            found.total,
            offset,
        )

    def choices(self, parameter: str, lang: str) -> list[tuple[str, str]]:
        """(slug, label) of every value a parameter may take, by label."""
        wanted = KIND_CLASSES.get(parameter)
        if parameter == "date":
            return [(d, d) for d in self.dates]
        members = [
            iri
            for iri in self.entities
            if iri in self.labels
            and (wanted is None or wanted in self.classes.get(iri, ()))
            and (parameter != "against" or iri in self.states)
        ]
        return sorted(
            ((iri[len(MGI) :], self.label(iri, lang)) for iri in members),
            key=lambda choice: search_key(choice[1]),
        )

    def remembered(self, key, compute: Callable):
        """``compute()``, kept under ``key``: the served graph does not change, so a
        question's answer or an entity's facts are asked once, not per visit."""
        with self._lock:
            if key in self._remembered:
                self._remembered.move_to_end(key)
                return self._remembered[key]
        value = compute()
        with self._lock:
            self._remembered[key] = value
            while len(self._remembered) > REMEMBERED:
                self._remembered.popitem(last=False)
        return value

    # --- one entity ----------------------------------------------------------------

    def facts(self, iri: str, lang: str) -> Solutions:
        """The entity's quoted facts: the ``sources`` question's answer.

        Kept once asked: the served graph does not change, and finding an entity
        by any of its names (``resolve``) takes a fifth of a second.
        """
        key = (iri, lang)
        if key not in self._facts:
            if is_of_kind(self.engine, iri, "entity"):
                self._facts[key] = describe_entity(self.engine, iri, lang)[1]
            else:  # a citation or a code-list concept: no quoted facts
                self._facts[key] = Solutions([])
        return self._facts[key]

    def statements(self, iri: str) -> Solutions:
        return self._about(_STATEMENTS, iri)

    def links_here(self, iri: str) -> Solutions:
        return self._about(_LINKS_HERE, iri)

    def contested(self, iri: str) -> Solutions:
        return self._about(_CONTESTED, iri)

    def document(self, iri: str) -> Triples:
        """The entity's concise bounded description: its triples and its citations'."""
        return self._about(_DESCRIBE, iri)

    def _about(self, text: str, iri: str):
        return self.engine.run(with_values(text, {"entity": Term.iri(iri)}))


def _objects(triples: Triples, predicate: str) -> list[Term]:
    return [o for _, p, o in triples.triples if p.value == predicate]


def _class_partitions(void: Triples) -> dict[str, int]:
    """Entities per class, from the VoID description's class partitions."""
    classes = {s: o.value for s, p, o in void.triples if p.value == PREFIXES["void"] + "class"}
    counts = {
        s: int(o.value)
        for s, p, o in void.triples
        if p.value == PREFIXES["void"] + "entities" and s in classes
    }
    return {classes[s]: n for s, n in counts.items()}
