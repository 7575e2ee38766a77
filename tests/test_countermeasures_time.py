"""countermeasures pairs a response with a measure only after the measure, by the dates
the data holds at their precision, or where a claim names both."""

from __future__ import annotations

import calendar
import datetime as dt

from rdflib import URIRef

from mingraph.answers import answer_question
from mingraph.catalogue import load_question
from mingraph.dates import period_start
from mingraph.namespaces import MG

SAME_MINERAL = "same mineral, begun while the measure was in force"


def period_end(lexical: str) -> dt.date:
    """The last day a date of any precision may stand for."""
    first = period_start(lexical)
    if len(lexical) == 4:
        return dt.date(first.year, 12, 31)
    if len(lexical) == 7:
        return dt.date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    return first


def first_date(graph, entity, properties) -> str:
    for prop in properties:
        value = graph.value(URIRef(entity), MG[prop])
        if value is not None:
            return str(value)
    raise AssertionError(f"{entity} has no date")


def test_a_response_follows_the_measure_it_is_paired_with(engine, graph):
    rows = answer_question(engine, load_question("countermeasures"), {}).rows
    paired = [row for row in rows if row["reason"].value == SAME_MINERAL]
    assert len(paired) > 20
    for row in paired:
        measure = first_date(
            graph,
            row["control"].value,
            ("inForceFrom", "validForYear", "announcedOn", "statedDate"),
        )
        response = first_date(graph, row["answer"].value, ("foundedOn", "statedDate", "countedOn"))
        assert period_end(measure) <= period_start(response), (
            f"{row['answerLabel'].value} ({response}) is paired with"
            f" {row['controlLabel'].value} ({measure})"
        )
