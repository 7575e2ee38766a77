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
from dataclasses import dataclass
from types import SimpleNamespace

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
def _name_patterns(unicode: bool) -> SimpleNamespace:
    """The terminals made of name characters, for ASCII text or for any text.

    Python takes about 0.1 s to compile the full Unicode classes, so text that is all
    ASCII (every canned question) uses the ASCII classes, which read it the same.
    """
    base = _NAME_START[0] + (_NAME_START[1] if unicode else "")
    under = base + "_"
    chars = under + _NAME_MORE[0] + (_NAME_MORE[1] if unicode else "")
    var_more = "0-9" + ("\u00b7\u0300-\u036f\u203f-\u2040" if unicode else "")
    return SimpleNamespace(
        pname_ns=re.compile(f"(?:[{base}][{chars}.]*+(?<!\\.))?:"),
        pn_start=re.compile(f"[{base}]"),
        prefix_run=re.compile(f"[{chars}.]*+"),
        pn_local=re.compile(f"(?:[{under}:0-9]|{_PLX})(?:[{chars}.:]|{_PLX})*+"),
        var=re.compile(f"[?$]([{under}0-9][{under}{var_more}]*+)"),
        bnode=re.compile(f"_:[{under}0-9][{chars}.]*+"),
    )


_SPACE = re.compile(r"[ \t\r\n]++|#[^\r\n]*+")
_IRIREF = re.compile(r"<([^<>\"{}|^`\\\x00-\x20]*+)>")
_LANGTAG = re.compile(r"@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+")
_NUMBER = re.compile(
    r"[+-]?(?:[0-9]+(?:\.[0-9]*)?[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+)"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*+")
_STRINGS = {q: re.compile(f"{q}(?:[^{q}\\\\\\n\\r]|{_ECHAR})*+{q}") for q in "'\""} | {
    q * 3: re.compile(f"{q * 3}(?:(?:{q}{q}?)?(?:[^{q}\\\\]|{_ECHAR}))*+{q * 3}") for q in "'\""
}
_PUNCTUATION = ("^^", "&&", "||", "!=", "<=", ">=", *"{}()[];,.=<>!+-*/^?|")
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
#: Codepoint escapes as SPARQL 1.1 §19.2 defines them.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: What rdflib expands before parsing (``\u`` or ``\U`` with 4 or 8 digits, any case).
_RDFLIB_CODEPOINT = re.compile(r"\\u[0-9a-f]{4}", re.I)


@dataclass(frozen=True)
class Token:
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

    def __init__(self, text: str, position: int, problem: str):
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        super().__init__(f"the query is not valid SPARQL: {problem} (line {line}, column {column})")


class UndeclaredPrefix(QueryError):
    """A prefixed name whose prefix neither the query nor mingraph declares."""


def expand_escapes(text: str) -> str:
    """The text with its codepoint escapes expanded (SPARQL 1.1 §19.2)."""

    def expand(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF:
            raise QuerySyntaxError(text, match.start(), f"no such code point {match.group(0)}")
        return chr(code)

    expanded = _CODEPOINT.sub(expand, text) if "\\" in text else text
    try:
        expanded.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(expanded[error.start])
        raise QuerySyntaxError(
            expanded, error.start, f"an unpaired surrogate U+{code:04X} is not a character"
        ) from None
    return expanded


def tokens(text: str) -> list[Token]:
    """The terminals of ``text`` (escapes already expanded), comments and spaces left out."""
    names = _name_patterns(not text.isascii())
    found: list[Token] = []
    position, length = 0, len(text)
    no_prefixed_name_before = 0  # a prefixed name failed to start inside this run
    while True:
        space = _SPACE.match(text, position)
        while space:
            position = space.end()
            space = _SPACE.match(text, position)
        if position >= length:
            return found
        token, position, no_prefixed_name_before = _next(
            text, position, no_prefixed_name_before, names
        )
        found.append(token)


def _next(
    text: str, start: int, no_pname_before: int, names: SimpleNamespace
) -> tuple[Token, int, int]:
    char = text[start]
    if char == "<" and (match := _IRIREF.match(text, start)):
        return Token("iri", match.group(1), start), match.end(), no_pname_before
    if char in "'\"":
        quote = char * 3 if text.startswith(char * 3, start) else char
        match = _STRINGS[quote].match(text, start)
        if not match and len(quote) == 3 and text.startswith(char * 2, start):
            quote, match = char, _STRINGS[char].match(text, start)  # '' is an empty string
        if not match:
            raise QuerySyntaxError(text, start, "an unterminated string or a bad escape in it")
        body = match.group()[len(quote) : -len(quote)]
        value = re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], body, flags=re.S)
        return Token("string", value, start), match.end(), no_pname_before
    if char in "?$" and (match := names.var.match(text, start)):
        return Token("var", match.group(1), start), match.end(), no_pname_before
    if text.startswith("_:", start) and (match := names.bnode.match(text, start)):
        end = _without_trailing_dots(text, start, match.end())
        return Token("bnode", text[start + 2 : end], start), end, no_pname_before
    if char == "@" and (match := _LANGTAG.match(text, start)):
        return Token("langtag", match.group(), start), match.end(), no_pname_before
    if char in "0123456789.+-" and (match := _NUMBER.match(text, start)):
        return Token("number", match.group(), start), match.end(), no_pname_before
    if start >= no_pname_before and (match := names.pname_ns.match(text, start)):
        local = names.pn_local.match(text, match.end())
        end = _without_trailing_dots(text, match.end(), local.end()) if local else match.end()
        name = match.group() + re.sub(r"\\(.)", r"\1", text[match.end() : end])
        return Token("pname", name, start), end, no_pname_before
    if names.pn_start.match(text, start):  # no prefixed name starts anywhere in this run either
        no_pname_before = max(no_pname_before, names.prefix_run.match(text, start).end())
    if match := _WORD.match(text, start):
        return Token("word", match.group(), start), match.end(), no_pname_before
    for mark in _PUNCTUATION:
        if text.startswith(mark, start):
            return Token("punct", mark, start), start + len(mark), no_pname_before
    raise QuerySyntaxError(text, start, f"unexpected character {char!r}")


