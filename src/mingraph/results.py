"""Query results in one shape, whatever engine produced them.

A :class:`Term` mirrors a term of the W3C SPARQL 1.1 Query Results JSON format, so
results from pyoxigraph, rdflib and a remote endpoint compare and print alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mingraph.iris import XSD, shorten

XSD_STRING = XSD + "string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def canonical_language_tag(tag: str) -> str:
    """BCP 47 case conventions (``zh-Hant``, ``en-GB``): pyoxigraph lowercases tags."""
    first, *rest = tag.split("-")
    parts = [first.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())
        elif len(part) == 2 and part.isalpha():
            parts.append(part.upper())
        else:
            parts.append(part.lower())
    return "-".join(parts)


@dataclass(frozen=True)
class Term:
    kind: str  # "uri", "literal" or "bnode"
    value: str
    lang: str | None = None
    datatype: str | None = None

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls("uri", value)

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        if lang:
            return cls("literal", value, lang=canonical_language_tag(lang))
        return cls("literal", value, datatype=None if datatype in (None, XSD_STRING) else datatype)

    def to_json(self) -> dict:
        """The term as the W3C SPARQL 1.1 Query Results JSON format writes it."""
        data = {"type": self.kind, "value": self.value}
        if self.lang:
            data["xml:lang"] = self.lang
        elif self.datatype:
            data["datatype"] = self.datatype
        return data

    def to_rdflib(self):
        """The term as rdflib holds it (rdflib keeps the language tag's case)."""
        from rdflib import BNode, Literal, URIRef

        if self.kind == "uri":
            return URIRef(self.value)
        if self.kind == "bnode":
            return BNode(self.value)
        if self.lang:
            return Literal(self.value, lang=self.lang)
        return Literal(self.value, datatype=URIRef(self.datatype) if self.datatype else None)

    def n3(self) -> str:
        """The term in N-Triples syntax (as the W3C TSV results format writes it)."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        escaped = (
            self.value.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
        if self.lang:
            return f'"{escaped}"@{self.lang}'
        if self.datatype:
            return f'"{escaped}"^^<{self.datatype}>'
        return f'"{escaped}"'

    def display(self) -> str:
        """The term for people: a prefixed name for an IRI, the text of a literal."""
        if self.kind == "uri":
            return shorten(self.value)
        if self.kind == "bnode":
            return f"_:{self.value}"
        return self.value


@dataclass
class Solutions:
    """The answer to a SELECT query: variables in order, rows of bound terms."""

    variables: list[str]
    rows: list[dict[str, Term]] = field(default_factory=list)


@dataclass
class Boolean:
    """The answer to an ASK query."""

    value: bool


@dataclass
class Triples:
    """The answer to a CONSTRUCT or DESCRIBE query."""

    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)


Result = Solutions | Boolean | Triples
