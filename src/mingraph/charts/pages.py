"""The chart a web page shows, in the page's language: the timeline on the home page,
the chart drawn from a question's answer on that question's page, and on an entity's
page the chart narrowed to it (a mineral's or a country's measures, an initiative's
members). None where a page has no chart, or where its chart would be empty.

Pictures are kept once drawn: the graph a server serves does not change.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from mingraph.charts import Filters, chart_svg
from mingraph.engines import Engine
from mingraph.resolve import BadParameter, is_of_kind

HOME_CHART = "timeline"

#: Question -> the chart drawn from its answer, and the filters its values give.
QUESTION_CHARTS: dict[str, tuple[str, Callable[[dict], Filters]]] = {
    "measure-periods": ("timeline", lambda v: Filters()),
    "timeline": ("timeline", lambda v: Filters()),
    "china-policy-timeline": ("timeline", lambda v: Filters(country="china")),
    "policies-for-mineral": ("timeline", lambda v: Filters(mineral=v.get("mineral"))),
    "mineral-profile": ("timeline", lambda v: Filters(mineral=v.get("mineral"))),
    "country-profile": ("timeline", lambda v: Filters(country=v.get("country"))),
    "instrument-trend": ("instruments", lambda v: Filters()),
    "membership-grid": ("memberships", lambda v: Filters()),
    "initiatives": ("memberships", lambda v: Filters()),
    "initiative-members": ("memberships", lambda v: Filters(initiative=v.get("initiative"))),
    "memberships": ("memberships", lambda v: Filters(country=v.get("country"))),
    "supply-concentration": ("supply", lambda v: Filters()),
    "effects": ("effects", lambda v: Filters(mineral=v.get("mineral"))),
}

#: What an entity may be -> a chart narrowed to it, and by which filter; the first
#: that draws something is shown (a country with no measure: its memberships).
ENTITY_CHARTS = (
    ("mineral", "timeline", "mineral"),
    ("initiative", "memberships", "initiative"),
    ("country", "timeline", "country"),
    ("country", "memberships", "country"),
)


def home_chart(engine: Engine, lang: str) -> str:
    """The home page's picture: every measure on the timeline."""
    return _drawn(engine, HOME_CHART, lang, Filters())


def question_chart(engine: Engine, question: str, values: dict, lang: str) -> str | None:
    """The picture of a question's answer, narrowed by the values its page was given."""
    if question not in QUESTION_CHARTS:
        return None
    name, filters = QUESTION_CHARTS[question]
    given = {key: value for key, value in values.items() if value}
    return _drawn_or_none(engine, name, lang, filters(given))


def entity_chart(engine: Engine, iri: str, lang: str) -> str | None:
    """The picture narrowed to the entity, for a mineral, an initiative or a country."""
    for kind, name, option in ENTITY_CHARTS:
        if not is_of_kind(engine, iri, kind):
            continue
        svg = _drawn_or_none(engine, name, lang, Filters(**{option: iri}))
        if svg is not None:
            return svg
    return None


def _drawn_or_none(engine: Engine, name: str, lang: str, filters: Filters) -> str | None:
    try:
        return _drawn(engine, name, lang, filters)
    except BadParameter:  # nothing to draw, or a value that names nothing
        return None


@lru_cache(maxsize=256)
def _drawn(engine: Engine, name: str, lang: str, filters: Filters) -> str:
    return chart_svg(engine, name, lang, filters)
