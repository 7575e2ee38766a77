"""Build time, peak memory and question latency on synthetic data of growing size.

For each size: generate synthetic data (benchmarks/synthetic.py), time
'mingraph --data FILE build' as a fresh process and read its peak RSS, then time
each canned question through mingraph's library (resolve, bind, run) against
pyoxigraph running the same SPARQL on the same store directly. Prints Markdown.

    python benchmarks/bench_scale.py 10000 100000 1000000 [--timeout 900]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine
from synthetic import generate

QUESTIONS = {
    "china-policy-timeline": {},
    "policies-for-mineral": {"mineral": "gallium"},
    "controls-in-force": {"date": "2020-01-01"},
    "initiatives": {},
    "contested-claims": {},
}


def timed(function, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build(data: Path, cache: Path, timeout: float) -> tuple[float | None, float | None]:
    """Wall seconds and peak RSS (MiB) of a fresh-process build, or None on timeout.

    The RSS is the largest of any child so far: sizes run in increasing order.
    """
    mingraph = shutil.which("mingraph")
    command = [mingraph, "--data", str(data), "build"]
    env = {**os.environ, "MINGRAPH_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(done.stderr[-2000:])
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def latencies(data: Path, cache: Path) -> list[tuple[str, float, float]]:
    os.environ["MINGRAPH_CACHE_DIR"] = str(cache)
    from mingraph.answers import answer_question, bind_parameters
    from mingraph.build import build_store
    from mingraph.catalogue import load_question
    from mingraph.engines import OxigraphEngine, with_values

    store, _ = build_store([data])
    engine = OxigraphEngine(store)
    rows = []
    for name, values in QUESTIONS.items():
        question = load_question(name)
        bound = with_values(question.text, bind_parameters(engine, question, values))
        ours = timed(lambda q=question, v=values: answer_question(engine, q, v))
        direct = timed(lambda t=bound: list(store.query(t)))
        rows.append((name, ours, direct))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    with tempfile.TemporaryDirectory() as work:
        for size in args.sizes:
            data = Path(work) / f"synthetic-{size}.ttl"
            data.write_text(generate(size), encoding="utf-8")
            import pyoxigraph as ox

            triples = sum(1 for _ in ox.parse(path=str(data), format=ox.RdfFormat.TURTLE))
            cache = Path(work) / f"cache-{size}"
            seconds, rss = build(data, cache, args.timeout)
            print(f"## {size:,} requested: {triples:,} synthetic triples (+ the shipped data)\n")
            if seconds is None:
                print(f"build: did not finish within {args.timeout:.0f} s\n")
                continue
            print(f"build: {seconds:.1f} s, peak RSS {rss:.0f} MiB\n")
            print("| question | mingraph (ms) | raw pyoxigraph (ms) | ratio |")
            print("|---|---|---|---|")
            for name, ours, direct in latencies(data, cache):
                print(f"| {name} | {ours * 1000:.1f} | {direct * 1000:.1f} | {ours / direct:.2f} |")
            print(flush=True)


if __name__ == "__main__":
    main()
