"""``timeline``: each measure a bar from its start to its end, one lane per mineral.

Drawn from the ``measure-periods`` answer. A bar runs from the day the measure
began (entry into force, else announcement, else the article's date) to the day a
source reports it ended, or the day a measure that replaced or succeeded it began;
a measure with no such end runs, paler, to the date the data runs to. While a
suspension puts a measure out of effect, its bar has a gap, outlined. Bars that
overlap in a lane are stacked in tracks. The axis spans the whole answer (1998 to
the newest source) unless --from or --to narrow it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

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
    value,
)
from mingraph.engines import Engine

WORDS = {
    "en": {
        "title": "Measures on minerals{by}, {first}–{last}",
        "by": " by {country}",
        "no_mineral": "(no mineral named)",
        "lane": "mineral or group",
        "year": "year",
        "instrument": "instrument",
        "end": "end",
        "ended": "ended, replaced or succeeded",
        "open": "no end in the sources",
        "in_effect": "in effect",
        "suspended": "suspended (the gap in a bar)",
        "suspension": "suspended",
        "measure": "measure",
        "issuer": "issued by",
        "from": "from",
        "until": "until",
        "empty": "nothing to draw: no measure{on}{by}{span}",
        "on": " on {mineral}",
    },
    "zh-Hant": {
        "title": "{by}礦物措施，{first}–{last}年",
        "by": "{country}之",
        "no_mineral": "（未指明礦物）",
        "lane": "礦物或礦物群組",
        "year": "年份",
        "instrument": "政策工具",
        "end": "終止",
        "ended": "已終止、被取代或接續",
        "open": "來源未載終止",
        "in_effect": "施行中",
        "suspended": "暫停（長條中之空隙）",
        "suspension": "暫停期間",
        "measure": "措施",
        "issuer": "發布者",
        "from": "起",
        "until": "迄",
        "empty": "無可繪製：{span}無{by}{on}措施",
        "on": "涉及{mineral}之",
    },
}

WIDTH = 860
TRACK_HEIGHT = 9


def spec(engine: Engine, lang: str, filters: Filters) -> dict:
    words = WORDS[lang]
    answer = ask(engine, "measure-periods", lang)
    sources = Sources.of(engine, lang)
    instruments = {(row["instrumentConcept"].value, row["instrument"].value) for row in answer.rows}
    mineral = resolve_entity(engine, "mineral", filters.mineral) if filters.mineral else None
    country = resolve_entity(engine, "country", filters.country) if filters.country else None
    start, end = date_range(filters)
    first = start or dt.date(min(day(row["start"].value) for row in answer.rows).year, 1, 1)
    last = end or max(
        [day(sources.as_of)]
        + [day(row[name].value) for row in answer.rows for name in _DATES if name in row]
    )

    rows = [
        row
        for row in answer.rows
        if (mineral is None or mineral in (value(row, "within") or "").split("; "))
        and (country is None or row["issuer"].value == country)
    ]
    bars = [bar for row in rows if (bar := _bar(row, words, first, last))]
    if not bars:
        raise EmptyChart(
            words["empty"].format(
                on=words["on"].format(mineral=entity_label(engine, mineral, lang))
                if mineral
                else "",
                by=words["by"].format(country=entity_label(engine, country, lang))
                if country
                else "",
                span=span(lang, start, end),
            )
        )
    _stack_in_tracks(bars)
    lanes = _lane_order(bars, rows, words["no_mineral"])
    segments = [piece for bar in bars for piece in _segments(bar, words)]
    colours = category_colours(instruments, {b["instrument"] for b in bars})
    country_label = bars[0]["country"] if country else None
    title = words["title"].format(
        by=words["by"].format(country=country_label) if country_label else "",
        first=first.year,
        last=last.year,
    )
    documents = [d for row in rows for d in row["sources"].value.split("; ")]
    view = {
        "data": {"values": segments},
        "facet": {
            "row": {
                "field": "lane",
                "type": "nominal",
                "sort": lanes,
                "title": words["lane"],
                "header": {"labelAngle": 0, "labelAlign": "left", "labelLimit": 190},
            }
        },
        "spacing": {"row": 4},
        "resolve": {"scale": {"y": "independent"}},
        "spec": {
            "width": WIDTH,
            "height": {"step": TRACK_HEIGHT},
            "encoding": {
                "x": {
                    "field": "start",
                    "type": "temporal",
                    "scale": {"type": "utc", "domain": [_datetime(first), _datetime(last)]},
                    "axis": {
                        "title": words["year"],
                        "format": "%Y",
                        "values": [_datetime(dt.date(y, 1, 1)) for y in _years(first, last)],
                        "labelAngle": 0,
                        "labelOverlap": False,
                    },
                },
                "x2": {"field": "end"},
                "y": {"field": "track", "type": "ordinal", "axis": None},
                "tooltip": [
                    {"field": "measure", "title": words["measure"]},
                    {"field": "country", "title": words["issuer"]},
                    {"field": "instrument", "title": words["instrument"]},
                    {"field": "from", "title": words["from"]},
                    {"field": "until", "title": words["until"]},
                    {"field": "suspension", "title": words["suspension"]},
                ],
            },
            "layer": [
                {
                    "transform": [{"filter": {"field": "state", "equal": words["in_effect"]}}],
                    "mark": {"type": "bar", "cornerRadius": 1, "tooltip": True},
                    "encoding": {
                        "color": {
                            "field": "instrument",
                            "type": "nominal",
                            "scale": colours,
                            "legend": {
                                "title": words["instrument"],
                                "orient": "bottom",
                                "columns": 4,
                            },
                        },
                        "opacity": {
                            "field": "endKind",
                            "type": "nominal",
                            "scale": {
                                "domain": [words["ended"], words["open"]],
                                "range": [1, 0.45],
                            },
                            "legend": {"title": words["end"], "orient": "bottom"},
                        },
                    },
                },
            ],
        },
    }
    if any(piece["state"] == words["suspended"] for piece in segments):
        view["spec"]["layer"].append(_suspended_layer(words, colours))
    return framed(view, title, sources.line(documents, lang), lang)


def _suspended_layer(words: dict, colours: dict) -> dict:
    """The suspended stretches of bars: white, outlined in the instrument's colour."""
    return {
        "transform": [{"filter": {"field": "state", "equal": words["suspended"]}}],
        "mark": {"type": "bar", "fill": "white", "strokeWidth": 1, "tooltip": True},
        "encoding": {
            "stroke": {
                "field": "instrument",
                "type": "nominal",
                "scale": colours,
                "legend": None,
            },
            "strokeDash": {
                "field": "state",
                "type": "nominal",
                "scale": {"domain": [words["suspended"]], "range": [[3, 2]]},
                "legend": {
                    "title": words["suspension"],
                    "orient": "bottom",
                    "symbolType": "square",
                    "symbolStrokeColor": "#555",
                    "symbolFillColor": "white",
                    "symbolStrokeWidth": 1.5,
                    "symbolSize": 120,
                },
            },
        },
    }


