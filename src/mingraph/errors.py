"""The error every query refusal and failure derives from, shared by guard, engines and sandbox."""

from __future__ import annotations


class QueryError(Exception):
    """A query that cannot be parsed, is refused, or fails while it runs."""


class QueryTimeout(QueryError):
    """A query, or a wait for an answer, that ran past its time limit."""
