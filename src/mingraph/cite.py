"""References a paper can use: the public documents behind an entity, one reference each.

Given an entity, every document it rests on becomes one reference: the article where
it is quoted, and the documents each record row it cites summarises (never the row
itself: a row is our summary, not a publication), issuing texts first. Given a
document, a record row or ``--all``, those documents. A reference holds what the graph
states of the document and nothing more: its stable key (``mg:citationKey``), its
class (a newspaper article, legislation, a report, a web page, a data set), authors as
names in their order, publisher, its own title, date at its precision, URL and
language. A field the graph does not state is left out, never guessed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from mingraph.engines import Engine, with_values
from mingraph.iris import PREFIXES
from mingraph.printable import escaped, printable
from mingraph.resolve import resolve_entity
from mingraph.results import Term

STYLES = ("bibtex", "biblatex", "csl-json", "ris")

_HEADER = "\n".join(
    f"PREFIX {name}: <{PREFIXES[name]}>"
    for name in ("mg", "mgi", "rdf", "prov", "oa", "dcterms", "foaf", "skos")
)
_BIBO, _FABIO, _DCTYPE = (
    "http://purl.org/ontology/bibo/",
    "http://purl.org/spar/fabio/",
    "http://purl.org/dc/dcmitype/",
)
#: The documents behind ?entity: cited directly (the article), summarised by a cited
#: record row, or its issuing text; or ?entity itself as a document or a record row.
_DOCUMENTS = (
    _HEADER
    + """
SELECT DISTINCT ?document WHERE {
    {   ?entity prov:wasDerivedFrom/oa:hasSource ?document .
        FILTER NOT EXISTS { ?document a mg:RecordRow }
    } UNION {
        ?entity prov:wasDerivedFrom/oa:hasSource/mg:summarises ?document .
    } UNION {
        ?entity mg:primarySource ?document .
    } UNION {
        ?entity mg:summarises ?document .
    } UNION {
        ?entity mg:citationKey ?key . BIND(?entity AS ?document)
    }
    ?document mg:citationKey ?any .
}
"""
)
_ALL = _HEADER + "\nSELECT ?document WHERE { ?document mg:citationKey ?key }\n"
#: What a reference needs of ?document; the authors in order where a list gives it.
_DESCRIBED = (
    _HEADER
    + """
SELECT ?key ?class ?title ?publisher ?date ?url ?language ?affiliation ?rank ?creators
WHERE {
    ?document mg:citationKey ?key .
    OPTIONAL { ?document a ?class . FILTER(STRSTARTS(STR(?class), "http://purl.org/")) }
    OPTIONAL { ?document dcterms:title ?title }
    OPTIONAL { ?document dcterms:publisher ?publisher }
    OPTIONAL { ?document dcterms:date ?date }
    OPTIONAL { ?document foaf:page ?url }
    OPTIONAL { ?document dcterms:language ?language }
    OPTIONAL { ?document mg:authorAffiliation ?affiliation }
    OPTIONAL { ?document mg:documentKind/skos:notation ?rank }
    OPTIONAL {
        SELECT ?document (GROUP_CONCAT(?creator; separator="\\u001f") AS ?creators) WHERE {
            SELECT ?document ?creator WHERE { ?document dcterms:creator ?creator }
            ORDER BY ?creator
        } GROUP BY ?document
    }
}
"""
)
#: The dataset's own description (VoID): what ``cite --self`` gives.
_SELF = (
    _HEADER
    + """
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?title ?creator ?version ?license ?url WHERE {
    ?dataset a void:Dataset ; dcterms:title ?title ; owl:versionInfo ?version .
    OPTIONAL { ?dataset dcterms:creator ?creator }
    OPTIONAL { ?dataset dcterms:license ?license }
    OPTIONAL { ?dataset foaf:page ?url }
}
"""
)
_AUTHOR_LIST = (
    _HEADER
    + """
