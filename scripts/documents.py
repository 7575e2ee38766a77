"""Write data/documents.ttl from the reference list of public documents.

    python scripts/documents.py [path/to/documents.csv]    (default: ../shared/reference/)

Each row of documents.csv becomes one document, ``mgi:doc-b19-1``: its publisher,
authors, own title, date, language and URL as separate properties, and the site it was
read on (``channel``) where that is a reprint. Nothing is added that the row does not
give: a document without a title has none here. The record rows (``mgi:ref-b18``) are
linked to the documents they summarise (``mg:summarises``, from the ``rows`` column),
and a measure to its issuing text (``mg:primarySource``) where the record row that
vouches for its issuing (announced, in force, numbered, founded) names a document
marked ``primary``. Every document and the article get a citation key
(``mg:citationKey``): first author's family name or the publisher, year, first word
of the title, romanised with pypinyin where Chinese.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from pypinyin import lazy_pinyin
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "data" / "documents.ttl"
REFERENCE = REPO.parent / "shared" / "reference"

MG = Namespace("https://w3id.org/mingraph/ontology#")
MGI = Namespace("https://w3id.org/mingraph/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")

#: documents.csv's type: the bibliographic class (BIBO, FaBiO, DCMI) and the kind.
CLASSES = {
    "news": ("fabio:NewspaperArticle", "mgi:news-report"),
    "law-text": ("bibo:Legislation", "mgi:official-document"),
    "official": ("bibo:Webpage", "mgi:official-document"),
    "analysis": ("bibo:Report", "mgi:analysis"),
    "dataset": ("dctype:Dataset", "mgi:data-set"),
    "other": ("bibo:Webpage", "mgi:other-page"),
}
#: The facts of a measure or initiative that its own issuing text vouches for. A row
#: cited only for other facts (a legal basis, a later suspension) names a document
#: that is not the measure's issuing text.
ISSUING_FACTS = {MG.announcedOn, MG.inForceFrom, MG.documentNumber, MG.statedDate, MG.foundedOn}
#: Rows vouching for a measure's issuing whose primary document is another measure's
#: text: the dual-use list was issued on its own, not in the regulations' text (D04-3).
NOT_ISSUING = {("p2024-dual-use-export-control-list", "D04-3")}

PREFIXES = """\
@prefix mg:      <https://w3id.org/mingraph/ontology#> .
@prefix mgi:     <https://w3id.org/mingraph/id/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dctype:  <http://purl.org/dc/dcmitype/> .
@prefix bibo:    <http://purl.org/ontology/bibo/> .
@prefix fabio:   <http://purl.org/spar/fabio/> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
"""
HEADER = """\
# The public documents behind the record rows, one entity each, generated from
# documents.csv by scripts/documents.py (do not edit by hand: rerun the script).
# A reprint is the original document; the site it was read on is mg:readOn.
# Titles and dates are the documents' own, as documents.csv gives them; where it has
# none, none is stated. The record rows summarise these documents (mg:summarises):
# their text is the record's own words, never the documents'.
"""


def literal(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def dated(date: str) -> str:
    datatype = {10: "xsd:date", 7: "xsd:gYearMonth", 4: "xsd:gYear"}[len(date)]
    return f'"{date}"^^{datatype}'


def iri_safe(url: str) -> str:
    """The URL with the characters an IRI cannot hold (brackets, spaces) escaped."""
    return re.sub(r'[\s<>"{}|\\^`\[\]]', lambda m: f"%{ord(m.group()):02X}", url)


def iri(doc_id: str) -> str:
    return "mgi:doc-" + doc_id.lower()


def row_iri(row: str) -> str:
    return "mgi:ref-" + row.strip().lower()


def split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def romanised(text: str) -> str:
    """Lower-case ASCII letters and digits: Chinese and Japanese kanji in pinyin."""
    text = "".join(lazy_pinyin(text))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def family_name(author: str) -> str:
    """The family name: the last word, with a particle before it (La Porta); a
    name written without spaces (許茵爾) is its first character."""
    words = author.split()
    if len(words) == 1:
        return author[0] if not author.isascii() else author
    if len(words) > 2 and words[-2] in {"La", "Le", "De", "Van", "Von", "Da", "Di", "Du"}:
        return " ".join(words[-2:])
    return words[-1]


def short_publisher(publisher: str) -> str:
    """The publisher's name as a key: its Latin name in brackets where it gives one."""
    bracketed = re.search(r"\(([^)]*)\)", publisher)
    latin = bracketed and bracketed.group(1).isascii() and not publisher.isascii()
    return re.split(r"[;,(/]", bracketed.group(1) if latin else publisher)[0]


_SKIPPED = {"a", "an", "the"}


def first_word(title: str) -> str:
    """The title's first word; in Chinese or Japanese its first two characters."""
    for word in re.findall(r"[A-Za-z0-9À-ɏ'’.]+|[^\sA-Za-z0-9]", title):
        if re.match(r"[A-Za-z0-9À-ɏ]", word):
            key = romanised(word)
            if key and key not in _SKIPPED:
                return key
        elif unicodedata.category(word[0]).startswith("L"):
            start = title.index(word)
            han = re.match(r"[\u3040-\u30ff\u4e00-\u9fff]{1,2}", title[start:])
            return romanised(han.group() if han else word)
    return ""


def key_stem(author: str, publisher: str, date: str, title: str) -> str:
    who = romanised(family_name(author) if author else short_publisher(publisher))
    return f"{who}{date[:4] or 'nd'}{first_word(title)}"


