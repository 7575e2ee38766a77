"""Dates keep their precision; a year or a month compares as the first day of its period."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from mingraph.dates import parse_date, period_start


@pytest.mark.parametrize(
    "text, datatype",
    [("2015", XSD.gYear), ("2023-07", XSD.gYearMonth), ("2023-08-01", XSD.date)],
)
def test_parse_keeps_the_precision_given(text, datatype):
    assert parse_date(text) == Literal(text, datatype=datatype)


@pytest.mark.parametrize("text", ["2023-13", "2023-02-30", "23", "July 2023", "2023-7-1", ""])
def test_parse_refuses_what_is_not_a_date(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_a_year_compares_as_its_first_day():
    assert period_start(Literal("2015", datatype=XSD.gYear)) == dt.date(2015, 1, 1)
    assert period_start(Literal("2023-07", datatype=XSD.gYearMonth)) == dt.date(2023, 7, 1)
    assert period_start(Literal("2023-08-01", datatype=XSD.date)) == dt.date(2023, 8, 1)


def test_a_measure_ended_in_2015_is_not_in_force_mid_2015():
    ended = period_start(Literal("2015", datatype=XSD.gYear))
    assert not dt.date(2015, 6, 1) < ended
    assert dt.date(2014, 12, 31) < ended


def test_a_measure_in_force_from_july_2023_is_in_force_on_its_first_day():
    start = period_start(Literal("2023-07", datatype=XSD.gYearMonth))
    assert start <= dt.date(2023, 7, 1)
    assert not start <= dt.date(2023, 6, 30)
