"""SPARQL syntax errors in words: where, near what, and what was expected.

The engines' parsers report what their grammar expected, down to Unicode
character ranges (pyoxigraph) or grammar rule names (rdflib). A person needs the
line and column, the text there, and the expected keywords or punctuation; an
undeclared prefix is said as such, with the command that lists the declared ones.
"""

from __future__ import annotations

import re

_OXIGRAPH = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
_ITEM = re.compile(r"\[[^\]]*\]|[^,\s][^,]*")
_RANGE = re.compile(r"'([^']*)'")
#: Expected items shown at most.
SHOWN = 8


def explain_oxigraph(message: str, text: str) -> str:
    """pyoxigraph's ``error at L:C: expected ...`` in words."""
    found = _OXIGRAPH.match(message.strip())
    if not found:
        return f"the query is not valid SPARQL: {message.splitlines()[0][:200]}"
    line, column, detail = int(found[1]), int(found[2]), found[3]
    if "Prefix not found" in detail:
        return _undeclared_prefix(text, line, column)
    expected = detail.removeprefix("expected one of ").removeprefix("expected ")
    return _explained(text, line, column, _expected_in_words(expected))


def locate_syntax_error(text: str) -> str | None:
    """Where the query's own text breaks the grammar, in words; None if it parses.

    The engines receive the guard's canonical text, one line long; this reads what the
    user wrote (rdflib's parser only parses: nothing is evaluated or fetched).
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseException as error:
        return unclosed_bracket(text) or explain_rdflib(error, text)
    except Exception:
        return None
    return None


#: Each closing bracket and the one it closes.
_PAIRS = {"}": "{", ")": "(", "]": "["}


def unclosed_bracket(text: str) -> str | None:
    """An opening bracket never closed, said where it opens; None if every one closes.

    The parsers report only that the text ended too soon ("expected select query").
    """
    from mingraph.querytext import expand_escapes, tokens

    try:
        found = tokens(expand_escapes(text))
    except Exception:
        return None
    opened = []
    for token in found:
        if token.kind != "punct":
            continue
        if token.value in _PAIRS.values():
            opened.append(token)
        elif token.value in _PAIRS:
            if not opened:
                return None  # a stray closing bracket: the parser's message says it
            if opened[-1].value != _PAIRS[token.value]:
                break  # closes an outer bracket: the inner one is left open
            opened.pop()
    if not opened:
        return None
    bracket = opened[-1]
    line = text.count("\n", 0, bracket.start) + 1
    column = bracket.start - (text.rfind("\n", 0, bracket.start) + 1) + 1
    closing = next(c for c, o in _PAIRS.items() if o == bracket.value)
    return (
        f"the query is not valid SPARQL (line {line}, column {column}): "
        f"the '{bracket.value}' opened here is never closed; add '{closing}'"
    )


def explain_rdflib(error: Exception, text: str) -> str:
    """An rdflib parse error (pyparsing) or its unknown-prefix error, in words."""
    message = str(error)
    prefix = re.match(r"Unknown namespace prefix : (\S*)", message)
    if prefix:
        return undeclared_prefix(prefix[1])
    line, column = getattr(error, "lineno", None), getattr(error, "col", None)
    if line is None or column is None:
        return f"the query is not valid SPARQL: {message.splitlines()[0][:200]}"
    wanted = getattr(error, "msg", "").removeprefix("Expected ").strip()
    wanted = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", wanted).lower()  # SelectQuery: select query
    return _explained(text, line, column, [wanted] if wanted else [])


def _explained(text: str, line: int, column: int, expected: list[str]) -> str:
    near = _near(text, line, column)
    where = f"line {line}, column {column}" + (f", at {near!r}" if near else ", at the end")
    if not expected:
        return f"the query is not valid SPARQL ({where})"
    shown = ", ".join(expected[:SHOWN]) + (", ..." if len(expected) > SHOWN else "")
    return f"the query is not valid SPARQL ({where}): expected {shown}"


def _near(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return ""
    rest = lines[line - 1][column - 1 :].strip()
    return rest[:30] + ("…" if len(rest) > 30 else "")


def _expected_in_words(expected: str) -> list[str]:
    """Keywords as they are, character classes as what they stand for, internals dropped."""
    words: list[str] = []
    for item in _ITEM.findall(expected):
        item = item.strip()
        if item.startswith("["):
            chars = _RANGE.findall(item)
            if any(c.isalpha() for c in chars):
                word = "a name"
            elif chars and all(c.isdigit() for c in chars):
                word = "a number"
            elif len(chars) == 1 and len(chars[0]) == 1 and chars[0] not in "_\\%":
                word = f"'{chars[0]}'"
            else:
                continue  # "[_]": any character; escapes inside names
        else:
            word = item
        if word not in words:
            words.append(word)
    return words


def _undeclared_prefix(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    before = lines[line - 1][: column - 1] if 0 < line <= len(lines) else ""
    name = re.search(r"([A-Za-z][\w.-]*)?:[\w.%-]*$", before.rstrip())
    return undeclared_prefix(name[1] or "" if name else "?", f" (line {line})")


def undeclared_prefix(prefix: str, where: str = "") -> str:
    return (
        f"the query uses the prefix {prefix}: without declaring it{where}; declare it with "
        f"PREFIX {prefix}: <...>, or use one mingraph declares ('mingraph prefixes' lists them)"
    )
