"""Dates at their source's precision, and how they compare.

A source may give a day (xsd:date), a month (xsd:gYearMonth) or only a year
(xsd:gYear). mingraph never invents the missing part. In a comparison, a month or
a year stands for the first day of its period, as the ontology states: "2015"
compares as 2015-01-01 and "2023-07" as 2023-07-01.
"""

from __future__ import annotations

import datetime as dt
import re

from mingraph.iris import XSD

_PATTERNS = {
    XSD + "gYear": re.compile(r"^(\d{4})$"),
    XSD + "gYearMonth": re.compile(r"^(\d{4})-(\d{2})$"),
    XSD + "date": re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
}


def parse_date(text: str) -> tuple[str, str]:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; return the lexical form and its XSD datatype IRI.

    Raises ``ValueError`` for anything else, including impossible days and months.
    """
    value = text.strip()
    for datatype, pattern in _PATTERNS.items():
        if pattern.match(value):
            try:
                period_start(value)
            except ValueError:  # 2023-13, 2023-02-30
                break
            return value, datatype
    raise ValueError(f"{text[:40]!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")


def period_start(lexical: str) -> dt.date:
    """The day a date stands for in comparisons: the first day of its period."""
    parts = [int(p) for p in lexical.split("-")]
    return dt.date(*(parts + [1] * (3 - len(parts))))
