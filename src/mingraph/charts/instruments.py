"""``instruments``: how many measures of each instrument began in each year, stacked.

Drawn from the ``measure-periods`` answer, each measure counted once, in the year
it began (entry into force, else announcement, else the article's date).
"""

from __future__ import annotations

from mingraph.charts.common import (
    EmptyChart,
    Filters,
    Sources,
    ask,
    category_colours,
    date_range,
    day,
    entity_label,
    framed,
    resolve_entity,
    span,
)
from mingraph.engines import Engine

WORDS = {
    "en": {
        "title": "Measures by instrument and year they began{by}, {first}–{last}",
        "by": ", {country}",
        "year": "year",
        "count": "measures",
        "instrument": "instrument",
        "empty": "nothing to draw: no measure{by} began{span}",
        "by_empty": " by {country}",
    },
    "zh-Hant": {
        "title": "{by}各年起始之措施，依政策工具，{first}–{last}年",
        "by": "{country}",
        "year": "年份",
        "count": "措施數",
        "instrument": "政策工具",
        "empty": "無可繪製：{span}無{by}起始之措施",
        "by_empty": "{country}",
    },
}


def spec(engine: Engine, lang: str, filters: Filters) -> dict:
    words = WORDS[lang]
    answer = ask(engine, "measure-periods", lang)
    sources = Sources.of(engine, lang)
    instruments = {(row["instrumentConcept"].value, row["instrument"].value) for row in answer.rows}
    country = resolve_entity(engine, "country", filters.country) if filters.country else None
    start, end = date_range(filters)
    first = start.year if start else min(day(row["start"].value).year for row in answer.rows)
    last = end.year if end else max(day(row["start"].value).year for row in answer.rows)

    measures: dict[str, dict] = {}
    documents: list[str] = []
    for row in answer.rows:
        began = day(row["start"].value)
        if country and row["issuer"].value != country:
            continue
        if (start and began < start) or (end and began > end):
            continue
        documents += row["sources"].value.split("; ")
        measures[row["policy"].value] = {
            "year": began.year,
            "instrument": row["instrument"].value,
            "country": row["country"].value,
        }
    if not measures:
        by = ""
        if country:
            by = words["by_empty"].format(country=entity_label(engine, country, lang))
        raise EmptyChart(words["empty"].format(by=by, span=span(lang, filters.start, filters.end)))
    country_label = next(iter(measures.values()))["country"] if country else None
    title = words["title"].format(
        by=words["by"].format(country=country_label) if country_label else "",
        first=first,
        last=last,
    )
    view = {
        "data": {"values": list(measures.values())},
        "width": {"step": 26},
        "height": 320,
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {
                "field": "year",
                "type": "ordinal",
                "scale": {"domain": list(range(first, last + 1))},
                "axis": {"title": words["year"], "labelAngle": -45},
            },
            "y": {
                "aggregate": "count",
                "type": "quantitative",
                "axis": {"title": words["count"], "tickMinStep": 1},
            },
            "color": {
                "field": "instrument",
                "type": "nominal",
                "scale": category_colours(
                    instruments, {m["instrument"] for m in measures.values()}
                ),
                "legend": {"title": words["instrument"]},
            },
            "order": {"field": "instrument"},
        },
    }
    return framed(view, title, sources.line(documents, lang), lang)
