"""Where the ontology, the shipped data and the canned queries are.

An installed wheel carries them as package data under ``mingraph/_resources``; a
source checkout (or an editable install) has them at the top of the repository.
The package is always a folder on disk (pyoxigraph's native module cannot be
imported from a zip), so its path is found from this file: ``importlib.resources``
would add 3 ms of imports to every cold ``mingraph ask``.
"""

from __future__ import annotations

from pathlib import Path

RESOURCE_NAMES = ("ontology", "data", "queries")


def resource_dir(name: str) -> Path:
    """Return the folder holding the named resource (``ontology``, ``data`` or ``queries``)."""
    if name not in RESOURCE_NAMES:
        raise ValueError(f"unknown resource {name!r}; expected one of {RESOURCE_NAMES}")
    package = Path(__file__).resolve().parent
    packaged = package / "_resources" / name
    if packaged.is_dir():
        return packaged
    source = package.parents[1] / name
    if source.is_dir():
        return source
    raise FileNotFoundError(f"mingraph's {name} folder is missing: the installation is incomplete")


def turtle_files(name: str) -> list[Path]:
    """The Turtle files of a resource folder, in a stable order."""
    return sorted(resource_dir(name).glob("*.ttl"))
