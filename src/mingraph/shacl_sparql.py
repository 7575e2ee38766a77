"""The SHACL shapes evaluated as whole-graph SPARQL in pyoxigraph, with pySHACL's results.

pySHACL evaluates each constraint for each focus node in Python, and re-parses the
text of each ``sh:sparql`` constraint for every one of them. Here each constraint of a
shape becomes one SPARQL query over all the shape's focus nodes at once. The report
is the one pySHACL returns for the same shapes on the same graph (``inference="none"``):
the same results, the same shape nodes, the same messages.

Only the SHACL features ``ontology/shapes.ttl`` uses are translated. Any other one
raises :class:`UnsupportedShaclFeature`, naming it and its shape, so that a new rule
is never silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from itertools import combinations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from mingraph.loading import to_rdflib_term
from mingraph.store import to_oxigraph_term


class UnsupportedShaclFeature(ValueError):
    """A shapes graph uses a SHACL feature this translation does not evaluate."""


#: Constraints on each value node, and their constraint components.
VALUE_COMPONENTS = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
}
#: Constraints on the set of a focus node's values.
FOCUS_COMPONENTS = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
}
#: Constraints whose exact outcome follows rdflib's (pySHACL's) semantics, which SPARQL
#: only approximates: SPARQL keeps the values that may break them, Python decides.
CHECKED_IN_PYTHON = {SH.pattern, SH.minInclusive, SH.maxInclusive, SH.minExclusive}
TARGETS = {SH.targetClass, SH.targetSubjectsOf}
#: The SHACL terms each kind of node of the shapes graph may use.
ROLES = {
    "shape": {
        *VALUE_COMPONENTS,
        *FOCUS_COMPONENTS,
        *TARGETS,
        SH.property,
        SH.path,
        SH.qualifiedValueShape,
        SH.sparql,
        SH.message,
        SH.name,
        SH.description,
        SH.severity,
    },
    "SPARQL constraint": {SH.select, SH.prefixes, SH.message, SH.name, SH.description},
    "prefix declaration": {SH.prefix, SH.namespace},
    "prefixes": {SH.declare},
    "path": {SH.alternativePath},
}
SHAPE_TYPES = {SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint}
NODE_KINDS = {
    SH.IRI: "isIRI({0})",
    SH.BlankNode: "isBlank({0})",
    SH.Literal: "isLiteral({0})",
    SH.BlankNodeOrIRI: "!isLiteral({0})",
    SH.BlankNodeOrLiteral: "!isIRI({0})",
    SH.IRIOrLiteral: "!isBlank({0})",
}
#: The datatypes whose every lexical form rdflib accepts: no literal of them is ill-typed.
ANY_LEXICAL_FORM = {XSD.string, RDF.langString}
#: SPARQL keywords a constraint's query may not use: pre-binding ``$this`` is done by
#: joining the focus nodes into each group, which these would break.
REFUSED_KEYWORDS = {"OPTIONAL", "MINUS", "GRAPH", "SERVICE", "VALUES"}
_SPARQL_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*|[?$]\w+|[A-Za-z_][\w.-]*:[\w.-]*|[A-Za-z_]\w*|\S",
    re.S,
)


@dataclass
class Result:
    focus: object
    shape: object
    component: URIRef
    value: object = None
    path: object = None
    constraint: object = None
    messages: list = field(default_factory=list)
    details: list = field(default_factory=list)


def shapes_report(store: ox.Store, shapes: Graph) -> Graph:
    """The SHACL validation report of the store's default graph against ``shapes``.

    Raises :class:`UnsupportedShaclFeature` when ``shapes`` uses a SHACL feature that is
    not translated.
    """
    _check_features(shapes)
    results = _Validator(store, shapes).results()
    return _report_graph(store, shapes, results)


def _check_features(shapes: Graph) -> None:
    for subject in set(shapes.subjects()):
        used = {p for p in shapes.predicates(subject) if p in SH}
        role = max(ROLES.values(), key=lambda allowed: len(used & allowed))
        if used - role:
            extra = ", ".join(sorted(_name(shapes, p) for p in used - role))
            raise UnsupportedShaclFeature(
                f"{_name(shapes, subject)} uses {extra}, "
                "which the SPARQL translation of the shapes does not evaluate"
            )
    for subject, kind in shapes.subject_objects(RDF.type):
        if kind in SH and kind not in SHAPE_TYPES:
            raise UnsupportedShaclFeature(
                f"{_name(shapes, subject)} is a {_name(shapes, kind)}, "
                "which the SPARQL translation of the shapes does not evaluate"
            )
    classes = {RDFS.Class, *shapes.subjects(RDFS.subClassOf, RDFS.Class)}
    for shape in _shapes(shapes):
        if classes & set(shapes.objects(shape, RDF.type)):
            raise UnsupportedShaclFeature(
                f"{_name(shapes, shape)} is a class: its implicit class target is not translated"
            )


def _shapes(shapes: Graph) -> set:
    found = {
        s for kind in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, kind)
    }
    found |= {s for target in TARGETS for s in shapes.subjects(target, None)}
    return found | set(shapes.subjects(SH.path, None))


def _name(shapes: Graph, node) -> str:
    return node.n3(shapes.namespace_manager)


class _Validator:
    def __init__(self, store: ox.Store, shapes: Graph) -> None:
        self.store = store
        self.shapes = shapes
        self.counter = 0
        self.ill_typed = self._ill_typed_literals()

    def results(self) -> list[Result]:
        results = []
        targeted = {s for target in TARGETS for s in self.shapes.subjects(target, None)}
        for shape in sorted(targeted, key=str):
            results += self._shape_results(shape, self._targets(shape))
        return results

    def _ill_typed_literals(self) -> dict:
        """Per datatype of a sh:datatype, the store's literals of it that rdflib finds ill-typed."""
        datatypes = set(self.shapes.objects(None, SH.datatype)) - ANY_LEXICAL_FORM
        if not datatypes:
            return {}
        found: dict = {datatype: [] for datatype in datatypes}
        listed = ", ".join(d.n3() for d in datatypes)
        query = (
            "SELECT DISTINCT ?o WHERE { ?s ?p ?o "
            f"FILTER(isLiteral(?o) && DATATYPE(?o) IN ({listed})) }}"
        )
        for (literal,) in self.store.query(query):
            if to_rdflib_term(literal).ill_typed:
                found[URIRef(literal.datatype.value)].append(literal)
        return found

    def _fresh(self) -> str:
        self.counter += 1
        return f"?v{self.counter}"

    def _targets(self, shape) -> str:
        """A group pattern binding ``?this`` to each focus node of ``shape``, once."""
        branches = [
            f"{{ ?this {RDF.type.n3()}/{RDFS.subClassOf.n3()}* {c.n3()} }}"
            for c in self.shapes.objects(shape, SH.targetClass)
        ]
        branches += [
            f"{{ ?this {p.n3()} {self._fresh()} }}"
            for p in self.shapes.objects(shape, SH.targetSubjectsOf)
        ]
        return f"{{ SELECT DISTINCT ?this WHERE {{ {' UNION '.join(branches)} }} }}"

    def _path(self, shape) -> str | None:
        path = self.shapes.value(shape, SH.path)
        if path is None:
            return None
        if isinstance(path, URIRef):
            return path.n3()
        alternatives = self.shapes.value(path, SH.alternativePath)
        members = list(Collection(self.shapes, alternatives)) if alternatives else []
        if not members or not all(isinstance(m, URIRef) for m in members):
            raise UnsupportedShaclFeature(
                f"{_name(self.shapes, shape)} has a path other than an IRI or an "
                "sh:alternativePath of IRIs, which the SPARQL translation does not evaluate"
            )
        return "(" + "|".join(m.n3() for m in members) + ")"

    def _query(self, text: str) -> list[dict]:
        solutions = self.store.query(text)
        names = [variable.value for variable in solutions.variables]
        return [
            {name: to_rdflib_term(row[name]) for name in names if row[name] is not None}
            for row in solutions
        ]

    # -- A shape evaluated over focus nodes --------------------------------------------

    def _shape_results(self, shape, focus: str) -> list[Result]:
        """The results of ``shape`` on the focus nodes ``focus`` binds to ``?this``."""
        path = self._path(shape)
        values = f"?this {path} ?value ." if path else "BIND(?this AS ?value)"
        messages = list(self.shapes.objects(shape, SH.message))
        shape_path = self.shapes.value(shape, SH.path)
        results = []
        for predicate, parameter in sorted(self.shapes.predicate_objects(shape), key=str):
            if predicate in VALUE_COMPONENTS:
                query = (
                    f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} "
                    f"FILTER(!{self._ok(predicate, parameter, '?value')}) }}"
                )
                details = self._details(parameter, focus, path) if predicate == SH.node else {}
                for row in self._query(query):
                    value = row["value"]
                    if predicate in CHECKED_IN_PYTHON and _python_ok(predicate, parameter, value):
                        continue
                    results.append(
                        Result(
                            row["this"],
                            shape,
                            VALUE_COMPONENTS[predicate],
                            value,
                            shape_path,
                            messages=messages,
                            details=details.get(value, []),
                        )
                    )
            elif predicate in FOCUS_COMPONENTS:
                violation = self._violation(shape, predicate, parameter, "?this", "?key")
                if violation is None:
                    continue
                query = f"SELECT DISTINCT ?this ?key WHERE {{ {focus} {violation} }}"
                results += [
                    Result(
                        row["this"],
                        shape,
                        FOCUS_COMPONENTS[predicate],
                        path=shape_path,
                        messages=messages,
                    )
                    for row in self._query(query)
                ]
            elif predicate == SH.property:
                if path:
                    raise UnsupportedShaclFeature(
                        f"{_name(self.shapes, shape)} is a property shape with sh:property, "
                        "which the SPARQL translation does not evaluate"
                    )
                results += self._shape_results(parameter, focus)
            elif predicate == SH.sparql:
                results += self._sparql_results(shape, parameter, focus, messages)
        return results

    def _details(self, node_shape, focus: str, path: str | None) -> dict:
        """The results of ``node_shape`` on each value node, by value node: pySHACL nests
        them under an sh:node result as its sh:detail."""
        if path:
            parent = self._fresh()
            owner = re.sub(r"\?this\b", parent, focus)
            focus = f"{{ SELECT DISTINCT ?this WHERE {{ {owner} {parent} {path} ?this }} }}"
        details: dict = {}
        for result in self._shape_results(node_shape, focus):
            details.setdefault(result.focus, []).append(result)
        return details

    def _violation(self, shape, predicate, parameter, focus: str, key: str) -> str | None:
        """A group pattern with a solution, binding ``key`` where results differ, when
        ``focus`` breaks the constraint; None when the constraint cannot be broken."""
        path = self._path(shape)
        if predicate == SH.minCount:
            return f"FILTER(!{self._at_least(focus, path, int(parameter))})"
        if predicate == SH.maxCount:
            return f"FILTER({self._at_least(focus, path, int(parameter) + 1)})"
        if predicate == SH.uniqueLang:
            if parameter.value is not True:
                return None
            a, b = self._fresh(), self._fresh()
            return (
                f"{focus} {path} {a} . {focus} {path} {b} . "
                f"FILTER(isLiteral({a}) && isLiteral({b}) && LANG({a}) != '' && "
                f"!sameTerm({a}, {b}) && LCASE(LANG({a})) = LCASE(LANG({b}))) "
                f"BIND(LCASE(LANG({a})) AS {key})"
            )
        qualified = self.shapes.value(shape, SH.qualifiedValueShape)
        enough = self._at_least(focus, path, int(parameter), lambda v: self._conforms(qualified, v))
        return f"FILTER(!{enough})"

    def _at_least(self, focus: str, path: str, count: int, condition=None) -> str:
        """True when ``focus`` has ``count`` distinct values (that meet ``condition``)."""
        if count <= 0:
            return "true"
        names = [self._fresh() for _ in range(count)]
        tests = [f"!sameTerm({a}, {b})" for a, b in combinations(names, 2)]
        tests += [condition(name) for name in names] if condition else []
        pattern = " ".join(f"{focus} {path} {name} ." for name in names)
        test = f"FILTER({' && '.join(tests)})" if tests else ""
        return f"EXISTS {{ {pattern} {test} }}"

    def _conforms(self, shape, node: str) -> str:
        """An expression true when ``node`` conforms to ``shape``."""
        path = self._path(shape)
        tests = []
        for predicate, parameter in self.shapes.predicate_objects(shape):
            if predicate in CHECKED_IN_PYTHON or predicate == SH.sparql:
                raise UnsupportedShaclFeature(
                    f"{_name(self.shapes, shape)} uses {_name(self.shapes, predicate)} in a "
                    "shape another shape refers to, which the SPARQL translation does not evaluate"
                )
            if predicate in VALUE_COMPONENTS:
                if path:
                    value = self._fresh()
                    ok = self._ok(predicate, parameter, value)
                    tests.append(f"NOT EXISTS {{ {node} {path} {value} FILTER(!{ok}) }}")
                else:
                    tests.append(self._ok(predicate, parameter, node))
            elif predicate in FOCUS_COMPONENTS:
                violation = self._violation(shape, predicate, parameter, node, self._fresh())
                if violation is not None:
                    tests.append(f"NOT EXISTS {{ {violation} }}")
            elif predicate == SH.property:
                tests.append(self._conforms(parameter, node))
        return "(" + " && ".join(tests or ["true"]) + ")"

    def _ok(self, predicate, parameter, value: str) -> str:
        """An expression, never an error, true when ``value`` meets the constraint."""
        return f"COALESCE({self._test(predicate, parameter, value)}, false)"

    def _test(self, predicate, parameter, value: str) -> str:
        if predicate == SH["class"]:
            subclass = f"{RDF.type.n3()}/{RDFS.subClassOf.n3()}*"
            return f"(!isLiteral({value}) && EXISTS {{ {value} {subclass} {parameter.n3()} }})"
        if predicate == SH.datatype:
            if parameter in (RDFS.Literal, RDFS.Datatype):
                raise UnsupportedShaclFeature(
                    f"sh:datatype {_name(self.shapes, parameter)} is not translated"
                )
            excluded = "".join(
                f" && !sameTerm({value}, {literal})"
                for literal in self.ill_typed.get(parameter, [])
            )
            return (
                f"(isLiteral({value}) && sameTerm(DATATYPE({value}), {parameter.n3()}){excluded})"
            )
        if predicate == SH.nodeKind:
            return NODE_KINDS[parameter].format(value)
        if predicate == SH["in"]:
            members = Collection(self.shapes, parameter)
            return (
                "("
                + " || ".join([f"sameTerm({value}, {m.n3()})" for m in members] or ["false"])
                + ")"
            )
        if predicate == SH["or"]:
            members = Collection(self.shapes, parameter)
            return "(" + " || ".join([self._conforms(m, value) for m in members] or ["false"]) + ")"
        if predicate == SH.node:
            return self._conforms(parameter, value)
        if predicate == SH.languageIn:
            tags = [str(tag).lower() for tag in Collection(self.shapes, parameter)]
            if "*" in tags:
                return f"(isLiteral({value}) && LANG({value}) != '')"
            listed = ", ".join(Literal(tag).n3() for tag in tags)
            first = f"LCASE(STRBEFORE(CONCAT(LANG({value}), '-'), '-'))"
            return (
                f"(isLiteral({value}) && LANG({value}) != '' && "
                f"(LCASE(LANG({value})) IN ({listed}) || {first} IN ({listed})))"
            )
        if predicate == SH.minLength:
            return f"(!isBlank({value}) && STRLEN(STR({value})) >= {int(parameter)})"
        if predicate == SH.pattern:
            return f"(!isBlank({value}) && REGEX(STR({value}), {Literal(str(parameter)).n3()}))"
        operator = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">"}[predicate]
        return f"(isNumeric({value}) && {value} {operator} {parameter.n3()})"

    # -- SPARQL-based constraints ------------------------------------------------------

    def _sparql_results(self, shape, constraint, focus: str, shape_messages: list) -> list:
        query = self._prefixes(constraint) + _with_focus(
            str(self.shapes.value(constraint, SH.select)), focus, _name(self.shapes, constraint)
        )
        extra = list(self.shapes.objects(constraint, SH.message))
        shape_path = self.shapes.value(shape, SH.path)
        seen = set()
        results = []
        for row in self._query(query):
            this, path, value = (row.pop(name, None) for name in ("this", "path", "value"))
            key = (this, path, value, tuple(sorted(row.items())))
            if key in seen:
                continue
            seen.add(key)
            if value is None and shape_path is None:
                value = this
            fields = {"this": this, "path": path, "value": value, **row}
            messages = [_format(m, fields) for m in extra]
            messages += [_format(m, fields) for m in shape_messages if m not in extra]
            results.append(
                Result(
                    this,
                    shape,
                    SH.SPARQLConstraintComponent,
                    value,
                    path if path is not None else shape_path,
                    constraint,
                    messages,
                )
            )
        return results

    def _prefixes(self, constraint) -> str:
        """The PREFIX lines pySHACL gives a constraint's query, from its sh:prefixes."""
        ontologies = set(self.shapes.subjects(RDF.type, OWL.Ontology))
        everywhere = {d for o in ontologies for d in self.shapes.objects(o, SH.declare)}
        declarations = set()
        for holder in self.shapes.objects(constraint, SH.prefixes):
            own = set(self.shapes.objects(holder, SH.declare))
            declarations |= own if own and holder in ontologies else own | everywhere
        lines = {
            f"PREFIX {self.shapes.value(d, SH.prefix)}: <{self.shapes.value(d, SH.namespace)}>"
            for d in declarations
        }
        return "\n".join(sorted(lines)) + "\n"