SELECT ?name (COUNT(?before) AS ?position) WHERE {
    ?document <http://purl.org/ontology/bibo/authorList> ?list .
    ?list rdf:rest* ?before . ?before rdf:rest* ?node . ?node rdf:first ?name .
} GROUP BY ?node ?name ORDER BY ?position
"""
)


@dataclass
class Reference:
    key: str  # hund2020minerals
    iri: str
    kind: str  # newspaper, legislation, report, webpage, dataset, article
    title: str = ""
    authors: list[str] = field(default_factory=list)
    publisher: str = ""
    institution: str = ""
    issued: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD, as the graph states it
    url: str = ""
    language: str = ""
    rank: str = "9"  # issuing texts first
    version: str = ""
    license: str = ""

    @property
    def date_parts(self) -> list[int]:
        return [int(part) for part in self.issued.split("-")] if self.issued else []


_KINDS = {
    _FABIO + "NewspaperArticle": "newspaper",
    _BIBO + "Legislation": "legislation",
    _BIBO + "Report": "report",
    _BIBO + "Webpage": "webpage",
    _DCTYPE + "Dataset": "dataset",
}


def references(engine: Engine, raw: str) -> list[Reference]:
    """The references behind the entity, document or record row ``raw`` names."""
    iri = resolve_entity(engine, raw, ("entity", "source", "document"), "")
    rows = engine.run(with_values(_DOCUMENTS, {"entity": iri})).rows
    return _ordered(engine, [row["document"].value for row in rows])


def all_references(engine: Engine) -> list[Reference]:
    """Every document of the graph, once, by key."""
    refs = _ordered(engine, [row["document"].value for row in engine.run(_ALL).rows])
    return sorted(refs, key=lambda ref: ref.key)


def self_reference(engine: Engine) -> list[Reference]:
    """The dataset itself, as its VoID description gives it (title, makers, version,
    licence): its makers are a group, named as the publisher."""
    row = engine.run(_SELF).rows[0]
    value = lambda name: row[name].value if name in row else ""  # noqa: E731
    return [
        Reference(
            key=f"mingraph{value('version').replace('.', '')}",
            iri=value("url"),
            kind="dataset",
            title=value("title"),
            publisher=value("creator"),
            url=value("url"),
            language="en",
            version=value("version"),
            license=value("license"),
        )
    ]


def _ordered(engine: Engine, documents: list[str]) -> list[Reference]:
    refs = [_reference(engine, document) for document in dict.fromkeys(documents)]
    return sorted(refs, key=lambda ref: (ref.rank, ref.issued, ref.key))


def _reference(engine: Engine, iri: str) -> Reference:
    rows = engine.run(with_values(_DESCRIBED, {"document": Term.iri(iri)})).rows
    value = lambda name: next((r[name].value for r in rows if name in r), "")  # noqa: E731
    classes = {r["class"].value for r in rows if "class" in r}
    ordered = engine.run(with_values(_AUTHOR_LIST, {"document": Term.iri(iri)})).rows
    authors = [r["name"].value for r in ordered] or [
        name for name in value("creators").split("\u001f") if name
    ]
    return Reference(
        key=value("key"),
        iri=iri,
        kind=next((_KINDS[c] for c in sorted(classes) if c in _KINDS), "article"),
        title=value("title"),
        authors=authors,
        publisher=value("publisher"),
        institution=value("affiliation"),
        issued=value("date"),
        url=value("url"),
        language=sorted(r["language"].value for r in rows if "language" in r)[0]
        if any("language" in r for r in rows)
        else "",
        rank=value("rank") or "9",
    )


# --- names ----------------------------------------------------------------------------------

_PARTICLES = {"La", "Le", "De", "Van", "Von", "Da", "Di", "Du"}


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a name written given-first; ("", name) where it cannot be
    split (a name in Chinese or Japanese script, one word)."""
    words = name.split()
    if len(words) < 2 or not name.isascii():
        return "", name
    cut = -2 if len(words) > 2 and words[-2] in _PARTICLES else -1
    return " ".join(words[cut:]), " ".join(words[:cut])


# --- the styles -----------------------------------------------------------------------------

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


def _bibtex_name(name: str) -> str:
    family, given = split_name(name)
    return (
        f"{_bibtex_text(family)}, {_bibtex_text(given)}"
        if family
        else "{" + _bibtex_text(name) + "}"
    )


#: kind: (BibTeX type, BibLaTeX type, the field that holds the publisher in each)
_BIB_TYPES = {
    "newspaper": ("article", "article", "journal", "journaltitle"),
    "legislation": ("misc", "legislation", "organization", "organization"),
    "report": ("techreport", "report", "institution", "institution"),
    "webpage": ("misc", "online", "organization", "organization"),
    "dataset": ("misc", "dataset", "organization", "organization"),
    "article": ("misc", "article", "organization", "organization"),
}


