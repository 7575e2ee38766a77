"""Build once, answer many times: the validated, reasoned graph kept in a cache.

``mingraph build`` (and any question asked when the cache is stale) parses the
ontology, the shipped data and the ``--data`` paths, validates them, computes the
OWL 2 RL closure and stores the result as a pyoxigraph store on disk. All of it runs
on one in-memory pyoxigraph store (:mod:`mingraph.shacl_sparql`,
:mod:`mingraph.closure`), with no rdflib graph of the data: the reference engines
(pySHACL, owlrl) are for ``mingraph validate --reference`` and the tests. The cache is
keyed by a hash of every input file's content and mingraph's version, lives in the
user's cache directory (``MINGRAPH_CACHE_DIR`` overrides it), is written to a
temporary folder and renamed into place in one step, and is checked when opened:
a store that does not open or answer is rebuilt.

Answering from the cache imports neither rdflib, owlrl nor pySHACL.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from mingraph import __version__
from mingraph.inputs import expand_paths, read_input
from mingraph.resources import resource_dir

CACHE_ENV = "MINGRAPH_CACHE_DIR"
MANIFEST = "manifest.json"
#: What a build folder holds; raised when that changes, so older builds are rebuilt
#: (2: the names index beside the store; 3: the index holds each entity's kinds; 4: the
#: manifest gives the index's size, which opening checks).
BUILD_FORMAT = 4
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
    return _shipped_inputs() + expand_paths(data_paths)


def _shipped_inputs() -> list[Path]:
    ontology = resource_dir("ontology")
    shipped = sorted(p for p in ontology.rglob("*") if p.is_file())
    return shipped + sorted(resource_dir("data").glob("*.ttl"))


def read_inputs(files: list[Path]) -> dict[Path, bytes]:
    """Each file's bytes, read once: the key is computed from them and the build parses them."""
    return {path: read_input(path) for path in files}


def cache_key(files: list[Path] | dict[Path, bytes]) -> str:
    """The key of a build: mingraph's version, the build's format, each input's path and content."""
    contents = files if isinstance(files, dict) else read_inputs(files)
    digest = hashlib.sha256(f"mingraph {__version__} build {BUILD_FORMAT}\n".encode())
    for path, data in contents.items():
        digest.update(f"{path.resolve()}\n".encode())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()[:32]


class CacheError(Exception):
    """The cache directory cannot hold a build: not a folder, read-only, or full."""


@dataclass
class Prepared:
    """A built graph: its store, the folder holding it, and its manifest."""

    store: ox.Store
    path: Path
    manifest: dict
    built: bool

    def engine(self):
        """The engine over this store, with the names index built beside it."""
        from mingraph.engines import OxigraphEngine
        from mingraph.resolve import KEY_INDEX

        return OxigraphEngine(self.store, self.path.parent / KEY_INDEX)


def _manifest(directory: Path) -> dict | None:
    """The manifest of a build folder, or None when the folder or manifest is not sound.

    Symbolic links are never followed: a link planted at a key is a damaged build.
    """
    manifest_path = directory / MANIFEST
    if directory.is_symlink() or not directory.is_dir() or manifest_path.is_symlink():
        return None
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return manifest if isinstance(manifest, dict) else None


def open_cached(directory: Path, key: str) -> ox.Store | None:
    """The cached store if it is complete and answers; None if missing or damaged."""
    return _open_checked(directory, key)[0]


def _open_checked(directory: Path, key: str) -> tuple[ox.Store | None, str | None]:
    """The cached store, or None and what failed its check (None if there is no build)."""
    from mingraph.resolve import KEY_INDEX

    if not directory.exists() and not directory.is_symlink():
        return None, None
    try:
        manifest = _manifest(directory)
        if manifest is None or manifest.get("key") != key:
            return None, "its manifest"
        if (directory / "store").is_symlink():
            return None, "its store"
        store = ox.Store.read_only(str(directory / "store"))
        if not store.query("ASK { ?s ?p ?o }"):
            return None, "its store"
        if not _index_sound(directory / KEY_INDEX, manifest.get("index_bytes")):
            return None, "its names index"
    except (OSError, ValueError, RuntimeError):
        return None, "its manifest or store"
    with contextlib.suppress(OSError):  # a read-only cache still answers
        os.utime(directory)  # most recently used builds are kept
    return store, None


