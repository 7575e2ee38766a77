"""Running a stranger's query: the one place the server hands query text to an engine.

Every query that arrives over the network runs through :meth:`QueryRunner.run`:
the guard of ``mingraph query`` first (:func:`mingraph.guard.check_query`: no
update, no SERVICE, no FROM), then evaluation in one of a few worker processes,
each holding the server's own store open read-only under a memory limit. A
query past the time limit, or whose client has gone away, has its worker killed
and replaced; the server itself never waits on an evaluation it cannot stop
(pyoxigraph offers no cancellation, and a crash or an out-of-memory abort in the
engine ends only the worker). The guard runs in the worker too, so its cost is
bounded by the same time limit and never blocks the server.

The worker writes the answer in the format the client asked for, so the server
only passes bytes on: a small answer comes through the pipe, a large one as a
file the server streams to the client and deletes, so neither decoding nor
writing out holds the event loop or the server's memory.

Workers open the store the server opened when it started (not the data files),
so a server answers from one graph everywhere, whatever happens to ``--data``
while it runs. A worker that dies or cannot start is replaced, trying again
after a growing pause while starting fails.

The canned questions and the pages run their own fixed queries in the server
process: their text is mingraph's, and only resolved terms are bound into it.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import pickle
import shutil
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mingraph.errors import QueryError, QueryTimeout
from mingraph.sandbox import limit_memory

#: Writable memory each worker may use (:func:`mingraph.sandbox.limit_memory`); a
#: query that needs more ends its worker only.
MEMORY_LIMIT = 2 << 30
#: The largest answer a worker hands back, in its final format; bigger ones are refused.
MAX_ANSWER_BYTES = 64 << 20
#: Answers up to this size come through the worker's pipe; larger ones as a file.
INLINE_ANSWER_BYTES = 256 << 10
#: Pauses before trying again to start a worker that failed to start, in seconds.
FIRST_RETRY_SECONDS = 0.5
LAST_RETRY_SECONDS = 30.0


class QueryRefused(QueryError):
    """A query the guard refuses: it would write, federate or load."""


class QueryFailed(QueryError):
    """The engine stopped without an answer: out of memory, or a crash."""


class NoWorker(QueryError):
    """No worker is up (they keep failing to start), or the server is stopping."""


class NotAcceptable(QueryError):
    """The answer is of a kind (``solutions``, ``boolean``, ``triples``) none of
    whose formats the client accepts."""

    def __init__(self, kind: str):
        super().__init__(f"no acceptable format for a {kind} answer")
        self.kind = kind


@dataclass
class Answer:
    """An answer in its final format: ``body`` in memory, or ``file`` (open, already
    unlinked) of ``size`` bytes."""

    media_kind: str
    fmt: str
    body: bytes | None = None
    file: object = None
    size: int = 0


@dataclass(eq=False)  # each worker is itself: hashed and compared by identity
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: multiprocessing.connection.Connection


def _answer_kind(answer) -> str:
    from mingraph.results import Boolean, Triples

    if isinstance(answer, Triples):
        return "triples"
    return "boolean" if isinstance(answer, Boolean) else "solutions"


def _write(answer, kind: str, fmt: str, expanded: bool) -> bytes:
    from mingraph.formats import write_boolean, write_solutions, write_triples

    if kind == "triples":
        return write_triples(answer, fmt, expanded).encode("utf-8")
    writer = {"boolean": write_boolean, "solutions": write_solutions}
    return writer[kind](answer, fmt).encode("utf-8")


def _serve_queries(connection, store_path: str, spool: str, memory_limit: int) -> None:
    """A worker's life: open the store read-only, then answer one query at a time.

    Ctrl-C reaches every process of the terminal's group: the server stops the
    workers itself, so they ignore it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_memory(memory_limit)
    import pyoxigraph as ox

    from mingraph.engines import OxigraphEngine
    from mingraph.guard import check_query
    from mingraph.querytext import QuerySyntaxError, UndeclaredPrefix

    engine = OxigraphEngine(ox.Store.read_only(store_path))
    connection.send_bytes(b"ready")
    while True:
        try:
            text, formats, expanded, options = pickle.loads(connection.recv_bytes())
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
                answer = engine.run(canonical, **options)
                kind = _answer_kind(answer)
                fmt = formats.get(kind)
                outcome = ("unacceptable", kind) if fmt is None else ("ok", kind, fmt)
                data = b"" if fmt is None else _write(answer, kind, fmt, expanded)
                del answer
            except QueryError as error:
                outcome = ("error", str(error))
            except MemoryError:
                outcome = ("failed", "the query needs more memory than the server allows")
        if outcome[0] != "ok":
            connection.send_bytes(pickle.dumps(outcome))
            continue
        if len(data) > MAX_ANSWER_BYTES:
            limit = MAX_ANSWER_BYTES >> 20
            outcome = ("failed", f"the answer is over {limit} MiB: add a LIMIT")
            connection.send_bytes(pickle.dumps(outcome))
        elif len(data) <= INLINE_ANSWER_BYTES:
            connection.send_bytes(pickle.dumps((*outcome, "inline", len(data))))
            connection.send_bytes(data)
        else:
            with tempfile.NamedTemporaryFile(dir=spool, delete=False) as handle:
                handle.write(data)
            connection.send_bytes(pickle.dumps((*outcome, handle.name, len(data))))
        del data


