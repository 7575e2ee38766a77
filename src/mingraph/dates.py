"""Dates at their source's precision, and how they compare.

A source may give a day (xsd:date), a month (xsd:gYearMonth) or only a year
(xsd:gYear). mingraph never invents the missing part. In a comparison, a month or
a year stands for the first day of its period, as the ontology states: "2015"
compares as 2015-01-01 and "2023-07" as 2023-07-01.
"""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Literal
from rdflib.namespace import XSD

_PATTERNS = {
    XSD.gYear: re.compile(r"^(\d{4})$"),
    XSD.gYearMonth: re.compile(r"^(\d{4})-(\d{2})$"),
    XSD.date: re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
}


def parse_date(text: str) -> Literal:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD into a literal of the matching XSD type.

    Raises ``ValueError`` for anything else, including impossible days and months.
    """
    value = text.strip()
    for datatype, pattern in _PATTERNS.items():
        match = pattern.match(value)
        if match:
            parts = [int(p) for p in match.groups()] + [1] * (3 - len(match.groups()))
            dt.date(*parts)  # raises ValueError for 2023-13 or 2023-02-30
            return Literal(value, datatype=datatype)
    raise ValueError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")


def period_start(literal: Literal) -> dt.date:
    """The day a date literal stands for in comparisons: the first day of its period."""
    if literal.datatype not in _PATTERNS:
        raise ValueError(f"{literal!r} is not an xsd:date, xsd:gYearMonth or xsd:gYear")
    parts = [int(p) for p in str(literal).split("-")]
    return dt.date(*(parts + [1] * (3 - len(parts))))
