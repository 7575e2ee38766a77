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
        variables = [v.value for v in answer.variables]
        rows = []
        for solution in answer:
            row = {}
            for var in variables:
                value = solution[var]
                if value is not None:
                    row[var] = from_oxigraph(value)
            rows.append(row)
        return Solutions(variables, rows)


class RdflibEngine:
    """Answers with rdflib's SPARQL engine over an rdflib graph: slow, but the reference."""

    name = "rdflib"

    def __init__(self, graph):
        self.graph = graph

    def run(self, text: str, bindings: dict[str, Term] | None = None) -> Result:
        from pyparsing import ParseException
        from rdflib import Variable

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
        variables = [str(v) for v in answer.vars]
        rows = []
        for solution in answer:
            row = {}
            for var in variables:
                value = solution[var]
                if value is not None:
                    row[var] = _from_rdflib(value)
            rows.append(row)
        return Solutions(variables, rows)


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