class QueryRunner:
    """A pool of worker processes answering ad-hoc queries within a time limit.

    Start it inside the server's event loop (:meth:`start`); :meth:`stop` answers
    the queries under way with :class:`NoWorker` when the server begins to stop,
    and :meth:`close` ends the workers.
    """

    def __init__(
        self,
        store_path: str | Path,
        workers: int = 4,
        timeout: float = 30.0,
        memory_limit: int = MEMORY_LIMIT,
    ):
        self.store_path = str(store_path)
        self.size = workers
        self.timeout = timeout
        self.memory_limit = memory_limit
        self.first_retry, self.last_retry = FIRST_RETRY_SECONDS, LAST_RETRY_SECONDS
        self._context = multiprocessing.get_context("forkserver")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._starting: set[asyncio.Task] = set()
        self._waiting: set[asyncio.Task] = set()
        self._spool = tempfile.mkdtemp(prefix="mingraph-answers-")
        self._stopping = False

    @property
    def up(self) -> int:
        """Workers that are running (idle or busy)."""
        return len(self._all)

    async def start(self) -> None:
        """Start the workers; those that fail are tried again in the background."""
        started = await asyncio.gather(
            *(self._spawn() for _ in range(self.size)), return_exceptions=True
        )
        for outcome in started:
            if isinstance(outcome, _Worker):
                self._park(outcome)
            else:
                self._start_later(after_failure=True)

    async def run(
        self, text: str, formats: dict[str, str | None], expanded: bool = False, **options
    ) -> Answer:
        """The answer to ``text`` in ``formats[kind]`` for its kind (JSON-LD ``expanded``
        or compacted; ``options``: the dataset and base IRI, as
        :meth:`mingraph.engines.OxigraphEngine.run` reads them),
        or :class:`QueryRefused`, :class:`QueryError`, :class:`QueryTimeout`,
        :class:`QueryFailed`, :class:`NotAcceptable` or :class:`NoWorker`.

        Cancelling the awaiting task (a client that hangs up) kills the worker.
        """
        task = asyncio.current_task()
        self._waiting.add(task)
        try:
            return await self._run((text, formats, expanded, options))
        except asyncio.CancelledError:
            if self._stopping:
                raise NoWorker("the server is stopping: ask again later") from None
            raise
        finally:
            self._waiting.discard(task)

    async def _run(self, request: tuple) -> Answer:
        """Send ``request`` (text, formats, expanded, options) to a free worker."""
        if self._stopping:
            raise NoWorker("the server is stopping: ask again later")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            worker = await asyncio.wait_for(self._take(), self.timeout)
        except TimeoutError:
            if not self._all:
                raise NoWorker("no query worker is running: ask again later") from None
            raise self._timeout() from None
        finished = False
        try:
            worker.connection.send_bytes(pickle.dumps(request))
            readable = loop.create_future()
            fd = worker.connection.fileno()
            loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
            try:
                await asyncio.wait_for(readable, max(deadline - loop.time(), 0))
            except TimeoutError:
                raise self._timeout() from None
            finally:
                loop.remove_reader(fd)
            outcome = await loop.run_in_executor(None, self._receive, worker.connection)
            finished = True
        except (EOFError, OSError):
            raise QueryFailed(self._ending(worker)) from None
        finally:
            if finished:
                self._park(worker)
            else:
                self._replace(worker)
        status, value, *rest = outcome
        if status == "ok":
            fmt, where, size = rest[0], rest[1], rest[2]
            if where == "inline":
                return Answer(value, fmt, body=rest[3], size=size)
            handle = open(where, "rb")  # noqa: SIM115 - the response closes it
            os.unlink(where)
            return Answer(value, fmt, file=handle, size=size)
        if status == "unacceptable":
            raise NotAcceptable(value)
        if status == "refused":
            raise QueryRefused(value)
        if status == "failed":
            raise QueryFailed(value)
        raise QueryError(value)

    def _park(self, worker: _Worker) -> None:
        """Make ``worker`` available; if it dies while it waits, replace it at once."""
        loop = asyncio.get_running_loop()
        loop.add_reader(worker.connection.fileno(), self._died_waiting, worker)
        self._idle.put_nowait(worker)

    def _died_waiting(self, worker: _Worker) -> None:
        """An idle worker's pipe became readable: it has ended (it speaks only when asked)."""
        asyncio.get_running_loop().remove_reader(worker.connection.fileno())
        if worker in self._all:
            self._replace(worker)

    async def _take(self) -> _Worker:
        """An idle worker that is still there."""
        while True:
            worker = await self._idle.get()
            if worker not in self._all:
                continue  # replaced while it waited
            asyncio.get_running_loop().remove_reader(worker.connection.fileno())
            if worker.process.is_alive():
                return worker
            self._replace(worker)

    @staticmethod
    def _receive(connection) -> tuple:
        """A worker's outcome (off the event loop): the small header, then any inline body."""
        outcome = pickle.loads(connection.recv_bytes())
        if outcome[0] == "ok" and outcome[3] == "inline":
            outcome = (*outcome, connection.recv_bytes())
        return outcome

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
            args=(theirs, self.store_path, self._spool, self.memory_limit),
            daemon=True,
        )
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, process.start)
        theirs.close()
        worker = _Worker(process, ours)
        try:
            ready = await loop.run_in_executor(None, ours.recv_bytes)
        except (EOFError, OSError):
            ready = None
        if ready != b"ready":
            process.kill()
            ours.close()
            await loop.run_in_executor(None, process.join, 5)
            raise RuntimeError("a query worker did not start")
        self._all.add(worker)
        return worker

    async def _keep_one(self, after_failure: bool) -> None:
        """Start one worker, trying again after a growing pause until one starts."""
        pause = self.first_retry
        if after_failure:
            await asyncio.sleep(pause)
        while not self._stopping:
            try:
                worker = await self._spawn()
            except (RuntimeError, OSError):
                await asyncio.sleep(pause)
                pause = min(pause * 2, self.last_retry)
                continue
            if self._stopping:
                self._end(worker)
            else:
                self._park(worker)
            return

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker that is busy or broken, and start another in its place."""
        self._end(worker)
        self._start_later(after_failure=False)

    def _start_later(self, after_failure: bool) -> None:
        if not self._stopping:
            task = asyncio.get_running_loop().create_task(self._keep_one(after_failure))
            self._starting.add(task)
            task.add_done_callback(self._starting.discard)

    def _end(self, worker: _Worker) -> None:
        if worker in self._all and not worker.connection.closed:
            with contextlib.suppress(ValueError, OSError, RuntimeError):
                asyncio.get_running_loop().remove_reader(worker.connection.fileno())
        worker.process.kill()
        with contextlib.suppress(OSError):
            worker.connection.close()
        self._all.discard(worker)
        worker.process.join(5)

    def stop(self) -> None:
        """Answer every query under way with :class:`NoWorker`, and take no more."""
        self._stopping = True
        for task in list(self._waiting):
            task.cancel()
        for task in list(self._starting):
            task.cancel()

    def close(self) -> None:
        self.stop()
        for worker in list(self._all):
            self._end(worker)
        shutil.rmtree(self._spool, ignore_errors=True)
