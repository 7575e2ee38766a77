r"""SPARQL text read as the SPARQL 1.1 grammar's terminals read it, and written back canonically.

The guard decides on these tokens, and the engines receive the canonical text made
from them, so no query can mean one thing to the guard and another to an engine:

- codepoint escapes (``\u0053``, ``\U00000053``) are expanded first, everywhere, as
  SPARQL 1.1 §19.2 says (rdflib does the same; pyoxigraph only inside strings and IRIs);
- comments are dropped and tokens are written one by one, separated by spaces;
- prefixed names become full IRIs, blank-node labels ``_:b0``, ``_:b1``..., and
  strings one double-quoted form;
- the canonical text holds no codepoint escape, so expanding it again changes nothing.

Text the terminals cannot read is refused. Each step consumes what it scans or fails
for good, so reading takes time linear in the length of the text.
"""

from __future__ import annotations

import functools
import re
from types import SimpleNamespace
from typing import NamedTuple

from mingraph.errors import QueryError
from mingraph.sparql_errors import undeclared_prefix

_NAME_START = (
    "A-Za-z",  # the ASCII part of PN_CHARS_BASE, then the rest
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff",
)
_NAME_MORE = ("\\-0-9", "\u00b7\u0300-\u036f\u203f-\u2040")  # PN_CHARS adds these
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_ECHAR = r"""\\[tbnrf"'\\]"""


