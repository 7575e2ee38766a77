"""``timeline``: each measure a labelled row, its bar from its start to its end,
grouped by mineral or by issuing country (``--by``).

Drawn from the ``measure-periods`` answer. A bar runs from the day the measure
began (entry into force, else announcement, else the article's date) to the day a
source reports it ended, or the day a measure that replaced or succeeded it began;
a measure with no such end runs, paler, to the date the data runs to. While a
suspension puts a measure out of effect, its bar has a gap (white, outlined). Bars
are coloured by the family of their instrument (mgi:instrument-families); where
several countries' measures are drawn, a shape at the start of each bar says whose.

The time axis spans what is drawn (or the --from/--to period). A long span that
reaches the recent years is drawn with those years widened (from 2023 on, where
most of the measures are), the change of scale marked by a dashed line.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from mingraph.charts.common import (
    SUSPENDED_COLOUR,
    EmptyChart,
    Filters,
    Sources,
    ask,
    country_shapes,
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
from mingraph.resolve import BadParameter

WORDS = {
    "en": {
        "title_one": "{own} measures on {what}, {first}–{last}",
        "title_many": "Measures on {what} by {countries}, {first}–{last}",
        "minerals": "minerals",
        "no_mineral": "(no mineral named)",
        "lane": "mineral or group",
        "lane_country": "issued by",
        "year": "year",
        "year_widened": "year (from {year} on, the scale is widened)",
        "family": "instrument family",
        "instrument": "instrument",
        "end": "end",
        "ended": "ended, replaced or succeeded (line at the end)",
        "open": "no end in the sources",
        "in_effect": "in effect",
        "suspended": "suspended (the gap in a bar)",
        "suspension": "suspended",
        "measure": "measure",
        "issuer": "issued by",
        "concerns": "minerals",
        "from": "from",
        "until": "until",
        "empty": "nothing to draw: no measure{on}{by}{span}",
        "on": " on {mineral}",
        "by": " by {country}",
    },
    "zh-Hant": {
        "title_one": "{own}之{what}措施，{first}–{last}年",
        "title_many": "{countries}之{what}措施，{first}–{last}年",
        "minerals": "礦物",
        "no_mineral": "（未指明礦物）",
        "lane": "礦物或礦物群組",
        "lane_country": "發布者",
        "year": "年份",
        "year_widened": "年份（{year}年起放大刻度）",
        "family": "政策工具類別",
        "instrument": "政策工具",
        "end": "終止",
        "ended": "已終止、被取代或接續（末端直線）",
        "open": "來源未載終止",
        "in_effect": "施行中",
        "suspended": "暫停（長條中之空隙）",
        "suspension": "暫停期間",
        "measure": "措施",
        "issuer": "發布者",
        "concerns": "礦物",
        "from": "起",
        "until": "迄",
        "empty": "無可繪製：{span}無{by}{on}措施",
        "on": "涉及{mineral}之",
        "by": "{country}之",
    },
}

GROUPINGS = ("mineral", "country")
WIDTH = 560
ROW_HEIGHT = 12
#: From this year on a long axis is widened, to about RECENT_SHARE of the width.
RECENT_YEAR = 2023
RECENT_SHARE = 0.55


def spec(engine: Engine, lang: str, filters: Filters) -> dict:
    words = WORDS[lang]
    by = filters.by or "mineral"
    if by not in GROUPINGS:
        raise BadParameter(f"--by takes {' or '.join(GROUPINGS)}, not {by[:40]!r}")
    answer = ask(engine, "measure-periods", lang)
    sources = Sources.of(engine, lang)
    mineral = resolve_entity(engine, "mineral", filters.mineral) if filters.mineral else None
    country = resolve_entity(engine, "country", filters.country) if filters.country else None
    start, end = date_range(filters)
    rows = [
        row
        for row in answer.rows
        if (mineral is None or mineral in (value(row, "within") or "").split("; "))
        and (country is None or row["issuer"].value == country)
    ]
    newest = max(
        [day(sources.as_of)]
        + [day(row[name].value) for row in answer.rows for name in _DATES if name in row]
    )
    outer_first, last = start or dt.date.min, end or newest
    bars = [bar for row in rows if (bar := _bar(row, words, outer_first, last))]
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
    first = start or dt.date(min(day(bar["from"]) for bar in bars).year, 1, 1)
    axis = TimeAxis.fitted(first, last, widen=start is None and end is None)
    if by == "country":
        bars = _one_per_measure(bars)
        lanes = sorted({bar["lane"] for bar in bars}, key=lambda c: min(
            b["from"] for b in bars if b["lane"] == c))  # fmt: skip
    else:
        lanes = _lane_order(bars, rows, words["no_mineral"])
    _order_rows(bars)
    segments = [axis.placed(piece) for bar in bars for piece in _segments(bar, words)]
    countries = sorted({bar["country"] for bar in bars}, key=lambda c: (
        -sum(b["country"] == c for b in bars), c))  # fmt: skip
    families = {row["familyConcept"].value: row["family"].value for row in rows
                if "familyConcept" in row and row["label"].value in
                {bar["measure"] for bar in bars}}  # fmt: skip
    suspended = any(piece["state"] == words["suspended"] for piece in segments)
    colours = family_colours(
        families, {words["suspended"]: SUSPENDED_COLOUR} if suspended else None
    )
    what = entity_label(engine, mineral, lang) if mineral else words["minerals"]
    if len(countries) == 1:
        title = words["title_one"].format(
            own=possessive(countries[0], lang), what=what, first=first.year, last=last.year
        )
    else:
        title = words["title_many"].format(
            countries=listed(countries, lang), what=what, first=first.year, last=last.year
        )
    documents = [d for row in rows for d in row["sources"].value.split("; ")]
    layers = [_bar_layer(words, colours), _end_layer(words), *axis.break_layer()]
    if len(countries) > 1:
        layers.append(_country_layer(words, countries, axis.place(first)))
    view = {
        "data": {"values": segments},
        "facet": {
            "row": {
                "field": "lane",
                "type": "nominal",
                "sort": lanes,
                "title": words["lane_country" if by == "country" else "lane"],
                "header": {
                    "labelAngle": 0,
                    "labelAlign": "left",
                    "labelLimit": 200,
                    "labelFontWeight": "bold",
                },
            }
        },
        "spacing": {"row": 6},
        "resolve": {"scale": {"y": "independent"}},
        "spec": {
            "width": WIDTH,
            "height": {"step": ROW_HEIGHT},
            "encoding": {
                "x": {
                    "field": "x0",
                    "type": "quantitative",
                    "scale": {
                        "domain": [axis.place(first), axis.place(last)],
                        "nice": False,
                        "zero": False,
                    },
                    "axis": axis.ticks(words),
                },
                "x2": {"field": "x1"},
                "y": {
                    "field": "row",
                    "type": "nominal",
                    "sort": {"field": "order", "op": "min"},
                    "axis": {
                        "title": None,
                        "labelLimit": 0,  # cut short in _row_label: measuring each is slow
                        "labelPadding": 14 if len(countries) > 1 else 4,
                        "labelFontSize": 10,
                        "ticks": False,
                        "domain": False,
                    },
                },
                "tooltip": [
                    {"field": "measure", "title": words["measure"]},
                    {"field": "country", "title": words["issuer"]},
                    {"field": "instrument", "title": words["instrument"]},
                    {"field": "minerals", "title": words["concerns"]},
                    {"field": "from", "title": words["from"]},
                    {"field": "until", "title": words["until"]},
                    {"field": "suspension", "title": words["suspension"]},
                ],
            },
            "layer": layers,
        },
    }
    return framed(view, title, sources.line(documents, lang), lang, sources.listing(documents))


def _bar_layer(words: dict, colours: dict) -> dict:
    """The bars, coloured by family; a suspended stretch white, its outline dashed."""
    return {
        "mark": {
            "type": "bar",
            "tooltip": True,
            "height": ROW_HEIGHT - 3,
            "stroke": "#555",
            "strokeWidth": 0,
        },
        "encoding": {
            "color": {
                "field": "key",
                "type": "nominal",
                "scale": colours,
                "legend": swatch_legend(words["family"], columns=3),
            },
            "strokeWidth": {
                "condition": {"test": f"datum.state === '{words['suspended']}'", "value": 0.8},
                "value": 0,
            },
            "strokeDash": {"value": [2, 1.5]},
        },
    }


def _end_layer(words: dict) -> dict:
    """A dark line closing each bar whose end a source reports (ended, replaced or
    succeeded); a bar without one runs to the date the data runs to, open."""
    return {
        "transform": [{"filter": "datum.last && datum.closed"}],
        "mark": {
            "type": "tick",
            "orient": "vertical",
            "thickness": 1.5,
            "size": ROW_HEIGHT - 1,
            "color": "#222",
        },
        "encoding": {
            "x": {"field": "x1", "type": "quantitative"},
            "x2": None,
            "opacity": {
                "field": "endKind",
                "type": "nominal",
                "scale": {"domain": [words["ended"]], "range": [1]},
                "legend": {
                    "title": words["end"],
                    "orient": "bottom",
                    "symbolType": "M-0.15,-1H0.15V1H-0.15Z",
                    "symbolFillColor": "#222",
                    "symbolStrokeWidth": 0,
                    "symbolSize": 120,
                },
            },
        },
    }


def _country_layer(words: dict, countries: list[str], start: float) -> dict:
    """A shape before each row's label's end, for the country that issued the measure."""
    return {
        "transform": [{"filter": "datum.first"}],
        "mark": {"type": "point", "filled": True, "size": 40, "color": "#222", "xOffset": -6},
        "encoding": {
            "x": {"datum": start, "type": "quantitative"},
            "x2": None,
            "shape": {
                "field": "country",
                "type": "nominal",
                "scale": country_shapes(countries),
                "legend": {"title": words["issuer"], "orient": "bottom"},
            },
        },
    }


@dataclass(frozen=True)
class TimeAxis:
    """Dates placed on the x axis in years from ``first``; from ``widened`` on (if set)
    a year takes ``stretch`` times the room."""

    first: dt.date
    last: dt.date
    widened: dt.date | None = None
    stretch: float = 1.0

    @classmethod
    def fitted(cls, first: dt.date, last: dt.date, widen: bool) -> TimeAxis:
        recent = dt.date(RECENT_YEAR, 1, 1)
        before, after = _years_between(first, recent), _years_between(recent, last)
        if not widen or before < 8 or after < 1:
            return cls(first, last)
        stretch = RECENT_SHARE / (1 - RECENT_SHARE) * before / after
        return cls(first, last, recent, max(stretch, 1.0))

    def place(self, when: dt.date) -> float:
        if self.widened is None or when <= self.widened:
            return round(_years_between(self.first, when), 4)
        return round(
            _years_between(self.first, self.widened)
            + self.stretch * _years_between(self.widened, when),
            4,
        )

    def placed(self, piece: dict) -> dict:
        return {**piece, "x0": self.place(day(piece["start"])), "x1": self.place(day(piece["end"]))}

    def ticks(self, words: dict) -> dict:
        """Tick years thinned to about 45 pixels apart, the first year and the widened
        stretch's years kept; labels are the years (the positions are not)."""
        per_year = WIDTH / max(self.place(self.last), 1)
        years: list[int] = []
        for start, stop, room in self._stretches(per_year):
            step = next((s for s in (1, 2, 5, 10) if s * room >= 45), 10)
            years += range(start, stop, step)
        years = [y for y in dict.fromkeys(years) if self.first.year <= y <= self.last.year]
        labels = {self.place(dt.date(y, 1, 1)): str(y) for y in years}
        expression = "{" + ", ".join(f"'{_js_number(p)}': '{y}'" for p, y in labels.items()) + "}"
        title = words["year"]
        if self.widened:
            title = words["year_widened"].format(year=self.widened.year)
        return {
            "title": title,
            "values": list(labels),
            "labelExpr": f"{expression}[datum.value]",
            "labelAngle": 0,
            "labelOverlap": False,
            "grid": True,
            "gridColor": "#eee",
        }

    def _stretches(self, per_year: float) -> list[tuple[int, int, float]]:
        """(first year, year after the last, pixels per year) of each stretch of the axis."""
        end = self.last.year + 1
        if self.widened is None:
            return [(self.first.year, end, per_year)]
        return [
            (self.first.year, self.widened.year, per_year),
            (self.widened.year, end, per_year * self.stretch),
        ]

    def break_layer(self) -> list[dict]:
        """A dashed line where the scale changes, in every group."""
        if self.widened is None:
            return []
        return [
            {
                "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#777"},
                "encoding": {
                    "x": {"datum": self.place(self.widened)},
                    "x2": None,
                    "y": None,
                    "tooltip": None,
                },
            }
        ]


