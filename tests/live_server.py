"""Starting ``mingraph serve`` as a user does, on a free port, and stopping it with Ctrl-C."""

from __future__ import annotations

import contextlib
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

MINGRAPH = str(Path(sys.executable).with_name("mingraph"))
STARTUP_SECONDS = 180  # the first start in a fresh cache builds the graph
#: The process of each running server, by its base URL.
PROCESSES: dict[str, subprocess.Popen] = {}


@contextlib.contextmanager
def running_server(
    *global_options: str, serve_options: tuple[str, ...] = (), new_session: bool = False
):
    """Yield the base URL of a running server; on exit, Ctrl-C it and check it stopped.

    ``new_session``: in a process group of its own, as a terminal would start it.
    """
    process = subprocess.Popen(
        [MINGRAPH, *global_options, "serve", "--port", "0", *serve_options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=new_session,
    )
    found: list[str] = []

    def read_url() -> None:
        for line in process.stdout:
            match = re.search(r"serving (http://\S+/)", line)
            if match:
                found.append(match.group(1))
                return

    reader = threading.Thread(target=read_url, daemon=True)
    reader.start()
    reader.join(STARTUP_SECONDS)
    if not found:
        process.kill()
        raise RuntimeError(f"mingraph serve did not start: {process.stderr.read()[-2000:]}")
    url = found[0].rstrip("/")
    PROCESSES[url] = process
    try:
        yield url
    finally:
        PROCESSES.pop(url, None)
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        stderr = process.stderr.read()
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr, stderr


def descendants(pid: int) -> list[int]:
    """Every process started, directly or not, by process ``pid``."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found += children
            todo += children
    return found


def resident_kib(pid: int) -> int:
    """The resident memory of one process, in KiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1))


def fetch(
    url: str, data: bytes | None = None, headers: dict | None = None, timeout: float = 30
) -> tuple[int, dict, bytes]:
    """Status, headers (lower-case names) and body of one request; errors are answers too."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers), error.read()


def _lower(headers) -> dict:
    return {name.lower(): value for name, value in headers.items()}
