"""``mingraph serve`` against clients that try to hold it: hundreds of idle or
trickling connections, one address opening as many as it can, a forged Host
header, bytes that are not UTF-8, a query worker killed under it.

Each runs against the session's shared server (``--timeout 4 --workers 2``).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import statistics
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from live_server import PROCESSES, descendants, fetch

from mingraph.iris import MG

HELD = 300
MINERALS = f"SELECT ?m WHERE {{ ?m a <{MG}Mineral> }} ORDER BY ?m"


def ordinary_seconds(server: str, times: int = 5) -> list[float]:
    """How long an ordinary visitor waits for a query and a page, each time (all 200)."""
    query = urllib.parse.urlencode({"query": MINERALS})
    seconds = []
    for _ in range(times):
        start = time.monotonic()
        status, _, _ = fetch(f"{server}/sparql?{query}", timeout=10)
        page, _, _ = fetch(f"{server}/search?q=gallium", timeout=10)
        assert (status, page) == (200, 200)
        seconds.append(time.monotonic() - start)
    return seconds


@contextlib.contextmanager
def held_connections(server: str, sources: list[str], trickle: bool):
    """Connections from ``sources`` held open: idle, or (``trickle``) sending a request
    head one byte every half second. Yields the sockets the server accepted."""
    target = urllib.parse.urlsplit(server)
    sockets = []
    for source in sources:
        sock = socket.create_connection((target.hostname, target.port), source_address=(source, 0))
        sockets.append(sock)
    stop = threading.Event()

    def drip() -> None:
        head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
        for byte in head:
            for sock in sockets[::2]:
                with contextlib.suppress(OSError):
                    sock.send(bytes([byte]))
            if stop.wait(0.5):
                return

    dripper = threading.Thread(target=drip, daemon=True)
    if trickle:
        dripper.start()
    try:
        yield sockets
    finally:
        stop.set()
        for sock in sockets:
            sock.close()
        if trickle:
            dripper.join(5)


def loopback_sources(count: int) -> list[str]:
    """``count`` distinct loopback addresses (127.0.1.1, 127.0.1.2, ...)."""
    return [f"127.0.{1 + i // 250}.{1 + i % 250}" for i in range(count)]


def test_hundreds_of_idle_and_trickling_connections_leave_others_their_usual_speed(server):
    usual = statistics.median(ordinary_seconds(server))
    with held_connections(server, loopback_sources(HELD), trickle=True):
        time.sleep(1)
        meanwhile = ordinary_seconds(server)
    assert statistics.median(meanwhile) < 3 * usual + 0.25, (usual, meanwhile)


def test_one_address_cannot_take_every_connection(server):
    with held_connections(server, ["127.0.0.3"] * HELD, trickle=False) as sockets:
        time.sleep(0.5)
        usual_speed = ordinary_seconds(server, 3)
        refused = 0
        for sock in sockets:
            sock.settimeout(0.05)
            with contextlib.suppress(TimeoutError, OSError):
                refused += sock.recv(200).startswith(b"HTTP/1.1 503")
    assert max(usual_speed) < 2
    assert HELD - 64 <= refused < HELD  # a few dozen held, the rest told at once


def test_absolute_urls_never_come_from_the_host_header(server):
    forged = {"Host": "attacker.example"}
    target = urllib.parse.urlsplit(server)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
    connection.request("GET", "/sparql", headers={**forged, "Accept": "text/html"})
    redirect = connection.getresponse()
    connection.close()
    assert redirect.status == 303 and redirect.headers["location"] == f"{server}/editor"
    _, _, description = fetch(f"{server}/sparql", headers={**forged, "Accept": "text/turtle"})
    assert f"<{server}/sparql>".encode() in description
    for path in ("/", "/search?q=gallium", "/id/japan", "/questions/initiatives"):
        status, _, page = fetch(server + path, headers=forged)
        assert status == 200 and b"attacker.example" not in page, path


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("hidden", ["%FF", "%C3%28", "%ED%A0%80"])
def test_bytes_that_are_not_utf8_are_refused_alike_in_get_and_post(server, method, hidden):
    query = f'SELECT ?x WHERE {{ BIND("{hidden}" AS ?x) }}'
    encoded = "query=" + urllib.parse.quote(query, safe="%")
    if method == "GET":
        status, _, body = fetch(f"{server}/sparql?{encoded}")
    else:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, _, body = fetch(f"{server}/sparql", data=encoded.encode(), headers=headers)
    assert status == 400 and b"not valid UTF-8" in body
    status, _, _ = fetch(f"{server}/search?q={hidden}")
    assert status == 400


def health(server: str) -> dict:
    status, _, body = fetch(f"{server}/health")
    return {"http": status, **json.loads(body)}


def test_a_killed_worker_is_replaced_and_health_says_how_many_are_up(server):
    report = health(server)
    assert report == {"http": 200, "status": "ok", "workers": 2, "of": 2}
    process = PROCESSES[server]
    children = set(descendants(process.pid))
    grandchildren = [pid for pid in children if pid not in _children(process.pid)]
    assert len(grandchildren) >= 2  # the workers, under the fork server
    for pid in grandchildren:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    time.sleep(1)  # the server sees them go
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if health(server)["workers"] == 2:
            break
        time.sleep(0.2)
    assert health(server)["workers"] == 2
    assert ordinary_seconds(server, 1)


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found
