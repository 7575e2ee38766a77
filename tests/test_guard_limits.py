"""The guard is linear and bounded: a query of the 1 MiB limit, of the shapes hardest for
its reader, is checked within a second or two of CPU; the check, and the parser that
places a syntax error in the user's text, run under --timeout.
(benchmarks/bench_guard.py times every shape at 64 KiB, 256 KiB and 1 MiB.)"""

from __future__ import annotations

import contextlib
import resource
import signal
import subprocess
import sys
import time

import pytest

from mingraph.build import prepare_store
from mingraph.errors import QueryError, QueryTimeout
from mingraph.guard import MAX_QUERY_CHARS, check_query
from mingraph.sandbox import Limits, run_untrusted

MINGRAPH = [sys.executable, "-c", "from mingraph.cli import main; main()"]


def filled(unit: str, head: str, tail: str = " }", size: int = MAX_QUERY_CHARS) -> str:
    return head + unit * ((size - len(head) - len(tail)) // len(unit)) + tail


SHAPES = {  # the two slowest of the benchmark's shapes, both accepted by the guard
    "one token a character": filled(";", "SELECT * WHERE { ?s ?p ?o "),  # most Python work
    "name run without a colon": filled("a-", "SELECT * WHERE { FILTER(?x = ", ") }"),  # was n²
}
#: CPU seconds the guard may take on 1 MiB: about one on a quiet machine, with room for
#: a loaded one (CPU time, not wall time, so waiting for a core does not count).
CPU_BOUND = 4.0


@contextlib.contextmanager
def cpu_limit(seconds: float):
    """Fail the test as soon as it has used ``seconds`` of CPU (a quadratic guard would
    otherwise take minutes to fail)."""

    def stop(signum, frame):
        raise TimeoutError(f"more than {seconds} s of CPU")

    previous = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@pytest.mark.parametrize("shape", SHAPES)
def test_a_1_mib_query_is_checked_within_a_second_or_two(shape):
    text = SHAPES[shape]
    assert len(text) <= MAX_QUERY_CHARS
    start = time.process_time()
    with cpu_limit(CPU_BOUND):
        canonical = check_query(text, max_nesting=1 << 30)
    assert time.process_time() - start < CPU_BOUND
    assert canonical.startswith(("SELECT", "PREFIX"))


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def mingraph_query(*args: str, query: str, tmp_path) -> tuple[subprocess.CompletedProcess, float]:
    """``mingraph ARGS query -f FILE`` in a fresh process; its outcome and the CPU it used."""
    path = tmp_path / "query.rq"
    path.write_text(query, encoding="utf-8")
    before = children_cpu()
    done = subprocess.run(
        [*MINGRAPH, *args, "query", "-f", str(path), "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, children_cpu() - before


def test_the_check_runs_under_timeout(tmp_path, engine):
    done, cpu = mingraph_query("--timeout", "0.1", query=SHAPES["name run without a colon"],
                               tmp_path=tmp_path)  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "Error: checking the query ran longer than 0.1 s and was stopped (--timeout sets the limit)"
    )
    assert cpu < 3  # starting Python and importing mingraph, then 0.1 s of checking


def test_placing_a_syntax_error_runs_under_timeout(tmp_path, engine):
    """rdflib's parser takes about 28 s on 100 KB: it runs in the limited child, and past
    the limit the engine's own message is given."""
    query = "SELECT * WHERE { " + "?s ?p ?o . " * 10_000 + " ?s ?p }"
    done, cpu = mingraph_query("--timeout", "2", query=query, tmp_path=tmp_path)
    assert done.returncode == 2, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: the query is not valid SPARQL"), done.stderr
    assert "Traceback" not in done.stderr
    assert cpu < 10  # the process itself: the child's parse is cut off with it


def test_run_untrusted_checks_within_its_time_limit(engine):
    """The guard runs in the child: a text that takes the guard long is stopped with it."""
    store = prepare_store([]).path
    text = filled(";", "SELECT * WHERE { ?s ?p ?o ", size=40 * MAX_QUERY_CHARS)
    limits = Limits(timeout=1, max_query_chars=len(text), max_nesting=1 << 30)
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        run_untrusted(text, store, limits=limits)
    assert time.monotonic() - started < 15  # the guard alone takes about 40 s of CPU


def test_the_child_refuses_as_the_guard_does(engine):
    store = prepare_store([]).path
    with pytest.raises(QueryError, match="only reads"):
        run_untrusted("DROP ALL", store)
    with pytest.raises(QueryError, match="SERVICE"):
        run_untrusted("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", store)
    answer = run_untrusted("SELECT ?p WHERE { ?s ?p ?o } LIMIT 1", store, prefixes={"e": "x:"})
    assert answer.variables == ["p"]
