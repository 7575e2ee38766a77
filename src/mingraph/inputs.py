"""Input files: which paths hold RDF, and the error for an input that cannot be read.

Kept free of RDF libraries: answering a question from the cache only needs to know
which files feed the graph, not to parse them.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

RDF_SUFFIXES = (".jsonld", ".n3", ".nq", ".nt", ".owl", ".rdf", ".trig", ".ttl", ".xml")
#: Filled spreadsheet templates (``mingraph template``), read into triples by the build.
SPREADSHEET_SUFFIXES = (".csv", ".xlsx")
INPUT_SUFFIXES = RDF_SUFFIXES + SPREADSHEET_SUFFIXES
#: The largest input file read; a larger one is refused before it is read.
MAX_FILE_BYTES = 1 << 30


@dataclass
class InputError(Exception):
    """An input that cannot be read: a missing file, bad syntax, bad encoding."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Turn files and folders into the list of RDF files they hold."""
    known = ", ".join(INPUT_SUFFIXES)
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in INPUT_SUFFIXES)
            if not found:
                raise InputError(str(path), f"the folder holds no RDF files ({known})")
            files.extend(found)
        elif path.exists():  # read_input refuses what is not a regular file
            if path.suffix.lower() not in INPUT_SUFFIXES:
                raise InputError(str(path), f"unknown RDF file type; expected one of {known}")
            files.append(path)
        else:
            raise InputError(str(path), "no such file or folder")
    return files


def read_input(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; anything else is refused.

    A FIFO would block the read forever and a device (``/dev/zero``) never ends, so
    the file is opened without blocking and checked on the open handle, where a
    swap between a check and the read cannot slip in.
    """
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise InputError(str(path), error.strerror or str(error)) from None
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO, device or socket"
            raise InputError(str(path), f"{kind}, not a regular file: only files are read")
        chunks, size = [], 0
        while chunk := os.read(handle, 1 << 20):
            size += len(chunk)
            if size > max_bytes:
                raise InputError(
                    str(path), f"the file is over the {max_bytes >> 20} MiB limit for one input"
                )
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise InputError(str(path), error.strerror or str(error)) from None
    finally:
        os.close(handle)
