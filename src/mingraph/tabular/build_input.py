"""A filled template as an input of the build, like a Turtle file.

The rows are checked and resolved against the shipped graph (the names a row may
use), then validated with everything else by the build itself; a row's problem
stops the build with the row and column it is at.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox


def spreadsheet_quads(path: Path, data: bytes) -> list[ox.Quad]:
    """The quads of a filled template, in the default graph."""
    from mingraph.build import prepare_store
    from mingraph.tabular.importing import import_file

    imported = import_file(path, data, prepare_store([]).engine())
    default = ox.DefaultGraph()
    return [ox.Quad(s, p, o, default) for s, p, o in imported.triples]
