"""'mingraph export': the merged graph in every format, with its VoID description."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from mingraph.cli import main
from mingraph.export import FORMATS

VOID = "http://rdfs.org/ns/void#"
DATASET = ox.NamedNode("https://w3id.org/mingraph/id/dataset")


def export(*args: str) -> ox.Store:
    fmt = args[args.index("--format") + 1]
    result = CliRunner().invoke(main, ["export", *args])
    assert result.exit_code == 0, result.output
    store = ox.Store()
    store.load(result.stdout.encode("utf-8"), format=FORMATS[fmt])
    return store


def void_value(store: ox.Store, prop: str) -> int:
    (quad,) = store.quads_for_pattern(DATASET, ox.NamedNode(VOID + prop), None)
    return int(quad.object.value)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_loads_into_another_store(fmt):
    store = export("--format", fmt)
    assert void_value(store, "triples") > 3000


def test_void_describes_size_classes_sources_and_license():
    store = export("--format", "nt")
    assert void_value(store, "entities") > 200
    partitions = store.query(f"""
        SELECT ?class ?entities WHERE {{
            <{DATASET.value}> <{VOID}classPartition> [ <{VOID}class> ?class ;
                                                      <{VOID}entities> ?entities ] }}""")
    counts = {
        row["class"].value.rsplit("#", 1)[1]: int(row["entities"].value) for row in partitions
    }
    assert counts["Policy"] >= 23 and counts["Initiative"] >= 6
    assert store.query(
        f"ASK {{ <{DATASET.value}> <http://purl.org/dc/terms/license> ?l ;"
        " <http://purl.org/dc/terms/source> <https://w3id.org/mingraph/id/article> }"
    )


def test_the_inferred_export_holds_the_closure():
    asserted = void_value(export("--format", "nt"), "triples")
    inferred = export("--inferred", "--format", "nt")
    assert void_value(inferred, "triples") > asserted
    assert inferred.query(
        "ASK { <https://w3id.org/mingraph/id/japan> "
        "<https://w3id.org/mingraph/ontology#memberOf> ?i }"
    )
