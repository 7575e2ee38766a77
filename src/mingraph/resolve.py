"""Turning what a user types into the RDF term a question is asked about.

A mineral, country, initiative, policy or any described entity is found by its
slug (``gallium``), an English or Chinese label or alternative label (``MSP``,
``鎵``), its IRI or ``mgi:`` name, its Wikidata QID, and for countries its ISO
3166-1 code. The value is first compared as typed (in lower case); when nothing is
spelled so, it is compared folded as :func:`mingraph.search.fold` folds it, so
``台灣`` and ``台湾`` find 臺灣 (Taiwan) and ``rare earth`` finds rare-earths. A
date is parsed, kept to its first day as the ontology's comparison rule says, and
bound as an ``xsd:date``; a number (``?__period_xsd_integer``) as an ``xsd:integer``.
Anything else is refused, with the entities ``search`` ranks first for the value
as suggestions.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from mingraph.catalogue import Parameter
from mingraph.dates import parse_date, period_start
from mingraph.engines import Engine
from mingraph.iris import MG, MGI, PREFIXES, XSD
from mingraph.results import Term

#: The class a parameter's value must belong to, by the parameter's name.
KIND_CLASSES = {
    "mineral": MG + "Mineral",
    "country": MG + "Actor",
    "against": MG + "Actor",  # the state a measure is aimed at
    "initiative": MG + "Initiative",
    "policy": MG + "Policy",
    "source": MG + "SourceDocument",
    "document": MG + "PublicDocument",
}
#: Any other parameter names an entity ``describe`` can show: one with a quoted
#: source, or a source document (which describes itself). Citation records carry
#: quotes; they are not subjects.
DESCRIBED = (
    "{ ?entity prov:wasDerivedFrom ?quoted . FILTER NOT EXISTS { ?entity a mg:Citation } }"
    " UNION { ?entity a mg:SourceDocument }"
)
#: The kind of every entity :data:`DESCRIBED` matches, in the names index.
DESCRIBED_KIND = "described"

_HEADER = f"""
PREFIX rdfs: <{PREFIXES["rdfs"]}>
PREFIX skos: <{PREFIXES["skos"]}>
PREFIX prov: <{PREFIXES["prov"]}>
PREFIX mg: <{MG}>
"""
#: The names an entity is known by: slug, labels, alternative labels, QID, ISO code.
_KEYS = f"""
    {{ ?entity rdfs:label ?key }} UNION {{ ?entity skos:altLabel ?key }}
    UNION {{ ?entity skos:exactMatch ?link .
             BIND(STRAFTER(STR(?link), "{PREFIXES["wd"]}") AS ?key) }}
    UNION {{ ?entity mg:iso3166Alpha2 ?key }}
    UNION {{ ?entity a ?anyClass . BIND(STRAFTER(STR(?entity), "{MGI}") AS ?key) }}
"""
#: Known values are listed in a refusal when there are at most this many.
LIST_KNOWN = 30
#: The file beside a built store that holds every entity's keys in lower case.
KEY_INDEX = "keys.sqlite"


_PLAIN_IRI = re.compile(r"[^\s<>\"{}|^`\\]+")


class BadParameter(ValueError):
    """A parameter value that names nothing known, or is not of the right form."""


def _scope(kind: str | None) -> str:
    """The pattern an entity of the kind matches; none for ``None`` (every entity)."""
    if kind is None:
        return ""
    return f"?entity a <{KIND_CLASSES[kind]}> ." if kind in KIND_CLASSES else DESCRIBED


def _keys_query(kind: str | None, compared: bool) -> str:
    """Entities of the kind with their keys, and each key in lower case as ?lower; with
    ``compared``, only keys equal to ?needle in lower case."""
    test = "FILTER(?lower = ?needle)" if compared else ""
    return f"""{_HEADER}
SELECT DISTINCT ?entity ?key ?lower {"?needle" if compared else ""} WHERE {{
    {_scope(kind)}
    FILTER(STRSTARTS(STR(?entity), "{MGI}"))
    {_KEYS}
    BIND(LCASE(STR(?key)) AS ?lower)
    {test}
}}
"""


def write_key_index(engine: Engine, path: Path) -> None:
    """Every entity's keys, in lower case, and the kinds it belongs to, in indexed
    tables at ``path``.

    Comparing a value with every key of every entity in SPARQL reads them all (most
    of a second at a million triples); the tables find the few entities of a kind a
    key names in one indexed lookup.
    """
    import sqlite3  # here and below, not at the top: most answers resolve no name

    keys = engine.run(_keys_query(None, compared=False)).rows
    kinds = {
        (row["entity"].value, _kind_class(kind))
        for kind in (*KIND_CLASSES, DESCRIBED_KIND)
        for row in engine.run(_entities_query(kind)).rows
    }
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE keys (key TEXT NOT NULL, entity TEXT NOT NULL)")
        db.execute("CREATE TABLE kinds (entity TEXT NOT NULL, class TEXT NOT NULL)")
        db.executemany(
            "INSERT INTO keys VALUES (?, ?)", ((r["lower"].value, r["entity"].value) for r in keys)
        )
        db.executemany("INSERT INTO kinds VALUES (?, ?)", sorted(kinds))
        db.execute("CREATE INDEX keys_by_key ON keys (key)")
        db.execute("CREATE INDEX kinds_by_entity ON kinds (entity, class)")


def _named(engine: Engine, kind: str, needle: str) -> set[str]:
    """Entities of the kind one of whose keys is ``needle`` in lower case."""
    index = getattr(engine, "key_index", None)
    if index is None or not index.is_file():
        bound = {"needle": Term.literal(needle)}
        return {row["entity"].value for row in engine.run(_keys_query(kind, True), bound).rows}
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"{index.as_uri()}?mode=ro", uri=True)) as db:
        rows = db.execute(
            "SELECT DISTINCT keys.entity FROM keys JOIN kinds ON kinds.entity = keys.entity"
            " WHERE keys.key = ? AND kinds.class = ?",
            (needle, _kind_class(kind)),
        )
        return {entity for (entity,) in rows}


def _kind_class(kind: str) -> str:
    """The class of a kind, as the index names it; ``described`` for any other kind."""
    return KIND_CLASSES.get(kind, DESCRIBED_KIND)


def _entities_query(kind: str, limit: str = "") -> str:
    """The entities of the kind (with ``limit`` "LIMIT 1", whether ?entity is one)."""
    return f"""{_HEADER}
