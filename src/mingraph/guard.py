"""Checks a query passes before any engine sees it.

Neither rdflib nor pyoxigraph can be told not to fetch: both run ``SERVICE`` by
calling the URL, and rdflib reads files and URLs for ``FROM``. mingraph only reads
its own graph, so a query is refused (exit 2) when it would write (SPARQL
Update), federate (``SERVICE``, unless ``--allow-service`` is given) or load
(``FROM``, ``FROM NAMED``). Keywords are found outside comments, strings and IRIs,
and apart from variables and prefixed names, so ``?load`` or ``ex:copy`` pass.
"""

from __future__ import annotations

import re

from mingraph.engines import QueryError

UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"}
_TOKEN = re.compile(
    r"""\#[^\n]*                       # comment
      | '''.*?''' | \"\"\".*?\"\"\"    # long strings
      | '(?:[^'\\\n]|\\.)*' | "(?:[^"\\\n]|\\.)*"   # strings
      | <[^<>"{}|^`\\\s]*>             # IRIs
      | [?$][\w]+                      # variables
      | [\w.-]*:[\w.:%-]*              # prefixed names
      | [A-Za-z_]\w*                   # bare words: keywords and functions
      | .                              # anything else, one character at a time
    """,
    re.S | re.X,
)


def tokens(text: str) -> list[str]:
    """The tokens of a query, in order: comments, strings, IRIs, names, single characters."""
    return _TOKEN.findall(text)


def keywords(text: str) -> list[str]:
    """The bare words of a query in upper case, in order: its keywords and function names."""
    return [t.upper() for t in tokens(text) if t[:1].isalpha() and ":" not in t]


def check_query(text: str, allow_service: bool = False) -> None:
    """Raise :class:`QueryError` for a query that would write, federate or load."""
    words = keywords(text)
    updates = sorted(UPDATE_KEYWORDS.intersection(words))
    if updates:
        raise QueryError(
            f"mingraph only reads: SPARQL Update ({', '.join(updates)}) is refused, "
            "and nothing in the data or the cache changes"
        )
    if "SERVICE" in words and not allow_service:
        raise QueryError(
            "the query calls a remote SERVICE: refused by default so that no query reaches "
            "the network; give --allow-service to let an ad-hoc query federate"
        )
    if "FROM" in words:
        raise QueryError(
            "FROM and FROM NAMED are refused: mingraph answers from its own graph and never "
            "loads files or URLs named in a query"
        )


class QueryTimeout(QueryError):
    """A query that ran past its time limit."""


def run_with_timeout(function, seconds: float):
    """Call ``function`` in a worker thread; raise :class:`QueryTimeout` after ``seconds``.

    pyoxigraph lets other threads run while it evaluates, so the caller gets control
    back; the worker cannot be stopped, so a command line ends its process after
    reporting the timeout.
    """
    import threading

    outcome: dict = {}

    def work() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:  # handed to the caller below
            outcome["error"] = error

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise QueryTimeout(
            f"the query ran longer than {seconds:g} s and was stopped (--timeout sets the limit)"
        )
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
