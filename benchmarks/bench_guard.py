"""Time the query guard (check_query) on valid queries of 1 KB, 100 KB and 1 MB.

The guard reads the query's tokens and writes the canonical text the engine runs;
its time should grow in proportion to the query's size. Prints a Markdown table
with the median of several runs, and the time per KB.

    python benchmarks/bench_guard.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

from common import machine

from mingraph.guard import check_query

SIZES = {"1 KB": 1_000, "100 KB": 100_000, "1 MB": 1_000_000}


def query_of(size: int) -> str:
    """A valid SELECT of about ``size`` characters, mixing every kind of token."""
    head = (
        "PREFIX ex: <http://example.org/ns#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?s ?label WHERE {\n"
    )
    parts, length, i = [], len(head), 0
    while length < size - 2:
        part = (
            f'  OPTIONAL {{ ?s ex:p{i} ?o{i} . ?o{i} rdfs:label "value {i} # not a comment"@en '
            f"FILTER(?o{i} != <http://example.org/#x{i}> && STRLEN(STR(?o{i})) > {i}) }} "
            f"# comment {i}\n"
        )
        parts.append(part)
        length += len(part)
        i += 1
    return head + "".join(parts) + "}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    print("| query | characters | guard, median (s) | per KB (ms) |")
    print("|---|---|---|---|")
    for name, size in SIZES.items():
        text = query_of(size)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            check_query(text, max_chars=len(text))
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"| {name} | {len(text):,} | {median:.4f} | {median / len(text) * 1e6:.3f} |")


if __name__ == "__main__":
    main()
