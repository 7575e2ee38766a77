"""The naive way to answer one canned question: parse the Turtle with rdflib, compute
the OWL RL closure with owlrl, run the question's SPARQL with rdflib. A baseline.

    python benchmarks/naive_pipeline.py NAME [--param VALUE ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import owlrl
from rdflib import Graph, Literal, URIRef, Variable

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> None:
    name, pairs = argv[0], argv[1:]
    graph = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")) + sorted((ROOT / "data").glob("*.ttl")):
        if path.name != "shapes.ttl":
            graph.parse(path, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    bindings = {Variable("_lang"): Literal("en")}
    for option, value in zip(pairs[::2], pairs[1::2], strict=True):
        if option == "--date":
            bindings[Variable("_date_xsd_date")] = Literal(
                value, datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")
            )
        else:
            bindings[Variable(f"_{option[2:]}_iri")] = URIRef(value)
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    rows = list(graph.query(text, initBindings=bindings))
    print(len(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
