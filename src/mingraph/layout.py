"""Laying text out at a terminal: widths, word wrapping, tables and records.

Widths are display columns: a CJK character takes two, a combining mark none.
Text wraps at spaces; between two CJK characters a line may break anywhere, and a
word longer than the line (an IRI) is broken where it must. This module only
places cell text; what a term becomes as text is :func:`mingraph.formats.cell_text`.
"""

from __future__ import annotations

import unicodedata

#: A table gives each column at least this many display columns (or its natural
#: width if that is less); a terminal too narrow for that gets records instead.
MIN_COLUMN = 16
#: Columns between two table columns, and between a record's field name and value.
GAP = 2
#: Wide punctuation that closes a phrase: kept on the line of the character before it.
_CLOSING = set("，。、；：？！）」』》〉】")  # noqa: RUF001 (full-width on purpose)


def char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns the text takes at a terminal: CJK characters take two."""
    return sum(char_width(c) for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, broken at spaces or between CJK characters."""
    width = max(width, 2)
    lines: list[str] = []
    line, used = "", 0
    for piece in _pieces(text):
        if piece.isspace():
            if line:
                line, used = line + " ", used + 1
            continue
        size = display_width(piece)
        if used + size > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
        while size > width:  # a piece longer than a whole line: break it where it must
            head, head_size = _head(piece, width - used)
            lines.append((line + head).rstrip())
            line, used = "", 0
            piece, size = piece[len(head) :], size - head_size
        line, used = line + piece, used + size
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _pieces(text: str) -> list[str]:
    """Where a line may break: runs of spaces, single wide characters, other runs."""
    pieces: list[str] = []
    for char in text:
        wide = char_width(char) == 2
        if pieces and (
            (char.isspace() and pieces[-1][-1].isspace())
            or (char in _CLOSING and not pieces[-1][-1].isspace())
            or (
                not wide
                and not char.isspace()
                and not pieces[-1][-1].isspace()
                and char_width(pieces[-1][-1]) != 2
            )
        ):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def _head(piece: str, width: int) -> tuple[str, int]:
    """The longest start of ``piece`` within ``width`` columns (at least one character)."""
    used = 0
    for index, char in enumerate(piece):
        if used + char_width(char) > width and index:
            return piece[:index], used
        used += char_width(char)
    return piece, used


def column_widths(header: list[str], rows: list[list[str]], width: int) -> list[int] | None:
    """Widths for a table within ``width`` columns, or None when a row would not fit.

    A row fits when every column can show its longest word unbroken, and at least
    :data:`MIN_COLUMN` columns of longer text. Columns that fit whole keep their
    natural width; the space left goes to the narrowest of the others, so long
    texts share it evenly.
    """
    natural = [
        max([display_width(name)] + [display_width(row[i]) for row in rows])
        for i, name in enumerate(header)
    ]
    budget = width - GAP * (len(header) - 1)
    if sum(natural) <= budget:
        return natural
    widths = [
        min(natural[i], max(MIN_COLUMN, display_width(name), _longest_word(rows, i)))
        for i, name in enumerate(header)
    ]
    if sum(widths) > budget:
        return None
    for _ in range(budget - sum(widths)):
        open_columns = [i for i, w in enumerate(widths) if w < natural[i]]
        if not open_columns:
            break
        widths[min(open_columns, key=widths.__getitem__)] += 1
    return widths


def _longest_word(rows: list[list[str]], column: int) -> int:
    return max((display_width(piece) for row in rows for piece in _pieces(row[column])), default=0)


def table(header: list[str], rows: list[list[str]], width: int) -> str | None:
    """A table wrapped within ``width`` columns, or None when it cannot fit."""
    widths = column_widths(header, rows, width)
    if widths is None:
        return None
    wrapped = [[wrap(cell, w) for cell, w in zip(row, widths, strict=True)] for row in rows]
    tall = any(len(cell) > 1 for row in wrapped for cell in row)
    out = [_line(header, widths), (" " * GAP).join("─" * w for w in widths)]
    for index, cells in enumerate(wrapped):
        if tall and index:
            out.append("")
        for depth in range(max(len(cell) for cell in cells)):
            out.append(_line([cell[depth] if depth < len(cell) else "" for cell in cells], widths))
    return "\n".join(out)


def _line(values: list[str], widths: list[int]) -> str:
    return (" " * GAP).join(pad(v, w) for v, w in zip(values, widths, strict=True)).rstrip()


def records(header: list[str], rows: list[list[str]], width: int) -> str:
    """One field per line, each record under a numbered rule; empty fields left out."""
    name_width = min(max(display_width(name) for name in header), max(width // 3, 1))
    out: list[str] = []
    for number, row in enumerate(rows, 1):
        rule = f"── {number} "
        out.append(rule + "─" * max(min(width, 40) - display_width(rule), 0))
        pairs = [(name, value) for name, value in zip(header, row, strict=True) if value]
        out += fields(pairs, name_width, width)
    return "\n".join(out)


def fields(pairs: list[tuple[str, str]], name_width: int, width: int) -> list[str]:
    """Lines of ``name  value`` pairs, names in a column ``name_width`` wide, values wrapped."""
    value_width = max(width - name_width - GAP, 10)
    out: list[str] = []
    for name, value in pairs:
        names = wrap(name, name_width)
        values = wrap(value, value_width)
        for depth in range(max(len(names), len(values))):
            left = names[depth] if depth < len(names) else ""
            right = values[depth] if depth < len(values) else ""
            out.append((pad(left, name_width) + " " * GAP + right).rstrip())
    return out


def wrap_indented(text: str, width: int, first: str, rest: str) -> list[str]:
    """``text`` wrapped within ``width``: its first line after ``first``, the rest after
    ``rest``."""
    lines = wrap(text, width - max(display_width(first), display_width(rest)))
    return [(first if i == 0 else rest) + line for i, line in enumerate(lines)]
