"""Input files: which paths hold RDF, and the error for an input that cannot be read.

Kept free of RDF libraries: answering a question from the cache only needs to know
which files feed the graph, not to parse them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

RDF_SUFFIXES = (".jsonld", ".n3", ".nq", ".nt", ".owl", ".rdf", ".trig", ".ttl", ".xml")


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
    known = ", ".join(RDF_SUFFIXES)
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in RDF_SUFFIXES)
            if not found:
                raise InputError(str(path), f"the folder holds no RDF files ({known})")
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in RDF_SUFFIXES:
                raise InputError(str(path), f"unknown RDF file type; expected one of {known}")
            files.append(path)
        else:
            raise InputError(str(path), "no such file or folder")
    return files