SELECT DISTINCT ?entity WHERE {{ {_scope(kind)} FILTER(STRSTARTS(STR(?entity), "{MGI}")) }} {limit}
"""


def _normalise(text: str) -> str:
    """The form keys are compared in: trimmed, single-spaced, lower case, no mgi: prefix."""
    text = " ".join(text.split()).lower()
    for prefix in (MGI.lower(), "mgi:"):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def resolve(engine: Engine, parameter: Parameter, raw: str) -> Term:
    """The term to bind for ``raw``; raises :class:`BadParameter` when there is none."""
    if parameter.kind == "xsd_date":
        try:
            lexical, _ = parse_date(raw)
        except ValueError as error:
            raise BadParameter(f"--{parameter.name}: {error}") from None
        return Term.literal(period_start(lexical).isoformat(), datatype=XSD + "date")
    if parameter.kind == "xsd_integer":
        number = raw.strip()
        if not number.isdigit() or not 1 <= int(number) <= 1000:
            raise BadParameter(f"--{parameter.name}: {raw[:40]!r} is not a whole number from 1 up")
        return Term.literal(str(int(number)), datatype=XSD + "integer")
    return resolve_entity(engine, raw, (parameter.name,), f"--{parameter.name}")


def resolve_entity(engine: Engine, raw: str, kinds: tuple[str, ...], name: str) -> Term:
    """The one entity of any of ``kinds`` that ``raw`` names; a refusal names ``name`` (an option).

    A kind is a key of :data:`KIND_CLASSES`, or any other word for a described entity.
    """
    if raw.startswith(MGI) and _PLAIN_IRI.fullmatch(raw):
        iri = Term.iri(raw)
        checks = (_entities_query(kind, "LIMIT 1") for kind in kinds)
        if any(engine.run(check, {"entity": iri}).rows for check in checks):
            return iri
    shown = f"{name} {(raw if len(raw) <= 60 else raw[:57] + '...')!r}".strip()
    matches = {entity for kind in kinds for entity in _named(engine, kind, _normalise(raw))}
    if not matches:
        matches = {entity for kind in kinds for entity in _folded_matches(engine, kind, raw)}
    if len(matches) == 1:
        return Term.iri(next(iter(matches)))
    if matches:
        names = ", ".join(sorted(m[len(MGI) :] for m in matches))
        raise BadParameter(f"{shown} is ambiguous: it names {names}")
    described = " or ".join(kinds).replace("entity", "described entity")
    raise BadParameter(f"{shown} names no {described}. {_suggest(engine, kinds, raw)}")


def _folded_matches(engine: Engine, kind: str, raw: str) -> set[str]:
    """Entities of the kind one of whose keys folds to what ``raw`` folds to."""
    from mingraph.search import fold

    needle = fold(_normalise(raw))
    chinese = not needle.isascii()  # an ASCII value matches no Chinese key: skip converting
    rows = engine.run(_keys_query(kind, compared=False)).rows
    return {row["entity"].value for row in rows if fold(row["key"].value, chinese) == needle}


def _suggest(engine: Engine, kinds: tuple[str, ...], raw: str) -> str:
    """What to say after a value that names nothing: the closest entities, or the known ones."""
    from mingraph.search import search

    classes = [KIND_CLASSES.get(kind) for kind in kinds]
    hits = [hit for c in dict.fromkeys(classes) for hit in search(engine, raw[:200], c, limit=5)]
    if hits:
        names = "; ".join(f"{hit.slug} ({hit.label_en or hit.label_zh})" for hit in hits[:5])
        return f"Did you mean: {names}? 'mingraph search TEXT' finds more."
    known = sorted(
        {
            row["entity"].value[len(MGI) :]
            for kind in kinds
            for row in engine.run(_keys_query(kind, compared=False)).rows
        }
    )
    if len(known) <= LIST_KNOWN:
        return f"Known names: {', '.join(known)}."
    return "'mingraph search TEXT' finds entities by name, description or quote."
