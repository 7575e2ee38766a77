"""JSON-LD a web developer reads as plain JSON: mingraph's ``@context``.

The context gives every property of the ontology its local name as a short key
(``announcedOn``, ``concerns``), every class its local name as a type
(``"type": "Mineral"``), the labels and descriptions language maps
(``"label": {"en": "gallium", "zh-Hant": "鎵"}``), and IRI-valued properties plain
strings (``"concerns": "mgi:p2023-..."``). It is made from the ontology
(:func:`build_context`), shipped beside it (``ontology/context.jsonld``, written by
``python -m mingraph.jsonld``) and served by ``mingraph serve`` at
``/context.jsonld``. Every JSON-LD mingraph writes is compacted with it, the
context inline so that any JSON-LD reader gets the same triples without fetching
anything; the expanded form stays available (:data:`EXPANDED_PROFILE`).
"""

from __future__ import annotations

import functools
import json

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from mingraph.iris import MG, PREFIXES
from mingraph.resources import resource_dir

CONTEXT_FILE = "context.jsonld"
#: The JSON-LD profile (in an Accept header) that asks for the expanded form.
EXPANDED_PROFILE = "http://www.w3.org/ns/json-ld#expanded"
#: Short keys for the other vocabularies' properties mingraph's data uses:
#: (property, "lang" for a language map, "id" for an IRI value, None for as written).
OTHER_TERMS = {
    "label": ("rdfs:label", "lang"),
    "altLabel": ("skos:altLabel", "lang"),
    "definition": ("skos:definition", "lang"),
    "comment": ("rdfs:comment", "lang"),
    "title": ("dcterms:title", "lang"),
    "description": ("dcterms:description", "lang"),
    "exact": ("oa:exact", None),
    "hasSource": ("oa:hasSource", "id"),
    "hasSelector": ("oa:hasSelector", "id"),
    "wasDerivedFrom": ("prov:wasDerivedFrom", "id"),
    "exactMatch": ("skos:exactMatch", "id"),
    "broader": ("skos:broader", "id"),
    "inScheme": ("skos:inScheme", "id"),
    "topConceptOf": ("skos:topConceptOf", "id"),
    "hasTopConcept": ("skos:hasTopConcept", "id"),
    "page": ("foaf:page", "id"),
    "isPartOf": ("dcterms:isPartOf", "id"),
    "source": ("dcterms:source", "id"),
    "license": ("dcterms:license", "id"),
    "identifier": ("dcterms:identifier", None),
    "language": ("dcterms:language", None),
    "date": ("dcterms:date", None),
    "versionInfo": ("owl:versionInfo", None),
}
LANGUAGE_MAPS = {key for key, (_, kind) in OTHER_TERMS.items() if kind == "lang"}
XSD_STRING = PREFIXES["xsd"] + "string"
_PREFIXES = {p: iri for p, iri in PREFIXES.items() if p not in ("mgsh", "mgck")}


def _curie(iri: str) -> str:
    for prefix, namespace in _PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def build_context(ontology: Graph) -> dict:
    """The ``@context`` made from the ontology's classes and properties."""
    terms: dict[str, object] = {"@version": 1.1, **_PREFIXES, "id": "@id", "type": "@type"}

    def add(key: str, definition: object) -> None:
        if key in terms:
            raise ValueError(f"two terms would have the short key {key!r}")
        terms[key] = definition

    declared = sorted(
        (str(s), kind)
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
        if str(s).startswith(MG) and len(str(s)) > len(MG)
    )
    for iri, kind in declared:
        key, curie = iri[len(MG) :], _curie(iri)
        if kind == OWL.Class:
            add(key, curie)
        elif kind == OWL.ObjectProperty:
            add(key, {"@id": curie, "@type": "@id"})
        else:
            ranges = list(ontology.objects(URIRef(iri), RDFS.range))
            datatype = str(ranges[0]) if len(ranges) == 1 else XSD_STRING
            # a plain string needs no coercion; a typed value keeps its type otherwise
            add(key, curie if datatype == XSD_STRING else {"@id": curie, "@type": _curie(datatype)})
    for key, (curie, kind) in OTHER_TERMS.items():
        if kind == "lang":
            add(key, {"@id": curie, "@container": "@language"})
        elif kind == "id":
            add(key, {"@id": curie, "@type": "@id"})
        else:
            add(key, curie)
    return {"@context": terms}


@functools.cache
def context() -> dict:
    """The shipped ``@context`` document."""
    path = resource_dir("ontology") / CONTEXT_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def write_jsonld(graph: Graph, expanded: bool = False) -> str:
    """``graph`` as JSON-LD: compacted with mingraph's context (inline), or expanded.

    rdflib writes the expanded form; pyld compacts it (rdflib's own compaction loses
    blank nodes). The context is given inline, so nothing is fetched.
    """
    from pyld import jsonld

    text = graph.serialize(format="json-ld")
    if expanded:
        return text
    compacted = jsonld.compact(json.loads(text), context(), options={"documentLoader": None})
    tags = {o.language.lower(): o.language for o in graph.objects() if getattr(o, "language", None)}
    return json.dumps(_with_tags(compacted, tags), ensure_ascii=False, indent=2)


def _with_tags(document, tags: dict[str, str]):
    """``document`` with each language tag as the data writes it (``zh-Hant``): pyld
    lowercases them, as the JSON-LD API allows."""
    if isinstance(document, list):
        return [_with_tags(item, tags) for item in document]
    if not isinstance(document, dict):
        return document
    out = {}
    for key, value in document.items():
        if key == "@context":
            out[key] = value
        elif key == "@language":
            out[key] = tags.get(value, value)
        elif key in LANGUAGE_MAPS and isinstance(value, dict):
            out[key] = {tags.get(tag, tag): texts for tag, texts in value.items()}
        else:
            out[key] = _with_tags(value, tags)
    return out


def main() -> None:
    """Print the context made from the shipped ontology (to refresh the shipped file)."""
    from mingraph.ontology_page import load_ontology

    print(json.dumps(build_context(load_ontology()), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
