"""Every date an answer shows is a date the data holds, at the precision it holds it.

A year or a month is never shown as its first day with the precision ``day``: the
row's date and its ``…Precision`` companion must match a date literal held by an
entity of the row or by one next to it (a measure that replaced it, a suspension of
it), or the dataset's newest source date. The one day the data does not hold as such
is the end of a year an annual catalogue governs: the first day of the next year,
which the year fixes exactly.
"""

from __future__ import annotations

import pytest
from golden_cases import CASES, LANGS, option_values, question_of
from rdflib import Literal, URIRef

from mingraph.answers import answer_question
from mingraph.catalogue import load_question
from mingraph.dates import PRECISIONS, companion_columns
from mingraph.namespaces import MG


def held_dates(graph, node) -> set[tuple[str, str]]:
    """The dates (lexical form, precision) of an entity and of the entities next to it."""
    near = {node} | set(graph.objects(node, None)) | set(graph.subjects(None, node))
    dates = set()
    for entity in near:
        if not isinstance(entity, URIRef):
            continue
        for value in graph.objects(entity, None):
            if isinstance(value, Literal) and str(value.datatype) in PRECISIONS:
                dates.add((str(value), PRECISIONS[str(value.datatype)]))
        for year in graph.objects(entity, MG.validForYear):  # the day its year ends
            dates.add((f"{int(str(year)) + 1}-01-01", "day"))
    return dates


@pytest.fixture(scope="module")
def answers(engine):
    return {
        (case, lang): answer_question(
            engine, load_question(question_of(case)), option_values(case), lang
        )
        for case in CASES
        for lang in LANGS
    }


def test_some_answers_show_years_and_months(answers):
    """The check below reads dates of every precision, not only days."""
    shown = {
        row[name].value
        for answer in answers.values()
        for row in answer.rows
        for name in companion_columns(answer.variables)
        if name.endswith("Precision") and name in row
    }
    assert {"year", "month", "day"} <= shown


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_date_shown_is_held_at_its_precision(case, answers, graph):
    newest = {(str(d), "day") for d in graph.objects(None, MG.newestSourceDate)}
    for lang in LANGS:
        answer = answers[case, lang]
        companions = companion_columns(answer.variables)
        dated = [v for v in answer.variables if f"{v}Precision" in companions]
        for row in answer.rows:
            iris = [t for t in row.values() if t.kind == "uri"]
            held = set().union(newest, *(held_dates(graph, URIRef(t.value)) for t in iris))
            for name in dated:
                if name not in row:
                    continue
                shown = (row[name].value, row[f"{name}Precision"].value)
                assert shown in held, (
                    f"{case} ({lang}): {name} shows {shown[0]} as a {shown[1]}, which no entity"
                    f" of the row holds as such ({[t.value for t in iris]})"
                )
