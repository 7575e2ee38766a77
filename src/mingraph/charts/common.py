"""What the charts share: filters, asking questions, the frame every picture gets.

Every picture has a title, axis titles, a legend and a line naming its source:
"mingraph, data as of DATE; sources: ...". The date is the newest source's, as the
dataset states it (else the newest dated source document); the sources are the
collections of documents behind what is drawn, counted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from mingraph.answers import answer_question, describe_entity
from mingraph.catalogue import Parameter, load_question
from mingraph.charts.fonts import font_for
from mingraph.dates import parse_date, period_start
from mingraph.engines import Engine
from mingraph.iris import PREFIXES
from mingraph.resolve import BadParameter, resolve
from mingraph.results import Solutions, Term

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

#: Colours a reader with any common colour-vision deficiency can tell apart
#: (Okabe and Ito, "Color Universal Design", 2008), darkest first.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

#: The colour of each family of instruments (mgi:instrument-families in
#: ontology/concepts.ttl), so a family keeps its colour in every chart and language.
MGI = PREFIXES["mgi"]
FAMILY_COLOURS = {
    MGI + family: colour
    for family, colour in zip(
        ("family-controls", "family-quotas", "family-taxes", "family-plans",
         "family-enforcement", "family-investigations", "family-easing"),
        PALETTE,
        strict=False,
    )
}  # fmt: skip

#: The gap a suspension cuts in a bar: white, outlined like every legend swatch.
SUSPENDED_COLOUR = "#ffffff"

#: Marks of the issuing countries where several are drawn (a shape beside each row).
COUNTRY_SHAPES = ["circle", "triangle-up", "diamond", "square", "cross", "triangle-down"]

WORDS = {
    "en": {
        "source_line": "mingraph, data as of {date}; sources: {sources}",
        "separator": "; ",
        "more": " and {count} more",
    },
    "zh-Hant": {
        "source_line": "mingraph，資料截至 {date}；來源：{sources}",
        "separator": "；",
        "more": "及另 {count} 項",
    },
}

#: How many publishers the source line names before "and N more".
NAMED_PUBLISHERS = 6


SPAN = {
    "en": {"both": " between {start} and {end}", "from": " from {start} on", "to": " up to {end}"},
    "zh-Hant": {"both": "{start} 至 {end} 間", "from": "{start} 起", "to": "{end} 前"},
}


def span(lang: str, start: object | None, end: object | None) -> str:
    """The period the date filters ask for, for a refusal: "between 2010 and 2015"."""
    key = "both" if start and end else "from" if start else "to" if end else None
    return SPAN[lang][key].format(start=start, end=end) if key else ""


class EmptyChart(BadParameter):
    """The filters leave nothing to draw: refused (exit 2), never an empty picture."""


@dataclass(frozen=True)
class Filters:
    """What a picture is narrowed to, as the user typed it (resolved by each chart)."""

    mineral: str | None = None
    country: str | None = None
    initiative: str | None = None
    start: str | None = None  # --from
    end: str | None = None  # --to
    by: str | None = None  # --by: how the timeline groups its rows

    def given(self) -> list[str]:
        """The options given, by their command-line names."""
        names = {"start": "from", "end": "to"}
        return [names.get(k, k) for k, v in vars(self).items() if v is not None]


def ask(engine: Engine, name: str, lang: str, **values: str) -> Solutions:
    return answer_question(engine, load_question(name), values, lang)


def value(row: dict[str, Term], name: str) -> str | None:
    return row[name].value if name in row else None


def resolve_entity(engine: Engine, kind: str, raw: str) -> str:
    """The IRI ``raw`` names (a mineral, country or initiative), or BadParameter."""
    return resolve(engine, Parameter(kind, f"_{kind}_iri", "iri", True), raw).value


def entity_label(engine: Engine, iri: str, lang: str) -> str:
    """The entity's label in ``lang``, from the ``sources`` question."""
    _, answer = describe_entity(engine, iri, lang)
    labels = [
        row["value"].value
        for row in answer.rows
        if row["propertyIri"].value == PREFIXES["rdfs"] + "label"
    ]
    return labels[0] if labels else iri


def date_range(filters: Filters) -> tuple[dt.date | None, dt.date | None]:
    """--from as its first day; --to as its last (--to 2015 draws to the end of 2015)."""
    start = end = None
    if filters.start is not None:
        start = period_start(_parsed(filters.start, "from"))
    if filters.end is not None:
        lexical = _parsed(filters.end, "to")
        first = period_start(lexical)
        if len(lexical) == 4:
            end = dt.date(first.year, 12, 31)
        elif len(lexical) == 7:
            next_month = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            end = next_month - dt.timedelta(days=1)
        else:
            end = first
    if start and end and start > end:
        raise BadParameter(f"--from {filters.start} is after --to {filters.end}")
    return start, end


