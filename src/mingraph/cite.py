"""References a paper can use: the source documents behind an entity, in BibTeX, CSL-JSON or RIS.

Given an entity, every source document it is derived from becomes one reference,
with the quotes taken from it for that entity as notes. Given a source document,
it is the one reference. A reference holds what the graph states of the document
(``dcterms:title``, ``dcterms:creator``, ``dcterms:date`` at its precision,
``foaf:page``, ``dcterms:isPartOf``, ``dcterms:identifier``,
``dcterms:language``) and nothing more: a field the graph does not state is left
out, never guessed. Every reference is a generic document (BibTeX ``@misc``, CSL
``document``, RIS ``GEN``): the graph does not say what kind of publication a
source is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from mingraph.engines import Engine, with_values
from mingraph.iris import MGI, PREFIXES
from mingraph.printable import escaped, printable
from mingraph.resolve import resolve_entity
from mingraph.results import Term

STYLES = ("bibtex", "csl-json", "ris")

_DC, _FOAF = PREFIXES["dcterms"], PREFIXES["foaf"]
_HEADER = "\n".join(
    f"PREFIX {name}: <{PREFIXES[name]}>" for name in ("mg", "rdf", "prov", "oa", "dcterms")
)
#: The source documents of ?entity, each with a quote taken from it.
_QUOTED_SOURCES = (
    _HEADER
    + """
SELECT ?source ?quote WHERE {
    ?entity prov:wasDerivedFrom ?citation .
    ?citation oa:hasSource ?source ; oa:hasSelector ?selector .
    ?selector oa:exact ?quote .
} ORDER BY ?source ?quote
"""
)
#: Everything stated of ?source, and whether it is a source document.
_STATED = (
    _HEADER
    + """
SELECT ?property ?value ?isSource WHERE {
    ?source ?property ?value .
    BIND(EXISTS { ?source rdf:type mg:SourceDocument } AS ?isSource)
}
"""
)


@dataclass
class Reference:
    key: str  # the source's slug: ref-b18
    iri: str
    title: str
    authors: list[str] = field(default_factory=list)
    issued: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD, as the graph states it
    urls: list[str] = field(default_factory=list)
    container: str = ""
    identifier: str = ""
    languages: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)

    @property
    def date_parts(self) -> list[int]:
        return [int(part) for part in self.issued.split("-")] if self.issued else []

    @property
    def quoted(self) -> str:
        """The quotes, as a note."""
        return f"Quoted: {'; '.join(f'“{q}”' for q in self.quotes)}" if self.quotes else ""

    @property
    def note(self) -> str:
        """The quotes, and any page beyond the first, for styles with one URL field."""
        also = f"Also at: {' '.join(self.urls[1:])}" if len(self.urls) > 1 else ""
        return ". ".join(part for part in (self.quoted, also) if part)


def references(engine: Engine, raw: str, lang: str = "en") -> list[Reference]:
    """The references behind the entity ``raw`` names, or the source document it names."""
    iri = resolve_entity(engine, raw, ("entity", "source"), "")
    about = _stated(engine, iri.value)
    if about["isSource"]:
        return [_reference(engine, iri.value, about, [], lang)]
    quotes: dict[str, list[str]] = {}
    for row in engine.run(with_values(_QUOTED_SOURCES, {"entity": iri})).rows:
        quotes.setdefault(row["source"].value, []).append(row["quote"].value)
    return [
        _reference(engine, source, _stated(engine, source), found, lang)
        for source, found in quotes.items()
    ]


def _stated(engine: Engine, iri: str) -> dict:
    """{property IRI: [terms]} for ``iri``, and ``isSource``."""
    rows = engine.run(with_values(_STATED, {"source": Term.iri(iri)})).rows
    stated: dict = {"isSource": any(row["isSource"].value == "true" for row in rows)}
    for row in rows:
        stated.setdefault(row["property"].value, []).append(row["value"])
    return stated


def _preferred(terms: list[Term], lang: str) -> str:
    """The value in ``lang``, else one without a language, else the first (sorted)."""
    ordered = sorted(terms, key=lambda t: (t.lang != lang, t.lang is not None, t.value))
    return ordered[0].value if ordered else ""


def _reference(engine: Engine, iri: str, stated: dict, quotes: list[str], lang: str) -> Reference:
    label = PREFIXES["rdfs"] + "label"
    container = ""
    if stated.get(_DC + "isPartOf"):
        parent = _stated(engine, stated[_DC + "isPartOf"][0].value)
        container = _preferred(parent.get(_DC + "title") or parent.get(label, []), lang)
    return Reference(
        key=iri[len(MGI) :] if iri.startswith(MGI) else iri.rsplit("/", 1)[-1],
        iri=iri,
        title=_preferred(stated.get(_DC + "title") or stated.get(label, []), lang),
        authors=sorted(t.value for t in stated.get(_DC + "creator", [])),
        issued=_preferred(stated.get(_DC + "date", []), lang),
        urls=sorted(t.value for t in stated.get(_FOAF + "page", [])),
        container=container,
        identifier=_preferred(stated.get(_DC + "identifier", []), lang),
        languages=sorted(t.value for t in stated.get(_DC + "language", [])),
        quotes=quotes,
    )


# --- the styles ----------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _bibtex_text(text: str) -> str:
    """A value from the data as BibTeX text: control and bidi characters shown as escapes
    (BibTeX has none of its own), then BibTeX's special characters escaped."""
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in " ".join(printable(text).split()))


