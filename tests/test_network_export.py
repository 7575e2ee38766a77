"""The graph as a network for Gephi, Cytoscape or NetworkX: GraphML and a nodes/edges
CSV pair, read back by NetworkX, agreeing with each other and with the graph."""

from __future__ import annotations

import csv

import networkx as nx
import pytest
from click.testing import CliRunner

from mingraph.cli import main


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("network")
    for args in (["--format", "graphml", "-o", str(folder / "g.graphml")],
                 ["--format", "csv", "-o", str(folder / "g")]):  # fmt: skip
        result = CliRunner().invoke(main, ["export", *args])
        assert result.exit_code == 0, result.output
    return folder


def read_csv(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_networkx_reads_the_graphml(exported):
    graph = nx.read_graphml(exported / "g.graphml", force_multigraph=True)
    assert graph.is_directed()
    assert graph.nodes["mgi:gallium"] == {"type": "Mineral", "labelEn": "gallium", "labelZh": "鎵"}
    control = "mgi:p2023-gallium-germanium-export-control"
    concerns = [d for _, t, d in graph.out_edges(control, data=True) if t == "mgi:gallium"]
    assert any(d["property"] == "mg:concerns" and d.get("citation") for d in concerns)
    assert not [n for n in graph if n.startswith("mgi:cite-")], "citations are not nodes"


def test_the_csv_pair_is_the_same_network(exported):
    nodes = read_csv(exported / "g.nodes.csv")
    edges = read_csv(exported / "g.edges.csv")
    read = nx.MultiDiGraph()
    read.add_nodes_from((n["id"], n) for n in nodes)
    read.add_edges_from((e["source"], e["target"], e) for e in edges)
    assert read.number_of_nodes() == len(nodes), "every edge's ends are listed as nodes"
    graphml = nx.read_graphml(exported / "g.graphml", force_multigraph=True)
    assert read.number_of_nodes() == graphml.number_of_nodes()
    assert read.number_of_edges() == graphml.number_of_edges()
    cited = [e for e in edges if e["citation"]]
    assert cited and all(e["document"] for e in cited), "a cited edge names its source"
