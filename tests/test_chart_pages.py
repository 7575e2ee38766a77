"""A chart on a question's page draws exactly the rows of that question's table: the
marks in the chart's Vega-Lite data are compared with the answer's rows, for every
question page that has a chart, in both languages."""

from __future__ import annotations

import pytest

from mingraph.answers import answer_question
from mingraph.catalogue import load_question
from mingraph.charts import chart_spec
from mingraph.charts.pages import ANSWER_CHARTS, QUESTION_CHARTS

LANGS = ("en", "zh-Hant")

#: The values each page is opened with (the page's form filled in).
VALUES = {
    "initiative-members": {"initiative": "MSP"},
    "memberships": {"country": "JP"},
    "effects": {"mineral": "antimony"},
}


def _text(row, name: str) -> str:
    return row[name].value if name in row else ""


#: Question -> (what identifies each row of its table, what identifies each mark).
MARKS = {
    "measure-periods": lambda rows, data: (
        {(_text(r, "label"), _text(r, "mineralLabel")) for r in rows},
        {(d["measure"], d["mineral"]) for d in data},
    ),
    "membership-grid": lambda rows, data: (
        {(_text(r, "initiativeLabel"), _text(r, "memberLabel")) for r in rows},
        {(d["initiative"], d["member"]) for d in data},
    ),
    "initiative-members": lambda rows, data: (
        {_text(r, "label") for r in rows},
        {d["member"] for d in data},
    ),
    "memberships": lambda rows, data: (
        {_text(r, "label") for r in rows},
        {d["initiative"] for d in data},
    ),
    "supply-concentration": lambda rows, data: (
        {(_text(r, "mineral"), _text(r, "supplier")) for r in rows},
        {(d["mineral"], d["supplierName"]) for d in data},
    ),
    "effects": lambda rows, data: (
        {_text(r, "label") for r in rows},
        {d["effect"] for d in data if d["kind"] == "figure"},
    ),
    "instrument-trend": lambda rows, data: (
        {(_text(r, "period"), _text(r, "instrument"), int(_text(r, "measures"))) for r in rows},
        {(d["period"], d["instrument"], d["measures"]) for d in data},
    ),
}


def test_every_page_chart_has_its_comparison():
    assert set(QUESTION_CHARTS) | set(ANSWER_CHARTS) == set(MARKS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("question", sorted(MARKS))
def test_a_page_chart_draws_exactly_the_rows_of_its_table(engine, question, lang):
    values = VALUES.get(question, {})
    answer = answer_question(engine, load_question(question), values, lang)
    if question in ANSWER_CHARTS:
        spec = ANSWER_CHARTS[question](engine, lang, values)
    else:
        name, filters = QUESTION_CHARTS[question]
        spec = chart_spec(engine, name, lang, filters(values))
    rows, marks = MARKS[question](answer.rows, spec["data"]["values"])
    assert rows, "a table to compare with"
    assert marks == rows, (
        f"drawn but not in the table: {sorted(marks - rows)[:5]}; "
        f"in the table but not drawn: {sorted(rows - marks)[:5]}"
    )
