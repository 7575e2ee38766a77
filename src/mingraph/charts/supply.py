"""``supply``: each mineral's supply shares by country, with each figure's year and source.

Drawn from the ``supply-concentration`` answer. A statement that gives only a floor
("more than half") is drawn to that floor, paler, marked "> N%"; statements with no
figure at all are listed with "no share given" and no bar, so the picture holds
every row of the answer.
"""

from __future__ import annotations

from mingraph.charts.common import (
    EmptyChart,
    Filters,
    Sources,
    ask,
    entity_label,
    framed,
    resolve_entity,
    value,
)
from mingraph.engines import Engine

WORDS = {
    "en": {
        "title": "Where minerals come from: share of world production",
        "share": "share of world production (%)",
        "mineral": "mineral; country (year of the figure)",
        "basis": "figure",
        "figure": "share the source gives",
        "floor": "floor the source gives (more than)",
        "no_share": "no share given",
        "empty": "nothing to draw: no supply figure for {mineral}",
        "source": "source",
    },
    "zh-Hant": {
        "title": "礦物來源：占全球產量之比重",
        "share": "占全球產量比重（%）",
        "mineral": "礦物；國家（數據年份）",
        "basis": "數據",
        "figure": "來源所載比重",
        "floor": "來源所載下限（超過）",
        "no_share": "未載比重",
        "empty": "無可繪製：無{mineral}之供應數據",
        "source": "來源",
    },
}


def spec(engine: Engine, lang: str, filters: Filters) -> dict:
    words = WORDS[lang]
    answer = ask(engine, "supply-concentration", lang)
    sources = Sources.of(engine, lang)
    wanted = None
    if filters.mineral:
        wanted = entity_label(engine, resolve_entity(engine, "mineral", filters.mineral), lang)
    figures = [
        figure
        for row in answer.rows
        if wanted is None or row["mineral"].value == wanted
        for figure in [_figure(row, words, sources)]
    ]
    if not figures:
        raise EmptyChart(words["empty"].format(mineral=wanted))
    minerals = list(dict.fromkeys(f["mineral"] for f in figures))
    documents = [f["source"] for f in figures]
    view = {
        "data": {"values": figures},
        "facet": {
            "row": {
                "field": "mineral",
                "type": "nominal",
                "sort": minerals,
                "title": words["mineral"],
                "header": {"labelAngle": 0, "labelAlign": "left", "labelLimit": 160},
            }
        },
        "spacing": {"row": 6},
        "resolve": {"scale": {"y": "independent"}},
        "spec": {
            "width": 420,
            "height": {"step": 18},
            "encoding": {
                "y": {
                    "field": "supplier",
                    "type": "nominal",
                    "sort": None,
                    "axis": {"title": None, "labelLimit": 260},
                },
                "x": {
                    "field": "share",
                    "type": "quantitative",
                    "scale": {"domain": [0, 100]},
                    "axis": {"title": words["share"]},
                },
            },
            "layer": [
                {
                    "mark": {"type": "bar", "tooltip": True},
                    "encoding": {
                        "color": {
                            "field": "basis",
                            "type": "nominal",
                            "scale": {
                                "domain": [words["figure"], words["floor"]],
                                "range": ["#4e79a7", "#a0cbe8"],
                            },
                            "legend": {"title": words["basis"], "orient": "bottom"},
                        }
                    },
                },
                {
                    "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 10},
                    "encoding": {"text": {"field": "note"}},
                },
            ],
        },
    }
    return framed(
        view, words["title"], sources.line(documents, lang), lang, sources.listing(documents)
    )


def _figure(row, words: dict, sources: Sources) -> dict:
    """The row as a bar (none for a statement without a figure)."""
    share, floor = value(row, "share"), value(row, "shareExceeds")
    year = value(row, "year")
    if share is None and floor is None:
        shown = words["no_share"]
    else:
        shown = f"{share}%" if share is not None else f"> {floor}%"
    return {
        "mineral": row["mineral"].value,
        "supplier": f"{row['supplier'].value} ({year})" if year else row["supplier"].value,
        "supplierName": row["supplier"].value,
        "share": float(share if share is not None else floor or 0),
        "basis": words["figure"] if share is not None else words["floor"],
        "note": f"{shown} · {sources.cited([row['source'].value])[0].publisher}",
        "source": row["source"].value,
    }