_DATES = ("start", "ended", "replacedFrom")


def _js_number(number: float) -> str:
    """The number as JavaScript writes it (3.0 as "3"), to look a tick's label up."""
    return str(int(number)) if number == int(number) else repr(number)


def _years_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / 365.25


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
        "key": value(row, "family") or row["instrument"].value,
        "measure": row["label"].value,
        "row": _row_label(row["label"].value),
        "country": row["country"].value,
        "minerals": value(row, "mineralLabel") or words["no_mineral"],
        "mineral": value(row, "mineralLabel") or "",
        "endKind": words["ended"] if until else words["open"],
        "closed": until is not None and until <= last,
        "suspension": value(row, "suspensions") or "",
    }


#: The longest row label, in characters (a Chinese one is never this long).
ROW_LABEL_LENGTH = 58


def _row_label(label: str) -> str:
    """The measure's label, cut at a word and ended with "…" where it is too long to
    sit beside the plot (the whole label is in the tooltip)."""
    if len(label) <= ROW_LABEL_LENGTH:
        return label
    return label[: label.rfind(" ", 0, ROW_LABEL_LENGTH)].rstrip(",;:") + "…"


def _one_per_measure(bars: list[dict]) -> list[dict]:
    """One bar per measure, in its country's group, naming every mineral it concerns."""
    merged: dict[str, dict] = {}
    for bar in bars:
        kept = merged.setdefault(bar["measure"], {**bar, "lane": bar["country"], "minerals": ""})
        kept["minerals"] = "; ".join(filter(None, [kept["minerals"], bar["minerals"]]))
    return list(merged.values())


def _order_rows(bars: list[dict]) -> None:
    """Rows of a group in the order their measures began."""
    for index, bar in enumerate(sorted(bars, key=lambda b: (b["from"], b["measure"]))):
        bar["order"] = index


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
    return [
        {
            **bar,
            "start": start,
            "end": end,
            "state": state,
            "first": index == 0,
            "last": index == len(kept) - 1,
            "key": words["suspended"] if state == words["suspended"] else bar["key"],
        }
        for index, (start, end, state) in enumerate(kept)
    ]


def _suspended_periods(text: str) -> list[tuple[str, str | None]]:
    """Suspension periods written start/end or start/PnD (n days), in order."""
    periods = []
    for item in filter(None, text.split("; ")):
        begins, _, ends = item.partition("/")
        if ends.startswith("P") and ends.endswith("D"):
            ends = (day(begins) + dt.timedelta(days=int(ends[1:-1]))).isoformat()
        periods.append((day(begins).isoformat(), day(ends).isoformat() if ends else None))
    return sorted(periods)


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
