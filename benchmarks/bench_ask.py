"""Cold 'mingraph ask' on the shipped data against the naive rdflib + owlrl pipeline.

Each run is a fresh process; the cache is built first. Prints a Markdown table.

    python benchmarks/bench_ask.py [--runs 10] [--naive-runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

from common import compile_bytecode, machine, median_time, run_process

HERE = Path(__file__).resolve().parent
MGI = "https://w3id.org/mingraph/id/"
#: Questions the naive pipeline can answer: rdflib runs controls-in-force for over five
#: minutes and then fails in its MIN aggregate, so that one is not compared.
QUESTIONS = {
    "china-policy-timeline": [],
    "policies-for-mineral": ["--mineral", "rare-earths"],
    "initiative-members": ["--initiative", "msp"],
    "contested-claims": [],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--naive-runs", type=int, default=3)
    args = parser.parse_args()
    mingraph = shutil.which("mingraph")
    if not mingraph:
        sys.exit("install mingraph first: pip install .")
    compile_bytecode()
    run_process([mingraph, "build"])
    print(f"Machine: {machine()}\n")
    print("| question | mingraph ask, median (s) | naive rdflib + owlrl, median (s) | speed-up |")
    print("|---|---|---|---|")
    medians = []
    for name, params in QUESTIONS.items():
        fast, _ = median_time([mingraph, "ask", name, *params, "--format", "json"], args.runs)
        naive_params = [p if not p.startswith(("rare", "msp")) else MGI + p for p in params]
        slow, _ = median_time(
            [sys.executable, str(HERE / "naive_pipeline.py"), name, *naive_params], args.naive_runs
        )
        medians.append(fast)
        print(f"| {name} | {fast:.3f} | {slow:.2f} | {slow / fast:.0f}x |")
    print(
        f"\nmingraph ask: median over the {len(QUESTIONS)} questions "
        f"{statistics.median(medians):.3f} s ({args.runs} runs each); "
        f"naive: {args.naive_runs} runs each."
    )


if __name__ == "__main__":
    main()
