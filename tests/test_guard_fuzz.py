"""A differential fuzz test of the guard: generated queries hide SERVICE, FROM, LOAD
and updates behind codepoint escapes, comments, prefixed names, IRIs and strings.
Whatever the guard lets through runs on both engines, in this process, while a
listener on 127.0.0.1 counts connections and an audit hook watches files opened:
none may reach the listener, and no file outside the graph may be opened."""

from __future__ import annotations

import contextlib
import sys

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from test_hardening import Listener

from mingraph.engines import OxigraphEngine, RdflibEngine
from mingraph.errors import QueryError
from mingraph.guard import check_query

OPENED: list[str] = []
WATCHING: dict[str, str] = {}


def _audit(event: str, args: tuple) -> None:
    if event == "open" and WATCHING and isinstance(args[0], str | bytes):
        path = args[0].decode() if isinstance(args[0], bytes) else args[0]
        if WATCHING["sentinel"] in path:
            OPENED.append(path)


sys.addaudithook(_audit)  # hooks cannot be removed: it only records while WATCHING is set


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    sentinel = tmp_path_factory.mktemp("outside") / "sentinel.ttl"
    sentinel.write_text("<http://e/a> <http://e/b> <http://e/c> .\n", encoding="utf-8")
    listener = Listener()
    WATCHING["sentinel"] = str(sentinel)
    yield listener, sentinel
    WATCHING.clear()
    listener.close()


def disguised(keyword: str):
    """``keyword`` in any letter case, some letters written as codepoint escapes."""

    def spell(letters: list[tuple[bool, int, bool]]) -> str:
        out = []
        for char, (upper, escape, long_form) in zip(keyword, letters, strict=True):
            char = char.upper() if upper else char.lower()
            if escape == 1:
                char = f"\\U{ord(char):08X}" if long_form else f"\\u{ord(char):04x}"
            out.append(char)
        return "".join(out)

    flags = st.tuples(st.booleans(), st.integers(0, 3), st.booleans())
    return st.lists(flags, min_size=len(keyword), max_size=len(keyword)).map(spell)


# What can stand right before the hidden keyword: each once fooled a hand tokeniser.
LEADS = [
    " ",
    "\n",
    "",
    " ex:.",
    " ex:a\\.",
    " ex:a\\#b\n",
    " ex:a\\' ",
    " <http://e/#> ",
    ' "#" ',
    " '''#'''",
    " # comment \n",
    " #",
    ' "\\"" ',
    " ?s a ex:",
    " _:b.",
    " \\u0023 ",
    " 1.",
    ' "a"@en',
]


@st.composite
def hostile_queries(draw, target: str, sentinel_uri: str) -> str:
    lead = draw(st.sampled_from(LEADS))
    kind = draw(st.sampled_from(["service", "from", "from named", "load", "insert", "delete"]))
    where = draw(st.sampled_from([target, sentinel_uri]))
    if kind == "service":
        body = f"{draw(disguised('SERVICE'))} <{where}> {{ ?s ?p ?o }}"
        return f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ?p ?o .{lead}{body} }}"
    if kind.startswith("from"):
        named = f" {draw(disguised('NAMED'))}" if kind == "from named" else ""
        clause = f"{draw(disguised('FROM'))}{named} <{where}>"
        return f"PREFIX ex: <http://e/> SELECT *{lead}{clause} WHERE {{ ?s ?p ?o }}"
    if kind == "load":
        return f"PREFIX ex: <http://e/>{lead}{draw(disguised('LOAD'))} <{where}>"
    keyword = draw(disguised(kind.upper()))
    return f"PREFIX ex: <http://e/>{lead}{keyword} DATA {{ <http://e/a> <http://e/b> 1 }}"


ENGINES = [OxigraphEngine(ox.Store()), RdflibEngine(Graph())]


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_generated_query_reaches_the_network_or_a_file(watched, data):
    """Guards against the keyword guard reading a query otherwise than the engines: a
    hand tokeniser once let SERVICE through behind a prefixed name's dot, a ``#`` in an
    IRI or an escaped local name, and codepoint escapes."""
    listener, sentinel = watched
    query = data.draw(hostile_queries(listener.url, sentinel.as_uri()))
    try:
        canonical = check_query(query)
    except QueryError:
        return
    for engine in ENGINES:
        with contextlib.suppress(QueryError):  # an error is fine; a connection is not
            engine.run(canonical)
    assert listener.connections == 0, query
    assert not OPENED, query


def test_the_fuzz_test_would_notice(watched):
    """The same engines, given the text unchecked, do reach the listener and the file."""
    listener, sentinel = watched
    before = listener.connections
    for engine in ENGINES:
        with contextlib.suppress(QueryError):
            engine.run(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
    assert listener.connections > before
    import rdflib.plugins.sparql
    from rdflib import Dataset

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = True  # rdflib's default, which mingraph turns off
    try:
        list(Dataset().query(f"SELECT * FROM <{sentinel.as_uri()}> WHERE {{ ?s ?p ?o }}"))
    finally:
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    assert OPENED
    OPENED.clear()
