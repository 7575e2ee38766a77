"""Helpers the benchmarks share: timing whole processes, and the machine they ran on."""

from __future__ import annotations

import compileall
import os
import platform
import resource
import statistics
import subprocess
import sys
import time


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            names = [
                line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")
            ]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def compile_bytecode() -> None:
    """Write mingraph's bytecode, as ``pip install .`` does, before timing cold starts.

    An editable install, or an environment with ``PYTHONDONTWRITEBYTECODE`` set, has
    none, and every start then compiles the answering path's sources again (about
    20 ms of a cold ``mingraph ask``), which a user's installation never does.
    """
    import mingraph

    package = os.path.dirname(mingraph.__file__)
    if not compileall.compile_dir(package, quiet=1):
        sys.exit(f"could not compile the bytecode of {package}")


def run_process(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall time in seconds and peak RSS in MiB of one run of ``command`` (must succeed)."""
    start = time.perf_counter()
    done = subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def median_time(command: list[str], runs: int, env: dict | None = None) -> tuple[float, list]:
    times = [run_process(command, env)[0] for _ in range(runs)]
    return statistics.median(times), times
