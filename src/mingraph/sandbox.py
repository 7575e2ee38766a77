"""Running a stranger's query with limits that hold whatever the query does.

:func:`run_untrusted` is the one entry point for query text mingraph did not write:
``mingraph query`` calls it, and so can a web server, once per request. In a child
process, forked from a clean fork server, under a memory limit (:func:`limit_memory`),
it

1. checks the text before any engine sees it (:func:`mingraph.guard.check_query`:
   size, nesting, no update, no ``SERVICE`` unless allowed, no ``FROM``), which
   yields the canonical text the engine runs;
2. evaluates that text on the store, opened read-only;
3. after a syntax error, finds where the original text breaks (rdflib's parser), for
   at most :data:`LOCATE_SECONDS`;

while the caller waits at most ``timeout`` seconds for all of it, then kills the child.

Neither engine can be cancelled from Python, rdflib's regular expressions hold the
interpreter lock, and pyoxigraph aborts the whole process when memory runs out:
only a child process can be stopped whatever it is doing. The caller never ends,
so a server survives every query it is sent.

Each refusal or failure is a :class:`~mingraph.errors.QueryError` subclass with a
one-line message: those of :mod:`mingraph.guard`, :class:`~mingraph.errors.QueryTimeout`,
:class:`QueryOutOfMemory`, :class:`EngineCrashed`, or ``QueryError`` itself for an
error the engine reports (an invalid regular expression, a type error).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from mingraph.errors import QueryError, QueryTimeout
from mingraph.guard import MAX_NESTING, MAX_QUERY_CHARS, check_query, check_size
from mingraph.results import Result

ENGINES = ("oxigraph", "rdflib")
#: How long a syntax error's message may wait (within the query's time limit) for the
#: place in the original text: rdflib's parser takes a fraction of a second to import and
#: to read a question, but 28 s for 100 KB; past it, the engine's own message is given,
#: which places the error in the canonical text.
LOCATE_SECONDS = 5.0
_SYNTAX = "the query is not valid SPARQL"


@dataclass(frozen=True)
class Limits:
    """What one untrusted query may use. The defaults are those of ``mingraph query``.

    ``memory_bytes`` bounds the child's writable memory (:func:`limit_memory`): the
    interpreter, pyoxigraph and the opened store take about 200 MiB of it before the
    query starts.
    """

    timeout: float = 30.0
    memory_bytes: int = 2 << 30
    max_query_chars: int = MAX_QUERY_CHARS
    max_nesting: int = MAX_NESTING


class QueryOutOfMemory(QueryError):
    """The query needed more memory than its limit."""


class EngineCrashed(QueryError):
    """The engine's process died on the query (a crash in native code)."""


def run_untrusted(
    text: str,
    store: str | Path,
    *,
    engine: str = "oxigraph",
    limits: Limits = Limits(),
    allow_service: bool = False,
    prefixes: dict[str, str] | None = None,
) -> Result:
    """Answer ``text`` from the pyoxigraph store on disk at ``store``, within ``limits``.

    ``store`` is the folder of a built store (:func:`mingraph.build.prepare_store`
    gives it); ``engine`` is ``"oxigraph"`` or ``"rdflib"``; ``prefixes`` are declared
    for the query (its own PREFIX lines win). Returns the
    :class:`~mingraph.results.Result`, or raises a :class:`QueryError` subclass.
    Safe to call from several threads at once: each call has its own child.

    The children come from :mod:`multiprocessing`'s fork server, which imports the
    caller's main module as ``__mp_main__``: a server's script must keep its start-up
    under ``if __name__ == "__main__":``.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected one of {ENGINES}")
    check_size(text, limits.max_query_chars)  # before the text is copied to a child
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_evaluate,
        args=(sender, str(store), engine, text, allow_service, prefixes, limits),
        daemon=True,
    )
    deadline = time.monotonic() + limits.timeout
    child.start()
    sender.close()
    try:
        if not receiver.poll(limits.timeout):
            raise QueryTimeout(
                f"the query ran longer than {limits.timeout:g} s and was stopped "
                "(--timeout sets the limit)"
            )
        kind, value = receiver.recv()
        if kind == "syntax":
            wait = min(LOCATE_SECONDS, deadline - time.monotonic())
            if wait > 0 and receiver.poll(wait):
                located = receiver.recv()[1]
                value = QueryError(located) if located else value
    except EOFError:  # the child died without a word
        child.join()
        raise _death(child.exitcode, limits) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if kind == "result":
        return value
    if kind == "memory":
        raise QueryOutOfMemory(_memory_message(limits))
    raise value


def _context():
    """The fork server, started once per process with the engines already imported."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["mingraph.sandbox", "mingraph.engines"])
    return context


def _memory_message(limits: Limits) -> str:
    return (
        f"the query needed more than the {limits.memory_bytes >> 20} MiB of memory it may "
        "use and was stopped"
    )


def _death(exitcode: int | None, limits: Limits) -> QueryError:
    if exitcode in (-signal.SIGABRT, -signal.SIGKILL):  # Rust aborts when allocation fails
        return QueryOutOfMemory(_memory_message(limits))
    name = signal.Signals(-exitcode).name if exitcode and exitcode < 0 else f"status {exitcode}"
    return EngineCrashed(
        f"the query engine crashed on this query ({name}): it is probably too large or too "
        "deeply nested; nothing was changed"
    )


def limit_memory(memory_bytes: int) -> None:
    """Limit this process's writable memory (heap, anonymous maps, thread stacks).

    ``RLIMIT_DATA``, not ``RLIMIT_AS``: the address space also counts the 64 MiB
    that malloc reserves, unused, for each thread arena, and how many arenas a
    process makes depends on how its threads happen to meet, so an address-space
    limit of 1 GiB sometimes stopped a count of the shipped graph.
    """
    import resource

    resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))


def _evaluate(
    sender,
    store: str,
    engine: str,
    text: str,
    allow_service: bool,
    prefixes: dict[str, str] | None,
    limits: Limits,
) -> None:
    """In the child: limit memory, silence native messages, check, answer, send the outcome.

    A syntax error the engine finds in the canonical text (one line long) is sent
    first as it is, then placed in the original text by rdflib's parser, which only
    parses (nothing is evaluated or fetched) and may take long: the caller waits for
    the second message at most :data:`LOCATE_SECONDS`.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # a Rust panic or abort writes its own lines: keep them off the
    os.dup2(devnull, 2)  # terminal, where the caller prints one line of its own
    limit_memory(limits.memory_bytes)
    canonical = None
    try:
        canonical = check_query(
            text,
            allow_service,
            prefixes=prefixes,
            max_chars=limits.max_query_chars,
            max_nesting=limits.max_nesting,
        )
        sender.send(("result", _answer(store, engine, canonical)))
    except MemoryError:
        sender.send(("memory", None))
    except QueryError as error:
        if canonical is not None and str(error).startswith(_SYNTAX):  # the engine's error
            from mingraph.sparql_errors import locate_syntax_error

            sender.send(("syntax", error))
            sender.send(("located", locate_syntax_error(text)))
        else:
            sender.send(("error", error))
    except OSError as error:
        sender.send(("error", QueryError(f"cannot open the graph's store: {error}")))


def _answer(store: str, engine: str, text: str) -> Result:
    import pyoxigraph as ox

    from mingraph.engines import OxigraphEngine, RdflibEngine

    opened = ox.Store.read_only(store)
    if engine == "rdflib":
        from mingraph.store import to_rdflib_graph

        return RdflibEngine(to_rdflib_graph(opened)).run(text)
    return OxigraphEngine(opened).run(text)
