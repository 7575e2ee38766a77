"""An endpoint cannot hold `mingraph --endpoint` past --timeout in any phase: connecting,
the status line and headers (dripped a byte at a time, or `100 Continue` without end),
or the body; an informational response before the answer is skipped once."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
from click.testing import CliRunner

from mingraph.cli import main
from mingraph.engines import EndpointEngine
from mingraph.errors import QueryTimeout

ANSWER = json.dumps(
    {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}
).encode()


def drip(connection: socket.socket, chunks, pause: float = 0.2, seconds: float = 60) -> None:
    """Send each chunk after ``pause``, for at most ``seconds``."""
    stop = time.monotonic() + seconds
    for chunk in chunks:
        if time.monotonic() > stop:
            return
        connection.sendall(chunk)
        time.sleep(pause)


def forever(chunk: bytes):
    while True:
        yield chunk


BEHAVIOURS = {
    "headers a byte at a time": lambda c: drip(
        c, [b"HTTP/1.1 200 OK\r\n", *(bytes([b]) for b in b"X-Slow: " + b"a" * 10_000)]
    ),
    "100 Continue without end": lambda c: drip(c, forever(b"HTTP/1.1 100 Continue\r\n\r\n")),
    "nothing at all": lambda c: time.sleep(60),
    "one 100 Continue, then the answer": lambda c: c.sendall(
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"
        b"Content-Type: application/sparql-results+json\r\n"
        + f"Content-Length: {len(ANSWER)}\r\nConnection: close\r\n\r\n".encode()
        + ANSWER
    ),
}


class RawEndpoint:
    """A TCP server on 127.0.0.1 that reads a request's head, then behaves as told."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.behaviour = BEHAVIOURS["nothing at all"]
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}/sparql"

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            try:
                connection.recv(65536)
                self.behaviour(connection)
            except OSError:
                pass  # the client hung up, as it should


@pytest.fixture(scope="module")
def raw_endpoint():
    server = RawEndpoint()
    yield server
    server.socket.close()


@pytest.mark.parametrize("behaviour", [b for b in BEHAVIOURS if "then the answer" not in b])
def test_no_phase_outlasts_the_timeout(raw_endpoint, behaviour):
    raw_endpoint.behaviour = BEHAVIOURS[behaviour]
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="--timeout"):
        EndpointEngine(raw_endpoint.url, timeout=1.5).run("SELECT * WHERE { ?s ?p ?o }")
    assert time.monotonic() - started < 6  # the endpoint would go on for a minute


def test_an_informational_response_is_skipped_once(raw_endpoint):
    raw_endpoint.behaviour = BEHAVIOURS["one 100 Continue, then the answer"]
    answer = EndpointEngine(raw_endpoint.url, timeout=5).run("SELECT * WHERE { ?s ?p ?o }")
    assert [row["x"].value for row in answer.rows] == ["1"]


def test_the_cli_says_which_limit(raw_endpoint):
    raw_endpoint.behaviour = BEHAVIOURS["100 Continue without end"]
    result = CliRunner().invoke(
        main, ["--timeout", "1", "--endpoint", raw_endpoint.url, "query", "SELECT * { ?s ?p ?o }"]
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: the endpoint took longer than 1 s to answer (--timeout sets the limit)"
    )