def _bibtex_url(url: str) -> str:
    """A URL as BibTeX reads it verbatim: only braces would unbalance the field (and
    control or bidi characters are shown as escapes, like every value)."""
    return printable(url).replace("{", "%7B").replace("}", "%7D")


def to_bibtex(refs: list[Reference]) -> str:
    entries = []
    for ref in refs:
        fields = [("title", "{" + _bibtex_text(ref.title) + "}")]
        if ref.authors:  # corporate or full names: braced so BibTeX does not split them
            names = " and ".join("{" + _bibtex_text(author) + "}" for author in ref.authors)
            fields.append(("author", names))
        if ref.issued:
            fields += [("date", _bibtex_text(ref.issued)), ("year", _bibtex_text(ref.issued[:4]))]
        if ref.urls:
            fields.append(("url", _bibtex_url(ref.urls[0])))
        if ref.container:
            fields.append(("organization", _bibtex_text(ref.container)))
        if ref.identifier:
            fields.append(("number", _bibtex_text(ref.identifier)))
        if ref.languages:
            fields.append(("language", _bibtex_text(", ".join(ref.languages))))
        if ref.note:
            fields.append(("note", _bibtex_text(ref.note)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@misc{{{_bibtex_url(ref.key)},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


def to_csl_json(refs: list[Reference]) -> str:
    items = []
    for ref in refs:
        item: dict = {"id": ref.key, "type": "document", "title": ref.title}
        if ref.authors:
            item["author"] = [{"literal": author} for author in ref.authors]
        if ref.issued:
            item["issued"] = {"date-parts": [ref.date_parts]}
        if ref.urls:
            item["URL"] = ref.urls[0]
        if ref.container:
            item["container-title"] = ref.container
        if ref.identifier:
            item["number"] = ref.identifier
        if ref.languages:
            item["language"] = ref.languages[0]
        if ref.note:
            item["note"] = ref.note
        items.append(item)
    return escaped(json.dumps(items, ensure_ascii=False, indent=2), "\\u{:04x}") + "\n"


def to_ris(refs: list[Reference]) -> str:
    def line(tag: str, value: str) -> str:
        return f"{tag}  - {' '.join(printable(value).split())}"

    records = []
    for ref in refs:
        lines = [line("TY", "GEN"), line("ID", ref.key), line("TI", ref.title)]
        lines += [line("AU", author) for author in ref.authors]
        if ref.issued:
            parts = ref.issued.split("-")
            day = "/".join(parts + [""] * (3 - len(parts))) + "/"  # RIS: YYYY/MM/DD/
            lines += [line("PY", parts[0]), line("DA", day)]
        lines += [line("UR", url) for url in ref.urls]
        if ref.container:
            lines.append(line("T2", ref.container))
        if ref.identifier:
            lines.append(line("M1", ref.identifier))
        lines += [line("LA", language) for language in ref.languages]
        if ref.quoted:
            lines.append(line("N1", ref.quoted))
        lines.append("ER  - ")
        records.append("\n".join(lines))
    return "\n\n".join(records) + "\n"


def write_references(refs: list[Reference], style: str) -> str:
    return {"bibtex": to_bibtex, "csl-json": to_csl_json, "ris": to_ris}[style](refs)
