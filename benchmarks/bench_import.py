"""Importing a filled spreadsheet template of many rows, beside the same data as Turtle.

Writes N measure rows (each a new export control on gallium with a document of its
own) as CSV and as XLSX, then times in a fresh process each: reading and checking
the rows into triples (``import_file``), and parsing the Turtle that 'mingraph
import' writes for the same rows. Prints a Markdown table with the time and the
process's peak memory, and the load average, since other work on the machine
slows every figure.

    python benchmarks/bench_import.py [--rows 10000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import machine

ROW = {
    "label_en": "Test control {n}",
    "label_zh": "測試管制 {n}",
    "description_en": "China put test items {n} under export licence.",
    "description_zh": "中國將測試物項 {n} 納入出口許可。",
    "instrument": "export-control",
    "minerals": "gallium; germanium",
    "issued_by": "CN",
    "issuing_body": "MOFCOM",
    "announced_on": "2026-05",
    "summary_en": "MOFCOM put test items {n} under export licence.",
    "document_kind": "primary text",
    "document_publisher": "MOFCOM",
    "document_date": "2026-05-20",
    "document_url": "https://www.mofcom.gov.cn/example/{n}",
}

CHILD = r"""
import sys, time
from pathlib import Path
start = time.perf_counter()
path = Path(sys.argv[2])
if sys.argv[1] == "import":
    from mingraph.build import prepare_store
    from mingraph.tabular.importing import import_file
    engine = prepare_store([]).engine()
    start = time.perf_counter()  # the shipped graph is opened by every command alike
    count = len(import_file(path, path.read_bytes(), engine).triples)
else:
    from mingraph.loading import read_quads
    count = len(read_quads(path))
seconds = time.perf_counter() - start
# VmHWM belongs to this program's memory since exec; ru_maxrss would carry the
# parent's peak over the fork.
status = Path("/proc/self/status").read_text()
peak = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM"))) / 1024
print(f"{seconds:.2f} {peak:.0f} {count}")
"""


def write_rows(folder: Path, rows: int) -> dict[str, Path]:
    from mingraph.tabular.declaration import load_kind
    from mingraph.tabular.templates import write_template

    kind = load_kind("measures")
    header = ["Row kind", *(c.en for c in kind.columns)]
    lines = [header]
    for n in range(rows):
        row = {k: v.format(n=n) for k, v in ROW.items()} | {"id": f"p2026-bench-{n}"}
        lines.append(["", *(row.get(c.name, "") for c in kind.columns)])
    paths = {"csv": folder / "rows.csv", "xlsx": folder / "rows.xlsx"}
    for path in paths.values():
        write_template(lines, path, kind)
    return paths


def measure(task: str, path: Path) -> tuple[float, float, int]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, task, str(path)], capture_output=True, text=True, check=True
    )
    seconds, peak, count = done.stdout.split()
    return float(seconds), float(peak), int(count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as folder:
        paths = write_rows(Path(folder), rows)
        turtle = Path(folder) / "rows.ttl"
        from mingraph.build import prepare_store
        from mingraph.tabular.importing import import_file, to_turtle

        engine = prepare_store([]).engine()
        csv_path = paths["csv"]
        turtle.write_text(to_turtle(import_file(csv_path, csv_path.read_bytes(), engine)))
        print(f"{rows} measure rows; {machine()}; load average {os.getloadavg()[0]:.1f}\n")
        print("| input | seconds | peak memory (MiB) | triples |")
        print("| --- | --- | --- | --- |")
        for name, task, path in (
            ("CSV template", "import", paths["csv"]),
            ("XLSX template", "import", paths["xlsx"]),
            ("the same as Turtle", "turtle", turtle),
        ):
            seconds, peak, count = measure(task, path)
            print(f"| {name} | {seconds:.2f} | {peak:.0f} | {count} |")
        print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
