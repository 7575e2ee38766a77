"""Dates keep their precision; a year or a month compares as the first day of its period."""

from __future__ import annotations

import datetime as dt

import pytest

from mingraph.dates import parse_date, period_start
from mingraph.iris import XSD


@pytest.mark.parametrize(
    "text, datatype",
    [("2015", "gYear"), ("2023-07", "gYearMonth"), ("2023-08-01", "date")],
)
def test_parse_keeps_the_precision_given(text, datatype):
    assert parse_date(text) == (text, XSD + datatype)


@pytest.mark.parametrize("text", ["2023-13", "2023-02-30", "23", "July 2023", "2023-7-1", ""])
def test_parse_refuses_what_is_not_a_date(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_a_year_or_month_compares_as_its_first_day():
    assert period_start("2015") == dt.date(2015, 1, 1)
    assert period_start("2023-07") == dt.date(2023, 7, 1)
    assert period_start("2023-08-01") == dt.date(2023, 8, 1)


def test_a_measure_ended_in_2015_is_not_in_force_mid_2015():
    ended = period_start("2015")
    assert not dt.date(2015, 6, 1) < ended
    assert dt.date(2014, 12, 31) < ended


def test_a_measure_in_force_from_july_2023_is_in_force_on_its_first_day():
    start = period_start("2023-07")
    assert start <= dt.date(2023, 7, 1)
    assert not start <= dt.date(2023, 6, 30)
