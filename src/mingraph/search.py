"""Finding entities by free text, in English or Chinese, Traditional or Simplified.

Text is compared in a folded form: Unicode-normalised (NFKC), case-folded, hyphens
read as spaces, and Chinese converted to Simplified characters with OpenCC, so
Traditional and Simplified spellings, and variants such as 台/臺, fold alike
(臺灣, 台灣 and 台湾 all fold to 台湾). :mod:`mingraph.resolve` uses the same
folding, so a value typed for ``describe`` or a question's option matches as
``search`` matches it.

Search reads what people read: labels and alternative labels in both languages,
slugs, Wikidata QIDs and ISO codes, titles, descriptions and the quotes behind
each entity. Every word of the query must match somewhere; a word that matches
nothing at all is taken as a misspelling of the closest names' words.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
import weakref
from dataclasses import dataclass

from mingraph.engines import Engine, with_values
from mingraph.iris import MGI, PREFIXES
from mingraph.results import Solutions, Term

#: How much a match in each kind of field counts.
FIELD_WEIGHTS = {
    "slug": 3.0,
    "code": 3.0,
    "label": 3.0,
    "altLabel": 2.5,
    "title": 2.0,
    "description": 1.0,
    "quote": 1.0,
}
#: Fields that name an entity: a query equal to one of them is an exact hit.
NAME_FIELDS = ("slug", "code", "label", "altLabel")
EXACT_BONUS = 100.0
#: A misspelt word counts for at most this much of the word it is taken for (times
#: how alike the two are).
MISSPELLING_FACTOR = 0.6

_HEADER = "\n".join(
    f"PREFIX {name}: <{PREFIXES[name]}>" for name in ("mg", "rdfs", "skos", "dcterms", "prov", "oa")
)
#: Entities ``describe`` or ``cite`` can show: those with a quoted source, and
#: source documents (citation records are what quotes hang on, not subjects).
_SCOPE = (
    _HEADER
    + f"""
SELECT DISTINCT ?entity WHERE {{
    {{ ?entity prov:wasDerivedFrom ?citation }} UNION {{ ?entity a mg:SourceDocument }}
    FILTER(STRSTARTS(STR(?entity), "{MGI}"))
    FILTER NOT EXISTS {{ ?entity a mg:Citation }}
}}
"""
)
#: The same, of one class: ?class is bound.
_SCOPE_OF_CLASS = _SCOPE.replace("WHERE {", "WHERE {\n    ?entity a ?class .", 1)
#: The texts a search reads, for every subject that has them.
_TEXTS = (
    _HEADER
    + f"""
SELECT ?entity ?field ?text WHERE {{
    {{ ?entity rdfs:label ?text . BIND("label" AS ?field) }}
    UNION {{ ?entity skos:altLabel ?text . BIND("altLabel" AS ?field) }}
    UNION {{ ?entity dcterms:title ?text . BIND("title" AS ?field) }}
    UNION {{ ?entity dcterms:description ?text . BIND("description" AS ?field) }}
    UNION {{ ?entity prov:wasDerivedFrom ?quoted . ?quoted oa:hasSelector ?selector .
             ?selector oa:exact ?text . BIND("quote" AS ?field) }}
    UNION {{ ?entity skos:exactMatch ?link . BIND("code" AS ?field)
             BIND(STRAFTER(STR(?link), "{PREFIXES["wd"]}") AS ?text) }}
    UNION {{ ?entity mg:iso3166Alpha2 ?text . BIND("code" AS ?field) }}
}}
"""
)
#: One entity's most specific mingraph class, its labels, and whether it is a source.
_DETAILS = (
    _HEADER
    + f"""
SELECT ?type ?typeLabel ?labelEn ?labelZh ?source WHERE {{
    ?entity a ?type .
    FILTER(STRSTARTS(STR(?type), "{PREFIXES["mg"]}"))
    FILTER NOT EXISTS {{ ?entity a ?narrower . ?narrower rdfs:subClassOf ?type .
                         FILTER(?narrower != ?type) }}
    OPTIONAL {{ ?type rdfs:label ?typeLabel . FILTER(langMatches(lang(?typeLabel), ?lang)) }}
    OPTIONAL {{ ?entity rdfs:label ?labelEn . FILTER(langMatches(lang(?labelEn), "en")) }}
    OPTIONAL {{ ?entity rdfs:label ?labelZh . FILTER(langMatches(lang(?labelZh), "zh-Hant")) }}
    BIND(EXISTS {{ ?entity a mg:SourceDocument }} AS ?source)
}} LIMIT 1
"""
)


@functools.cache
def _to_simplified():
    import opencc

    return opencc.OpenCC("t2s")


def fold(text: str, chinese: bool = True) -> str:
    """The form text is compared in: NFKC, case-folded, single-spaced, hyphens as spaces,
    Chinese in Simplified characters (unless ``chinese`` is False)."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("-", " ").replace("_", " ")
    text = " ".join(text.split())
    if chinese and not text.isascii():
        text = _to_simplified().convert(text)
    return text


