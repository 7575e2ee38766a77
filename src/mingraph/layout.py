"""Laying text out at a terminal: widths, word wrapping, tables and records.

Widths are display columns: a CJK character takes two, a combining mark none.
Text wraps at spaces and after a hyphen between letters; between two CJK characters
a line may break anywhere, and a word longer than the line (an IRI) is broken where
it must. This module only
places cell text; what a term becomes as text is :func:`mingraph.formats.cell_text`.
"""

from __future__ import annotations

import unicodedata

#: A table gives each column at least this many display columns (or its natural
#: width if that is less); a terminal too narrow for that gets records instead.
MIN_COLUMN = 16
#: Where even the longest words cannot all fit, a column of the default table is
#: given at least this many; a terminal too narrow for that gets records instead.
NARROWEST = 6
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
                and not _after_hyphen(pieces[-1], char)
            )
        ):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def _after_hyphen(piece: str, char: str) -> bool:
    """Whether a line may break between ``piece`` and ``char``: after a hyphen between
    letters (export-|control), never inside a date or a number (2023-08-01)."""
    return len(piece) > 1 and piece[-1] == "-" and piece[-2].isalpha() and char.isalpha()


def _head(piece: str, width: int) -> tuple[str, int]:
    """The longest start of ``piece`` within ``width`` columns (at least one character)."""
    used = 0
    for index, char in enumerate(piece):
        if used + char_width(char) > width and index:
            return piece[:index], used
        used += char_width(char)
    return piece, used


def column_widths(
    header: list[str], rows: list[list[str]], width: int, squeeze: bool = False
) -> list[int] | None:
    """Widths for a table within ``width`` columns, or None when a row would not fit.

    Each column is given, as room allows: at least :data:`MIN_COLUMN` columns and
    its longest word; else its longest word; else the widest columns of text are
    narrowed, their longest words broken, down to :data:`NARROWEST` or their name's
    width (a column of single words, such as dates, only when no text is left to
    narrow). Columns that fit whole keep their natural width; the space left goes to
    the narrowest of the others, so long texts share it evenly. Without ``squeeze``,
    a table that cannot fit so is None; with it, the width is shared out anyway.
    """
    natural = [
        max([display_width(name)] + [display_width(row[i]) for row in rows])
        for i, name in enumerate(header)
    ]
    budget = width - GAP * (len(header) - 1)
    if sum(natural) <= budget:
        return natural
    whole = [
        min(natural[i], max(_longest_piece(name), _longest_word(rows, i)))
        for i, name in enumerate(header)
    ]
    widths = [max(w, min(n, MIN_COLUMN)) for w, n in zip(whole, natural, strict=True)]
    if sum(widths) > budget:
        widths = whole
    # the narrowest a column may be, its name unbroken
    floors = [
        max(min(n, NARROWEST), _longest_piece(name))
        for n, name in zip(natural, header, strict=True)
    ]
    while sum(widths) > budget:  # break the longest words, of texts first (never a date)
        wider = [i for i, w in enumerate(widths) if w > floors[i]]
        narrowable = [i for i in wider if _is_text(rows, i)] or wider
        if not narrowable:
            if not squeeze:
                return None
            narrowable = [i for i, w in enumerate(widths) if w > 1]
            if not narrowable:
                break
        widths[max(narrowable, key=widths.__getitem__)] -= 1
    for _ in range(budget - sum(widths)):
        open_columns = [i for i, w in enumerate(widths) if w < natural[i]]
        if not open_columns:
            break
        widths[min(open_columns, key=widths.__getitem__)] += 1
    return widths


def _longest_word(rows: list[list[str]], column: int) -> int:
    return max((_longest_piece(row[column]) for row in rows), default=0)


def _is_text(rows: list[list[str]], column: int) -> bool:
    """Whether the column holds words that wrap, not only single words (dates, codes)."""
    return any(len([p for p in _pieces(row[column]) if not p.isspace()]) > 1 for row in rows)


def _longest_piece(text: str) -> int:
    return max((display_width(piece) for piece in _pieces(text)), default=0)


def table(
    header: list[str], rows: list[list[str]], width: int, squeeze: bool = False
) -> str | None:
    """A table wrapped within ``width`` columns, or None when it cannot fit (with
    ``squeeze``, always a table: see :func:`column_widths`)."""
    widths = column_widths(header, rows, width, squeeze)
    if widths is None:
        return None
    wrapped = [[wrap(cell, w) for cell, w in zip(row, widths, strict=True)] for row in rows]
    tall = any(len(cell) > 1 for row in wrapped for cell in row)
    out = _lines([wrap(name, w) for name, w in zip(header, widths, strict=True)], widths)
    out.append((" " * GAP).join("─" * w for w in widths))
    for index, cells in enumerate(wrapped):
        if tall and index:
            out.append("")
        out += _lines(cells, widths)
    return "\n".join(out)


def _lines(cells: list[list[str]], widths: list[int]) -> list[str]:
    """The lines of one row whose cells are wrapped into lines."""
    return [
        _line([cell[depth] if depth < len(cell) else "" for cell in cells], widths)
        for depth in range(max(len(cell) for cell in cells))
    ]


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