def _with_focus(select: str, focus: str, name: str) -> str:
    """The query with ``$this`` pre-bound to each focus node, as SHACL pre-binding does.

    The focus pattern opens every group but the ones of EXISTS, which see ``?this``
    from the solution they test; so a FILTER in any group reads ``?this`` bound.
    """
    tokens = [m for m in _SPARQL_TOKEN.finditer(select) if not m.group().startswith("#")]
    words = [m.group().upper() for m in tokens]
    refused = REFUSED_KEYWORDS.intersection(words)
    if words.count("SELECT") != 1:
        refused.add("a subquery" if words.count("SELECT") > 1 else "no SELECT")
    if any(
        w in ("$CURRENTSHAPE", "$SHAPESGRAPH", "$PATH", "?CURRENTSHAPE", "?SHAPESGRAPH")
        for w in words
    ):
        refused.add("$currentShape, $shapesGraph or $PATH")
    start = words.index("SELECT") + 1 if "SELECT" in words else 0
    ends = [i for i, word in enumerate(words) if i >= start and word in ("WHERE", "{")]
    projection = words[start : ends[0]] if ends else []
    if "$THIS" not in projection and "?THIS" not in projection:
        refused.add("a projection without $this")
    if refused:
        raise UnsupportedShaclFeature(
            f"{name} uses {', '.join(sorted(refused))} in its sh:select, "
            "which the SPARQL translation does not evaluate"
        )
    pieces, last = [], 0
    for index, token in enumerate(tokens):
        text = token.group()
        if text in ("$this", "?this") or text == "{":
            pieces.append(select[last : token.start()])
            if text == "{":
                opens_exists = index > 0 and words[index - 1] == "EXISTS"
                text = "{" if opens_exists else "{ " + focus
            else:
                text = "?this"
            pieces.append(text)
            last = token.end()
    return "".join(pieces) + select[last:]