def _parsed(text: str, option: str) -> str:
    try:
        return parse_date(text)[0]
    except ValueError as error:
        raise BadParameter(f"--{option}: {error}") from None


def day(text: str) -> dt.date:
    """A date of any precision as the day it stands for (its first)."""
    return period_start(text[:10])


@dataclass(frozen=True)
class Publication:
    """Who published a source document, and the document as a reader would find it."""

    publisher: str
    document: str
    own: bool = False  # a source of its own (the article), not a row of a record


#: The public documents each record row summarises (mg:summarises), with their
#: publisher, title, date and the site a reprint was read on.
SUMMARISED = """
PREFIX mg:      <https://w3id.org/mingraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?row ?document ?publisher ?title ?date ?readOn
WHERE {
    ?row mg:summarises ?document .
    ?document dcterms:publisher ?publisher .
    OPTIONAL { ?document dcterms:title ?title }
    OPTIONAL { ?document dcterms:date ?date }
    OPTIONAL { ?document mg:readOn ?readOn }
}
ORDER BY ?row ?document
"""

CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff]")

#: A name followed by another in parentheses: "新華社 (Xinhua)", "A News (anews.com.tr)".
NAMED_TWICE = re.compile(r"^(?P<first>.+?) \((?P<second>[^()]+)\)$")


def name_in(name: str, lang: str) -> str:
    """A publisher's name for a reader of ``lang``: of "新華社 (Xinhua)" the Chinese
    name for Chinese and the other for English; a name in one script stays whole;
    joint publishers are joined by "/" ("MOFCOM/GAC")."""
    twice = NAMED_TWICE.match(name)
    if twice and CJK.search(twice["first"]) and not CJK.search(twice["second"]):
        name = twice["first"] if lang == "zh-Hant" else twice["second"]
    # joint publishers ("MOFCOM; GAC") as one name: the source line separates by ";"
    return name.replace("; ", "/")


#: How a document is written in a list of sources: "Reuters via A News: China bans …
#: (2024-12-03)"; in Chinese the site it was read on in full-width brackets after the
#: publisher, and full-width punctuation.
CITED = {
    "en": {"via": " via {site}", "title": ": {title}", "date": " ({date})"},
    "zh-Hant": {"via": "（{site}）", "title": "：{title}", "date": "（{date}）"},
}


def publication(
    publisher: str,
    title: str | None = None,
    date: str | None = None,
    read_on: str | None = None,
    lang: str = "en",
) -> Publication:
    """A public document as its own description gives it (dcterms:publisher,
    dcterms:title, dcterms:date, mg:readOn) in ``lang``'s words (see :data:`CITED`)."""
    words = CITED[lang]
    name = name_in(publisher, lang)
    site = NAMED_TWICE.sub(r"\g<first>", read_on) if read_on else None
    document = name + (words["via"].format(site=name_in(site, lang)) if site else "")
    document += words["title"].format(title=title) if title else ""
    return Publication(name, document + (words["date"].format(date=date) if date else ""))


def _title_in(titles: list[Term], lang: str) -> str | None:
    """The document's title in ``lang``, else without a language, else English, else any."""
    for wanted in (lang, None, "en"):
        for title in titles:
            if (title.lang or None) == wanted:
                return title.value
    return titles[0].value if titles else None


@dataclass
class Sources:
    """The source documents the graph has, with their publishers, and the date its
    data runs to."""

    as_of: str
    publications_of: dict[str, list[Publication]]  # source IRI or label -> its publications

    @classmethod
    def of(cls, engine: Engine, lang: str) -> Sources:
        answer = ask(engine, "source-documents", lang)
        stated = {value(row, "newest") for row in answer.rows} - {None}
        dates = [value(row, "date") for row in answer.rows if "date" in row]
        as_of = max(stated) if stated else max(dates, key=day, default="")
        summarised: dict[str, dict[str, dict]] = {}
        for row in engine.run(SUMMARISED).rows:
            document = summarised.setdefault(row["row"].value, {}).setdefault(
                row["document"].value,
                {"publisher": row["publisher"].value, "titles": [], "date": None, "on": None},
            )
            if "title" in row and row["title"] not in document["titles"]:
                document["titles"].append(row["title"])
            document["date"] = document["date"] or value(row, "date")
            document["on"] = document["on"] or value(row, "readOn")
        publications_of: dict[str, list[Publication]] = {}
        for row in answer.rows:
            label = row["label"].value
            documents = summarised.get(row["document"].value, {}).values()
            # the article (and a row naming no public document) stands as itself
            own = row["collection"].value == row["document"].value
            cited = [
                publication(d["publisher"], _title_in(d["titles"], lang), d["date"], d["on"], lang)
                for d in documents
            ] or [Publication(label, label, own)]
            publications_of[row["document"].value] = cited
            publications_of[label] = cited
        return cls(as_of, publications_of)

    def cited(self, documents: list[str]) -> list[Publication]:
        """The publications behind the sources (IRIs or labels), each once, the
        article first (a source of its own, the one the record checks), then the
        publishers of the most documents (then the most cited)."""
        publications = [
            p for d in documents for p in self.publications_of.get(d, [Publication(d, d)])
        ]
        unique = dict.fromkeys(publications)
        documents_of = Counter(p.publisher for p in unique)
        citations = Counter(p.publisher for p in publications)
        return sorted(
            unique,
            key=lambda p: (
                not p.own,
                -documents_of[p.publisher],
                -citations[p.publisher],
                p.publisher,
                p.document,
            ),
        )

    def line(self, documents: list[str], lang: str) -> str:
        """The source line: the publishers behind what is drawn, the most cited first,
        then "and N more"."""
        words = WORDS[lang]
        publishers = list(dict.fromkeys(p.publisher for p in self.cited(documents)))
        named = words["separator"].join(publishers[:NAMED_PUBLISHERS])
        if len(publishers) > NAMED_PUBLISHERS:
            named += words["more"].format(count=len(publishers) - NAMED_PUBLISHERS)
        return words["source_line"].format(date=self.as_of, sources=named)

    def listing(self, documents: list[str]) -> list[str]:
        """Every publication behind what is drawn, "publisher via site: title (date)",
        for the SVG's metadata and the page below the chart."""
        return [p.document for p in self.cited(documents)]


