"""Build once, answer many times: the validated, reasoned graph kept in a cache.

``mingraph build`` (and any question asked when the cache is stale) parses the
ontology, the shipped data and the ``--data`` paths, validates them, computes the
OWL 2 RL closure and stores the result as a pyoxigraph store on disk. The cache is
keyed by a hash of every input file's content and mingraph's version, lives in the
user's cache directory (``MINGRAPH_CACHE_DIR`` overrides it), is written to a
temporary folder and renamed into place in one step, and is checked when opened:
a store that does not open or answer is rebuilt.

Answering from the cache imports neither rdflib, owlrl nor pySHACL.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from mingraph import __version__
from mingraph.inputs import expand_paths
from mingraph.resources import resource_dir

CACHE_ENV = "MINGRAPH_CACHE_DIR"
MANIFEST = "manifest.json"
KEEP_BUILDS = 5


class DataDoesNotConform(Exception):
    """The inputs break the shapes or checks: nothing is built from them."""

    def __init__(self, report):
        self.report = report
        super().__init__(
            f"the data does not conform: {len(report.problems)} problem(s); "
            "run 'mingraph validate' (with the same --data paths) to see them"
        )


def cache_root() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mingraph"))


def input_files(data_paths: Iterable[str | Path]) -> list[Path]:
    """Every file the built graph depends on: ontology, shapes, checks, data, --data."""
    ontology = resource_dir("ontology")
    shipped = sorted(p for p in ontology.rglob("*") if p.is_file())
    shipped += sorted(resource_dir("data").glob("*.ttl"))
    return shipped + expand_paths(data_paths)


def cache_key(files: list[Path]) -> str:
    digest = hashlib.sha256(f"mingraph {__version__}\n".encode())
    for path in files:
        digest.update(f"{path.resolve()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def open_cached(directory: Path, key: str) -> ox.Store | None:
    """The cached store if it is complete and answers; None if missing or damaged."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("key") != key:
            return None
        store = ox.Store.read_only(str(directory / "store"))
        if not store.query("ASK { ?s ?p ?o }"):
            return None
    except (OSError, ValueError, RuntimeError):
        return None
    os.utime(directory)  # most recently used builds are kept
    return store


def build_store(
    data_paths: Iterable[str | Path],
    stage: Callable[[str], None] = lambda _: None,
    announce: Callable[[], None] = lambda: None,
) -> tuple[ox.Store, bool]:
    """The graph for these inputs, from the cache or built now; True if it was built.

    ``announce`` is called before a build starts, ``stage`` as each step begins.
    """
    data_paths = list(data_paths)
    key = cache_key(input_files(data_paths))
    directory = cache_root() / key
    store = open_cached(directory, key)
    if store is not None:
        return store, False
    announce()
    _build(directory, key, data_paths, stage)
    store = open_cached(directory, key)
    if store is None:
        raise OSError(f"the cache at {directory} could not be opened after building it")
    return store, True


def _build(directory: Path, key: str, data_paths: list, stage: Callable[[str], None]) -> None:
    from mingraph.loading import load_graph_with_origins
    from mingraph.reasoning import infer
    from mingraph.store import to_store
    from mingraph.validation import validate_graph

    stage("reading the ontology and data")
    graph, origins = load_graph_with_origins(data_paths)
    report = validate_graph(graph, origins, stage)
    if not report.conforms:
        raise DataDoesNotConform(report)
    stage(f"reasoning over {len(graph)} triples (OWL 2 RL)")
    closed = infer(graph)
    stage(f"storing {len(closed)} triples")
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    try:
        to_store(closed, str(staging / "store"))  # dropped at once, which closes it
        manifest = {
            "key": key,
            "version": __version__,
            "triples": len(closed),
            "asserted": len(graph),
            "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        if open_cached(directory, key) is None:  # not built meanwhile by another process
            if directory.exists():  # a damaged build: replace it
                shutil.rmtree(directory, ignore_errors=True)
            staging.rename(directory)
    except OSError:
        if not directory.is_dir():  # not merely another process finishing first
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _prune(root)


def _prune(root: Path) -> None:
    """Keep the most recently used builds; drop older ones and abandoned staging folders."""
    builds = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in builds[KEEP_BUILDS:]:
        shutil.rmtree(old, ignore_errors=True)
    for staging in root.glob(".build-*"):
        if time.time() - staging.stat().st_mtime > 3600:
            shutil.rmtree(staging, ignore_errors=True)


def read_manifest(data_paths: Iterable[str | Path]) -> dict:
    key = cache_key(input_files(list(data_paths)))
    return json.loads((cache_root() / key / MANIFEST).read_text(encoding="utf-8"))
