"""Connections that cannot be held for ever: limits below the application.

uvicorn's own settings bound an idle keep-alive connection once it has had an
answer, but not a connection that never finishes its request (bytes trickled
one at a time each restart its keep-alive timer), nor a client that stops
reading an answer, nor how many connections one address holds. This protocol
adds, per connection:

- a deadline for the request head, counted from the moment the connection opens
  or its previous answer ends (an idle connection is closed then, a trickling
  one gets 408);
- a deadline for the request body, counted from the end of the head;
- a deadline for a stalled answer: when the client has not taken enough of the
  answer for the server's write buffer to drain within that time, the connection
  is dropped with its buffer (the answer's producer then stops);
- a bound on the connections open at once from one client address (one IPv6
  /64, which one client usually holds whole): the ones past it get 503 at once.
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from dataclasses import dataclass

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


@dataclass(frozen=True)
class ConnectionLimits:
    """Seconds and counts that bound one client's hold on the server."""

    head_seconds: float = 10.0
    body_seconds: float = 15.0
    write_stall_seconds: float = 15.0
    per_client: int = 32


def _refusal(status: str, message: str) -> bytes:
    body = (message + "\n").encode()
    return (
        f"HTTP/1.1 {status}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    ).encode() + body


def client_key(host: str | None) -> str | None:
    """What the per-client bound counts by: the IPv4 address, or the IPv6 /64."""
    if host is None:
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def guarded_protocol(limits: ConnectionLimits) -> type[H11Protocol]:
    """An HTTP protocol class for uvicorn (``Config(http=...)``) that keeps ``limits``.

    Each call makes a class with its own count of connections per client, so two
    servers in one process do not share it.
    """
    return type("GuardedH11Protocol", (_Guarded,), {"limits": limits, "open_by_client": Counter()})


class _Guarded(H11Protocol):
    limits: ConnectionLimits
    open_by_client: Counter

    def connection_made(self, transport) -> None:
        self._phase: str | None = None
        self._deadline = self._stall = self._key = None
        self._received = False
        super().connection_made(transport)
        self._key = client_key(self.client[0] if self.client else None)
        if self.open_by_client[self._key] >= self.limits.per_client:
            self._key = None  # not counted, so not released either
            transport.write(
                _refusal(
                    "503 Service Unavailable",
                    f"too many connections from your address (at most {self.limits.per_client})",
                )
            )
            transport.close()
            return
        self.open_by_client[self._key] += 1
        self._track_reading()

    def connection_lost(self, exc) -> None:
        if self._key is not None:
            self.open_by_client[self._key] -= 1
            if not self.open_by_client[self._key]:
                del self.open_by_client[self._key]
            self._key = None
        self._cancel(self._deadline)
        self._cancel(self._stall)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._received = True
        super().data_received(data)
        self._track_reading()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._track_reading()

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._stall is None:
            self._stall = self.loop.call_later(self.limits.write_stall_seconds, self._drop)

    def resume_writing(self) -> None:
        super().resume_writing()
        self._cancel(self._stall)
        self._stall = None

    # --- deadlines -------------------------------------------------------------------

    def _track_reading(self) -> None:
        """Start the head or body deadline when the request enters that phase."""
        if self.transport.is_closing():
            return
        state = self.conn.their_state
        phase = "head" if state is h11.IDLE else "body" if state is h11.SEND_BODY else None
        if phase == self._phase:
            return
        self._cancel(self._deadline)
        self._deadline, self._phase = None, phase
        if phase == "head":
            self._received = bool(self.conn.trailing_data[0])
            self._deadline = self.loop.call_later(self.limits.head_seconds, self._head_late)
        elif phase == "body":
            self._deadline = self.loop.call_later(self.limits.body_seconds, self._drop)

    def _head_late(self) -> None:
        """No whole request head in time: an idle connection just closes; a started one
        is told why (nothing has been answered on it since)."""
        if self.transport.is_closing():
            return
        if self._received:
            seconds = f"{self.limits.head_seconds:g}"
            self.transport.write(
                _refusal("408 Request Timeout", f"the request did not arrive within {seconds} s")
            )
        self.transport.close()

    def _drop(self) -> None:
        """Drop the connection and whatever waits in its write buffer."""
        self.transport.abort()

    @staticmethod
    def _cancel(timer) -> None:
        if timer is not None:
            timer.cancel()
