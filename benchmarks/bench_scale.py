"""Build time, peak memory and question latency on synthetic data of growing size.

For each size: generate synthetic data (benchmarks/synthetic.py), time
'mingraph --data FILE build' as a fresh process, with each stage's time (read from
its progress lines as they come) and its peak RSS; then time every canned question
through mingraph's library (resolve, bind, run, convert) and pyoxigraph running the
same SPARQL with the same values on the same store, in turn (median of 5 to 50 each).
Prints Markdown.

    python benchmarks/bench_scale.py 10000 100000 1000000 [--timeout 900]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine
from synthetic import generate

#: Every canned question, with the values it is asked with (as the golden answers are).
QUESTIONS = {
    "china-policy-timeline": {},
    "policies-for-mineral": {"mineral": "rare-earths"},
    "controls-in-force": {"date": "2023-09-01"},
    "mineral-controls": {},
    "initiatives": {},
    "initiative-members": {"initiative": "msp"},
    "memberships": {"country": "JP"},
    "projects": {},
    "supply-concentration": {},
    "demand-outlook": {},
    "contested-claims": {},
    "suspensions": {},
    "effects": {"mineral": "antimony"},
    "responses": {"measure": "p2025-medium-heavy-rare-earth-export-control"},
    "sources": {"entity": "p2023-gallium-germanium-export-control"},
    "policy-lineage": {},
    "countermeasures": {},
    "mineral-profile": {"mineral": "graphite"},
    "country-profile": {"country": "CN"},
    "events": {},
    "instrument-trend": {},
    "taiwan-outlook": {},
    "timeline": {},
    "measure-periods": {},
    "membership-grid": {},
    "source-documents": {},
    "effect-sources": {},
}


#: A fresh process that builds the cache for one --data file and names each stage as
#: it starts, with the time (the command's own progress stays quiet for quick work).
BUILD = """
import sys, time
from mingraph.build import prepare_store
def stage(name):
    print(f"{time.perf_counter()}\\t{name}", file=sys.stderr, flush=True)
stage("starting")
prepare_store([sys.argv[1]], stage=stage)
stage("done")
"""


def build(data: Path, cache: Path, timeout: float) -> tuple[float, float, list] | None:
    """Wall seconds, peak RSS (MiB) and (stage, seconds) of a fresh-process build.

    None when it did not finish within ``timeout``. The RSS is the largest of any
    child so far: sizes run in increasing order.
    """
    env = {**os.environ, "MINGRAPH_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", BUILD, str(data)],
            env=env, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return None
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(done.stderr[-2000:])
    marks = [line.split("\t", 1) for line in done.stderr.splitlines() if "\t" in line]
    stages = [
        (name, float(after) - float(at))
        for (at, name), (after, _) in itertools.pairwise(marks)
        if name != "starting"
    ]
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, rss, stages


#: A fresh process timing one question on the built cache: mingraph's library
#: (resolve, bind, run, convert) and raw pyoxigraph on the same SPARQL, run in turn so
#: that both meet the same moments of the machine; the median of at least 5 runs
#: each, and of up to 50 while the pairs take under a second (a question that takes
#: a millisecond is otherwise at the mercy of one slow moment).
QUESTION = """
import json, statistics, sys, time
from mingraph.answers import answer_question, bound_query
from mingraph.build import prepare_store
from mingraph.catalogue import load_question

def timed_in_turn(*functions):
    times = [[] for _ in functions]
    deadline = time.perf_counter() + 1.0
    while len(times[0]) < 5 or (len(times[0]) < 50 and time.perf_counter() < deadline):
        for function, runs in zip(functions, times):
            start = time.perf_counter()
            function()
            runs.append(time.perf_counter() - start)
    return [statistics.median(runs) for runs in times]

prepared = prepare_store([sys.argv[1]])
store, engine = prepared.store, prepared.engine()
question, values = load_question(sys.argv[2]), json.loads(sys.argv[3])
bound = bound_query(engine, question, values)
ours = lambda: answer_question(engine, question, values)
direct = lambda: list(store.query(bound))
print(json.dumps(timed_in_turn(ours, direct)))
"""


def latencies(data: Path, cache: Path, limit: float) -> list[tuple[str, float | None, float]]:
    """(question, mingraph s, raw pyoxigraph s) for each question; None past ``limit``."""
    env = {**os.environ, "MINGRAPH_CACHE_DIR": str(cache)}
    rows = []
    for name, values in QUESTIONS.items():
        command = [sys.executable, "-c", QUESTION, str(data), name, json.dumps(values)]
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=limit)
        except subprocess.TimeoutExpired:
            rows.append((name, None, None))
            continue
        if done.returncode != 0:
            sys.exit(done.stderr[-2000:])
        rows.append((name, *json.loads(done.stdout)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--timeout", type=float, default=900, help="limit on each build (s)")
    parser.add_argument(
        "--question-limit", type=float, default=120, help="limit on each question's runs (s)"
    )
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    with tempfile.TemporaryDirectory() as work:
        for size in args.sizes:
            data = Path(work) / f"synthetic-{size}.ttl"
            data.write_text(generate(size), encoding="utf-8")
            import pyoxigraph as ox

            triples = sum(1 for _ in ox.parse(path=str(data), format=ox.RdfFormat.TURTLE))
            cache = Path(work) / f"cache-{size}"
            done = build(data, cache, args.timeout)
            print(f"## {size:,} requested: {triples:,} synthetic triples (+ the shipped data)\n")
            if done is None:
                print(f"build: did not finish within {args.timeout:.0f} s\n")
                continue
            seconds, rss, stages = done
            print(f"build: {seconds:.1f} s, peak RSS {rss:.0f} MiB\n")
            print("| stage | s |\n|---|---|")
            for stage, stage_seconds in stages:
                print(f"| {stage} | {stage_seconds:.1f} |")
            print()
            print("| question | mingraph (ms) | raw pyoxigraph (ms) | ratio |")
            print("|---|---|---|---|")
            for name, ours, direct in latencies(data, cache, args.question_limit):
                if ours is None:
                    print(f"| {name} | over {args.question_limit:.0f} s for its runs | | |")
                else:
                    ratio = ours / direct if direct else float("nan")
                    print(f"| {name} | {ours * 1e3:.1f} | {direct * 1e3:.1f} | {ratio:.2f} |")
            print(flush=True)


if __name__ == "__main__":
    main()
