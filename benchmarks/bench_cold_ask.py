"""Cold 'mingraph ask' on the shipped data beside the floors it is measured against.

Four commands, each a fresh process, run in turn round after round so that they share
the machine's state (the store in the page cache, the other core's load):

- ``python -c pass``: the interpreter alone;
- a minimal click + pyoxigraph program that opens the same store and runs the same
  SPARQL (the question with its values bound, as ``ask --show-query`` prints it);
- the Rust ``oxigraph query`` (the ``oxigraph`` package from PyPI) on the same store;
- ``mingraph ask NAME``.

Prints medians and mingraph's ratio to the Rust CLI.

    pip install '.[test]' && python benchmarks/bench_cold_ask.py [--runs 20]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import compile_bytecode, machine

from mingraph.build import prepare_store

QUESTIONS = {
    "initiatives": [],
    "controls-in-force": ["--date", "2023-09-01"],
    "policies-for-mineral": ["--mineral", "gallium"],
}

MINIMAL = """
import click, pyoxigraph

@click.command()
@click.argument("location")
@click.argument("query_file")
def main(location, query_file):
    store = pyoxigraph.Store.read_only(location)
    with open(query_file, encoding="utf-8") as handle:
        results = store.query(handle.read())
    click.echo(results.serialize(format=pyoxigraph.QueryResultsFormat.CSV).decode())

main()
"""


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {done.stderr.decode()[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    mingraph, oxigraph = shutil.which("mingraph"), shutil.which("oxigraph")
    if not (mingraph and oxigraph):
        sys.exit("install mingraph with its test extras first: pip install '.[test]'")
    compile_bytecode()
    prepared = prepare_store([])  # builds the cache if it is missing
    location = str(prepared.path)
    del prepared  # the store is opened afresh by every command below
    work = Path(tempfile.mkdtemp(prefix="cold-ask-"))
    minimal = work / "minimal.py"
    minimal.write_text(MINIMAL, encoding="utf-8")
    print(f"Machine: {machine()}\n")
    print(f"Median of {args.runs} fresh processes each, in seconds.\n")
    print(
        "| question | python -c pass | click + pyoxigraph | oxigraph query (Rust) "
        "| mingraph ask | mingraph / Rust |"
    )
    print("|---|---|---|---|---|---|")
    for name, params in QUESTIONS.items():
        shown = subprocess.run(
            [mingraph, "ask", name, *params, "--show-query"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        query_file = work / f"{name}.rq"
        query_file.write_text(shown, encoding="utf-8")
        commands = {
            "pass": [sys.executable, "-c", "pass"],
            "minimal": [sys.executable, str(minimal), location, str(query_file)],
            "rust": [
                oxigraph,
                "query",
                "--location",
                location,
                "--query-file",
                str(query_file),
                "--results-format",
                "csv",
            ],
            "mingraph": [mingraph, "ask", name, *params, "--format", "csv"],
        }
        times: dict[str, list[float]] = {key: [] for key in commands}
        for _ in range(args.runs):
            for key, command in commands.items():
                times[key].append(wall(command))
        median = {key: statistics.median(values) for key, values in times.items()}
        print(
            f"| {name} | {median['pass']:.3f} | {median['minimal']:.3f} | {median['rust']:.3f} "
            f"| {median['mingraph']:.3f} | {median['mingraph'] / median['rust']:.1f}x |"
        )
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
