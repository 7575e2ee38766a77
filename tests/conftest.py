"""Shared fixtures: the loaded graph, and the reference material beside the project.

Each cost is paid once (docs/testing.md): the shipped graph is built once per run,
under a lock, and every xdist worker's private cache starts from a copy of that
build; each server and the browser start once per worker and are shared by its tests.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import importlib.util
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from mingraph.build import CACHE_ENV, cache_key, input_files, prepare_store
from mingraph.engines import OxigraphEngine
from mingraph.loading import load_graph
from mingraph.store import to_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ARTICLE = SHARED / "sources" / "article.zh-Hant.txt"
FACTS = SHARED / "reference" / "facts.csv"
FACTS_2024_2026 = SHARED / "reference" / "facts-2024-2026.csv"
FACTS_2026_UPDATE = SHARED / "reference" / "facts-2026-update.csv"
IDS = SHARED / "reference" / "ids.csv"


#: CI runs the property tests on the same examples every time (a failure there is
#: reproducible); each test's own ``@settings`` keeps its number of examples.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def serial_tests_one_at_a_time(request, tmp_path_factory):
    """Tests marked ``serial`` run one at a time across all workers of the run: each
    holds a lock of the run while it runs. (xdist's ``--dist loadgroup`` would pin them
    to one worker, but with pytest 9 it no longer groups anything.)"""
    if request.node.get_closest_marker("serial") is None:
        yield
        return
    with run_lock(tmp_path_factory, "serial"):
        yield


def without_whitespace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def run_root(tmp_path_factory) -> Path:
    """The folder of this whole run: the xdist workers' temporary folders lie in it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def run_lock(tmp_path_factory, name: str):
    """Held by one process of the run at a time: what it prepares, the others reuse."""
    with (run_root(tmp_path_factory) / f"{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shipped_build(tmp_path_factory) -> Path:
    """The build folder of the shipped graph, built by the first worker that asks."""
    shared = run_root(tmp_path_factory) / "shipped-cache"
    previous = os.environ.get(CACHE_ENV)
    with run_lock(tmp_path_factory, "shipped-cache"):
        os.environ[CACHE_ENV] = str(shared)
        try:
            folder = prepare_store([]).path.parent
        finally:
            _restore(previous)
    return folder


def seeded_cache(tmp_path_factory, name: str) -> Path:
    """A new cache folder of this process holding a copy of the shipped graph's build."""
    cache = tmp_path_factory.mktemp(name)
    build = shipped_build(tmp_path_factory)
    assert build.name == cache_key(input_files([]))
    shutil.copytree(build, cache / build.name)
    return cache


def _restore(previous: str | None) -> None:
    if previous is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = previous


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Every test builds into and reads from its own cache, never the user's; it starts
    with the shipped graph built, once for the whole run."""
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(seeded_cache(tmp_path_factory, "cache"))
    yield
    _restore(previous)


@pytest.fixture(scope="session")
def engine():
    """The default engine over the shipped data and its OWL 2 RL closure, as the CLI opens it."""
    return prepare_store([]).engine()


@pytest.fixture(scope="session")
def engine_without_reasoning():
    """The same data as asserted, without the closure: to show what reasoning adds."""
    return OxigraphEngine(to_store(load_graph()))


@pytest.fixture(scope="session")
def graph():
    """The ontology and the shipped data, as asserted (no reasoning)."""
    return load_graph()


@pytest.fixture(scope="session")
def article_text() -> str:
    if not ARTICLE.is_file():
        pytest.skip(f"the source article is not beside the project ({ARTICLE.name})")
    return without_whitespace(ARTICLE.read_text(encoding="utf-8"))


def read_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        pytest.skip(f"the public-source reference ({path.name}) is not beside the project")
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def reference_rows() -> dict[str, str]:
    """Each row of the public-source check and of the record of 2024-2026 with its update,
    all its cells joined, whitespace removed (the ids, A01..C10 and D01..D96, do not overlap)."""
    return {
        row["id"]: without_whitespace(" ".join(row.values()))
        for path in (FACTS, FACTS_2024_2026, FACTS_2026_UPDATE)
        for row in read_rows(path)
    }


@pytest.fixture(scope="session")
def record_2024_2026() -> list[dict[str, str]]:
    """The rows of the public-source record of September 2024 to November 2026: D01..D66 and
    their update to June 2026, D67..D96, one record in two files of the same columns."""
    return read_rows(FACTS_2024_2026) + read_rows(FACTS_2026_UPDATE)


@pytest.fixture(scope="session")
def reference_ids() -> list[dict[str, str]]:
    if not IDS.is_file():
        pytest.skip("the identifier reference (ids.csv) is not beside the project")
    with IDS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def server(private_cache):
    """``mingraph serve`` on a free loopback port, as a user starts it: its base URL."""
    from live_server import running_server

    with running_server("--timeout", "4", serve_options=("--workers", "2")) as url:
        yield url


@pytest.fixture(scope="session")
def synthetic_data(tmp_path_factory) -> Path:
    """3,000 synthetic triples of the real data's shape (``benchmarks/synthetic.py``),
    written once for the whole run."""
    path = run_root(tmp_path_factory) / "synthetic-3000.ttl"
    with run_lock(tmp_path_factory, "synthetic"):
        if not path.is_file():
            spec = importlib.util.spec_from_file_location(
                "synthetic", REPO / "benchmarks" / "synthetic.py"
            )
            synthetic = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(synthetic)
            path.write_text(synthetic.generate(3000), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def oxigraph_endpoint(tmp_path_factory, private_cache):
    """An Oxigraph server on 127.0.0.1, read-only, loaded from 'mingraph export
    --inferred': the query URL of a real SPARQL endpoint, one per worker."""
    from live_server import oxigraph_server

    with oxigraph_server(tmp_path_factory.mktemp("endpoint")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright: one per worker."""
    from live_server import BROWSER_FLAGS
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    assert chromium, "the browser test needs Debian's chromium (.ci/run installs it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=BROWSER_FLAGS)
        yield browser
        browser.close()


def report_results(report) -> list[tuple]:
    """Each top-level result of a SHACL report graph as the tuple a user compares
    (focus, shape, component, constraint, path, value, messages), sorted so that
    duplicates count."""
    from rdflib import BNode
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    def path_of(result):
        """A path as written: an IRI, or the properties of an alternative path (whose blank
        node each reading of the shapes names afresh)."""
        path = report.value(result, SH.resultPath)
        if isinstance(path, BNode):
            return (
                "alternative",
                tuple(Collection(report, report.value(path, SH.alternativePath))),
            )
        return path

    found = [
        (
            report.value(result, SH.focusNode),
            report.value(result, SH.sourceShape),
            report.value(result, SH.sourceConstraintComponent),
            report.value(result, SH.sourceConstraint),
            path_of(result),
            report.value(result, SH.value),
            frozenset(report.objects(result, SH.resultMessage)),
        )
        for result in report.objects(None, SH.result)
    ]
    return sorted(found, key=repr)


# --- the browser tests ------------------------------------------------------------


@pytest.fixture
def page(browser, server):
    """A fresh page; the test fails if the page asked anything of another host."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:")) else elsewhere.append(r.url),
    )
    yield page
    context.close()
    assert not elsewhere, f"the pages asked other hosts: {elsewhere}"