def _format(message, fields: dict) -> Literal:
    """A SPARQL constraint's message as pySHACL gives it: ``{?var}`` filled, no language."""
    text = str(message)
    for name, term in fields.items():
        if term is not None:
            text = re.sub(f"{{[?$]{name}}}", str(term), text)
    return Literal(text)


def _python_ok(predicate, parameter, value) -> bool:
    """What pySHACL decides for a pattern or a range on ``value``."""
    if predicate == SH.pattern:
        return not isinstance(value, BNode) and re.search(str(parameter), str(value)) is not None
    if not isinstance(value, Literal) or isinstance(parameter.value, str) != isinstance(
        value.value, str
    ):
        return False
    try:
        order = _compare(value, parameter)
    except (TypeError, NotImplementedError):
        return False
    return {SH.minInclusive: order >= 0, SH.maxInclusive: order <= 0, SH.minExclusive: order > 0}[
        predicate
    ]


def _compare(a: Literal, b: Literal) -> int:
    """rdflib's order of two literals, as pySHACL compares a value with a bound."""
    if a.eq(b):
        return 0
    if type(a.value) in (datetime, time):
        return 0 if a.value == b.value else 1 if a.value > b.value else -1
    return 1 if a > b else -1


# -- The report graph ----------------------------------------------------------------


