"""How long each chart takes to draw, in both languages, as SVG and as PNG.

Two figures per chart: a whole 'mingraph chart' process (what a person at a
terminal waits for, the cache already built), and one drawing inside a running
process whose renderer has started (what a web page waits for). Prints a Markdown
table.

    python benchmarks/bench_charts.py [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import machine, median_time, run_process

from mingraph.build import build_store
from mingraph.charts import CHARTS, Filters, draw_chart
from mingraph.engines import OxigraphEngine

LANGS = ("en", "zh-Hant")
FORMATS = ("svg", "png")


def in_process(engine, name: str, lang: str, fmt: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        draw_chart(engine, name, lang, Filters(), fmt)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    mingraph = shutil.which("mingraph")
    if not mingraph:
        sys.exit("install mingraph first: pip install .")
    run_process([mingraph, "build"])
    store, _ = build_store([])
    engine = OxigraphEngine(store)
    start = time.perf_counter()
    draw_chart(engine, "supply", "en")
    print(f"Machine: {machine()}\n")
    print(f"Renderer start-up in a process (first drawing): {time.perf_counter() - start:.2f} s\n")
    print("| chart | language | format | `mingraph chart`, median (s) | in a running process (s) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name in CHARTS:
            for lang in LANGS:
                for fmt in FORMATS:
                    output = str(Path(folder) / f"{name}.{fmt}")
                    command = [mingraph, "chart", name, "--lang", lang, "-o", output]
                    whole, _ = median_time(command, args.runs)
                    warm = in_process(engine, name, lang, fmt, args.runs)
                    print(f"| {name} | {lang} | {fmt} | {whole:.2f} | {warm:.2f} |")


if __name__ == "__main__":
    main()
