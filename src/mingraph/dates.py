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


#: Datatypes of a date at its source's precision, and the precision each stands for.
PRECISIONS = {XSD + "gYear": "year", XSD + "gYearMonth": "month", XSD + "date": "day"}


def date_precision(term) -> str | None:
    """year, month or day for a date literal (typed, or plain in the form YYYY[-MM[-DD]])."""
    if term.kind != "literal" or term.lang or (term.datatype and term.datatype not in PRECISIONS):
        return None
    try:
        _, datatype = parse_date(term.value)
    except ValueError:
        return None
    return PRECISIONS[datatype]


def companion_columns(variables: list[str]) -> set[str]:
    """The columns :func:`with_date_companions` added: for programs, not for people."""
    return {
        v
        for v in variables
        for suffix in ("Start", "Precision")
        if v.endswith(suffix) and v[: -len(suffix)] in variables
    }


def with_date_companions(answer):
    """The answer with a typed companion pair after its columns for each date column.

    A date column is one whose every value is a date at a source's precision:
    ``1998``, ``2001-04`` and ``2023-10-20`` side by side. Such a column cannot be
    read as dates by pandas, DuckDB or R, so ``NAMEStart`` gives the ``xsd:date``
    of the period's first day (as every comparison in mingraph reads it) and
    ``NAMEPrecision`` says year, month or day. The column itself is left as given.
    """
    from mingraph.results import Solutions, Term

    dated = [
        name
        for name in answer.variables
        if any(name in row for row in answer.rows)
        and all(date_precision(row[name]) for row in answer.rows if name in row)
    ]
    variables = list(answer.variables)
    rows = [dict(row) for row in answer.rows]
    for name in dated:
        start, precision = f"{name}Start", f"{name}Precision"
        if start in variables or precision in variables:
            continue
        variables += [start, precision]
        for row in rows:
            if name in row:
                day = period_start(row[name].value).isoformat()
                row[start] = Term.literal(day, datatype=XSD + "date")
                row[precision] = Term.literal(date_precision(row[name]))
    return Solutions(variables, rows)
