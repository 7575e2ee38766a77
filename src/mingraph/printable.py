"""Text from the data or from a user, made safe to show at a terminal.

A label may hold ANSI escape sequences (clear the screen, set the window title, a
hidden hyperlink) or Unicode bidi overrides that make text read in another order
than it is stored. Tables, Markdown, reports and error messages pass values
through :func:`printable`, which shows each such character as a visible escape.
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


def one_line(text: str) -> str:
    """``text`` on one line (runs of whitespace become one space), made printable."""
    return printable(" ".join(text.split()))