@dataclass
class Hit:
    entity: str  # IRI
    score: float
    field: str  # where the best match is: label, quote, ...
    excerpt: Excerpt  # the matching text, shortened around the match
    type: str = ""
    label_en: str = ""
    label_zh: str = ""
    is_source: bool = False

    @property
    def slug(self) -> str:
        return self.entity[len(MGI) :]

    @property
    def command(self) -> str:
        """The command that shows the entity: ``cite`` for a source, else ``describe``."""
        return f"mingraph {'cite' if self.is_source else 'describe'} {self.slug}"


@dataclass(frozen=True)
class Text:
    entity: str
    field: str
    original: str
    folded: str
    lang: str = ""  # the text's language tag, where it has one


def written_language(text: str) -> str:
    """The language an untagged text is mostly written in, for marking it on a page:
    Chinese where its words outnumber the Latin ones (a Chinese word is about two
    ideographs), else English; the graph's texts are in these two."""
    chinese_words = sum("\u4e00" <= char <= "\u9fff" for char in text) / 2
    return "zh-Hant" if chinese_words > len(re.findall(r"[A-Za-z]{2,}", text)) else "en"


#: The texts of each engine, read once: the graph an engine serves does not change.
_TEXTS_OF: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def searchable_texts(engine: Engine, class_iri: str | None = None) -> list[Text]:
    """Every text search reads, of the entities in scope (of ``class_iri`` if given)."""
    if class_iri:
        scope_rows = engine.run(with_values(_SCOPE_OF_CLASS, {"class": Term.iri(class_iri)})).rows
        scope = {row["entity"].value for row in scope_rows}
        return [item for item in _all_texts(engine) if item.entity in scope]
    return _all_texts(engine)


def _all_texts(engine: Engine) -> list[Text]:
    if engine in _TEXTS_OF:
        return _TEXTS_OF[engine]
    scope = {row["entity"].value for row in engine.run(_SCOPE).rows}
    texts = []
    for row in engine.run(_TEXTS).rows:
        entity = row["entity"].value
        if entity in scope and row["text"].value:
            original = row["text"].value
            tag = row["text"].lang or written_language(original)
            texts.append(Text(entity, row["field"].value, original, fold(original), tag))
    # slugs last: a label that matches as well is the one shown
    texts += [
        Text(entity, "slug", entity[len(MGI) :], fold(entity[len(MGI) :])) for entity in scope
    ]
    _TEXTS_OF[engine] = texts
    return texts


@dataclass
class Found:
    """One page of a search: its hits and how many entities match in all."""

    hits: list[Hit]
    total: int
    offset: int = 0


def search(
    engine: Engine,
    text: str,
    class_iri: str | None = None,
    limit: int = 10,
    lang: str = "en",
    offset: int = 0,
) -> list[Hit]:
    """Entities matching ``text``, best first; ``class_iri`` keeps those of one class."""
    return search_page(engine, text, class_iri, limit, lang, offset).hits


def search_page(
    engine: Engine,
    text: str,
    class_iri: str | None = None,
    limit: int = 10,
    lang: str = "en",
    offset: int = 0,
) -> Found:
    """The hits from ``offset`` on (at most ``limit``), and how many there are in all.

    The command line and the web pages both search through here, so they rank alike.
    """
    ranked = rank(searchable_texts(engine, class_iri), text)
    hits = ranked[offset : offset + limit]
    for hit in hits:
        _add_details(engine, hit, lang)
    return Found(hits, len(ranked), offset)


def rank(texts: list[Text], text: str) -> list[Hit]:
    """Every entity matching ``text``, best first.

    An entity's score adds, for each query word, its best match in any field
    (weighted by :data:`FIELD_WEIGHTS`), and a bonus when the whole query names it
    or stands in one of its texts as a phrase. An entity some word does not match
    is left out.
    """
    query = fold(text)
    words = query.split()
    if not words:
        return []
    variants = _variants(words, texts)
    spellings = dict(variants[words[0]]) if len(words) == 1 else {query: 1.0}
    every_variant = [v for word in words for v, _ in variants[word]]
    per_word: dict[str, dict[str, float]] = {}
    bonus: dict[str, float] = {}
    shown: dict[str, tuple[float, str, Excerpt]] = {}  # entity: (strength, field, excerpt)
    for item in texts:
        weight = FIELD_WEIGHTS[item.field]
        qualities = [
            weight * max(factor * _quality(v, item.folded) for v, factor in variants[word])
            for word in words
        ]
        if not any(qualities):
            continue
        best = per_word.setdefault(item.entity, dict.fromkeys(words, 0.0))
        for word, quality in zip(words, qualities, strict=True):
            best[word] = max(best[word], quality)
        extra = 0.0
        if item.field in NAME_FIELDS and item.folded in spellings:
            extra = EXACT_BONUS * spellings[item.folded]
        elif len(words) > 1 and query in item.folded:
            extra = 2 * weight
        bonus[item.entity] = max(bonus.get(item.entity, 0.0), extra)
        strength = extra + sum(qualities)
        if strength > shown.get(item.entity, (0.0,))[0]:
            excerpt = _excerpt(item.original, item.folded, every_variant, item.lang)
            shown[item.entity] = (strength, item.field, excerpt)
    hits = [
        Hit(entity, sum(best.values()) + bonus[entity], *shown[entity][1:])
        for entity, best in per_word.items()
        if all(best.values())
    ]
    # equal scores: the shorter text matched first (gall finds gallium before gallium's claims)
    hits.sort(key=lambda hit: (-hit.score, len(str(hit.excerpt)), hit.entity))
    return hits


