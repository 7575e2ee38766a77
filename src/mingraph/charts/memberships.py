"""``memberships``: which countries and organisations belong to which initiative, and
since when: one cell per membership, dated by joining, the founding members marked.

Drawn from the ``membership-grid`` answer. A record that gives only the date by
which a member had joined shows that date after "≤".
"""

from __future__ import annotations

from mingraph.charts.common import (
    EmptyChart,
    Filters,
    Sources,
    ask,
    day,
    entity_label,
    framed,
    resolve_entity,
    value,
)
from mingraph.engines import Engine

WORDS = {
    "en": {
        "title": "Members of the initiatives and when they joined",
        "member": "member",
        "initiative": "initiative",
        "joined": "joined",
        "kind": "membership",
        "founding": "founding member",
        "later": "joined later",
        "by": "joined by the date shown (≤)",
        "undated": "date not in the sources",
        "empty": "nothing to draw: no membership record{of}{for}",
        "of": " of {initiative}",
        "for": " for {country}",
    },
    "zh-Hant": {
        "title": "各倡議之成員及加入時間",
        "member": "成員",
        "initiative": "倡議",
        "joined": "加入",
        "kind": "成員身分",
        "founding": "創始成員",
        "later": "其後加入",
        "by": "最遲於所示日期加入（≤）",
        "undated": "來源未載日期",
        "empty": "無可繪製：無{for}{of}之成員紀錄",
        "of": "於{initiative}",
        "for": "{country}",
    },
}

COLOURS = ["#1f4e79", "#6fa8dc", "#cfe2f3", "#e5e5e5"]


def spec(engine: Engine, lang: str, filters: Filters) -> dict:
    words = WORDS[lang]
    answer = ask(engine, "membership-grid", lang)
    sources = Sources.of(engine, lang)
    initiative = (
        resolve_entity(engine, "initiative", filters.initiative) if filters.initiative else None
    )
    country = resolve_entity(engine, "country", filters.country) if filters.country else None
    rows = [
        row
        for row in answer.rows
        if (initiative is None or row["initiative"].value == initiative)
        and (country is None or row["member"].value == country)
    ]
    if not rows:
        raise EmptyChart(
            words["empty"].format(
                of=words["of"].format(initiative=entity_label(engine, initiative, lang))
                if initiative
                else "",
                **{
                    "for": words["for"].format(country=entity_label(engine, country, lang))
                    if country
                    else ""
                },
            )
        )
    cells = [_cell(row, words) for row in rows]
    initiatives = list(dict.fromkeys(row["initiativeLabel"].value for row in rows))
    first_joined: dict[str, str] = {}
    for cell in cells:
        first_joined[cell["member"]] = min(
            first_joined.get(cell["member"], cell["since"]), cell["since"]
        )
    members = sorted(first_joined, key=lambda m: (first_joined[m], m))
    documents = [d for row in rows for d in row["sources"].value.split("; ")]
    axis = {"labelLimit": 260, "domain": False, "ticks": False}
    view = {
        "data": {"values": cells},
        "width": {"step": 92},
        "height": {"step": 20},
        "encoding": {
            "x": {
                "field": "initiative",
                "type": "nominal",
                "sort": initiatives,
                "axis": {
                    **axis,
                    # the chart's title names the initiatives; a title here met the turned labels
                    "title": None,
                    "orient": "top",
                    "labelAngle": -90,
                    "labelAlign": "left",
                    "labelBaseline": "middle",
                },
            },
            "y": {
                "field": "member",
                "type": "nominal",
                "sort": members,
                "axis": {**axis, "title": words["member"]},
            },
        },
        "layer": [
            {
                "mark": {"type": "rect", "stroke": "white", "strokeWidth": 2, "tooltip": True},
                "encoding": {
                    "color": {
                        "field": "kind",
                        "type": "nominal",
                        "scale": {
                            "domain": [
                                words["founding"],
                                words["later"],
                                words["by"],
                                words["undated"],
                            ],
                            "range": COLOURS,
                        },
                        "legend": {"title": words["kind"], "orient": "bottom"},
                    }
                },
            },
            {
                "mark": {"type": "text", "fontSize": 10},
                "encoding": {
                    "text": {"field": "joined", "title": words["joined"]},
                    "color": {
                        "condition": {
                            "test": f"datum.kind === '{words['founding']}'",
                            "value": "white",
                        },
                        "value": "black",
                    },
                },
            },
        ],
    }
    return framed(
        view, words["title"], sources.line(documents, lang), lang, sources.listing(documents)
    )


def _cell(row, words: dict) -> dict:
    joined, by = value(row, "joined"), value(row, "joinedNoLaterThan")
    founding = value(row, "founding") == "true"
    if founding:
        kind = words["founding"]
    else:
        kind = words["later"] if joined else words["by"] if by else words["undated"]
    since = joined or by or value(row, "founded") or "9999"
    return {
        "initiative": row["initiativeLabel"].value,
        "member": row["memberLabel"].value,
        "joined": joined or (f"≤ {by}" if by else "–"),
        "kind": kind,
        "since": day(since).isoformat(),
    }
