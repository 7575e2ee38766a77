"""The pages' charts, drawn in a process of their own.

The renderer (vl-convert) holds Python's interpreter lock for the whole drawing (a
second on a quiet machine, many under load): drawn in a thread of the server's
process, a chart would stop the event loop and every other request meanwhile.
One drawing process opens the server's store read-only, as the query workers do,
and keeps what it has drawn (the served graph does not change), so each chart
is drawn once per server.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import pickle
import signal
from pathlib import Path

_entity_charts: dict[tuple[str, str], str | None] = {}


def _serve_drawings(connection, store_path: str) -> None:
    """The drawing process: ignore Ctrl-C (the server ends it), open the store, then
    draw one chart at a time: ``(kind, arguments)`` in, ``svg`` or None out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import pyoxigraph as ox

    from mingraph.charts.pages import entity_chart, home_chart, question_chart
    from mingraph.engines import OxigraphEngine
    from mingraph.resolve import KEY_INDEX

    engine = OxigraphEngine(ox.Store.read_only(store_path), Path(store_path).parent / KEY_INDEX)

    def entity(iri: str, lang: str) -> str | None:  # kept whether drawn or not
        if (iri, lang) not in _entity_charts:
            _entity_charts[iri, lang] = entity_chart(engine, iri, lang)
        return _entity_charts[iri, lang]

    drawings = {
        "home": lambda lang: home_chart(engine, lang),
        "question": lambda name, given, lang: question_chart(engine, name, given, lang),
        "entity": entity,
    }
    while True:
        try:
            kind, arguments = pickle.loads(connection.recv_bytes())
        except (EOFError, OSError):
            return
        connection.send_bytes(pickle.dumps(drawings[kind](*arguments)))


class ChartDrawer:
    """Draws the home, question and entity charts, one at a time, in one separate
    process, started with the server (:meth:`start`) and again if it dies."""

    def __init__(self, store_path: str | Path):
        self.store_path = str(store_path)
        self._context = multiprocessing.get_context("forkserver")
        self._process = None
        self._connection = None
        self._turn: asyncio.Lock | None = None

    async def _draw(self, kind: str, *arguments) -> str | None:
        """The chart, or None when the drawing process died on it."""
        loop = asyncio.get_running_loop()
        self._turn = self._turn or asyncio.Lock()
        async with self._turn:
            if self._process is None or not self._process.is_alive():
                await loop.run_in_executor(None, self.start)
            try:
                self._connection.send_bytes(pickle.dumps((kind, arguments)))
                reply = await loop.run_in_executor(None, self._connection.recv_bytes)
            except (EOFError, OSError):
                self.close()
                return None
            except asyncio.CancelledError:  # its answer would be read as the next one's
                self.close()
                raise
        return pickle.loads(reply)

    def start(self) -> None:
        """Start the drawing process (it imports the renderer and opens the store
        while the server goes on)."""
        self.close()
        ours, theirs = self._context.Pipe()
        self._process = self._context.Process(
            target=_serve_drawings, args=(theirs, self.store_path), daemon=True
        )
        self._process.start()
        theirs.close()
        self._connection = ours

    async def home(self, lang: str) -> str | None:
        return await self._draw("home", lang)

    async def question(self, name: str, given: dict, lang: str) -> str | None:
        return await self._draw("question", name, given, lang)

    async def entity(self, iri: str, lang: str) -> str | None:
        return await self._draw("entity", iri, lang)

    def close(self) -> None:
        """End the drawing process at once (a drawing under way is not waited for)."""
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
            self._process = None
        if self._connection is not None:
            with contextlib.suppress(OSError):
                self._connection.close()
            self._connection = None
