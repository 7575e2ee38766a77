"""Query engines behind one interface: pyoxigraph (the default) and rdflib (the reference).

Both take SPARQL text and bindings of variables to :class:`~mingraph.results.Term`s
and return :mod:`mingraph.results` objects. Bindings given to ``run`` are passed as
RDF terms (pyoxigraph ``substitutions``, rdflib ``initBindings``); :func:`with_values`
and :func:`with_terms` write terms mingraph made into a query's text.
"""

from __future__ import annotations

import functools
import time
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from mingraph.errors import QueryError, QueryTimeout
from mingraph.formats import to_oxigraph
from mingraph.results import Boolean, Result, Solutions, Term, Triples
from mingraph.sparql_errors import explain_oxigraph, explain_rdflib

__all__ = ["EndpointEngine", "Engine", "OxigraphEngine", "QueryError", "RdflibEngine"]


class Engine(Protocol):
    name: str

    def run(
        self,
        text: str,
        bindings: dict[str, Term] | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> Result:
        """Answer ``text``; ``prefixes`` are declared for it (its own declarations win)."""


def from_oxigraph(term) -> Term:
    if isinstance(term, ox.NamedNode):
        return Term.iri(term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if term.language:
        return Term.literal(term.value, lang=term.language)
    return Term.literal(term.value, datatype=term.datatype.value)


def solutions(variables: list[str], answer, convert) -> Solutions:
    """Rows of an engine's SELECT answer as :class:`Term`s, unbound variables left out."""
    rows = []
    for solution in answer:
        values = ((var, solution[var]) for var in variables)
        rows.append({var: convert(value) for var, value in values if value is not None})
    return Solutions(variables, rows)


class OxigraphEngine:
    """Answers from a pyoxigraph store: in memory, or opened read-only from the cache.

    ``key_index`` is the table of every entity's names and kinds built beside a cached
    store (:func:`mingraph.resolve.write_key_index`), which finds the entity a value
    names without reading every name.
    """

    name = "oxigraph"

    def __init__(self, store: ox.Store, key_index: Path | None = None):
        self.store = store
        self.key_index = key_index

    def run(
        self,
        text: str,
        bindings: dict[str, Term] | None = None,
        prefixes: dict[str, str] | None = None,
        dataset: tuple[list[str | None], list[str]] | None = None,
        base_iri: str | None = None,
    ) -> Result:
        """The answer to ``text``; ``dataset`` is (default graphs, named graphs) by name,
        None standing for the store's default graph (without it: the store's dataset);
        relative IRIs are resolved against ``base_iri`` (without it, refused)."""
        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        graphs = {}
        if dataset is not None:
            defaults, named = dataset
            graphs["default_graph"] = [
                ox.DefaultGraph() if name is None else ox.NamedNode(name) for name in defaults
            ]
            graphs["named_graphs"] = [ox.NamedNode(name) for name in named]
        try:  # results are computed while they are read: errors come from either step
            answer = self.store.query(
                text,
                substitutions=substitutions or None,
                prefixes=prefixes or None,
                base_iri=base_iri,
                **graphs,
            )
            if isinstance(answer, ox.QueryBoolean):
                return Boolean(bool(answer))
            if isinstance(answer, ox.QueryTriples):
                return Triples([tuple(from_oxigraph(t) for t in triple) for triple in answer])
            return solutions([v.value for v in answer.variables], answer, from_oxigraph)
        except SyntaxError as error:
            raise QueryError(explain_oxigraph(str(error), text)) from None
        except (OSError, RuntimeError, ValueError, TypeError) as error:
            raise QueryError(f"the query failed: {error}") from None


class RdflibEngine:
    """Answers with rdflib's SPARQL engine over an rdflib graph: slow, but the reference."""

    name = "rdflib"

    def __init__(self, graph):
        self.graph = graph

    def run(
        self,
        text: str,
        bindings: dict[str, Term] | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> Result:
        import rdflib.plugins.sparql
        from pyparsing import ParseException
        from rdflib import Variable

        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # never fetch what FROM names

        init = {Variable(k): v.to_rdflib() for k, v in (bindings or {}).items()}
        try:  # rdflib evaluates lazily: reading the rows raises as often as parsing does
            answer = self.graph.query(text, initBindings=init, initNs=prefixes or {})
            if answer.type == "ASK":
                return Boolean(bool(answer.askAnswer))
            if answer.type in ("CONSTRUCT", "DESCRIBE"):
                return Triples([tuple(_from_rdflib(t) for t in triple) for triple in answer])
            return solutions([str(v) for v in answer.vars], answer, _from_rdflib)
        except ParseException as error:
            raise QueryError(explain_rdflib(error, text)) from None
        except RecursionError:
            raise QueryError("the query is too large or too deep for the rdflib engine") from None
        except MemoryError:
            raise  # the caller names the memory limit
        except (AttributeError, TypeError) as error:  # rdflib's own code met a value it cannot use
            raise QueryError(
                "the query applies an operation to values of the wrong kind (for example SUM "
                f"or + over IRIs or text); rdflib stopped with: {error}"
            ) from None
        except Exception as error:  # rdflib raises many kinds on bad queries and values
            if str(error).startswith("Unknown namespace prefix"):
                raise QueryError(explain_rdflib(error, text)) from None
            raise QueryError(f"the query failed: {str(error) or type(error).__name__}") from None


def _from_rdflib(term) -> Term:
    from rdflib import BNode, URIRef

    if isinstance(term, URIRef):
        return Term.iri(str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    return Term.literal(
        str(term), datatype=str(term.datatype) if term.datatype else None, lang=term.language
    )


#: The largest answer read from an endpoint: a longer body is refused, not buffered.
MAX_RESPONSE_BYTES = 64 << 20


class EndpointEngine:
    """Answers from any SPARQL 1.1 Protocol endpoint, reading the standard result formats.

    An endpoint cannot take pre-bound variables, so bindings travel as a VALUES
    block opened at the start of the query's WHERE group, each term written in
    N-Triples syntax. Canned questions use their parameters only where a join with
    that block means the same as pre-binding (no parameter inside a UNION branch or
    a subquery), so every engine gives the same rows.

    Only ``http`` and ``https`` URLs are asked, and only their answers read (urllib
    follows no redirect to ``file:``; one to ``ftp:`` is not read); the answer must
    arrive within ``timeout`` seconds in all, be at most ``max_bytes`` long, and be a
    well-formed SPARQL results JSON document or N-Triples.
    """

    name = "endpoint"

    def __init__(self, url: str, timeout: float, max_bytes: int = MAX_RESPONSE_BYTES):
        import urllib.parse

        if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
            raise QueryError(f"an endpoint is an http:// or https:// URL, not {url[:100]!r}")
        self.url = url
        self.timeout = timeout  # seconds to wait for the endpoint: the command's --timeout
        self.max_bytes = max_bytes

    def run(
        self,
        text: str,
        bindings: dict[str, Term] | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> Result:
        import http.client
        import json
        import urllib.error
        import urllib.parse
        import urllib.request

        from mingraph.watchdog import Watchdog

        query = with_values(text, bindings) if bindings else text
        if prefixes:  # declared first, so the query's own declarations win
            declared = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items())
            query = declared + query
        request = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode({"query": query}).encode("utf-8"),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
            },
        )
        deadline = time.monotonic() + self.timeout
        with Watchdog(deadline) as watchdog:  # connect, headers and body: one deadline
            try:
                with watchdog.open(request) as response:
                    if not response.geturl().lower().startswith(("http://", "https://")):
                        raise QueryError(f"the endpoint redirected to {response.geturl()[:100]!r}")
                    content_type = response.headers.get_content_type()
                    body = self._read(response, deadline)
            except urllib.error.HTTPError as error:
                detail = error.read(500).decode("utf-8", "replace")
                raise QueryError(
                    f"the endpoint refused the query ({error.code}): {detail}"
                ) from None
            except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
                reason = getattr(error, "reason", error)  # URLError wraps the socket's error
                if watchdog.expired or isinstance(reason, TimeoutError):  # whichever came first
                    raise self._late() from None
                raise QueryError(f"cannot reach the endpoint {self.url}: {error}") from None
            if watchdog.expired:  # the body was cut off
                raise self._late()
        if content_type == "application/sparql-results+json":
            try:
                return _parse_results_json(json.loads(body))
            except (ValueError, RecursionError) as error:  # UnicodeError is a ValueError
                raise QueryError(f"the endpoint's answer is not results JSON: {error}") from None
        if content_type == "application/n-triples":
            try:
                triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
            except SyntaxError as error:
                raise QueryError(f"the endpoint's answer is not valid N-Triples: {error}") from None
            return Triples(
                [
                    (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
                    for t in triples
                ]
            )
        raise QueryError(
            f"the endpoint answered {content_type}, not SPARQL results JSON or N-Triples: "
            "is the URL a SPARQL endpoint?"
        )

    def _read(self, response, deadline: float) -> bytes:
        """The body, refused past ``max_bytes`` or past the deadline, however it trickles in."""
        chunks, size = [], 0
        while chunk := response.read1(1 << 16):  # what has arrived, not a full 64 KiB
            size += len(chunk)
            if size > self.max_bytes:
                raise QueryError(
                    f"the endpoint's answer is over {self.max_bytes >> 20} MiB: refused "
                    "(ask for fewer rows with LIMIT)"
                )
            if time.monotonic() > deadline:
                raise self._late()
            chunks.append(chunk)
        return b"".join(chunks)

    def _late(self) -> QueryTimeout:
        return QueryTimeout(
            f"the endpoint took longer than {self.timeout:g} s to answer (--timeout sets the limit)"
        )


class _ResultsShapeError(ValueError):
    """A results document that parses as JSON but is not SPARQL results JSON."""


def _parse_results_json(data) -> Solutions | Boolean:
    """A W3C SPARQL 1.1 results JSON document, checked field by field before use."""

    def need(condition: bool, what: str) -> None:
        if not condition:
            raise _ResultsShapeError(what)

    need(isinstance(data, dict), "the document is not a JSON object")
    if "boolean" in data:
        need(isinstance(data["boolean"], bool), "'boolean' is not true or false")
        return Boolean(data["boolean"])
    head, results = data.get("head"), data.get("results")
    need(isinstance(head, dict) and isinstance(head.get("vars"), list), "no head.vars list")
    variables = head["vars"]
    need(all(isinstance(v, str) for v in variables), "a variable name is not a string")
    need(isinstance(results, dict) and isinstance(results.get("bindings"), list), "no bindings")
    rows = []
    for binding in results["bindings"]:
        need(isinstance(binding, dict), "a solution is not a JSON object")
        row = {}
        for var, term in binding.items():
            need(isinstance(term, dict), f"the value of {var!r} is not a JSON object")
            value, kind = term.get("value"), term.get("type")
            extras = [term.get("datatype"), term.get("xml:lang")]
            need(isinstance(value, str), f"the value of {var!r} is not a string")
            need(all(e is None or isinstance(e, str) for e in extras), "a bad datatype or lang")
            for part in (value, *(e for e in extras if e)):
                part.encode("utf-8")  # an unpaired surrogate cannot be written out
            if kind == "uri":
                row[var] = Term.iri(value)
            elif kind == "bnode":
                row[var] = Term("bnode", value)
            elif kind in ("literal", "typed-literal"):
                row[var] = Term.literal(value, extras[0], extras[1])
            else:
                need(False, f"the value of {var!r} has the unknown type {kind!r}")
        rows.append(row)
    return Solutions(variables, rows)


_IRI_FORBIDDEN = set('<>"{}|^`\\') | {chr(c) for c in range(0x21)}


def with_values(text: str, bindings: dict[str, Term]) -> str:
    """The query with a VALUES block for ``bindings`` opened in its WHERE group.

    Codepoint escapes are expanded first (they are, in any case, before parsing).
    """
    from mingraph.querytext import expand_escapes

    if not bindings:
        return text
    _check_writable(bindings)
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(term.n3() for term in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    text = expand_escapes(text)
    position = _where_brace(text)
    return text[: position + 1] + block + text[position + 1 :]


def with_terms(text: str, bindings: dict[str, Term]) -> str:
    """The query with each bound variable replaced by its term wherever it appears.

    This is how grlc binds a question's parameters, and it lets an engine plan with
    the value known: with a VALUES block joined in instead, a pattern inside an
    OPTIONAL or a UNION is evaluated for every entity before the join keeps the one
    asked about.
    Only for text written for it: a variable that a SELECT projects, a GROUP BY or
    ORDER BY names, or a BIND or VALUES assigns cannot take a term (the canned
    questions never do; ``tests/test_grlc.py`` holds them to it).
    """
    from mingraph.querytext import expand_escapes

    if not bindings:
        return text
    _check_writable(bindings)
    text = expand_escapes(text)
    pieces, end = [], len(text)
    for start, name in reversed(_variables(text)):
        if name in bindings:
            pieces += [text[start + 1 + len(name) : end], bindings[name].n3()]
            end = start
    return text[:end] + "".join(reversed(pieces))


@functools.lru_cache(maxsize=64)
def _variables(text: str) -> tuple[tuple[int, str], ...]:
    """Where each variable of ``text`` starts, and its name: a question is read once."""
    from mingraph.querytext import tokens

    return tuple((t.start, t.value) for t in tokens(text) if t.kind == "var")


def _check_writable(bindings: dict[str, Term]) -> None:
    """Refuse a term that cannot be written into query text as it stands."""
    for term in bindings.values():
        if term.kind == "uri" and _IRI_FORBIDDEN & set(term.value):
            raise QueryError(f"cannot write the IRI {term.value[:80]!r} into a query")
        if term.kind == "bnode":
            raise QueryError("a blank node cannot be bound in a query")


def _where_brace(text: str) -> int:
    """Index of the ``{`` that opens the WHERE group, as the grammar's tokens find it."""
    from mingraph.querytext import tokens

    seen_where = False
    for token in tokens(text):
        if token.kind == "word" and token.value.upper() == "WHERE":
            seen_where = True
        elif seen_where and token.kind == "punct" and token.value == "{":
            return token.start
    raise QueryError("the query has no WHERE group to bind its parameters in")
