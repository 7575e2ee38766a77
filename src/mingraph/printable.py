"""Text from the data, an endpoint or a user, made safe to show at a terminal: the one rule.

A label may hold ANSI escape sequences (clear the screen, set the window title,
write the clipboard with OSC 52, a hidden hyperlink), C1 controls (U+009B is a CSI
on its own) or Unicode bidi overrides that make text read in another order than it
is stored. One set of characters is unsafe (:data:`_UNSAFE`), and every output path
treats it one of two ways:

- text for people (tables, records, Markdown, ``vocab``, ``cite``, warnings, error
  messages) passes :func:`printable`, which shows each such character as a visible
  escape (``\\x1b``, ``\\u202e``);
- a machine format writes it in the format's own escape (:func:`escaped`: JSON
  ``\\u001b``, XML ``&#x9b;``, N-Triples and TSV ``\\u202E``), so the value stays
  exact and the bytes stay inert; CSV, which has no escape, is written exact to a
  file or pipe and through :func:`printable` at a terminal
  (:func:`mingraph.commands.common.emit`).
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL and C1 controls, bidi marks, embeddings,
# overrides and isolates, line and paragraph separators, unpaired surrogates.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control characters and bidi controls written as ``\\x1b`` or ``\\u202e``.

    Tabs and newlines are kept.
    """
    return _UNSAFE.sub(_escape, text)


def escaped(text: str, spelling: str) -> str:
    """``text`` with each unsafe character written as ``spelling.format(code point)``,
    for example ``"\\\\u{:04X}"`` or ``"&#x{:x};"``: a format's own escape."""
    return _UNSAFE.sub(lambda match: spelling.format(ord(match.group())), text)


def one_line(text: str) -> str:
    """``text`` on one line (runs of whitespace become one space), made printable."""
    return printable(" ".join(text.split()))
