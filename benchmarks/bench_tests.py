"""Where the test suite's time goes: wall and CPU time of a pytest run, and its
durations summed by file and by phase (setup is where shared fixtures start).

    python benchmarks/bench_tests.py                     # the whole suite, as CI runs it
    python benchmarks/bench_tests.py tests/test_engines.py -n 0

Extra arguments go to pytest. The machine's load average is printed beside the
figures: on a shared machine, wall time grows with it and CPU time much less.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DURATION = re.compile(r"^([\d.]+)s (setup|call|teardown)\s+(\S+?\.py)(::\S.*)?$")


def load() -> str:
    """The load average over 1, 5 and 15 minutes."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main(arguments: list[str]) -> None:
    command = [sys.executable, "-m", "pytest", "-q", "--durations=0", "--durations-min=0.5"]
    before = load()
    started = time.monotonic()
    done = subprocess.run(
        [*command, *arguments], cwd=REPO, capture_output=True, text=True, check=False
    )
    wall = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    by_file: dict[str, float] = defaultdict(float)
    by_phase: dict[str, float] = defaultdict(float)
    for line in done.stdout.splitlines():
        match = DURATION.match(line.strip())
        if match:
            seconds, phase, path = float(match[1]), match[2], match[3]
            by_file[path] += seconds
            by_phase[phase] += seconds
    print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-2000:])
    print(f"wall {wall:.0f} s; CPU {usage.ru_utime + usage.ru_stime:.0f} s (pytest and all")
    print(f"it started); load average before {before}, after {load()}")
    print("\ntest durations of at least 0.5 s, summed by file (s):")
    for path, seconds in sorted(by_file.items(), key=lambda item: -item[1]):
        print(f"  {seconds:8.1f}  {path}")
    print("by phase (s): " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(by_phase.items())))
    sys.exit(done.returncode)


if __name__ == "__main__":
    main(sys.argv[1:])
