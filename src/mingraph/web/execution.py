"""Running a stranger's query: the one place the server hands query text to an engine.

Every query that arrives over the network runs through :meth:`QueryRunner.run`:
the guard of ``mingraph query`` first (:func:`mingraph.guard.check_query`: no
update, no SERVICE, no FROM), then evaluation in one of a few worker processes,
each holding the cached store open read-only under a memory limit. A
query past the time limit, or whose client has gone away, has its worker killed
and replaced; the server itself never waits on an evaluation it cannot stop
(pyoxigraph offers no cancellation, and a crash or an out-of-memory abort in the
engine ends only the worker). The guard runs in the worker too, so its cost is
bounded by the same time limit and never blocks the server.

The canned questions and the pages run their own fixed queries in the server
process: their text is mingraph's, and only resolved terms are bound into it.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import pickle
import signal
from dataclasses import dataclass

from mingraph.errors import QueryError, QueryTimeout
from mingraph.results import Result
from mingraph.sandbox import limit_memory

#: Writable memory each worker may use (:func:`mingraph.sandbox.limit_memory`); a
#: query that needs more ends its worker only.
MEMORY_LIMIT = 2 << 30
#: The largest answer a worker hands back (pickled); bigger ones are refused.
MAX_ANSWER_BYTES = 64 << 20


class QueryRefused(QueryError):
    """A query the guard refuses: it would write, federate or load."""


class QueryFailed(QueryError):
    """The engine stopped without an answer: out of memory, or a crash."""


@dataclass(eq=False)  # each worker is itself: hashed and compared by identity
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: multiprocessing.connection.Connection


def _serve_queries(connection, data_paths: list[str], memory_limit: int) -> None:
    """A worker's life: open the store read-only, then answer one query at a time."""
    limit_memory(memory_limit)
    from mingraph.build import build_store
    from mingraph.engines import OxigraphEngine
    from mingraph.guard import check_query
    from mingraph.querytext import QuerySyntaxError, UndeclaredPrefix

    store, _ = build_store(data_paths)
    engine = OxigraphEngine(store)
    connection.send_bytes(b"ready")
    while True:
        try:
            text, options = pickle.loads(connection.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            canonical = check_query(text)
        except (QuerySyntaxError, UndeclaredPrefix) as error:
            outcome = ("error", str(error))  # malformed: 400, not a refusal
        except QueryError as error:
            outcome = ("refused", str(error))
        else:
            try:
                outcome = ("ok", engine.run(canonical, **options))
            except QueryError as error:
                outcome = ("error", str(error))
            except MemoryError:
                outcome = ("failed", "the query needs more memory than the server allows")
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        if len(data) > MAX_ANSWER_BYTES:
            limit = MAX_ANSWER_BYTES >> 20
            data = pickle.dumps(("failed", f"the answer is over {limit} MiB: add a LIMIT"))
        connection.send_bytes(data)


class QueryRunner:
    """A pool of worker processes answering ad-hoc queries within a time limit.

    Start it inside the server's event loop (:meth:`start`), and :meth:`close` it
    when the server stops.
    """

    def __init__(
        self,
        data_paths: list[str],
        workers: int = 4,
        timeout: float = 30.0,
        memory_limit: int = MEMORY_LIMIT,
    ):
        self.data_paths = list(data_paths)
        self.size = workers
        self.timeout = timeout
        self.memory_limit = memory_limit
        self._context = multiprocessing.get_context("forkserver")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._closed = False

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def run(self, text: str, **options) -> Result:
        """The answer to ``text`` (``options``: the dataset and base IRI, as
        :meth:`mingraph.engines.OxigraphEngine.run` reads them), or :class:`QueryRefused`,
        :class:`QueryError`, :class:`QueryTimeout` or :class:`QueryFailed`.

        Cancelling the awaiting task (a client that hangs up) kills the worker.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            raise self._timeout() from None
        finished = False
        try:
            worker.connection.send_bytes(pickle.dumps((text, options)))
            readable = loop.create_future()
            fd = worker.connection.fileno()
            loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
            try:
                await asyncio.wait_for(readable, max(deadline - loop.time(), 0))
            except TimeoutError:
                raise self._timeout() from None
            finally:
                loop.remove_reader(fd)
            data = await loop.run_in_executor(None, worker.connection.recv_bytes)
            finished = True
        except (EOFError, OSError):
            raise QueryFailed(self._ending(worker)) from None
        finally:
            if finished:
                self._idle.put_nowait(worker)
            else:
                self._replace(worker)
        status, value = pickle.loads(data)
        if status == "ok":
            return value
        if status == "refused":
            raise QueryRefused(value)
        if status == "failed":
            raise QueryFailed(value)
        raise QueryError(value)

    def _ending(self, worker: _Worker) -> str:
        """Why a worker ended in the middle of a query, as far as its exit tells."""
        worker.process.join(2)
        if worker.process.exitcode == -signal.SIGABRT:
            return f"the query needs more than the {self.memory_limit >> 20} MiB a query may use"
        return "the engine crashed on this query (it may nest too deeply): it was not answered"

    def _timeout(self) -> QueryTimeout:
        return QueryTimeout(
            f"the query ran longer than {self.timeout:g} s and was stopped "
            "(the server's --timeout sets the limit)"
        )

    async def _spawn(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_serve_queries,
            args=(theirs, self.data_paths, self.memory_limit),
            daemon=True,
        )
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, process.start)
        theirs.close()
        worker = _Worker(process, ours)
        self._all.add(worker)
        ready = await loop.run_in_executor(None, ours.recv_bytes)
        if ready != b"ready":
            raise RuntimeError("a query worker did not start")
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker that is busy or broken, and start another in its place."""
        worker.process.kill()
        worker.connection.close()
        self._all.discard(worker)
        worker.process.join(5)
        if not self._closed:
            task = asyncio.get_running_loop().create_task(self._spawn())
            task.add_done_callback(self._enlist)

    def _enlist(self, task: asyncio.Task) -> None:
        if not task.cancelled() and task.exception() is None:
            self._idle.put_nowait(task.result())

    def close(self) -> None:
        self._closed = True
        for worker in list(self._all):
            worker.process.kill()
            with contextlib.suppress(OSError):
                worker.connection.close()
            worker.process.join(5)
        self._all.clear()
