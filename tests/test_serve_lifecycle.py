"""``mingraph serve`` over its life: a large answer to a client that does not read,
data files changed under it, workers that cannot start, and stopping with Ctrl-C
or SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from live_server import PROCESSES, descendants, fetch, resident_kib, running_server

from mingraph.build import prepare_store
from mingraph.web.execution import NoWorker, QueryRunner

#: A file of more data, and a query only it answers.
EXTRA = Path(__file__).parent / "good" / "claim-about-shipped-entity.ttl"
COUNT_EXTRA = (
    "SELECT ?o WHERE { <https://w3id.org/mingraph/id/example-germanium-share> "
    "<https://w3id.org/mingraph/ontology#sharePercent> ?o }"
)
#: About 40 MB of CSV: long literals, repeated, over a cross product.
BIG = (
    "SELECT ?x WHERE { ?s ?p ?o . ?a ?b ?c FILTER(isLiteral(?o) && STRLEN(?o) > 100) "
    "BIND(CONCAT(" + ",".join(["?o"] * 16) + ") AS ?x) } LIMIT 16000"
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def post(server: str, query: str, accept: str = "text/csv") -> tuple[int, bytes]:
    data = urllib.parse.urlencode({"query": query}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    status, _, body = fetch(f"{server}/sparql", data=data, headers=headers, timeout=60)
    return status, body


def health(server: str) -> dict:
    return json.loads(fetch(f"{server}/health")[2])


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """A server of its own, with one file added by --data, and time for large answers."""
    extra = tmp_path_factory.mktemp("data") / "extra.ttl"
    extra.write_bytes(EXTRA.read_bytes())
    options = ("--data", str(extra), "--timeout", "60")  # a 40 MB answer on a busy machine
    with running_server(*options, serve_options=("--workers", "2")) as url:
        yield url, extra


def test_a_large_answer_to_a_client_that_does_not_read_leaves_the_server_flat(own_server):
    server, _ = own_server
    pid = PROCESSES[server].pid
    before = resident_kib(pid)
    target = urllib.parse.urlsplit(server)
    body = urllib.parse.urlencode({"query": BIG}).encode()
    with socket.create_connection((target.hostname, target.port)) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        peak, waits = before, []
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:  # the answer is made and written meanwhile
            start = time.monotonic()
            assert post(server, COUNT_EXTRA)[0] == 200
            assert fetch(f"{server}/search?q=gallium")[0] == 200
            waits.append(time.monotonic() - start)
            peak = max(peak, resident_kib(pid))
            time.sleep(0.2)
        head = sock.recv(1 << 16)
    assert head.startswith(b"HTTP/1.1 200"), head[:200]
    assert max(waits) < 3, waits
    assert peak - before < 24 << 10, f"the server grew by {(peak - before) >> 10} MiB"


def test_the_answer_is_whole_for_a_client_that_reads(own_server):
    server, _ = own_server
    status, body = post(server, BIG)
    assert status == 200 and 30 << 20 < len(body) < 64 << 20
    assert body.count(b"\n") == 16001


def test_drawing_a_chart_does_not_hold_other_requests(own_server):
    """The home page's chart in Chinese is drawn on its first visit here, while
    another client keeps asking for /health."""
    server, _ = own_server
    outcome = {}

    def visit() -> None:
        start = time.monotonic()
        status, _, page = fetch(f"{server}/?lang=zh-Hant", timeout=120)
        outcome.update(status=status, svg=b"<svg" in page, seconds=time.monotonic() - start)

    thread = threading.Thread(target=visit)
    thread.start()
    waits = []
    while thread.is_alive():
        start = time.monotonic()
        assert fetch(f"{server}/health")[0] == 200
        waits.append(time.monotonic() - start)
        time.sleep(0.05)
    assert outcome["status"] == 200 and outcome["svg"]
    assert outcome["seconds"] > 0.5  # a real drawing, not a chart kept from before
    assert max(waits) < outcome["seconds"] / 2, (max(waits), outcome["seconds"])


def test_changed_data_files_do_not_reach_a_running_server(own_server):
    server, extra = own_server
    extra.write_text("this is not N-Triples", encoding="utf-8")
    try:
        workers = [pid for pid in descendants(PROCESSES[server].pid)]
        for pid in workers:  # the fork server too: every worker starts again
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(1)  # the server sees them go
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and health(server)["workers"] < 2:
            time.sleep(0.2)
        assert health(server) == {"status": "ok", "workers": 2, "of": 2}
        status, body = post(server, COUNT_EXTRA)
        assert status == 200 and body.split() == [b"o", b"60.5"]  # the graph it started with
    finally:
        extra.write_bytes(EXTRA.read_bytes())


def test_a_worker_that_cannot_start_is_tried_again_until_it_does(tmp_path):
    prepared = prepare_store([])
    store = tmp_path / "store"

    async def scenario() -> None:
        runner = QueryRunner(store, workers=1, timeout=2)
        runner.first_retry, runner.last_retry = 0.2, 1.0
        await runner.start()
        try:
            assert runner.up == 0
            with pytest.raises(NoWorker):
                await runner.run("ASK { ?s ?p ?o }", {"boolean": "json"})
            shutil.copytree(prepared.path, store)  # the store comes back
            for _ in range(100):
                if runner.up:
                    break
                await asyncio.sleep(0.1)
            answer = await runner.run("ASK { ?s ?p ?o }", {"boolean": "json"})
            assert json.loads(answer.body)["boolean"] is True
        finally:
            runner.close()

    asyncio.run(scenario())


def test_sigterm_answers_the_query_under_way_with_503_and_stops_cleanly():
    with running_server("--timeout", "20", serve_options=("--workers", "1")) as server:
        process = PROCESSES[server]
        outcome = {}
        thread = threading.Thread(target=lambda: outcome.update(answer=post(server, RUNAWAY)))
        thread.start()
        time.sleep(1)
        start = time.monotonic()
        process.send_signal(signal.SIGTERM)
        thread.join(15)
        assert process.wait(15) == 0
        stderr = process.stderr.read()
    status, body = outcome["answer"]
    assert status == 503 and b"stopping" in body
    assert time.monotonic() - start < 5
    assert "mingraph: stopped" in stderr
    assert "Traceback" not in stderr and "ERROR" not in stderr, stderr


def test_ctrl_c_stops_the_server_and_its_workers_without_a_traceback():
    with running_server(serve_options=("--workers", "2"), new_session=True) as server:
        process = PROCESSES[server]
        assert fetch(f"{server}/health")[0] == 200
        os.killpg(process.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
        assert process.wait(15) == 0
        stderr = process.stderr.read()
    assert "mingraph: stopped" in stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
