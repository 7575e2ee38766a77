"""``effects``: the figures of market effects per mineral over time, with the measure
each followed marked on the same axis.

Drawn from the ``effects`` answer (the figures), ``measure-periods`` (the day each
measure began) and ``effect-sources`` (the documents behind each figure). One lane
per mineral; each figure a dot at the period it measures, on a line of its own with
what it measures, where, and the figure as the source gives it. A vertical line marks
the day the measure the source says it followed began, in that measure's colour, as
are the dots of the figures that followed it. Figures with no period (modelled
scenarios, standing shares) have no place on a time axis and are left out.
"""

from __future__ import annotations

import datetime as dt

from mingraph.charts.common import (
    EmptyChart,
    Filters,
    Sources,
    ask,
    category_colours,
    day,
    entity_label,
    framed,
    resolve_entity,
    value,
)
from mingraph.engines import Engine

WORDS = {
    "en": {
        "title": "Market effects of the measures, {first}–{last}",
        "lane": "indicator",
        "period": "period the figure measures",
        "measure": "measure the source says it followed (dashed line: the day it began)",
        "none": "no measure named by the source",
        "figure": "figure",
        "effect": "market effect",
        "place": "{place} to {destination}",
        "line": "{mineral} · {place}: {figure}",
        "about": {"approximately": "about"},
        "percent": ("percent",),
        "change": " ({change}% on {compared})",
        "change_alone": "{change}% on {compared}",
        "began": "began",
        "empty": "nothing to draw: no market figure with a period for {mineral}",
        "all": "any mineral",
    },
    "zh-Hant": {
        "title": "措施之市場影響，{first}–{last}年",
        "lane": "指標",
        "period": "數據所屬期間",
        "measure": "來源所稱其所隨之措施（虛線：措施開始之日）",
        "none": "來源未指明措施",
        "figure": "數據",
        "effect": "市場影響",
        "place": "{place}至{destination}",
        "line": "{mineral}．{place}：{figure}",
        "about": {"約略": "約"},
        "percent": ("百分比",),
        "change": "（較{compared} {change}%）",
        "change_alone": "較{compared} {change}%",
        "began": "開始",
        "empty": "無可繪製：無{mineral}之有期間市場數據",
        "all": "任何礦物",
    },
}

WIDTH = 560
ROW_HEIGHT = 16
NONE_COLOUR = "#9d9d9d"


def spec(engine: Engine, lang: str, filters: Filters) -> dict:
    words = WORDS[lang]
    mineral = resolve_entity(engine, "mineral", filters.mineral) if filters.mineral else None
    answer = ask(engine, "effects", lang, **({"mineral": mineral} if mineral else {}))
    dated = [row for row in answer.rows if "period" in row]
    if not dated:
        label = entity_label(engine, mineral, lang) if mineral else words["all"]
        raise EmptyChart(words["empty"].format(mineral=label))
    began = _measure_starts(engine, lang)
    figures = [
        figure for index, row in enumerate(dated) for figure in _figures(row, index, words, began)
    ]
    lanes = list(dict.fromkeys(f["lane"] for f in figures))
    _number_within_lanes(figures)
    measures = {(f["measureIri"], f["measure"]) for f in figures if f["measureIri"]}
    lines = list({(f["lane"], f["measureIri"]): _line(f) for f in figures if f["began"]}.values())
    colours = category_colours(sorted({label for _, label in measures}))
    colours["domain"].append(words["none"])
    colours["range"].append(NONE_COLOUR)
    days = [day(f["period"]) for f in figures] + [day(line["period"]) for line in lines]
    first, last = min(days), max(days)
    title = words["title"].format(first=first.year, last=last.year)
    effects = {row["effect"].value for row in dated}
    documents = [
        document
        for row in ask(engine, "effect-sources", lang).rows
        if row["effect"].value in effects
        for document in row["sources"].value.split("; ")
    ]
    sources = Sources.of(engine, lang)
    colour = {
        "field": "measure",
        "type": "nominal",
        "scale": colours,
        "legend": {
            "title": words["measure"],
            "orient": "bottom",
            "titleLimit": 700,
            "labelLimit": 700,
            "columns": 1,
        },
    }
    x_axis = {
        "field": "period",
        "type": "temporal",
        "scale": {"type": "utc", "domain": [_datetime(_month_before(first)), _datetime(last)]},
        "axis": {"title": words["period"], "format": "%Y-%m", "labelAngle": 0},
    }
    view = {
        "data": {"values": figures + lines},
        "facet": {
            "row": {
                "field": "lane",
                "type": "nominal",
                "sort": lanes,
                "title": words["lane"],
                "header": {
                    "labelAngle": 0,
                    "labelAlign": "left",
                    "labelLimit": 260,
                    "labelFontWeight": "bold",
                },
            }
        },
        "spacing": {"row": 6},
        "resolve": {"scale": {"y": "independent"}},
        "spec": {
            "width": WIDTH,
            "height": {"step": ROW_HEIGHT},
            "encoding": {"x": x_axis},
            "layer": [
                {
                    "transform": [{"filter": "datum.kind === 'measure'"}],
                    "mark": {"type": "rule", "strokeWidth": 2, "strokeDash": [4, 2]},
                    "encoding": {
                        "color": colour,
                        "tooltip": [
                            {"field": "measure", "title": words["measure"]},
                            {"field": "day", "title": words["began"]},
                        ],
                    },
                },
                {
                    "transform": [{"filter": "datum.kind === 'figure'"}],
                    "mark": {"type": "point", "filled": True, "size": 60, "opacity": 1},
                    "encoding": {
                        "y": {
                            "field": "label",
                            "type": "nominal",
                            "sort": {"field": "row", "op": "min"},
                            "axis": {
                                "title": None,
                                "labelLimit": 460,
                                "labelFontSize": 10,
                                "ticks": False,
                                "domain": False,
                            },
                        },
                        "color": colour,
                        "tooltip": [
                            {"field": "effect", "title": words["effect"]},
                            {"field": "label", "title": words["figure"]},
                            {"field": "measure", "title": words["measure"]},
                        ],
                    },
                },
            ],
        },
    }
    return framed(view, title, sources.line(documents, lang), lang, sources.listing(documents))


