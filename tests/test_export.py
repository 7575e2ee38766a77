"""'mingraph export': the merged graph in every format, with its VoID description,
read back by pyoxigraph and rdflib with its language tags, and valid by its own rules."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.namespace import DCTERMS

from mingraph.cli import main
from mingraph.export import FORMATS

# rdflib's quad parsers and serialisers call its own deprecated API, once per line.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

VOID = "http://rdfs.org/ns/void#"
DATASET = ox.NamedNode("https://w3id.org/mingraph/id/dataset")


def export_text(*args: str) -> str:
    result = CliRunner().invoke(main, ["export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def export(*args: str) -> ox.Store:
    fmt = args[args.index("--format") + 1]
    store = ox.Store()
    store.load(export_text(*args).encode("utf-8"), format=ox.RdfFormat.from_extension(fmt))
    return store


def read_with_rdflib(text: str, fmt: str) -> list[tuple]:
    """The export's triples as rdflib reads them (a quad format into a dataset)."""
    graph = Dataset() if fmt in ("nq", "trig") else Graph()
    graph.parse(data=text, format=FORMATS[fmt])
    return [quad[:3] for quad in graph.quads()] if fmt in ("nq", "trig") else list(graph)


def language_tags(literals) -> Counter:
    return Counter(term.language for term in literals if getattr(term, "language", None))


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


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_language_tags_keep_their_case_in_every_format(fmt, graph):
    """rdflib reads tags as written: every label of the graph comes back @en or @zh-Hant."""
    text = export_text("--format", fmt)
    asserted = language_tags(graph.objects())
    assert asserted["zh-Hant"] > 400
    # The VoID title is the one literal the export adds.
    exported = language_tags(o for _, _, o in read_with_rdflib(text, fmt))
    assert exported == asserted + Counter(en=1)
    assert "@zh-hant" not in text and '"zh-hant"' not in text


@pytest.mark.parametrize("fmt", ["nt", "jsonld"])
def test_pyoxigraph_and_rdflib_read_the_same_export(fmt):
    """Each parser reads the same triples; pyoxigraph lowercases tags, as BCP 47 allows."""
    text = export_text("--inferred", "--format", fmt)
    store = ox.Store()
    store.load(text.encode("utf-8"), format=ox.RdfFormat.from_extension(fmt))
    triples = read_with_rdflib(text, fmt)
    assert len(store) == len(triples) > 5000
    by_rdflib = language_tags(o for _, _, o in triples)
    by_pyoxigraph = language_tags(q.object for q in store)
    assert by_pyoxigraph == Counter({tag.lower(): n for tag, n in by_rdflib.items()})
    # English and Chinese, and the public documents' own titles in their own languages
    titles = {str(o.language) for _, p, o in triples if p == DCTERMS.title and o.language}
    assert set(by_rdflib) == {"en", "zh-Hant"} | titles
    assert {"en", "zh-Hant", "zh-Hans", "ja"} <= set(by_rdflib)


@pytest.mark.parametrize("inferred", [False, True], ids=["asserted", "inferred"])
def test_the_export_passes_mingraph_validate(tmp_path, inferred):
    dump = tmp_path / "mingraph.ttl"
    args = ["export", "--format", "ttl", "-o", str(dump)]
    result = CliRunner().invoke(main, [*args, "--inferred"] if inferred else args)
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["validate", str(dump)])
    assert result.exit_code == 0, result.output
    assert "Conforms" in result.output


@pytest.mark.parametrize("fmt,reader", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_describe_and_construct_answers_keep_language_tags(fmt, reader):
    """A graph answer of 'mingraph query' keeps @zh-Hant as the data writes it."""
    query = "CONSTRUCT { ?m rdfs:label ?l } WHERE { ?m a mg:Mineral ; rdfs:label ?l }"
    result = CliRunner().invoke(main, ["query", query, "--format", fmt])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format=reader)
    tags = Counter(o.language for o in graph.objects())
    assert set(tags) == {"en", "zh-Hant"}, tags