def _without_trailing_dots(text: str, start: int, end: int) -> int:
    """A name may not end with an unescaped '.': that dot ends the triple instead."""
    while end > start and text[end - 1] == "." and text[end - 2] != "\\":
        end -= 1
    return end


def canonical_text(found: list[Token], predeclared: dict[str, str] | None = None) -> str:
    """The tokens written back in the one form every SPARQL parser reads alike.

    A prefixed name with a prefix neither ``predeclared`` ({name: namespace}) nor
    declared in the query is refused, as both engines refuse it.
    """
    prefixes = {f"{name}:": namespace for name, namespace in (predeclared or {}).items()}
    labels: dict[str, str] = {}
    parts: list[str] = []
    for index, token in enumerate(found):
        if _declares_prefix(found, index):
            prefixes[token.value] = found[index + 1].value
            written = token.value  # PREFIX ex: <...> stays as written
        elif token.kind == "iri":
            written = f"<{token.value}>"
        elif token.kind == "pname":
            prefix, _, local = token.value.partition(":")
            if prefix + ":" not in prefixes:
                raise UndeclaredPrefix(
                    f"the query is not valid SPARQL: {undeclared_prefix(prefix)}"
                )
            written = f"<{prefixes[prefix + ':']}{local}>"
        elif token.kind == "var":
            written = f"?{token.value}"
        elif token.kind == "bnode":
            written = labels.setdefault(token.value, f"_:b{len(labels)}")
        elif token.kind == "string":
            written = '"' + _escape_string(token.value) + '"'
        else:
            written = token.value
        if parts and (token.kind == "langtag" or _attached(found, index)):
            parts[-1] += written
        else:
            parts.append(written)
    text = " ".join(parts)
    if _RDFLIB_CODEPOINT.search(text):
        raise QueryError(
            "the query holds a backslash followed by u and hex digits inside a string, which "
            "rdflib and pyoxigraph read differently: refused"
        )
    return text


def _attached(found: list[Token], index: int) -> bool:
    """Whether the token is written without a space before it.

    Some parsers read spaces where the grammar allows them: pyoxigraph refuses
    ``COALESCE (``, rdflib refuses ``"b" ^^ <t>``, ``( <p> ) *`` and ``^ <p>``.
    """
    if index == 0:
        return False
    before, token = found[index - 1], found[index]
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