def _measure_starts(engine: Engine, lang: str) -> dict[str, str]:
    """The day each measure began, from the ``measure-periods`` answer."""
    starts: dict[str, str] = {}
    for row in ask(engine, "measure-periods", lang).rows:
        policy, start = row["policy"].value, day(row["start"].value).isoformat()
        starts[policy] = min(starts.get(policy, start), start)
    return starts


def _figures(row, index: int, words: dict, began: dict[str, str]) -> list[dict]:
    """The row as one dot per mineral it concerns, in its indicator's panel."""
    measure_iri = value(row, "followed")
    place = row["place"].value
    if "destination" in row:
        place = words["place"].format(place=place, destination=row["destination"].value)
    figure = {
        "kind": "figure",
        "order": index,
        "lane": row["indicator"].value,
        "period": day(row["period"].value).isoformat(),
        "effect": row["label"].value,
        "measureIri": measure_iri or "",
        "measure": value(row, "followedLabel") or words["none"],
        "began": began.get(measure_iri or "", ""),
    }
    text = _figure_text(row, words)
    return [
        {**figure, "mineral": mineral,
         "label": words["line"].format(mineral=mineral, place=place, figure=text)}
        for mineral in row["minerals"].value.split("; ")
    ]  # fmt: skip


def _figure_text(row, words: dict) -> str:
    """The figure as the source gives it, a range low to high, with its change."""
    quantity, up_to = value(row, "quantity"), value(row, "quantityUpTo")
    amount = "–".join(q for q in (quantity, up_to) if q)
    if amount:
        unit = (value(row, "unit") or "").replace("／", "/")
        if unit in words["percent"]:
            amount, unit = amount + "%", ""
        elif quantity == "1" and not up_to and unit.endswith("s"):
            unit = unit[:-1]  # 1 week, not 1 weeks
        approximation = value(row, "approximation")
        approximation = words["about"].get(approximation, approximation)
        amount = " ".join(x for x in (approximation, amount, unit) if x)
    change = value(row, "change")
    if change is not None:
        signed = change if change.startswith("-") else f"+{change}"
        compared = value(row, "comparedWith") or "?"
        key = "change" if amount else "change_alone"
        amount += words[key].format(change=signed.replace("-", "−"), compared=compared)
    return amount or value(row, "direction") or ""


def _number_within_lanes(figures: list[dict]) -> None:
    """Give each figure its own line in its lane, in order of period."""
    count: dict[str, int] = {}
    for figure in sorted(figures, key=lambda f: (f["period"], f["order"])):
        figure["row"] = count.get(figure["lane"], 0)
        count[figure["lane"]] = figure["row"] + 1


def _line(figure: dict) -> dict:
    """The vertical line in a lane for the day the figure's measure began."""
    return {
        "kind": "measure",
        "lane": figure["lane"],
        "period": figure["began"],
        "day": figure["began"],
        "measure": figure["measure"],
    }


def _month_before(when: dt.date) -> dt.date:
    return dt.date(when.year - (when.month == 1), (when.month - 2) % 12 + 1, 1)


def _datetime(when: dt.date) -> dict:
    return {"year": when.year, "month": when.month, "date": when.day, "utc": True}