def _report_graph(store: ox.Store, shapes: Graph, results: list[Result]) -> Graph:
    """pySHACL's report: its nodes, with the blank nodes it names described beside them."""
    report = Graph(bind_namespaces="core")
    for prefix, namespace in shapes.namespace_manager.namespaces():
        report.namespace_manager.bind(prefix, namespace)
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(not results)))

    def from_data(term) -> list:
        return [
            (to_rdflib_term(q.predicate), to_rdflib_term(q.object))
            for q in store.quads_for_pattern(to_oxigraph_term(term), None, None, ox.DefaultGraph())
        ]

    def from_shapes(term) -> list:
        return list(shapes.predicate_objects(term))

    def add(result: Result) -> BNode:
        result_node = BNode()
        triples = [
            (SH.focusNode, result.focus, from_data),
            (SH.sourceShape, result.shape, from_shapes),
            (SH.sourceConstraintComponent, result.component, from_shapes),
            (SH.resultSeverity, shapes.value(result.shape, SH.severity) or SH.Violation, None),
            (SH.value, result.value, from_data),
            (SH.resultPath, result.path, from_shapes),
            (SH.sourceConstraint, result.constraint, from_shapes),
        ]
        report.add((result_node, RDF.type, SH.ValidationResult))
        for predicate, term, describe in triples:
            if term is not None:
                report.add((result_node, predicate, term))
                if describe is not None:
                    _copy_description(term, describe, report, set())
        for message in result.messages:
            report.add((result_node, SH.resultMessage, message))
        for detail in result.details:
            report.add((result_node, SH.detail, add(detail)))
        return result_node

    for result in results:
        report.add((node, SH.result, add(result)))
    return report


def _copy_description(term, describe: Callable, report: Graph, seen: set) -> None:
    """Copy what the source graph says about a blank node, as pySHACL does, into the report."""
    if not isinstance(term, BNode) or term in seen or len(seen) >= 10:
        return
    seen.add(term)
    for predicate, value in describe(term):
        report.add((term, predicate, value))
        _copy_description(value, describe, report, seen)
