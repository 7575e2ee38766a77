"""``instruments``: how many measures of each instrument began in each year, stacked,
coloured by the instrument's family; one panel per issuing country where several
are drawn. Also the picture of the ``instrument-trend`` answer, drawn from its rows.

Drawn from the ``measure-periods`` answer, each measure counted once, in the year
it began (entry into force, else announcement, else the article's date).
"""

from __future__ import annotations

from mingraph.charts.common import (
    EmptyChart,
    Filters,
    Sources,
    ask,
    date_range,
    day,
    entity_label,
    family_colours,
    framed,
    listed,
    possessive,
    resolve_entity,
    span,
    swatch_legend,
    value,
)
from mingraph.engines import Engine

WORDS = {
    "en": {
        "title_one": "{own} measures by the year they began, {first}–{last}",
        "title_many": "Measures by {countries}, by the year they began, {first}–{last}",
        "trend_title": "China's measures by instrument family and period",
        "trend_source": "mingraph, data as of {date}; counted by the instrument-trend question",
        "year": "year",
        "period": "period",
        "count": "measures",
        "family": "instrument family",
        "instrument": "instrument",
        "country": "issued by",
        "empty": "nothing to draw: no measure{by} began{span}",
        "by_empty": " by {country}",
    },
    "zh-Hant": {
        "title_one": "{own}各年起始之措施，{first}–{last}年",
        "title_many": "{countries}各年起始之措施，{first}–{last}年",
        "trend_title": "中國措施，依政策工具類別與期間",
        "trend_source": "mingraph，資料截至 {date}；依 instrument-trend 問題計數",
        "year": "年份",
        "period": "期間",
        "count": "措施數",
        "family": "政策工具類別",
        "instrument": "政策工具",
        "country": "發布者",
        "empty": "無可繪製：{span}無{by}起始之措施",
        "by_empty": "{country}",
    },
}


def spec(engine: Engine, lang: str, filters: Filters) -> dict:
    words = WORDS[lang]
    answer = ask(engine, "measure-periods", lang)
    sources = Sources.of(engine, lang)
    country = resolve_entity(engine, "country", filters.country) if filters.country else None
    start, end = date_range(filters)
    measures: dict[str, dict] = {}
    documents: list[str] = []
    families: dict[str, str] = {}
    for row in answer.rows:
        began = day(row["start"].value)
        if country and row["issuer"].value != country:
            continue
        if (start and began < start) or (end and began > end):
            continue
        documents += row["sources"].value.split("; ")
        if "familyConcept" in row:
            families[row["familyConcept"].value] = row["family"].value
        measures[row["policy"].value] = {
            "year": began.year,
            "measure": row["label"].value,
            "instrument": row["instrument"].value,
            "family": value(row, "family") or row["instrument"].value,
            "country": row["country"].value,
        }
    if not measures:
        by = ""
        if country:
            by = words["by_empty"].format(country=entity_label(engine, country, lang))
        raise EmptyChart(words["empty"].format(by=by, span=span(lang, filters.start, filters.end)))
    years = [m["year"] for m in measures.values()]
    first, last = (start.year if start else min(years)), (end.year if end else max(years))
    countries = sorted({m["country"] for m in measures.values()}, key=lambda c: (
        -sum(m["country"] == c for m in measures.values()), c))  # fmt: skip
    if len(countries) == 1:
        title = words["title_one"].format(
            own=possessive(countries[0], lang), first=first, last=last
        )
    else:
        title = words["title_many"].format(
            countries=listed(countries, lang), first=first, last=last
        )
    view = {
        "data": {"values": list(measures.values())},
        "width": {"step": 16 if last - first > 20 else 24},
        "height": 140 if len(countries) > 1 else 300,
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {
                "field": "year",
                "type": "ordinal",
                "scale": {"domain": list(range(first, last + 1))},
                "axis": {"title": words["year"], "labelAngle": -90, "labelBaseline": "middle"},
            },
            "y": {
                "aggregate": "count",
                "type": "quantitative",
                "axis": {"title": words["count"], "tickMinStep": 1},
            },
            **_family_colour(words, families),
            "tooltip": [
                {"field": "measure", "title": "measure"},
                {"field": "instrument", "title": words["instrument"]},
                {"field": "country", "title": words["country"]},
            ],
        },
    }
    if len(countries) > 1:
        view = {
            "data": view.pop("data"),
            "facet": {
                "row": {
                    "field": "country",
                    "type": "nominal",
                    "sort": countries,
                    "title": words["country"],
                    "header": {"labelAngle": 0, "labelAlign": "left", "labelFontWeight": "bold"},
                }
            },
            "spec": view,
        }
    return framed(view, title, sources.line(documents, lang), lang, sources.listing(documents))


def trend_spec(engine: Engine, lang: str, values: dict) -> dict:
    """The ``instrument-trend`` answer drawn row for row: each row's count of measures
    of one instrument in one period, stacked by family."""
    words = WORDS[lang]
    answer = ask(engine, "instrument-trend", lang, **values)
    rows = [
        {
            "period": row["period"].value,
            "instrument": row["instrument"].value,
            "family": value(row, "family") or row["instrument"].value,
            "measures": int(row["measures"].value),
        }
        for row in answer.rows
    ]
    if not rows:
        raise EmptyChart(words["empty"].format(by="", span=""))
    families = {row["familyConcept"].value: row["family"].value for row in answer.rows
                if "familyConcept" in row}  # fmt: skip
    view = {
        "data": {"values": rows},
        "width": {"step": 48},
        "height": 300,
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {
                "field": "period",
                "type": "ordinal",
                "sort": sorted({row["period"] for row in rows}),
                "axis": {"title": words["period"], "labelAngle": 0},
            },
            "y": {
                "field": "measures",
                "aggregate": "sum",
                "type": "quantitative",
                "axis": {"title": words["count"], "tickMinStep": 1},
            },
            **_family_colour(words, families),
            "tooltip": [
                {"field": "instrument", "title": words["instrument"]},
                {"field": "measures", "title": words["count"]},
            ],
        },
    }
    as_of = Sources.of(engine, lang).as_of
    return framed(view, words["trend_title"], words["trend_source"].format(date=as_of), lang)


def _family_colour(words: dict, families: dict[str, str]) -> dict:
    return {
        "color": {
            "field": "family",
            "type": "nominal",
            "scale": family_colours(families),
            "legend": swatch_legend(words["family"], orient="right"),
        },
        "order": {"field": "family"},
    }