_DATES = ("start", "ended", "replacedFrom")


def _bar(row, words: dict, first: dt.date, last: dt.date) -> dict | None:
    """The row as a bar clipped to [first, last], or None when it lies outside."""
    begins = day(row["start"].value)
    ends = [day(row[name].value) for name in ("ended", "replacedFrom") if name in row]
    until = min(ends) if ends else None
    shown_from, shown_until = max(begins, first), min(until or last, last)
    if begins > last or shown_until < first:
        return None
    return {
        "lane": value(row, "mineralLabel") or words["no_mineral"],
        "start": shown_from.isoformat(),
        "end": max(shown_until, shown_from).isoformat(),
        "from": begins.isoformat(),
        "until": until.isoformat() if until else "",
        "instrument": row["instrument"].value,
        "measure": row["label"].value,
        "country": row["country"].value,
        "endKind": words["ended"] if until else words["open"],
        "suspension": value(row, "suspensions") or "",
    }


def _segments(bar: dict, words: dict) -> list[dict]:
    """The bar cut where suspensions put the measure out of effect: the pieces in effect
    and, between them, the suspended pieces (drawn as a gap)."""
    pieces, cursor = [], bar["start"]
    for begins, ends in _suspended_periods(bar["suspension"]):
        begins, ends = max(begins, cursor), min(ends or bar["end"], bar["end"])
        if begins < ends:
            pieces += [(cursor, begins, words["in_effect"]), (begins, ends, words["suspended"])]
            cursor = ends
    pieces.append((cursor, bar["end"], words["in_effect"]))
    kept = [(start, end, state) for start, end, state in pieces if start < end] or pieces[-1:]
    return [{**bar, "start": start, "end": end, "state": state} for start, end, state in kept]


def _suspended_periods(text: str) -> list[tuple[str, str | None]]:
    """Suspension periods written start/end or start/PnD (n days), in order."""
    periods = []
    for item in filter(None, text.split("; ")):
        begins, _, ends = item.partition("/")
        if ends.startswith("P") and ends.endswith("D"):
            ends = (day(begins) + dt.timedelta(days=int(ends[1:-1]))).isoformat()
        periods.append((day(begins).isoformat(), day(ends).isoformat() if ends else None))
    return sorted(periods)


def _stack_in_tracks(bars: list[dict]) -> None:
    """Give each bar a track in its lane so that bars of a lane never overlap."""
    track_ends: dict[str, list[str]] = {}
    for bar in sorted(bars, key=lambda b: (b["start"], b["end"], b["measure"])):
        ends = track_ends.setdefault(bar["lane"], [])
        track = next((i for i, end in enumerate(ends) if end < bar["start"]), len(ends))
        if track == len(ends):
            ends.append(bar["end"])
        else:
            ends[track] = bar["end"]
        bar["track"] = track


def _lane_order(bars: list[dict], rows, no_mineral: str) -> list[str]:
    """Lanes grouped by their broadest mineral group (rare earths, then its kinds, then
    their elements), groups in order of their first measure; measures naming no
    mineral last."""
    within = {
        row["mineralLabel"].value: set(row["within"].value.split("; "))
        for row in rows
        if "mineralLabel" in row
    }
    counts = Counter(iri for iris in within.values() for iri in iris)
    root = {lane: max(iris, key=lambda iri: (counts[iri], iri)) for lane, iris in within.items()}
    first_start: dict[str, str] = {}
    for bar in bars:
        first_start[bar["lane"]] = min(first_start.get(bar["lane"], bar["start"]), bar["start"])
    group_start: dict[str, str] = {}
    for lane, start in first_start.items():
        group = root.get(lane, lane)
        group_start[group] = min(group_start.get(group, start), start)

    def key(lane: str) -> tuple:
        group = root.get(lane, lane)
        depth = len(within.get(lane, ()))
        return (lane == no_mineral, group_start[group], group, depth, first_start[lane], lane)

    return sorted(first_start, key=key)


def _years(first: dt.date, last: dt.date) -> list[int]:
    """Tick years: every year for a short span, else every other, the first and last kept."""
    step = 1 if last.year - first.year <= 16 else 2
    years = list(range(first.year, last.year + 1, step))
    if years[-1] != last.year:
        years.append(last.year)
    return years


def _datetime(when: dt.date) -> dict:
    return {"year": when.year, "month": when.month, "date": when.day, "utc": True}
