"""Reading a filled template, CSV or XLSX, into rows of text cells with their places.

Spreadsheets arrive messy: CSV with or without a byte-order mark, with commas or
semicolons (Excel's exports follow the locale), XLSX with merged cells, formulas,
cells typed as dates and trailing empty rows. Each cell comes out as text with its
row number and column letter, so that every later problem can point at the cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from mingraph.inputs import InputError
from mingraph.tabular.declaration import Kind

#: The first column of a template says what a row is; rows it marks are not data.
MARKER = ("Row kind", "列別")
#: Marks of the rows that are not data: the guidance and the worked examples.
SKIPPED = {"guidance", "example", "說明", "範例", *MARKER}
#: The most data rows one file may hold, and the longest text one cell may hold.
MAX_ROWS = 100_000
MAX_CELL = 10_000


@dataclass(frozen=True)
class Cell:
    text: str
    row: int  # as the spreadsheet numbers it, from 1
    column: str  # its letter: A, B, ... AA

    def place(self) -> str:
        return f"{self.column}{self.row}"


@dataclass
class Row:
    number: int
    cells: dict[str, Cell]  # by column name; blank cells are left out


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_grid(path: Path, data: bytes) -> list[list[str]]:
    """Every cell of a CSV file or of an XLSX workbook's first sheet, as text."""
    return _xlsx_grid(path, data) if path.suffix.lower() == ".xlsx" else _csv_grid(path, data)


def _csv_grid(path: Path, data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            str(path),
            f"not UTF-8 (byte {error.start}): save it as 'CSV UTF-8' (Excel) or "
            "'Text CSV' with the UTF-8 character set (LibreOffice)",
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise InputError(str(path), f"not a readable CSV file: {error}") from None


def _date_text(value: dt.datetime | dt.date, number_format: str) -> str:
    """A date cell as text at the precision its format shows: Excel stores every date
    as a day, but a cell formatted ``mmm-yy`` was typed as a month."""
    shown = number_format.lower().replace("[$-409]", "")
    if "d" in shown:
        return value.strftime("%Y-%m-%d")
    if "m" in shown:
        return value.strftime("%Y-%m")
    return value.strftime("%Y")


def _xlsx_grid(path: Path, data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as error:
        raise InputError(str(path), f"not a readable XLSX workbook: {error}") from None
    sheet, formula_sheet = book.worksheets[0], formulas.worksheets[0]
    if sheet.max_row > MAX_ROWS + 3:
        raise InputError(str(path), f"more than {MAX_ROWS} rows: split the file")
    grid: list[list[str]] = []
    for cells in sheet.iter_rows():
        line = []
        for cell in cells:
            value = cell.value
            if isinstance(value, dt.datetime | dt.date):
                line.append(_date_text(value, cell.number_format or ""))
            elif isinstance(value, float) and value.is_integer():
                line.append(str(int(value)))
            elif isinstance(value, bool):
                line.append("yes" if value else "no")
            else:
                line.append("" if value is None else str(value))
        grid.append(line)
    for cells in formula_sheet.iter_rows():
        for cell in cells:
            text = cell.value
            if isinstance(text, str) and text.startswith("="):
                shown = grid[cell.row - 1][cell.column - 1]
                if not shown:
                    raise InputError(
                        str(path),
                        f"cell {cell.coordinate} holds a formula with no saved value: "
                        "open the file in Excel or LibreOffice and save it, or type the value",
                    )
    for merged in sheet.merged_cells.ranges:  # every cell of a merged range shows its value
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                grid[row - 1][column - 1] = value
    return grid


def _header_map(path: Path, header: list[str], kind: Kind) -> dict[int, str]:
    """Column index → column name, from a header row in either language."""
    names = {}
    for column in kind.columns:
        for spelling in (column.en, column.zh, column.name):
            names[spelling.strip().lower()] = column.name
    found: dict[int, str] = {}
    for index, text in enumerate(header):
        key = text.strip().lower()
        if not key or key in (m.lower() for m in MARKER):
            continue
        if key not in names:
            raise InputError(
                str(path),
                f"column {column_letter(index)}: {text.strip()!r} is no column of "
                f"the {kind.name} template",
                1,
                index + 1,
            )
        if names[key] in found.values():
            raise InputError(str(path), f"column {text.strip()!r} appears twice", 1, index + 1)
        found[index] = names[key]
    missing = [c.en for c in kind.columns if c.required and c.name not in found.values()]
    if missing:
        raise InputError(str(path), f"the {kind.name} template needs the columns {missing}")
    return found


def grid_rows(path: Path, grid: list[list[str]], kind: Kind) -> list[Row]:
    """The data rows of a filled template of ``kind``, under its header row."""
    numbered = [
        (number, line) for number, line in enumerate(grid, 1) if any(c.strip() for c in line)
    ]
    header = numbered[0][1]
    columns = _header_map(path, header, kind)
    marker = next((i for i, t in enumerate(header) if t.strip() in MARKER), None)
    rows = []
    for number, line in numbered[1:]:
        if marker is not None and marker < len(line) and line[marker].strip():
            if line[marker].strip() not in SKIPPED:
                raise InputError(
                    str(path),
                    f"{column_letter(marker)}{number}: the first column marks guidance or "
                    f"example rows; leave it blank on a row of data",
                )
            continue
        if _is_second_header(line, columns, kind):
            continue
        cells = {}
        for index, name in columns.items():
            text = line[index].strip() if index < len(line) else ""
            if len(text) > MAX_CELL:
                raise InputError(
                    str(path), f"{column_letter(index)}{number}: over {MAX_CELL} characters"
                )
            if text:
                cells[name] = Cell(text, number, column_letter(index))
        rows.append(Row(number, cells))
        if len(rows) > MAX_ROWS:
            raise InputError(str(path), f"more than {MAX_ROWS} rows: split the file")
    if not rows:
        raise InputError(str(path), "no rows of data: add rows below the guidance and examples")
    return rows


def _is_second_header(line: list[str], columns: dict[int, str], kind: Kind) -> bool:
    """Whether a line is the template's header row in the other language."""
    spelled = {c.name: {c.en.lower(), c.zh.lower()} for c in kind.columns}
    texts = [
        (line[i].strip().lower(), name)
        for i, name in columns.items()
        if i < len(line) and line[i].strip()
    ]
    return bool(texts) and all(text in spelled[name] for text, name in texts)