def framed(
    spec: dict, title: str, source_line: str, lang: str, listing: list[str] | None = None
) -> dict:
    """The spec with its title, the source line under it, fonts and a white background;
    ``listing``, every source in full, goes in ``usermeta`` (and so in the SVG's metadata)."""
    width = 150 if lang == "en" else 80
    font = font_for(lang)
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": {
            "text": title,
            "subtitle": wrapped(source_line, width),
            "anchor": "start",
            "fontSize": 16,
            "subtitleFontSize": 11,
            "subtitleColor": "#555",
            "subtitlePadding": 6,
            "offset": 14,
        },
        "background": "white",
        "padding": 12,
        "usermeta": {"sources": listing or []},
        **spec,
        "config": {
            "font": font,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 11, "titleFontSize": 12},
            "header": {"labelFontSize": 12, "titleFontSize": 12},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 320},
        },
    }


def wrapped(text: str, width: int) -> list[str]:
    """Lines of at most about ``width`` characters, broken after a space or a Chinese
    semicolon (Chinese has no spaces between words)."""
    lines, line = [], ""
    for piece in re.findall(r"[^ ；]*[ ；]?", text):
        if line and len(line) + len(piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += piece
    return [*lines, line.rstrip()] if line.strip() else lines


def family_colours(families: dict[str, str], extra: dict[str, str] | None = None) -> dict:
    """The colour scale of the instrument families drawn ({IRI: label}), in the order
    of FAMILY_COLOURS, then ``extra`` ({label: colour}, e.g. the suspended gap)."""
    kept = [(families[iri], colour) for iri, colour in FAMILY_COLOURS.items() if iri in families]
    kept += list((extra or {}).items())
    return {"domain": [label for label, _ in kept], "range": [colour for _, colour in kept]}


def category_colours(labels: list[str]) -> dict:
    """A colour scale for a few categories, in the order given (at most len(PALETTE))."""
    if len(labels) > len(PALETTE):
        raise ValueError(f"{len(labels)} categories, more than a reader can tell apart by colour")
    return {"domain": list(labels), "range": PALETTE[: len(labels)]}


def swatch_legend(title: str, **more) -> dict:
    """A legend of square swatches outlined in grey, so a white swatch shows too."""
    return {
        "title": title,
        "orient": "bottom",
        "symbolType": "square",
        "symbolStrokeColor": "#555",
        "symbolStrokeWidth": 0.8,
        "symbolOpacity": 1,
        **more,
    }


def country_shapes(countries: list[str]) -> dict:
    """A shape scale for the issuing countries drawn, in the order given."""
    return {"domain": list(countries), "range": COUNTRY_SHAPES[: len(countries)]}


COUNTRIES = {
    "en": {"and": " and ", "comma": ", ", "own": "{country}'s", "own_s": "{country}'"},
    "zh-Hant": {"and": "與", "comma": "、", "own": "{country}", "own_s": "{country}"},
}


def listed(names: list[str], lang: str) -> str:
    """Names as a reader lists them: "China, United States and Taiwan"; 中國、美國與臺灣."""
    words = COUNTRIES[lang]
    if len(names) <= 1:
        return "".join(names)
    return words["comma"].join(names[:-1]) + words["and"] + names[-1]


def possessive(country: str, lang: str) -> str:
    """ "China's", "United States'" (中國之 is left to each chart's wording)."""
    words = COUNTRIES[lang]
    return words["own_s" if country.endswith("s") else "own"].format(country=country)