def _variants(words: list[str], texts: list[Text]) -> dict[str, list[tuple[str, float]]]:
    """Each query word with the factor it counts for; a word found in no text at all
    stands for the closest words of the names (a misspelling: ``galium``)."""
    variants = {word: [(word, 1.0)] for word in words}
    missing = [word for word in words if not any(word in item.folded for item in texts)]
    if missing:
        vocabulary = {
            piece
            for item in texts
            if item.field in NAME_FIELDS
            for piece in re.findall(r"\w+", item.folded)
        }
        for word in missing:
            close = difflib.get_close_matches(word, vocabulary, n=3, cutoff=0.75)
            # The closer the spelling, the more it counts: galium is gallium before gadolinium.
            variants[word] += [
                (match, MISSPELLING_FACTOR * difflib.SequenceMatcher(None, word, match).ratio())
                for match in close
            ]
    return variants


def _quality(word: str, text: str) -> float:
    """How well one query word matches a folded text: a whole word, a word's start, or inside.

    Chinese is written without spaces: a Chinese word counts whole only as the whole text.
    """
    if word not in text:
        return 0.0
    if not word.isascii():
        return 1.0 if word == text else 0.5
    pieces = re.findall(r"\w+", text)
    if word in pieces:
        return 1.0
    return 0.7 if any(piece.startswith(word) for piece in pieces) else 0.5


@dataclass(frozen=True)
class Excerpt:
    """The text around a match: before it, the matched words, after it."""

    before: str
    match: str
    after: str
    lang: str = ""  # the language of the text it comes from

    def __str__(self) -> str:
        return self.before + self.match + self.after


def _excerpt(
    original: str, folded: str, words: list[str], lang: str = "", size: int = 80
) -> Excerpt:
    """The text around the first match, at most about ``size`` characters, the match marked.

    The match is marked only where folding kept the text's length (positions carry over);
    OpenCC converts character by character, so Chinese keeps it.
    """
    text = " ".join(original.split())
    found = [(folded.find(w), w) for w in words if w in folded]
    position, word = min(found) if found else (0, "")
    if len(folded) != len(text):
        position, word = 0, ""
    length = len(word)
    start = 0
    if len(text) > size:
        start = max(0, min(position - size // 3, len(text) - size))
    end = max(start + size, position + length) if len(text) > size else len(text)
    lead = "…" if start else ""
    tail = "…" if end < len(text) else ""
    if not length:
        return Excerpt(lead + text[start:end] + tail, "", "", lang)
    return Excerpt(
        lead + text[start:position],
        text[position : position + length],
        text[position + length : end] + tail,
        lang,
    )


def _add_details(engine: Engine, hit: Hit, lang: str) -> None:
    bindings = {"entity": Term.iri(hit.entity), "lang": Term.literal(lang)}
    rows = engine.run(with_values(_DETAILS, bindings)).rows
    if not rows:
        return
    row = rows[0]
    hit.type = (row.get("typeLabel") or row["type"]).display()
    hit.label_en = row["labelEn"].value if "labelEn" in row else ""
    hit.label_zh = row["labelZh"].value if "labelZh" in row else ""
    hit.is_source = row["source"].value == "true"


def hits_answer(hits: list[Hit]) -> Solutions:
    """Search hits as a table answer, so that every output format writes them."""
    variables = ["entity", "type", "labelEn", "labelZh", "matched", "command"]
    rows = [
        {
            "entity": Term.iri(hit.entity),
            "type": Term.literal(hit.type),
            "labelEn": Term.literal(hit.label_en),
            "labelZh": Term.literal(hit.label_zh),
            "matched": Term.literal(f"{hit.field}: {hit.excerpt}"),
            "command": Term.literal(hit.command),
        }
        for hit in hits
    ]
    return Solutions(variables, rows)
