"""Progress on stderr for work that takes longer than a second, silence otherwise."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO


class Progress:
    """Names the stage under way once the work has run past ``delay`` seconds.

    Use as a context manager; call :meth:`stage` as each stage begins.
    """

    def __init__(self, delay: float = 1.0, stream: TextIO | None = None):
        self._stream = stream if stream is not None else sys.stderr
        self._start = time.monotonic()
        self._lock = threading.Lock()
        self._current: str | None = None
        self._shown = False
        self._timer = threading.Timer(delay, self._reveal)
        self._timer.daemon = True

    def __enter__(self) -> Progress:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()
        with self._lock:
            if self._shown:
                self._write(f"done in {time.monotonic() - self._start:.1f} s")

    def stage(self, message: str) -> None:
        with self._lock:
            self._current = message
            if self._shown:
                self._write(message)

    def _reveal(self) -> None:
        with self._lock:
            self._shown = True
            if self._current:
                self._write(self._current)

    def _write(self, message: str) -> None:
        print(f"mingraph: {message}", file=self._stream, flush=True)
