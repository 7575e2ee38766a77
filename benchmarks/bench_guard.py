"""Time the query guard (check_query) on the worst shapes of query up to the 1 MiB limit.

The guard reads the query's tokens and writes the canonical text the engine runs;
its time must grow in proportion to the query's length, whatever the query is. Each
shape below is a query the guard accepts, built to be hard for some part of it: one
token per character (the most Python work per byte), runs of name characters
without a colon (once read again from every word inside them: quadratic), long
names that end in dots, IRIs that never close, strings, comments, and a mix of every
kind. Prints a Markdown table of the median CPU time (``time.process_time``, less
swayed than wall time by other work on the machine) per shape and size, the time
per KB, and the ratio of the 1 MiB time to the 256 KiB time (4 when linear).

    python benchmarks/bench_guard.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from common import machine

from mingraph.guard import MAX_QUERY_CHARS, check_query
from mingraph.querytext import expand_escapes, tokens

SIZES = {"64 KiB": 1 << 16, "256 KiB": 1 << 18, "1 MiB": MAX_QUERY_CHARS}
HEAD = "PREFIX ex: <http://example.org/ns#>\nSELECT * WHERE { ?s ?p ?o "


def filled(size: int, unit: str, head: str = HEAD, tail: str = " }") -> str:
    """``head``, ``unit`` repeated, ``tail``: ``size`` characters at most."""
    return head + unit * ((size - len(head) - len(tail)) // len(unit)) + tail


def mixed(size: int) -> str:
    """A valid SELECT mixing every kind of token, comments and strings with '#' in them."""
    part = (
        '  OPTIONAL {{ ?s ex:p{0} ?o{0} . ?o{0} ex:label "value {0} # not a comment"@en '
        "FILTER(?o{0} != <http://example.org/#x{0}> && STRLEN(STR(?o{0})) > {0}) }} "
        "# comment {0}\n"
    )
    parts, length, i = [], len(HEAD), 0
    while length + len(part.format(i)) < size - 2:
        parts.append(part.format(i))
        length += len(parts[-1])
        i += 1
    return HEAD + "".join(parts) + "}"


SHAPES = {
    "mixed tokens": mixed,
    "';' one token a character": lambda n: filled(n, ";"),
    "'{}.' groups": lambda n: filled(n, "{}."),
    "name run a-a-a- (no colon)": lambda n: filled(n, "a-", "SELECT * WHERE { FILTER(?x = "),
    "name run a.a.a. (no colon)": lambda n: filled(n, "a.", "SELECT * WHERE { FILTER(?x = "),
    "local name ending in dots": lambda n: filled(n, ".", HEAD + "ex:p ", " }"),
    "'<a' IRIs never closed": lambda n: filled(n, "<a", "SELECT * WHERE { FILTER(1 ", "1) }"),
    "numbers 1.1.1.": lambda n: filled(n, "1.", "SELECT * WHERE { ?s ?p "),
    "variables ?a?a": lambda n: filled(n, "?a", "SELECT * WHERE { "),
    "one long string": lambda n: filled(n, "x", HEAD + '"', '" }'),
    "comments": lambda n: filled(n, "#\n", HEAD),
    "datatype chain ^^<t>": lambda n: filled(n, "^^<t>", HEAD + '"1"'),
}


def cpu_seconds(text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        check_query(text, max_nesting=1 << 30)
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"Machine: {machine()}; load average before: {os.getloadavg()}\n")
    print("| shape | tokens at 1 MiB | " + " | ".join(f"{name} (s)" for name in SIZES), end="")
    print(" | per KB at 1 MiB (ms) | 1 MiB / 256 KiB |")
    print("|---|---|" + "---|" * len(SIZES) + "---|---|")
    for shape, make in SHAPES.items():
        seconds = {name: cpu_seconds(make(size), args.runs) for name, size in SIZES.items()}
        count = len(tokens(expand_escapes(make(MAX_QUERY_CHARS))))
        cells = " | ".join(f"{value:.3f}" for value in seconds.values())
        per_kb = seconds["1 MiB"] / (MAX_QUERY_CHARS / 1000) * 1000
        ratio = seconds["1 MiB"] / seconds["256 KiB"]
        print(f"| {shape} | {count:,} | {cells} | {per_kb:.3f} | {ratio:.1f} |")
    print(f"\nLoad average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
