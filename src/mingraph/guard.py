"""Checks a query passes before any engine sees it, and the text the engine then runs.

Neither rdflib nor pyoxigraph can be told not to fetch: both run ``SERVICE`` by
calling the URL, and rdflib reads files and URLs for ``FROM``. mingraph only reads
its own graph, so a query is refused (exit 2) when it would write (SPARQL
Update), federate (``SERVICE``, unless ``allow_service``) or load (``FROM``,
``FROM NAMED``), or when it is larger or deeper than an engine survives.

The decision is taken on the query's tokens as the SPARQL grammar reads them
(:mod:`mingraph.querytext`), and :func:`check_query` returns the canonical text
made from those same tokens: that text, and only that text, goes to the engine.
In it a keyword can only stand as a bare word, so what the guard read as a prefixed
name, an IRI, a string or a comment cannot turn into ``SERVICE`` for the engine.
"""

from __future__ import annotations

from mingraph.errors import QueryError
from mingraph.querytext import QuerySyntaxError, Token, canonical_text, expand_escapes, tokens

UPDATE_KEYWORDS = {
    "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING",
}  # fmt: skip
QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}

#: Characters a query may have: pyoxigraph's and rdflib's parsers recurse, and
#: long chains of operators crash them. Oxigraph's own server caps nothing; 1 MiB is
#: far above any canned question (under 5 KB).
MAX_QUERY_CHARS = 1 << 20
#: Brackets (and runs of ``!``) a query may nest: 5,000 crash pyoxigraph outright.
MAX_NESTING = 64


class UpdateRefused(QueryError):
    """SPARQL Update (text that is no query and no update is a syntax error)."""


class ServiceRefused(QueryError):
    """A ``SERVICE`` call, refused unless federation was allowed."""


class DatasetRefused(QueryError):
    """``FROM`` or ``FROM NAMED``: a query names graphs to load."""


class QueryTooLarge(QueryError):
    """A query longer, or nested deeper, than the limits."""


def check_query(
    text: str,
    allow_service: bool = False,
    *,
    prefixes: dict[str, str] | None = None,
    max_chars: int = MAX_QUERY_CHARS,
    max_nesting: int = MAX_NESTING,
) -> str:
    """The canonical text of a query that may run; raise a :class:`QueryError` subclass if not.

    Give the returned text, not ``text``, to the engine: it names every IRI in full, so
    ``prefixes`` ({name: namespace}, declared for the query; its own PREFIX lines win)
    need not be declared again. Raises
    :class:`QueryTooLarge`, :class:`~mingraph.querytext.QuerySyntaxError`,
    :class:`UpdateRefused`, :class:`ServiceRefused` or :class:`DatasetRefused`.
    """
    check_size(text, max_chars)
    found = tokens(expand_escapes(text))
    _check_nesting(found, max_nesting)
    words = {t.value.upper() for t in found if t.kind == "word"}
    updates = sorted(UPDATE_KEYWORDS & words)
    form = _query_form(found)
    if updates:
        raise UpdateRefused(
            f"mingraph only reads: SPARQL Update ({', '.join(updates)}) is refused, and nothing "
            "in the data or the cache changes (a query starts with SELECT, ASK, CONSTRUCT or "
            "DESCRIBE)"
        )
    if form not in QUERY_FORMS:  # not an update either: text that is no query at all
        start = next((t.start for t in found if t.kind == "word" and t.value.upper() == form), 0)
        raise QuerySyntaxError.at(
            text, start, "a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE"
        )
    if "SERVICE" in words and not allow_service:
        raise ServiceRefused(
            "the query calls a remote SERVICE: refused by default so that no query reaches "
            "the network; give --allow-service to let an ad-hoc query federate"
        )
    if "FROM" in words:
        raise DatasetRefused(
            "FROM and FROM NAMED are refused: mingraph answers from its own graph and never "
            "loads files or URLs named in a query"
        )
    return canonical_text(found, prefixes)


def check_size(text: str, max_chars: int = MAX_QUERY_CHARS) -> None:
    """Raise :class:`QueryTooLarge` if ``text`` is longer than ``max_chars``."""
    if len(text) > max_chars:
        raise QueryTooLarge(
            f"the query has {len(text):,} characters, over the limit of {max_chars:,}"
        )


def _query_form(found: list[Token]) -> str | None:
    """The first keyword after the prologue (BASE and PREFIX declarations), upper case."""
    index = 0
    while index < len(found) and found[index].kind == "word":
        keyword = found[index].value.upper()
        if keyword == "BASE":
            index += 2
        elif keyword == "PREFIX":
            index += 3
        else:
            return keyword
    return None


def _check_nesting(found: list[Token], limit: int) -> None:
    depth = negations = 0
    for token in found:
        negations = negations + 1 if token.value == "!" and token.kind == "punct" else 0
        if token.kind != "punct":
            continue
        if token.value in "({[":
            depth += 1
        elif token.value in ")}]":
            depth -= 1
        if depth + negations > limit:
            raise QueryTooLarge(
                f"the query nests brackets or negations deeper than {limit} levels: refused "
                "before it reaches an engine, which would crash on it"
            )
