"""Pictures of the graph's answers, for the terminal and for web pages.

Each chart asks canned questions and turns their answers into a Vega-Lite
specification; vl-convert draws it offline as SVG (text kept as text) or PNG. The
same specification draws interactively in a browser (vega-embed). Plain functions:
``draw_chart`` for any format, ``chart_svg`` for a page to embed.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass

from mingraph.answers import language_tag
from mingraph.charts.common import EmptyChart, Filters
from mingraph.engines import Engine
from mingraph.resolve import BadParameter

__all__ = ["CHARTS", "FORMATS", "Chart", "EmptyChart", "Filters", "chart_svg", "draw_chart"]


@dataclass(frozen=True)
class Chart:
    """A chart: its module ``mingraph.charts.NAME`` has ``spec(engine, lang, filters)``.

    Modules load when a chart is drawn, so other commands do not pay for them.
    """

    name: str
    summary: str
    filters: tuple[str, ...]


CHARTS = {
    chart.name: chart
    for chart in (
        Chart(
            "timeline",
            "each measure a labelled bar from start to end, by mineral or country",
            ("mineral", "country", "from", "to", "by"),
        ),
        Chart(
            "memberships",
            "countries by initiatives, each cell dated by joining, founders marked",
            ("initiative", "country"),
        ),
        Chart(
            "instruments",
            "measures per instrument per year they began, stacked",
            ("country", "from", "to"),
        ),
        Chart(
            "effects",
            "market figures per mineral over time, the measure each followed marked",
            ("mineral",),
        ),
        Chart(
            "supply",
            "supply shares by mineral and country, with each figure's year and source",
            ("mineral",),
        ),
    )
}

#: Output formats: SVG and PNG pictures, or the Vega-Lite specification (JSON).
FORMATS = ("svg", "png", "vega-lite")


def chart_spec(engine: Engine, name: str, lang: str = "en", filters: Filters | None = None) -> dict:
    """The Vega-Lite specification of chart ``name`` in ``lang`` (en or zh-Hant).

    Raises BadParameter for an unknown chart, a filter it does not take or an unknown
    value, and EmptyChart (a BadParameter) when the filters leave nothing to draw.
    """
    filters = filters or Filters()
    chart = CHARTS.get(name)
    if chart is None:
        raise BadParameter(f"no chart named {name[:40]!r}; charts: {', '.join(CHARTS)}")
    refused = [option for option in filters.given() if option not in chart.filters]
    if refused:
        takes = ", ".join(f"--{f}" for f in chart.filters) or "no filter"
        raise BadParameter(
            f"the {name} chart takes {takes}, not {', '.join('--' + r for r in refused)}"
        )
    module = importlib.import_module(f"mingraph.charts.{name}")
    return module.spec(engine, language_tag(lang), filters)


def draw_chart(
    engine: Engine,
    name: str,
    lang: str = "en",
    filters: Filters | None = None,
    fmt: str = "svg",
) -> str | bytes:
    """Chart ``name`` drawn as SVG text, PNG bytes or Vega-Lite JSON text."""
    if fmt not in FORMATS:
        raise BadParameter(f"a chart comes as {', '.join(FORMATS)}, not {fmt}")
    return drawn(chart_spec(engine, name, lang, filters), fmt)


def drawn(spec: dict, fmt: str = "svg") -> str | bytes:
    """A Vega-Lite specification drawn as SVG text, PNG bytes or kept as JSON text."""
    if fmt == "vega-lite":
        return json.dumps(spec, ensure_ascii=False, indent=2) + "\n"
    import vl_convert

    if fmt == "png":
        return vl_convert.vegalite_to_png(spec, scale=2)
    return with_metadata(vl_convert.vegalite_to_svg(spec), spec.get("usermeta", {}))


def with_metadata(svg: str, usermeta: dict) -> str:
    """The SVG with every source in full in its metadata (dcterms:source), since the
    source line under the title names only the first few publishers."""
    from xml.sax.saxutils import escape

    sources = "".join(
        f"<dcterms:source>{escape(source)}</dcterms:source>"
        for source in usermeta.get("sources", [])
    )
    if not sources:
        return svg
    metadata = (
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dcterms="http://purl.org/dc/terms/"><rdf:Description rdf:about="">'
        f"{sources}</rdf:Description></rdf:RDF></metadata>"
    )
    opening = svg.index(">", svg.index("<svg")) + 1
    return svg[:opening] + metadata + svg[opening:]


def chart_svg(engine: Engine, name: str, lang: str = "en", filters: Filters | None = None) -> str:
    """Chart ``name`` as SVG, for a web page to embed (in the page's language)."""
    return draw_chart(engine, name, lang, filters, "svg")