def _index_sound(index: Path, size: object) -> bool:
    """Whether the names index is the regular file the build wrote: its size, as the
    manifest gives it, and SQLite's header (a check that costs one stat and one read)."""
    if index.is_symlink() or not index.is_file() or index.stat().st_size != size:
        return False
    with index.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def prepare_store(
    data_paths: Iterable[str | Path],
    stage: Callable[[str], None] = lambda _: None,
    announce: Callable[[], None] = lambda: None,
    note: Callable[[str], None] = lambda _: None,
) -> Prepared:
    """The graph for these inputs, from the cache or built now.

    ``announce`` is called before a build starts, ``stage`` as each step begins,
    ``note`` with one line when a cached build failed its check and is built again.
    The --data paths are listed once: the key is made from the bytes of exactly those
    files, and the build parses those bytes, so a file added or changed meanwhile
    waits for the next run. Raises :class:`CacheError` when the cache cannot hold the
    build.
    """
    root = cache_root()
    if (root.is_symlink() and not root.exists()) or (root.exists() and not root.is_dir()):
        raise CacheError(f"the cache directory {root} is not a folder (set {CACHE_ENV} to another)")
    extra = expand_paths(data_paths)
    contents = read_inputs(_shipped_inputs() + extra)
    key = cache_key(contents)
    directory = root / key
    store, problem = _open_checked(directory, key)
    built = store is None
    if built:
        if problem:
            note(f"the cached graph at {directory} failed its check ({problem}): building it again")
        announce()
        _build(directory, key, extra, contents, stage)
        store = open_cached(directory, key)
        if store is None:
            raise CacheError(f"the cache at {directory} could not be opened after building it")
    try:
        manifest = _manifest(directory) or {}
    except (OSError, ValueError):
        manifest = {}
    return Prepared(store, directory / "store", manifest, built)


def build_store(
    data_paths: Iterable[str | Path],
    stage: Callable[[str], None] = lambda _: None,
    announce: Callable[[], None] = lambda: None,
) -> tuple[ox.Store, bool]:
    """The graph for these inputs, from the cache or built now; True if it was built."""
    prepared = prepare_store(data_paths, stage, announce)
    return prepared.store, prepared.built


def _build(
    directory: Path,
    key: str,
    extra: list[Path],
    contents: dict[Path, bytes],
    stage: Callable[[str], None],
) -> None:
    import tempfile

    from mingraph.closure import close
    from mingraph.engines import OxigraphEngine
    from mingraph.loading import load_store_with_origins
    from mingraph.resolve import KEY_INDEX, write_key_index
    from mingraph.store import save_store
    from mingraph.validation import validate_store

    stage("reading the ontology and data")
    memory, origins = load_store_with_origins(extra, contents=contents)
    asserted = len(memory)
    report = validate_store(memory, origins, stage)
    if not report.conforms:
        raise DataDoesNotConform(report)
    stage(f"reasoning over {asserted} triples (OWL 2 RL)")
    close(memory)
    stage(f"storing {len(memory)} triples")
    root = cache_root()
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    except OSError as error:
        raise CacheError(
            f"cannot write the cache at {root}: {error.strerror or error} "
            f"(set {CACHE_ENV} to a writable folder)"
        ) from None
    try:
        save_store(memory, str(staging / "store"))
        write_key_index(OxigraphEngine(memory), staging / KEY_INDEX)
        manifest = {
            "key": key,
            "index_bytes": (staging / KEY_INDEX).stat().st_size,
            "version": __version__,
            "triples": len(memory),
            "asserted": asserted,
            "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        if open_cached(directory, key) is None:  # not built meanwhile by another process
            _remove(directory)  # a damaged build, or whatever was planted at its name
            staging.rename(directory)
    except OSError as error:
        if open_cached(directory, key) is None:  # not merely another process finishing first
            raise CacheError(
                f"cannot write the cache at {root}: {error.strerror or error} "
                f"(set {CACHE_ENV} to a writable folder)"
            ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _prune(root)


def _remove(path: Path) -> None:
    """Remove a build folder, or a link or file in its place, without following links."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


def _prune(root: Path) -> None:
    """Keep the most recently used builds; drop older ones and abandoned staging folders."""
    try:
        builds = sorted(
            (p for p in root.iterdir() if not p.name.startswith(".") and not p.is_symlink()),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in [p for p in builds if p.is_dir()][KEEP_BUILDS:]:
            shutil.rmtree(old, ignore_errors=True)
        for staging in root.glob(".build-*"):
            if time.time() - staging.stat().st_mtime > 3600:
                shutil.rmtree(staging, ignore_errors=True)
    except OSError:
        pass  # pruning is housekeeping: a cache that cannot be pruned still answers
