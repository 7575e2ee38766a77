"""Query engines behind one interface: pyoxigraph (the default) and rdflib (the reference).

Both take SPARQL text and bindings of variables to :class:`~mingraph.results.Term`s
and return :mod:`mingraph.results` objects. Bindings are passed as RDF terms
(pyoxigraph ``substitutions``, rdflib ``initBindings``), never written into the
query text.
"""

from __future__ import annotations

from typing import Protocol

import pyoxigraph as ox

from mingraph.formats import to_oxigraph
from mingraph.results import Boolean, Result, Solutions, Term, Triples


class QueryError(Exception):
    """A query that cannot be parsed or evaluated."""


class Engine(Protocol):
    name: str

    def run(self, text: str, bindings: dict[str, Term] | None = None) -> Result: ...


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
    """Answers from a pyoxigraph store: in memory, or opened read-only from the cache."""

    name = "oxigraph"

    def __init__(self, store: ox.Store):
        self.store = store

    def run(self, text: str, bindings: dict[str, Term] | None = None) -> Result:
        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        try:
            answer = self.store.query(text, substitutions=substitutions or None)
        except SyntaxError as error:
            raise QueryError(f"the query is not valid SPARQL: {error}") from None
        except (OSError, RuntimeError, ValueError) as error:
            raise QueryError(str(error)) from None
        if isinstance(answer, ox.QueryBoolean):
            return Boolean(bool(answer))
        if isinstance(answer, ox.QueryTriples):
            return Triples([tuple(from_oxigraph(t) for t in triple) for triple in answer])
        return solutions([v.value for v in answer.variables], answer, from_oxigraph)


class RdflibEngine:
    """Answers with rdflib's SPARQL engine over an rdflib graph: slow, but the reference."""

    name = "rdflib"

    def __init__(self, graph):
        self.graph = graph

    def run(self, text: str, bindings: dict[str, Term] | None = None) -> Result:
        import rdflib.plugins.sparql
        from pyparsing import ParseException
        from rdflib import Variable

        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # never fetch what FROM names

        init = {Variable(k): _to_rdflib(v) for k, v in (bindings or {}).items()}
        try:
            answer = self.graph.query(text, initBindings=init)
        except ParseException as error:
            raise QueryError(f"the query is not valid SPARQL: {error}") from None
        except Exception as error:  # rdflib raises many kinds on bad queries
            raise QueryError(str(error)) from None
        if answer.type == "ASK":
            return Boolean(bool(answer.askAnswer))
        if answer.type in ("CONSTRUCT", "DESCRIBE"):
            return Triples([tuple(_from_rdflib(t) for t in triple) for triple in answer])
        return solutions([str(v) for v in answer.vars], answer, _from_rdflib)


def _to_rdflib(term: Term):
    from rdflib import BNode, Literal, URIRef

    if term.kind == "uri":
        return URIRef(term.value)
    if term.kind == "bnode":
        return BNode(term.value)
    if term.lang:
        return Literal(term.value, lang=term.lang)
    return Literal(term.value, datatype=URIRef(term.datatype) if term.datatype else None)


def _from_rdflib(term) -> Term:
    from rdflib import BNode, URIRef

    if isinstance(term, URIRef):
        return Term.iri(str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    return Term.literal(
        str(term), datatype=str(term.datatype) if term.datatype else None, lang=term.language
    )


class EndpointEngine:
    """Answers from any SPARQL 1.1 Protocol endpoint, reading the standard result formats.

    An endpoint cannot take pre-bound variables, so bindings travel as a VALUES
    block opened at the start of the query's WHERE group, each term written in
    N-Triples syntax. Canned questions use their parameters only where a join with
    that block means the same as pre-binding (no parameter inside a UNION branch or
    a subquery), so every engine gives the same rows.
    """

    name = "endpoint"

    def __init__(self, url: str, timeout: float):
        self.url = url
        self.timeout = timeout  # seconds to wait for the endpoint: the command's --timeout

    def run(self, text: str, bindings: dict[str, Term] | None = None) -> Result:
        import json
        import urllib.error
        import urllib.parse
        import urllib.request

        query = with_values(text, bindings) if bindings else text
        request = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode({"query": query}).encode("utf-8"),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                content_type = response.headers.get_content_type()
                body = response.read()
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")[:500]
            raise QueryError(f"the endpoint refused the query ({error.code}): {detail}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise QueryError(f"cannot reach the endpoint {self.url}: {error}") from None
        if content_type == "application/sparql-results+json":
            return _parse_results_json(json.loads(body))
        triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        return Triples(
            [
                (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
                for t in triples
            ]
        )


def _parse_results_json(data: dict) -> Solutions | Boolean:
    if "boolean" in data:
        return Boolean(bool(data["boolean"]))
    variables = data["head"]["vars"]
    rows = []
    for binding in data["results"]["bindings"]:
        row = {}
        for var, term in binding.items():
            if term["type"] == "uri":
                row[var] = Term.iri(term["value"])
            elif term["type"] == "bnode":
                row[var] = Term("bnode", term["value"])
            else:
                row[var] = Term.literal(term["value"], term.get("datatype"), term.get("xml:lang"))
        rows.append(row)
    return Solutions(variables, rows)


_IRI_FORBIDDEN = set('<>"{}|^`\\') | {chr(c) for c in range(0x21)}


def with_values(text: str, bindings: dict[str, Term]) -> str:
    """The query with a VALUES block for ``bindings`` opened in its WHERE group."""
    if not bindings:
        return text
    for term in bindings.values():
        if term.kind == "uri" and _IRI_FORBIDDEN & set(term.value):
            raise QueryError(f"cannot write the IRI {term.value[:80]!r} into a query")
        if term.kind == "bnode":
            raise QueryError("a blank node cannot be bound in a VALUES block")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(term.n3() for term in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    position = _where_brace(text)
    return text[: position + 1] + block + text[position + 1 :]


def _where_brace(text: str) -> int:
    """Index of the ``{`` that opens the WHERE group, skipping comments, strings and IRIs."""
    i, seen_where = 0, False
    while i < len(text):
        char = text[i]
        if char == "#":
            i = text.find("\n", i)
            i = len(text) if i < 0 else i
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, i) else char
            end = i + len(quote)
            while end < len(text) and not text.startswith(quote, end):
                end += 2 if text[end] == "\\" else 1
            i = end + len(quote) - 1
        elif char == "<" and not seen_where:
            i = text.find(">", i)
        elif text[i : i + 5].upper() == "WHERE" and not text[i - 1 : i].isalnum():
            seen_where = True
            i += 4
        elif char == "{" and seen_where:
            return i
        i += 1
    raise QueryError("the query has no WHERE group to bind its parameters in")