@functools.cache
def _patterns(unicode: bool) -> SimpleNamespace:
    """The terminals, in the grammar's order, as patterns chosen by a terminal's first
    character, for ASCII text or for any text.

    ``first[char]`` is the pair (with a prefixed name, without one) of patterns that
    try, in order, only the terminals that can start with ``char``; ``other`` is the
    pair for any other character. Each pattern reads the spaces and comments after its
    terminal too. Python takes about 0.1 s to compile the full Unicode classes, so text
    that is all ASCII (every canned question) uses the ASCII classes, which read it the
    same.
    """
    base = _NAME_START[0] + (_NAME_START[1] if unicode else "")
    under = base + "_"
    chars = under + _NAME_MORE[0] + (_NAME_MORE[1] if unicode else "")
    var_more = "0-9" + ("\u00b7\u0300-\u036f\u203f-\u2040" if unicode else "")
    # A name may not end with an unescaped '.': that dot ends the triple instead.
    local = f"(?:[{under}:0-9]|{_PLX})(?:(?:[{chars}.:]|{_PLX})*(?:[{chars}:]|{_PLX}))?"
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    terminals = [  # (kind, pattern, the ASCII characters it can start with)
        ("iri", r"<[^<>\"{}|^`\\\x00-\x20]*+>", "<"),
        ("string", f"{_LONG_STRINGS}|{_SHORT_STRINGS}", "'\""),
        ("var", f"[?$][{under}0-9][{under}{var_more}]*+", "?$"),
        ("bnode", f"_:[{under}0-9](?:[{chars}.]*[{chars}])?", "_"),
        ("langtag", _LANGTAG, "@"),
        ("number", _NUMBER, "0123456789.+-"),
        ("pname", f"(?:[{base}][{chars}.]*+(?<!\\.))?:(?:{local})?", letters + ":"),
        ("word", "[A-Za-z][A-Za-z0-9_]*+", letters),
        ("punct", _PUNCTUATION, "{}()[];,.=<>!+-*/^?|&"),
    ]

    def compiled(kinds: tuple[str, ...]) -> re.Pattern:
        alternatives = "|".join(f"(?P<{k}>{p})" for k, p, _ in terminals if k in kinds)
        return re.compile(f"(?:{alternatives}){_SPACE}" if alternatives else "(?!)")

    def pair(kinds: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
        without = tuple(k for k in kinds if k != "pname")
        return compiled(kinds), compiled(without) if without != kinds else compiled(kinds)

    first = {
        char: pair(tuple(k for k, _, starts in terminals if char in starts))
        for char in {c for _, _, starts in terminals for c in starts}
    }
    other = pair(("pname",) if unicode else ())  # a name that starts with a Unicode letter
    return SimpleNamespace(first=first, other=other, prefix_run=re.compile(f"[{chars}.]*+"))


_SPACE = r"(?:[ \t\r\n]++|#[^\r\n]*+)*+"
_LANGTAG = r"@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+"
_NUMBER = (
    r"[+-]?(?:[0-9]+(?:\.[0-9]*)?[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+)"
)
_LONG_STRINGS = "|".join(f"{q * 3}(?:(?:{q}{q}?)?(?:[^{q}\\\\]|{_ECHAR}))*+{q * 3}" for q in "'\"")
_SHORT_STRINGS = "|".join(f"{q}(?:[^{q}\\\\\\n\\r]|{_ECHAR})*+{q}" for q in "'\"")
_PUNCTUATION = r"\^\^|&&|\|\||!=|<=|>=|[{}()\[\];,.=<>!+\-*/^?|]"
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPED = re.compile(r"\\(.)", re.S)
#: Codepoint escapes as SPARQL 1.1 §19.2 defines them.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: What rdflib expands before parsing (``\u`` or ``\U`` with 4 or 8 digits, any case).
_RDFLIB_CODEPOINT = re.compile(r"\\u[0-9a-f]{4}", re.I)


class Token(NamedTuple):
    """One terminal of the grammar: its kind, its value, and where it starts in the text.

    ``kind`` is ``iri`` (value: the IRI), ``pname`` (value: ``prefix:local`` with the
    local name's escapes removed), ``var`` (the name), ``bnode`` (the label),
    ``string`` (the unescaped value), ``langtag``, ``number``, ``word`` (a keyword or
    function name, as written) or ``punct``.
    """

    kind: str
    value: str
    start: int


class QuerySyntaxError(QueryError):
    """Query text that the grammar's terminals cannot read."""

    @classmethod
    def at(cls, text: str, position: int, problem: str) -> QuerySyntaxError:
        """The error for ``problem`` at ``position`` of ``text``, with its line and column."""
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        return cls(f"the query is not valid SPARQL: {problem} (line {line}, column {column})")


class UndeclaredPrefix(QueryError):
    """A prefixed name whose prefix neither the query nor mingraph declares."""


def expand_escapes(text: str) -> str:
    """The text with its codepoint escapes expanded (SPARQL 1.1 §19.2)."""

    def expand(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF:
            raise QuerySyntaxError.at(text, match.start(), f"no such code point {match.group(0)}")
        return chr(code)

    expanded = _CODEPOINT.sub(expand, text) if "\\" in text else text
    try:
        expanded.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(expanded[error.start])
        raise QuerySyntaxError.at(
            expanded, error.start, f"an unpaired surrogate U+{code:04X} is not a character"
        ) from None
    return expanded


def tokens(text: str) -> list[Token]:
    """The terminals of ``text`` (escapes already expanded), comments and spaces left out.

    Each terminal is one match of one pattern. A prefixed name is not tried again inside
    a run of name characters where one failed to start (it would fail the same way at
    the run's end), so no run is read more than twice.
    """
    patterns = _patterns(not text.isascii())
    first, other, prefix_run = patterns.first, patterns.other, patterns.prefix_run
    found: list[Token] = []
    append = found.append
    position = re.compile(_SPACE).match(text).end()
    length = len(text)
    no_pname_before = 0  # a prefixed name failed to start inside the run that ends here
    while position < length:
        start = position
        match = first.get(text[start], other)[start < no_pname_before].match(text, start)
        if not match:
            raise _unreadable(text, start)
        kind = match.lastgroup
        value, position = match.group(kind), match.end()
        if kind == "punct":
            pass
        elif kind == "word":  # a word starts a run of name characters, or is inside one
            if start >= no_pname_before:
                no_pname_before = prefix_run.match(text, start).end()
        elif kind == "iri":
            value = value[1:-1]
        elif kind == "string":
            quote = 3 if value[:3] in ('"""', "'''") and len(value) >= 6 else 1
            value = value[quote:-quote]
            if "\\" in value:
                value = _ESCAPED.sub(lambda m: _ESCAPES[m.group(1)], value)
        elif kind == "var":
            value = value[1:]
        elif kind == "bnode":
            value = value[2:]
        elif kind == "pname" and "\\" in value:
            prefix, _, local = value.partition(":")
            value = prefix + ":" + _ESCAPED.sub(r"\1", local)
        append(Token(kind, value, start))
    return found


def _unreadable(text: str, start: int) -> QuerySyntaxError:
    if text[start] in "'\"":
        return QuerySyntaxError.at(text, start, "an unterminated string or a bad escape in it")
    return QuerySyntaxError.at(text, start, f"unexpected character {text[start]!r}")


def canonical_text(found: list[Token], predeclared: dict[str, str] | None = None) -> str:
    """The tokens written back in the one form every SPARQL parser reads alike.

    A prefixed name with a prefix neither ``predeclared`` ({name: namespace}) nor
    declared in the query is refused, as both engines refuse it. BASE declarations and
    IRIs stay as written, so each engine resolves a relative IRI as it would in the
    original; a relative namespace in a query with a BASE is refused (see
    :func:`_namespace`).
    """
    prefixes = {f"{name}:": namespace for name, namespace in (predeclared or {}).items()}
    has_base = any(t.kind == "word" and t.value.upper() == "BASE" for t in found)
    labels: dict[str, str] = {}
    parts: list[str] = []  # each token, after a space unless it is attached to the one before
    before = None
    for index, token in enumerate(found):
        kind, value, _ = token
        if kind == "punct" or kind == "word" or kind == "number":
            written = value
        elif kind == "var":
            written = "?" + value
        elif kind == "iri":
            written = f"<{value}>"
        elif kind == "pname" and _declares_prefix(found, index):
            prefixes[value] = _namespace(value, found[index + 1].value, has_base)
            written = value  # PREFIX ex: <...> stays as written
        elif kind == "pname":
            prefix, _, local = value.partition(":")
            if prefix + ":" not in prefixes:
                raise UndeclaredPrefix(
                    f"the query is not valid SPARQL: {undeclared_prefix(prefix)}"
                )
            written = f"<{prefixes[prefix + ':']}{local}>"
        elif kind == "bnode":
            written = labels.setdefault(value, f"_:b{len(labels)}")
        elif kind == "string":
            written = '"' + _escape_string(value) + '"'
        else:
            written = value
        if before is not None and not (kind == "langtag" or _attached(before, token)):
            parts.append(" ")
        parts.append(written)
        before = token
    text = "".join(parts)
    if _RDFLIB_CODEPOINT.search(text):
        raise QueryError(
            "the query holds a backslash followed by u and hex digits inside a string, which "
            "rdflib and pyoxigraph read differently: refused"
        )
    return text


_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _namespace(prefix: str, namespace: str, has_base: bool) -> str:
    """The namespace a prefixed name is expanded with; refused when relative beside a BASE.

    An engine resolves a relative namespace against the base in force where the PREFIX
    stands, then appends the local name (``PREFIX ex: <>`` makes ``ex:p`` the base
    followed by ``p``), while a relative IRI in the text is resolved against the last
    BASE, whole: no written IRI means the same, and rdflib (Python's urljoin) and
    pyoxigraph (RFC 3986) resolve some relative IRIs differently anyway.
    """
    if has_base and not _ABSOLUTE_IRI.match(namespace):
        raise QueryError(
            f"PREFIX {prefix} <{namespace}> is a relative IRI in a query with a BASE: "
            "refused, since the engines resolve it differently; write the namespace in full"
        )
    return namespace


def _attached(before: Token, token: Token) -> bool:
    """Whether ``token`` is written without a space after ``before``.

    Some parsers read spaces where the grammar allows them: pyoxigraph refuses
    ``COALESCE (``, rdflib refuses ``"b" ^^ <t>``, ``( <p> ) *`` and ``^ <p>``.
    """
    if before.kind == "punct" and before.value in ("^^", "^"):
        return True
    if token.kind != "punct":
        return False
    mark = token.value
    return (
        mark == "^^"
        or (mark == "(" and before.kind in ("word", "iri", "pname"))
        or (mark in "*+?" and (before.kind in ("iri", "pname") or before.value in (")", "a")))
        or (mark == ")" and before.value == "(" and before.kind == "punct")
        or (mark == "]" and before.value == "[" and before.kind == "punct")
    )


def _declares_prefix(found: list[Token], index: int) -> bool:
    """Whether ``found[index]`` is the name of a ``PREFIX name: <iri>`` declaration."""
    return (
        0 < index < len(found) - 1
        and found[index].kind == "pname"
        and found[index].value.endswith(":")
        and found[index - 1].kind == "word"
        and found[index - 1].value.upper() == "PREFIX"
        and found[index + 1].kind == "iri"
    )


def _escape_string(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
