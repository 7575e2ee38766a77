"""Turning what a user types into the RDF term a question is asked about.

A mineral, country, initiative or any entity is found by its slug (``gallium``),
an English or Chinese label or alternative label (``MSP``, ``鎵``), its IRI or
``mgi:`` name, its Wikidata QID, and for countries its ISO 3166-1 code. A date is
parsed, kept to its first day as the ontology's comparison rule says, and bound as
an ``xsd:date``. Anything else is refused with the known values.
"""

from __future__ import annotations

from mingraph.catalogue import Parameter
from mingraph.dates import parse_date, period_start
from mingraph.engines import Engine
from mingraph.iris import MG, MGI, PREFIXES, XSD
from mingraph.results import Term

#: The class an entity parameter's value must belong to (None: any described entity).
KIND_CLASSES = {
    "mineral": MG + "Mineral",
    "country": MG + "Actor",
    "against": MG + "Actor",  # the state a measure is aimed at
    "initiative": MG + "Initiative",
    "entity": None,
}

_KEYS = f"""
    {{ ?entity rdfs:label ?key }} UNION {{ ?entity skos:altLabel ?key }}
    UNION {{ ?entity skos:exactMatch ?link .
             BIND(STRAFTER(STR(?link), "{PREFIXES["wd"]}") AS ?key) }}
    UNION {{ ?entity mg:iso3166Alpha2 ?key }}
    UNION {{ ?entity a ?anyClass . BIND(STRAFTER(STR(?entity), "{MGI}") AS ?key) }}
"""
_HEADER = f"""
PREFIX rdfs: <{PREFIXES["rdfs"]}>
PREFIX skos: <{PREFIXES["skos"]}>
PREFIX mg: <{MG}>
"""
#: Entities of ?class whose slug, label, alternative label, QID or code is ?needle
#: (compared in lower case).
_MATCHES = (
    _HEADER
    + f"""
SELECT DISTINCT ?entity ?class ?needle WHERE {{
    ?entity a ?class .
    FILTER(STRSTARTS(STR(?entity), "{MGI}"))
    {_KEYS}
    FILTER(LCASE(STR(?key)) = ?needle)
}}
"""
)
#: Every entity of ?class, with its English label: the known values of a refusal.
_KNOWN = (
    _HEADER
    + f"""
SELECT DISTINCT ?entity ?class WHERE {{
    ?entity a ?class .
    FILTER(STRSTARTS(STR(?entity), "{MGI}"))
    ?entity rdfs:label ?label .
}} ORDER BY ?entity
"""
)


class BadParameter(ValueError):
    """A parameter value that names nothing known, or is not of the right form."""


def _normalise(text: str) -> str:
    """The form keys are compared in: trimmed, single-spaced, lower case, no mgi: prefix."""
    text = " ".join(text.split()).lower()
    for prefix in (MGI.lower(), "mgi:"):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def _class_binding(kind: str) -> dict[str, Term]:
    wanted = KIND_CLASSES[kind]
    return {"class": Term.iri(wanted)} if wanted else {}


def resolve(engine: Engine, parameter: Parameter, raw: str) -> Term:
    """The term to bind for ``raw``; raises :class:`BadParameter` when there is none."""
    shown = raw if len(raw) <= 60 else raw[:57] + "..."
    if parameter.kind == "xsd_date":
        try:
            lexical, _ = parse_date(raw)
        except ValueError as error:
            raise BadParameter(f"--{parameter.name}: {error}") from None
        return Term.literal(period_start(lexical).isoformat(), datatype=XSD + "date")
    kind = parameter.name if parameter.name in KIND_CLASSES else "entity"
    bindings = {**_class_binding(kind), "needle": Term.literal(_normalise(raw))}
    matches = {row["entity"].value for row in engine.run(_MATCHES, bindings).rows}
    if len(matches) == 1:
        return Term.iri(next(iter(matches)))
    if matches:
        names = ", ".join(sorted(m[len(MGI) :] for m in matches))
        raise BadParameter(f"--{parameter.name} {shown!r} is ambiguous: it names {names}")
    rows = engine.run(_KNOWN, _class_binding(kind)).rows
    known = sorted({row["entity"].value[len(MGI) :] for row in rows})
    listing = ", ".join(known[:60]) + (f", ... ({len(known)} in all)" if len(known) > 60 else "")
    raise BadParameter(
        f"--{parameter.name} {shown!r} names no known {kind}. "
        f"Give a name, label, QID or code; known {kind} names: {listing}"
    )
