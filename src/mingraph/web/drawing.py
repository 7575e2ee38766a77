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
import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

_engine = None
_entity_charts: dict[tuple[str, str], str | None] = {}


def _open(store_path: str) -> None:
    """In the drawing process: ignore Ctrl-C (the server stops it), open the store."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import pyoxigraph as ox

    from mingraph.engines import OxigraphEngine
    from mingraph.resolve import KEY_INDEX

    global _engine
    _engine = OxigraphEngine(ox.Store.read_only(store_path), Path(store_path).parent / KEY_INDEX)


def _home(lang: str) -> str:
    from mingraph.charts.pages import home_chart

    return home_chart(_engine, lang)


def _question(name: str, given: dict, lang: str) -> str | None:
    from mingraph.charts.pages import question_chart

    return question_chart(_engine, name, given, lang)


def _entity(iri: str, lang: str) -> str | None:
    """An entity's chart, or None; kept either way (drawn ones are also kept below)."""
    from mingraph.charts.pages import entity_chart

    if (iri, lang) not in _entity_charts:
        _entity_charts[iri, lang] = entity_chart(_engine, iri, lang)
    return _entity_charts[iri, lang]


class ChartDrawer:
    """Draws the home, question and entity charts in one separate process."""

    def __init__(self, store_path: str | Path):
        self.store_path = str(store_path)
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=_open,
            initargs=(self.store_path,),
        )

    async def _draw(self, function, *args) -> str | None:
        try:
            return await asyncio.wrap_future(self._pool.submit(function, *args))
        except BrokenProcessPool:  # the drawing process died: a page without its chart
            self._pool = self._new_pool()
            return None

    async def home(self, lang: str) -> str | None:
        return await self._draw(_home, lang)

    async def question(self, name: str, given: dict, lang: str) -> str | None:
        return await self._draw(_question, name, given, lang)

    async def entity(self, iri: str, lang: str) -> str | None:
        return await self._draw(_entity, iri, lang)

    def close(self) -> None:
        """Stop at once: a drawing under way is not waited for."""
        processes = list((self._pool._processes or {}).values())  # no public way to end them
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()