def unique_keys(stems: list[tuple[str, str]]) -> dict[str, str]:
    """{iri: key}: a stem shared by several documents gets a, b, c in their order."""
    counts = Counter(stem for _, stem in stems)
    seen: Counter = Counter()
    keys = {}
    for node, stem in stems:
        if counts[stem] > 1:
            keys[node] = stem + "abcdefghijklmnopqrstuvwxyz"[seen[stem]]
            seen[stem] += 1
        else:
            keys[node] = stem
    return keys


def primary_links(rows: list[dict]) -> list[tuple[str, str]]:
    """(measure, document): the primary documents of the rows vouching for its issuing."""
    graph = Graph()
    for path in sorted((REPO / "data").glob("*.ttl")):
        if path != OUTPUT:
            graph.parse(path)
    primary: dict[str, list[str]] = {}
    for row in rows:
        if row["primary"] == "yes":
            for record in split(row["rows"]):
                primary.setdefault(record.lower(), []).append(row["doc_id"])
    links = set()
    for kind in (MG.Policy, MG.Initiative):
        for measure in graph.subjects(RDF.type, kind):
            if (measure, RDF.type, MG.Suspension) in graph:
                continue  # suspended by a notice that documents.csv does not hold
            for citation in graph.objects(measure, PROV.wasDerivedFrom):
                if not ISSUING_FACTS & set(graph.objects(citation, MG.attests)):
                    continue
                source = str(graph.value(citation, OA.hasSource))
                slug = str(measure)[len(str(MGI)) :]
                for doc_id in primary.get(source.rsplit("/ref-", 1)[-1], []):
                    if (slug, doc_id) not in NOT_ISSUING:
                        links.add(("mgi:" + slug, iri(doc_id)))
    return sorted(links)


def article_key() -> str:
    graph = Graph().parse(REPO / "data" / "sources.ttl")
    article = MGI.article
    title = str(graph.value(article, Namespace("http://purl.org/dc/terms/").title))
    creator = str(graph.value(article, Namespace("http://purl.org/dc/terms/").creator))
    date = str(graph.value(article, Namespace("http://purl.org/dc/terms/").date))
    return key_stem(creator, "", date, title)


def document(row: dict, key: str, note: str) -> str:
    cls, kind = CLASSES[row["type"]]
    languages = split(row["language"])
    lines = [
        f"{iri(row['doc_id'])} a mg:PublicDocument , {cls} ;",
        f"    dcterms:identifier {literal(row['doc_id'])} ; mg:citationKey {literal(key)} ;",
        f"    mg:documentKind {'mgi:primary-text' if row['primary'] == 'yes' else kind} ;",
    ]
    if row["title"]:
        lines.append(f"    dcterms:title {literal(row['title'], languages[0])} ;")
    if row["publisher"]:
        lines.append(f"    dcterms:publisher {literal(row['publisher'])} ;")
    authors = split(row["author"])
    if authors:
        lines.append(f"    dcterms:creator {' , '.join(literal(a) for a in authors)} ;")
    if len(authors) > 1:
        lines.append(f"    bibo:authorList ( {' '.join(literal(a) for a in authors)} ) ;")
    if row["date"]:
        lines.append(f"    dcterms:date {dated(row['date'])} ;")
    lines.append(f"    dcterms:language {' , '.join(literal(lang) for lang in languages)} ;")
    if row["channel"]:
        lines.append(f"    mg:readOn {literal(row['channel'])} ;")
    if row["url"]:
        lines.append(f"    foaf:page <{iri_safe(row['url'])}> ;")
    if note:
        lines.append(f"    skos:editorialNote {literal(note, 'en')} ;")
    lines.append(f"    mg:detailsChecked {'true' if row['check'] == 'ok' else 'false'} .")
    return "\n".join(lines)


def main(folder: Path) -> None:
    with open(folder / "documents.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with open(folder / "documents-notes.csv", encoding="utf-8") as handle:
        notes = {row["doc_id"]: row["note"] for row in csv.DictReader(handle)}
    stems = [("mgi:article", article_key())] + [
        (iri(r["doc_id"]), key_stem(next(iter(split(r["author"])), ""), *_keyed(r)))
        for r in rows
    ]
    keys = unique_keys(stems)
    summarised: dict[str, list[str]] = {}
    for row in rows:
        for record in split(row["rows"]):
            summarised.setdefault(row_iri(record), []).append(iri(row["doc_id"]))
    parts = [HEADER, PREFIXES]
    parts.append(f"mgi:article mg:citationKey {literal(keys['mgi:article'])} .\n")
    parts.append("# The record rows and the documents each summarises\n")
    parts += [
        f"{record} mg:summarises {' , '.join(docs)} ."
        for record, docs in sorted(summarised.items(), key=lambda item: _row_order(item[0]))
    ]
    parts.append("\n# Measures and initiatives and their issuing texts\n")
    parts += [f"{measure} mg:primarySource {doc} ." for measure, doc in primary_links(rows)]
    parts.append("\n# The documents\n")
    parts += [document(r, keys[iri(r["doc_id"])], notes.get(r["doc_id"], "")) + "\n" for r in rows]
    OUTPUT.write_text("\n".join(parts), encoding="utf-8")


def _keyed(row: dict) -> tuple[str, str, str]:
    return row["publisher"] or row["channel"], row["date"], row["title"]


def _row_order(record: str) -> tuple[str, int]:
    code = record.rsplit("-", 1)[-1]
    return code[0], int(code[1:])


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REFERENCE)
