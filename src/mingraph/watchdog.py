"""One deadline for a whole HTTP exchange: connecting, the status line and headers, the body.

urllib's ``timeout`` bounds each wait for the socket, not the exchange: a server that
sends its headers a byte a second, or ``100 Continue`` lines without end (http.client
skips informational responses in a loop), holds the client for as long as it likes.
:class:`Watchdog` opens URLs like urllib, follows the same redirects, and closes every
socket it opened when the deadline passes, which ends whatever read is waiting on it.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
import urllib.request


class Watchdog:
    """Opens URLs whose exchange must end by ``deadline`` (``time.monotonic()`` seconds)."""

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(deadline - time.monotonic(), 0), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def open(self, request: urllib.request.Request):
        """``urllib.request.urlopen(request)``, each socket wait bounded by what is left."""
        watchdog = self

        class Watched(http.client.HTTPConnection):
            def connect(self) -> None:
                self.timeout = watchdog.remaining()
                super().connect()
                watchdog._watch(self.sock)

        class WatchedTLS(http.client.HTTPSConnection):
            def connect(self) -> None:
                self.timeout = watchdog.remaining()
                super().connect()
                watchdog._watch(self.sock)

        class HTTP(urllib.request.HTTPHandler):
            def http_open(self, req):
                return self.do_open(Watched, req)

        class HTTPS(urllib.request.HTTPSHandler):
            def https_open(self, req):
                return self.do_open(WatchedTLS, req)

        opener = urllib.request.build_opener(HTTP, HTTPS)
        return opener.open(request, timeout=self.remaining())

    def remaining(self) -> float:
        return max(self.deadline - time.monotonic(), 0.001)

    def _watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)  # the waiting read returns at once