def _bib(refs: list[Reference], biblatex: bool) -> str:
    entries = []
    for ref in refs:
        bibtex_type, biblatex_type, bibtex_publisher, biblatex_publisher = _BIB_TYPES[ref.kind]
        fields = []
        if ref.title:
            fields.append(("title", "{" + _bibtex_text(ref.title) + "}"))
        if ref.authors:
            fields.append(("author", " and ".join(map(_bibtex_name, ref.authors))))
        if ref.publisher:
            name = biblatex_publisher if biblatex else bibtex_publisher
            fields.append((name, _bibtex_text(ref.publisher)))
        if ref.institution:
            fields.append(("institution", _bibtex_text(ref.institution)))
        if ref.kind == "newspaper" and biblatex:
            fields.append(("entrysubtype", "newspaper"))
        if ref.issued:
            fields += [("date", _bibtex_text(ref.issued))] if biblatex else []
            fields.append(("year", _bibtex_text(ref.issued[:4])))
            if len(ref.issued) > 4 and not biblatex:
                fields.append(("month", str(int(ref.issued[5:7]))))
        if ref.version:
            fields.append(("version", _bibtex_text(ref.version)))
        if ref.license:
            fields.append(("note", _bibtex_text(f"Licence: {ref.license}")))
        if ref.url:
            fields.append(("url", _bibtex_url(ref.url)))
        if ref.language:
            fields.append(("langid" if biblatex else "language", _bibtex_text(ref.language)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        kind = biblatex_type if biblatex else bibtex_type
        entries.append(f"@{kind}{{{_bibtex_url(ref.key)},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


def to_bibtex(refs: list[Reference]) -> str:
    return _bib(refs, biblatex=False)


def to_biblatex(refs: list[Reference]) -> str:
    return _bib(refs, biblatex=True)


_CSL_TYPES = {
    "newspaper": "article-newspaper",
    "legislation": "legislation",
    "report": "report",
    "webpage": "webpage",
    "dataset": "dataset",
    "article": "article",
}


def csl_items(refs: list[Reference]) -> list[dict]:
    items = []
    for ref in refs:
        # legislation is cited by its title: one without a title is a document of its issuer
        kind = "document" if ref.kind == "legislation" and not ref.title else _CSL_TYPES[ref.kind]
        item: dict = {"id": ref.key, "type": kind}
        if ref.title:
            item["title"] = ref.title
        if ref.authors:
            item["author"] = [
                {"family": family, "given": given} if family else {"literal": given}
                for family, given in map(split_name, ref.authors)
            ]
        elif ref.publisher:  # the body as group author, as APA and Chicago cite it
            item["author"] = [{"literal": ref.publisher}]
        if ref.publisher:
            container = ref.kind in ("newspaper", "webpage")
            item["container-title" if container else "publisher"] = ref.publisher
        if ref.issued:
            item["issued"] = {"date-parts": [ref.date_parts]}
        if ref.version:
            item["version"] = ref.version
        if ref.license:
            item["license"] = ref.license
        if ref.url:
            item["URL"] = ref.url
        if ref.language:
            item["language"] = ref.language
        items.append(item)
    return items


def to_csl_json(refs: list[Reference]) -> str:
    text = json.dumps(csl_items(refs), ensure_ascii=False, indent=2)
    return escaped(text, "\\u{:04x}") + "\n"


_RIS_TYPES = {
    "newspaper": "NEWS",
    "legislation": "LEGAL",
    "report": "RPRT",
    "webpage": "ELEC",
    "dataset": "DATA",
    "article": "GEN",
}


def to_ris(refs: list[Reference]) -> str:
    def line(tag: str, value: str) -> str:
        return f"{tag}  - {' '.join(printable(value).split())}"

    records = []
    for ref in refs:
        lines = [line("TY", _RIS_TYPES[ref.kind]), line("ID", ref.key)]
        if ref.title:
            lines.append(line("TI", ref.title))
        for family, given in map(split_name, ref.authors):
            lines.append(line("AU", f"{family}, {given}" if family else given))
        if ref.institution:
            lines.append(line("AD", ref.institution))
        if ref.publisher:
            lines.append(line("T2" if ref.kind == "newspaper" else "PB", ref.publisher))
        if ref.issued:
            parts = ref.issued.split("-")
            day = "/".join(parts + [""] * (3 - len(parts))) + "/"  # RIS: YYYY/MM/DD/
            lines += [line("PY", parts[0]), line("DA", day)]
        if ref.version:
            lines.append(line("ET", ref.version))
        if ref.license:
            lines.append(line("N1", f"Licence: {ref.license}"))
        if ref.url:
            lines.append(line("UR", ref.url))
        if ref.language:
            lines.append(line("LA", ref.language))
        lines.append("ER  - ")
        records.append("\n".join(lines))
    return "\n\n".join(records) + "\n"


def write_references(refs: list[Reference], style: str) -> str:
    writers = {"bibtex": to_bibtex, "biblatex": to_biblatex, "csl-json": to_csl_json}
    return writers.get(style, to_ris)(refs)
