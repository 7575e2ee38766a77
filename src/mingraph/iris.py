"""Namespace IRIs as plain strings, for code that must not import rdflib."""

from __future__ import annotations

PREFIXES = {
    "mg": "https://w3id.org/mingraph/ontology#",
    "mgi": "https://w3id.org/mingraph/id/",
    "mgsh": "https://w3id.org/mingraph/shapes#",
    "mgck": "https://w3id.org/mingraph/checks#",
    "oa": "http://www.w3.org/ns/oa#",
    "wd": "http://www.wikidata.org/entity/",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "void": "http://rdfs.org/ns/void#",
}

MG = PREFIXES["mg"]
MGI = PREFIXES["mgi"]
XSD = PREFIXES["xsd"]


def shorten(iri: str) -> str:
    """``mgi:gallium`` for a known namespace, else the IRI in angle brackets."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local and all(c.isalnum() or c in "-_." for c in local):
                return f"{prefix}:{local}"
    return f"<{iri}>"
