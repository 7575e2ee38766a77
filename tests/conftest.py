"""Shared fixtures: the loaded graph, and the reference material beside the project."""

from __future__ import annotations

import csv
import os
import re
import shutil
from pathlib import Path

import pytest

from mingraph.build import CACHE_ENV, prepare_store
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


def without_whitespace(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Every test builds into and reads from its own cache, never the user's."""
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = previous


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

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (shared by the browser tests)."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    assert chromium, "the browser test needs Debian's chromium (.ci/run installs it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        yield browser
        browser.close()


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
