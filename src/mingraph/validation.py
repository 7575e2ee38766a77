"""Validation: the SHACL shapes and the quality checks, in one report.

The shapes (``ontology/shapes.ttl``) run on the ontology and the data together, as
whole-graph SPARQL queries in pyoxigraph (:mod:`mingraph.shacl_sparql`), or, as the
reference, in pySHACL on an rdflib graph: tests hold the two to the same results.
The checks (``ontology/checks/*.rq``), in the manner of ROBOT's report, each return
``?entity ?property ?value`` and run in pyoxigraph. Both kinds of finding become
``sh:ValidationResult``s of one report graph, and :class:`Problem`s that say which
file, which entity, what is wrong and how to fix it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from mingraph.loading import (
    SHAPES_FILE,
    add_file,
    load_graph_with_origins,
    load_store_with_origins,
    to_rdflib_term,
)
from mingraph.namespaces import MGCK, MGSH, bind_prefixes
from mingraph.resources import resource_dir
from mingraph.store import add_graph, to_rdflib_graph, to_store


@dataclass(frozen=True)
class Check:
    """One quality check: a SELECT of ``?entity ?property ?value`` with its problem and fix."""

    name: str
    problem: str
    fix: str
    query: str
    #: Whether a finding the rest of the graph entails is no problem (``# entailed: exempt``).
    exempt_entailed: bool = False

    @property
    def iri(self) -> URIRef:
        return MGCK[self.name]


@dataclass
class Problem:
    file: str
    entity: str
    rule: str
    rule_name: str
    path: str | None
    value: str | None
    message: str


@dataclass
class Report:
    conforms: bool
    files: list[str]
    problems: list[Problem]
    graph: Graph

    def as_json(self) -> dict:
        return {
            "conforms": self.conforms,
            "files": self.files,
            "problem_count": len(self.problems),
            "problems": [asdict(p) for p in self.problems],
        }


def load_checks() -> list[Check]:
    checks = []
    for path in sorted((resource_dir("ontology") / "checks").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        header = dict(
            line[1:].strip().split(":", 1) for line in text.splitlines() if line.startswith("# ")
        )
        exempt = header.get("entailed", "").strip().startswith("exempt")
        checks.append(
            Check(path.stem, header["problem"].strip(), header["fix"].strip(), text, exempt)
        )
    return checks


def load_shapes() -> Graph:
    shapes = bind_prefixes(Graph())
    add_file(shapes, resource_dir("ontology") / SHAPES_FILE, scope="shapes_")
    return shapes


def validate_paths(
    paths: Iterable[str | Path] = (),
    stage: Callable[[str], None] = lambda _: None,
    reference: bool = False,
) -> Report:
    """Validate the ontology and shipped data together with ``paths``.

    ``reference`` runs the shapes in pySHACL (and OWL 2 RL in owlrl) instead.
    Raises :class:`mingraph.loading.InputError` when a file cannot be read.
    """
    stage("reading the data")
    if reference:
        graph, origins = load_graph_with_origins(paths)
        return validate_graph(graph, origins, stage)
    store, origins = load_store_with_origins(paths)
    return validate_store(store, origins, stage)


def validate_store(
    store: ox.Store, origins: dict, stage: Callable[[str], None] = lambda _: None
) -> Report:
    """Validate a loaded store; ``origins`` maps subjects to their files."""
    from mingraph.closure import close
    from mingraph.shacl_sparql import shapes_report

    stage(f"checking {len(store)} triples against the SHACL shapes")
    shapes = load_shapes()
    report_graph = shapes_report(store, shapes)
    return _report(report_graph, store, shapes, origins, close, stage)


def validate_graph(
    graph: Graph, origins: dict, stage: Callable[[str], None] = lambda _: None
) -> Report:
    """Validate an rdflib graph with the reference engines, pySHACL and owlrl."""
    from pyshacl import validate as shacl_validate

    stage(f"checking {len(graph)} triples against the SHACL shapes")
    shapes = load_shapes()
    _, report_graph, _ = shacl_validate(graph, shacl_graph=shapes, inference="none")
    return _report(report_graph, to_store(graph), shapes, origins, _close_with_owlrl, stage)


def _close_with_owlrl(store: ox.Store) -> None:
    from mingraph.reasoning import infer

    add_graph(store, infer(to_rdflib_graph(store)))


def _report(
    report_graph: Graph,
    store: ox.Store,
    shapes: Graph,
    origins: dict,
    close: Callable[[ox.Store], object],
    stage: Callable[[str], None],
) -> Report:
    """The shapes' report with the checks' findings added, as a :class:`Report`."""
    report_graph = bind_prefixes(report_graph)
    _add_translated_messages(report_graph, shapes)
    stage("running the quality checks")
    _add_check_results(report_graph, store, load_checks(), close)
    results = list(report_graph.objects(None, SH.result))
    # Problems are named from the data; only a failing validation needs it in rdflib.
    graph = bind_prefixes(to_rdflib_graph(store)) if results else bind_prefixes(Graph())
    problems = _problems(report_graph, graph, shapes, origins)
    conforms = not problems
    for report_node in report_graph.subjects(RDF.type, SH.ValidationReport):
        report_graph.set((report_node, SH.conforms, Literal(conforms)))
    files = sorted({f for fs in origins.values() for f in fs})
    return Report(conforms, files, problems, report_graph)


def _add_translated_messages(report_graph: Graph, shapes: Graph) -> None:
    """Give each result its shape's messages in other languages (``mgsh:translatedMessage``).

    A shape carries one ``sh:message`` (in English), as every SHACL engine reads it;
    the other languages reach the report here.
    """
    for result in list(report_graph.objects(None, SH.result)):
        rule = report_graph.value(result, SH.sourceConstraint) or report_graph.value(
            result, SH.sourceShape
        )
        for message in shapes.objects(rule, MGSH.translatedMessage):
            report_graph.add((result, SH.resultMessage, message))


def _add_check_results(
    report_graph: Graph, store: ox.Store, checks: list[Check], close: Callable
) -> None:
    report_node = next(report_graph.subjects(RDF.type, SH.ValidationReport))
    for check in checks:
        rows = list(store.query(check.query))
        if check.exempt_entailed and rows:
            rows = _not_entailed(store, rows, close)
        for row in rows:
            result = BNode()
            report_graph.add((report_node, SH.result, result))
            report_graph.add((result, RDF.type, SH.ValidationResult))
            report_graph.add((result, SH.sourceShape, check.iri))
            report_graph.add((result, SH.resultSeverity, SH.Violation))
            report_graph.add((result, SH.focusNode, to_rdflib_term(row["entity"])))
            if row["property"] is not None:
                report_graph.add((result, SH.resultPath, to_rdflib_term(row["property"])))
            if row["value"] is not None:
                report_graph.add((result, SH.value, to_rdflib_term(row["value"])))
            message = f"{check.problem} Fix: {check.fix}"
            report_graph.add((result, SH.resultMessage, Literal(message, lang="en")))


def _not_entailed(store: ox.Store, rows: list, close: Callable) -> list:
    """The rows whose triple OWL 2 RL does not derive from the store without the rows' triples."""
    found = [
        (row, ox.Quad(row["entity"], row["property"], row["value"], ox.DefaultGraph()))
        for row in rows
        if row["property"] is not None and row["value"] is not None
    ]
    rest = ox.Store()
    rest.bulk_extend(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    for _, quad in found:
        rest.remove(quad)
    close(rest)
    entailed = {id(row) for row, quad in found if quad in rest}
    return [row for row in rows if id(row) not in entailed]


def _english(messages: list) -> str:
    for message in messages:
        if isinstance(message, Literal) and message.language in (None, "en"):
            return str(message)
    return str(messages[0]) if messages else ""


def _problems(report_graph: Graph, graph: Graph, shapes: Graph, origins: dict) -> list[Problem]:
    names = {str(c.iri): c.name.replace("-", " ") for c in load_checks()}
    problems = []
    # Top-level results only: nested sh:detail results explain their parent.
    for result in report_graph.objects(None, SH.result):
        rule = report_graph.value(result, SH.sourceConstraint) or report_graph.value(
            result, SH.sourceShape
        )
        focus = report_graph.value(result, SH.focusNode)
        path = report_graph.value(result, SH.resultPath)
        value = report_graph.value(result, SH.value)
        files = origins.get(focus) or ["(entity described in no file)"]
        problems.append(
            Problem(
                file=files[-1],
                entity=describe_node(graph, focus),
                rule=graph.namespace_manager.normalizeUri(rule)
                if isinstance(rule, URIRef)
                else str(rule),
                rule_name=str(shapes.value(rule, SH.name) or names.get(str(rule), "")),
                path=graph.namespace_manager.normalizeUri(path)
                if isinstance(path, URIRef)
                else None,
                value=_show(graph, value),
                message=_english(list(report_graph.objects(result, SH.resultMessage))),
            )
        )
    problems.sort(key=lambda p: (p.file, p.entity, p.rule, p.path or "", p.value or "", p.message))
    return problems


def _show(graph: Graph, term) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return graph.namespace_manager.normalizeUri(term)
    if isinstance(term, BNode):
        return describe_node(graph, term)
    text = term.n3(graph.namespace_manager)
    return text if len(text) <= 120 else text[:117] + "..."


def describe_node(graph: Graph, node) -> str:
    """A readable name: the prefixed IRI, or for a blank node where it hangs."""
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    kind = graph.value(node, RDF.type)
    kind_name = f"a {graph.namespace_manager.normalizeUri(kind)}" if kind is not None else "a node"
    for subject, predicate in graph.subject_predicates(node):
        owner = describe_node(graph, subject) if not isinstance(subject, BNode) else "[...]"
        return f"[{kind_name}] ({graph.namespace_manager.normalizeUri(predicate)} of {owner})"
    return f"[{kind_name}]"
