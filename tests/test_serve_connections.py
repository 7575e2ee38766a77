"""The connection limits of ``mingraph serve`` (:mod:`mingraph.web.connections`), each
driven to its end against a small server with short limits: an idle connection,
a request head or body trickled a byte at a time, a client that stops reading a
large answer, and one address opening more connections than it may.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time

import pytest
import uvicorn

from mingraph.web.connections import ConnectionLimits, client_key, guarded_protocol

LIMITS = ConnectionLimits(head_seconds=0.6, body_seconds=0.6, write_stall_seconds=0.6, per_client=4)
BIG = 32 << 20  # far more than socket buffers hold


async def app(scope, receive, send):
    """Answers /big with 32 MiB in 1 MiB pieces, anything else with "ok" after reading
    the body."""
    if scope["type"] != "http":
        return
    if scope["path"] == "/big":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        piece = b"x" * (1 << 20)
        for _ in range(BIG // len(piece)):
            await send({"type": "http.response.body", "body": piece, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
        return
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture(scope="module")
def address():
    config = uvicorn.Config(app, http=guarded_protocol(LIMITS), lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve([sock])), daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield sock.getsockname()
    server.should_exit = True
    thread.join(10)


def connect(address, source: str = "127.0.0.1") -> socket.socket:
    sock = socket.create_connection(address, source_address=(source, 0))
    sock.settimeout(5)
    return sock


def until_closed(sock: socket.socket) -> tuple[bytes, float]:
    """What the server sends before it closes, and how long it took (seconds)."""
    start, received = time.monotonic(), bytearray()
    with contextlib.suppress(ConnectionResetError):
        while piece := sock.recv(1 << 16):
            received += piece
    return bytes(received), time.monotonic() - start


def ordinary_request(address, source: str = "127.0.0.1") -> bytes:
    with connect(address, source) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        return until_closed(sock)[0]


def test_an_idle_connection_is_closed_after_the_head_deadline(address):
    with connect(address) as sock:
        received, seconds = until_closed(sock)
    assert received == b""
    assert LIMITS.head_seconds - 0.1 < seconds < LIMITS.head_seconds + 2


def test_a_trickled_request_head_gets_408_at_the_deadline(address):
    with connect(address) as sock:
        start = time.monotonic()
        with contextlib.suppress(OSError):
            for byte in b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100:
                sock.sendall(bytes([byte]))  # each byte well within keep-alive's 5 s
                time.sleep(0.05)
                if time.monotonic() - start > 5:
                    break
        received, _ = until_closed(sock)
        seconds = time.monotonic() - start
    assert received.startswith(b"HTTP/1.1 408")
    assert seconds < LIMITS.head_seconds + 2


def test_a_trickled_body_loses_its_connection(address):
    with connect(address) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
        start = time.monotonic()
        with contextlib.suppress(OSError):
            while time.monotonic() - start < 5:
                sock.sendall(b"a")
                time.sleep(0.05)
        received, _ = until_closed(sock)
        seconds = time.monotonic() - start
    assert b"200" not in received
    assert seconds < LIMITS.body_seconds + 2


def test_a_client_that_stops_reading_loses_its_connection(address):
    with connect(address) as sock:
        sock.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(LIMITS.write_stall_seconds + 1.5)  # not reading
        received, _ = until_closed(sock)
    assert 0 < len(received) < BIG // 2  # what the sockets' buffers held, not the rest


def test_a_reader_gets_the_whole_large_answer(address):
    with connect(address) as sock:
        sock.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        received, _ = until_closed(sock)
    assert received.count(b"x") == BIG


def test_one_address_holds_at_most_its_share_and_others_are_served(address):
    held = [connect(address, "127.0.0.2") for _ in range(LIMITS.per_client)]
    try:
        time.sleep(0.1)
        with connect(address, "127.0.0.2") as extra:
            extra.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            received, _ = until_closed(extra)
        assert received.startswith(b"HTTP/1.1 503")
        assert b"too many connections from your address" in received
        assert ordinary_request(address).startswith(b"HTTP/1.1 200")
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.2)
    assert ordinary_request(address, "127.0.0.2").startswith(b"HTTP/1.1 200")


def test_clients_are_counted_by_address_and_ipv6_by_its_64():
    assert client_key("127.0.0.2") == "127.0.0.2"
    assert client_key("::ffff:127.0.0.2") == "127.0.0.2"
    assert client_key("2001:db8::1") == client_key("2001:db8::ffff:1") == "2001:db8::/64"
    assert client_key("2001:db8:0:1::1") != client_key("2001:db8::1")
