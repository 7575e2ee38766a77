"""The graph as a network for Gephi, Cytoscape or NetworkX: GraphML, or a CSV pair.

Nodes are the entities (``mgi:`` IRIs; citation records are how facts are sourced,
not nodes), each with its kind and its labels in both languages. Edges are the
asserted statements from one entity to another, each with its property and, where
the subject's citation attests that property, the citation and its source document.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from mingraph.engines import Engine
from mingraph.iris import MG, MGI, PREFIXES, shorten

_HEADER = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("mg", "rdfs", "prov", "oa"))
_NODES = (
    _HEADER
    + f"""
SELECT ?node (GROUP_CONCAT(DISTINCT ?typeLabel; separator="; ") AS ?type)
       (SAMPLE(?en) AS ?labelEn) (SAMPLE(?zh) AS ?labelZh) WHERE {{
    ?node a ?class .
    FILTER(STRSTARTS(STR(?node), "{MGI}") && STRSTARTS(STR(?class), "{MG}"))
    FILTER NOT EXISTS {{ ?node a mg:Citation }}
    FILTER NOT EXISTS {{ ?node a ?narrower . ?narrower rdfs:subClassOf ?class .
                         FILTER(?narrower != ?class) }}
    OPTIONAL {{ ?class rdfs:label ?classLabel . FILTER(langMatches(lang(?classLabel), "en")) }}
    BIND(COALESCE(?classLabel, STRAFTER(STR(?class), "#")) AS ?typeLabel)
    OPTIONAL {{ ?node rdfs:label ?en . FILTER(langMatches(lang(?en), "en")) }}
    OPTIONAL {{ ?node rdfs:label ?zh . FILTER(langMatches(lang(?zh), "zh-Hant")) }}
}} GROUP BY ?node ORDER BY ?node
"""
)
_EDGES = (
    _HEADER
    + f"""
SELECT ?source ?property ?target (SAMPLE(?cited) AS ?citation) (SAMPLE(?doc) AS ?document)
WHERE {{
    ?source ?property ?target .
    FILTER(isIRI(?target) && STRSTARTS(STR(?source), "{MGI}") && STRSTARTS(STR(?target), "{MGI}"))
    FILTER(?property != prov:wasDerivedFrom)
    FILTER NOT EXISTS {{ ?source a mg:Citation }}
    FILTER NOT EXISTS {{ ?target a mg:Citation }}
    OPTIONAL {{
        ?source prov:wasDerivedFrom ?cited . ?cited mg:attests ?property .
        OPTIONAL {{ ?cited oa:hasSource ?doc }}
    }}
}} GROUP BY ?source ?property ?target ORDER BY ?source ?property ?target
"""
)

NODE_COLUMNS = ["id", "type", "labelEn", "labelZh"]
EDGE_COLUMNS = ["source", "target", "property", "citation", "document"]


@dataclass
class Network:
    nodes: list[dict[str, str]]
    edges: list[dict[str, str]]


def network(engine: Engine) -> Network:
    """The entities and the statements between them, IRIs shortened (``mgi:gallium``)."""

    def row_of(row, names: dict[str, str]) -> dict[str, str]:
        return {
            column: (shorten(row[v].value) if row[v].kind == "uri" else row[v].value)
            if v in row
            else ""
            for column, v in names.items()
        }

    node_names = {"id": "node", "type": "type", "labelEn": "labelEn", "labelZh": "labelZh"}
    nodes = [row_of(row, node_names) for row in engine.run(_NODES).rows]
    known = {node["id"] for node in nodes}
    edge_names = {c: c for c in EDGE_COLUMNS}
    edges = [row_of(row, edge_names) for row in engine.run(_EDGES).rows]
    # an IRI only ever named as an object is a node too, without kind or label
    for edge in edges:
        for end in (edge["source"], edge["target"]):
            if end not in known:
                known.add(end)
                nodes.append(dict.fromkeys(NODE_COLUMNS, "") | {"id": end})
    return Network(nodes, edges)


def to_csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def to_graphml(graph: Network) -> str:
    """GraphML: a directed graph, every attribute a string key."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ]
    for scope, columns in (("node", NODE_COLUMNS[1:]), ("edge", EDGE_COLUMNS[2:])):
        lines += [
            f'  <key id="{name}" for="{scope}" attr.name="{name}" attr.type="string"/>'
            for name in columns
        ]
    lines.append('  <graph id="mingraph" edgedefault="directed">')
    for node in graph.nodes:
        lines.append(f"    <node id={quoteattr(node['id'])}>{_data(node, NODE_COLUMNS[1:])}</node>")
    for number, edge in enumerate(graph.edges):
        ends = f"source={quoteattr(edge['source'])} target={quoteattr(edge['target'])}"
        lines.append(f'    <edge id="e{number}" {ends}>{_data(edge, EDGE_COLUMNS[2:])}</edge>')
    lines += ["  </graph>", "</graphml>"]
    return "\n".join(lines) + "\n"


def _data(item: dict[str, str], columns: list[str]) -> str:
    return "".join(
        f'<data key="{name}">{escape(item[name])}</data>' for name in columns if item[name]
    )
