"""No raw escape sequence reaches a terminal: every command and format that writes one is
driven with hostile labels, definitions, titles, quotes, IRIs and variable names (from
--data files, from an endpoint, from the query and from the command line), and the
bytes written are read back. Machine formats keep the value exact in their own escapes."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from terminal import in_terminal
from test_hardening import FakeEndpoint

from conftest import REPO
from mingraph.cite import STYLES, Reference, write_references
from mingraph.cli import main
from mingraph.commands.vocab import term_lines
from mingraph.formats import GRAPH_FORMATS, SOLUTION_FORMATS, write_solutions, write_triples
from mingraph.results import Solutions, Term, Triples
from mingraph.vocab import VocabTerm

#: What a terminal acts on rather than shows: C0 controls but tab and newline, DEL, C1
#: controls (U+009B is a CSI by itself), bidi marks, embeddings, overrides and isolates,
#: line and paragraph separators. Written here independently of mingraph's own list.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
#: An OSC 52 clipboard write, CSI sequences (7-bit and C1), a C1 line end, bidi overrides.
ATTACK = "\x1b]52;c;aGk=\x07\x1b[2J\x9b31m\x85\u202eevil\u202c\u2066x\u2069"
SAFE = "safe text 中文 \t"


def hostile(text: str) -> str:
    """``text`` as Turtle or SPARQL string content: codepoint escapes for every character."""
    return "".join(c if c.isalnum() or c in " =;[]" else f"\\u{ord(c):04X}" for c in text)


def assert_inert(data: bytes | str) -> None:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    found = UNSAFE.findall(text)
    assert not found, f"raw {found[:5]!r} in {text[:300]!r}"


#: What the hostile public document states, each value as it must come back exact.
DOCUMENT = {
    "key": f"key{ATTACK}",
    "title": f"Document title {ATTACK}",
    "publisher": f"Publisher {ATTACK}",
    "creator": f"Author {ATTACK}",
    "affiliation": f"Affiliation {ATTACK}",
    "language": f"en{ATTACK}",
}


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    """The good example with a hostile source title, quote, label and a hostile class, and a
    second citation of the measure whose source is a hostile record row that summarises a
    public document hostile in every field a reference reads (key, title, publisher,
    creator, affiliation, language)."""
    text = (REPO / "tests" / "good" / "new-measure-and-member.ttl").read_text(encoding="utf-8")
    attack = hostile(ATTACK)
    text = text.replace("An example source for the good-data corpus", f"Title {attack}")
    text = text.replace('"an example quote"', f'"quote {attack}"')
    text = text.replace("Example export-licence catalogue", f"Label {attack}")
    document = {name: hostile(value) for name, value in DOCUMENT.items()}
    text += (
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix fabio: <http://purl.org/spar/fabio/> .\n"
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
        f'mg:HostileKind a owl:Class ; rdfs:label "Kind {attack}"@en ;\n'
        f'    skos:definition "Definition {attack}"@en .\n'
        "mgi:example-measure prov:wasDerivedFrom [ a mg:Citation ; oa:hasSource mgi:example-row ;\n"
        "    mg:attests dcterms:description ;\n"
        f'    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "row {attack}" ] ] .\n'
        "mgi:example-row a mg:SourceDocument , mg:RecordRow ;\n"
        f'    rdfs:label "Record row {attack}"@en , "Record row {attack}"@zh-Hant ;\n'
        '    dcterms:identifier "X01" ;\n'
        "    mg:summarises mgi:example-document .\n"
        "mgi:example-document a mg:PublicDocument , fabio:NewspaperArticle ;\n"
        f'    rdfs:label "Document {attack}"@en ; mg:documentKind mgi:news-report ;\n'
        f'    mg:citationKey "{document["key"]}" ;\n'
        f'    dcterms:title "{document["title"]}"@en ;\n'
        f'    dcterms:publisher "{document["publisher"]}" ;\n'
        f'    dcterms:creator "{document["creator"]}" ;\n'
        f'    mg:authorAffiliation "{document["affiliation"]}" ;\n'
        f'    dcterms:language "{document["language"]}" ;\n'
        '    dcterms:date "2024-05-06"^^xsd:date ;\n'
        "    foaf:page <https://example.org/document?q=%1B%5D52> .\n"
    )
    path = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    path.write_text(text, encoding="utf-8")
    built = CliRunner().invoke(main, ["--data", str(path), "build"])
    assert built.exit_code == 0, built.output
    return str(path)


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


COMMANDS = [
    *(["cite", "example-measure", "--style", style] for style in STYLES),
    ["cite", "example-row"],  # a record row: the documents it summarises
    ["cite", "example-document", "--style", "ris"],  # a document: itself
    ["vocab", "mg:HostileKind"],
    *(["vocab", "--format", fmt] for fmt in SOLUTION_FORMATS if fmt != "csv"),
    *(["describe", "example-measure", "--format", fmt] for fmt in ("table", "md", "records")),
    ["describe", "example-measure", "--format", "json"],
    ["search", "Label", "--format", "table"],
    ["ask", "sources", "--entity", "example-measure", "--format", "tsv"],
    *(
        [
            "query",
            'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(CONTAINS(?o, "evil")) }',
            "--format",
            f,
        ]
        for f in GRAPH_FORMATS
    ),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_command_writes_a_raw_escape_from_the_data(hostile_data, args):
    result = invoke("--data", hostile_data, *args)
    assert result.exit_code == 0, result.output
    assert "evil" in result.stdout or "HostileKind" in result.stdout  # the value is there
    assert_inert(result.stdout_bytes)
    assert_inert(result.stderr_bytes)


def test_machine_formats_keep_the_value_exact(hostile_data):
    data = json.loads(
        invoke("--data", hostile_data, "cite", "example-row", "--style", "csl-json").stdout
    )
    assert [item["id"] for item in data] == [DOCUMENT["key"]]
    assert data[0]["title"] == DOCUMENT["title"]
    assert data[0]["author"] == [{"literal": DOCUMENT["creator"]}]
    assert data[0]["container-title"] == DOCUMENT["publisher"]
    assert data[0]["language"] == DOCUMENT["language"]
    for style in ("bibtex", "biblatex", "ris"):  # text for people: shown, escaped
        shown = invoke("--data", hostile_data, "cite", "example-row", "--style", style).stdout
        assert shown.count("evil") == 6 and "x1b]52" in shown, shown
    query = f'SELECT ?x WHERE {{ BIND("{hostile(ATTACK)}" AS ?x) }}'
    answer = json.loads(invoke("query", query, "--format", "json").stdout)
    assert answer["results"]["bindings"][0]["x"]["value"] == ATTACK
    csv = invoke("query", query, "--format", "csv").stdout_bytes.decode()  # exact in a pipe
    assert csv.split("\r\n")[1] == ATTACK


def test_csv_at_a_terminal_is_shown_escaped(hostile_data):
    query = f'SELECT ?x WHERE {{ BIND("{hostile(ATTACK)}" AS ?x) }}'
    screen = in_terminal(["query", query, "--format", "csv"], 200)
    assert screen.exit_code == 0, screen.stderr
    assert_inert(screen.text)
    assert "\\x1b]52" in screen.text


def test_query_warnings_and_errors_are_escaped():
    attack_iri = "https://w3id.org/mingraph/ontology#Polic" + hostile("\u202e")
    query = (
        f"PREFIX mgx: <https://w3id.org/mingraph/ontologx#{hostile(chr(0x202E))}> "
        f"SELECT * WHERE {{ ?s a <{attack_iri}> }}"
    )
    result = invoke("query", query, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Warning:") == 2, result.stderr
    assert_inert(result.stderr_bytes)
    for args in (
        ["--format", ATTACK, "ask", "initiatives"],  # a refusal quoting the input
        ["ask", "initiatives", "--format", ATTACK],  # a usage error quoting it
        ["ask", ATTACK],
        ["query", f"SELECT * WHERE {{ ?s ?p ?o . {ATTACK} }}"],
        ["--data", f"/nonexistent/{ATTACK}.ttl", "ask", "initiatives"],
        ["query", "-f", f"/nonexistent/{ATTACK}.rq"],
        ["vocab", ATTACK],
        ["describe", ATTACK],
    ):
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.output)
        assert len(result.stderr.strip().splitlines()) == 1 or "Usage" in result.stderr
        assert_inert(result.stderr_bytes)


@pytest.fixture(scope="module")
def endpoint():
    server = FakeEndpoint()
    server.content_type = "application/sparql-results+json"
    yield server
    server.shutdown()


@pytest.mark.parametrize("fmt", [f for f in SOLUTION_FORMATS if f != "csv"])
def test_an_endpoints_column_names_and_values_are_escaped(endpoint, fmt):
    name = f"x{ATTACK}\tforged\ncolumn"
    endpoint.body = json.dumps(
        {
            "head": {"vars": [name, "y"]},
            "results": {
                "bindings": [
                    {
                        name: {"type": "uri", "value": f"http://e/{ATTACK}\t<x>\n"},
                        "y": {"type": "literal", "value": f"{ATTACK}\tv\nw"},
                    }
                ]
            },
        }
    ).encode()
    result = invoke(
        "--endpoint", endpoint.url, "query", "SELECT * WHERE { ?s ?p ?o }", "--format", fmt
    )
    assert result.exit_code == 0, result.output
    assert_inert(result.stdout_bytes)
    if fmt == "tsv":  # a tab or a line end inside a value or a name forges nothing
        assert [len(line.split("\t")) for line in result.stdout.splitlines()] == [2, 2]


# Generated: any text, in any place a value can stand, in every format.
hostile_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(ATTACK + "\t\n\r\x00\x0b\x7f\u2028\u2029\u061c\u200e\u200f\\\"'<>&")),
        st.characters(codec="utf-8"),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(value=hostile_text, name=hostile_text)
def test_every_format_writes_any_value_inertly(value, name):
    variable = f"v{name}"
    iri = "http://e/" + value
    answer = Solutions(
        [variable, "b", "n"],
        [{variable: Term.literal(value, lang="en"), "b": Term("bnode", value), "n": Term.iri(iri)}],
    )
    for fmt in SOLUTION_FORMATS:
        if fmt == "csv":
            continue  # no escape exists: exact, and escaped by the terminal writer
        written = write_solutions(answer, fmt, width=100)
        assert_inert(written)
        if fmt == "json":
            binding = json.loads(written)["results"]["bindings"][0]
            assert binding[variable]["value"] == value and binding["n"]["value"] == iri
        elif fmt == "tsv":
            assert [len(line.split("\t")) for line in written.splitlines()] == [3, 3]
        elif fmt == "xml" and not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", value):
            literal = ElementTree.fromstring(written).find(
                ".//{http://www.w3.org/2005/sparql-results#}literal"
            )
            assert (literal.text or "") == value


@settings(max_examples=100, deadline=None)
@given(
    value=hostile_text,
    kind=st.sampled_from(["newspaper", "legislation", "report", "webpage", "dataset", "article"]),
    issued=st.sampled_from(["", "2024", "2024-05", "2024-05-06"]),
)
def test_references_terms_and_graphs_are_inert(value, kind, issued):
    reference = Reference(
        key="k" + value,
        iri="http://e/k",
        kind=kind,
        title=value,
        authors=[value, f"Given {value} Family"],
        publisher=value,
        institution=value,
        issued=issued,
        url="http://e/" + value,
        language=value,
        version=value,
        license=value,
    )
    for style in STYLES:
        assert_inert(write_references([reference], style))
    item = json.loads(write_references([reference], "csl-json"))[0]  # exact in CSL-JSON
    assert item["id"] == "k" + value and item["URL"] == "http://e/" + value
    assert all(item.get(name, "") == value for name in ("title", "language", "version"))
    term = VocabTerm(
        "https://w3id.org/mingraph/ontology#X",
        "class",
        {"en": value},
        {"en": value},
        axioms=[("range", "http://e/" + value)],
        uses=[(Term.iri("http://e/a"), Term.literal(value))],
    )
    assert_inert("\n".join(term_lines(term, 80)))
    if "\x00" in value:
        return  # rdflib cannot hold it
    triple = (Term.iri("http://e/s"), Term.iri("http://e/p"), Term.literal(value))
    for fmt in GRAPH_FORMATS:
        written = write_triples(Triples([triple]), fmt)
        assert_inert(written)
    parsed = next(iter(ox.parse(write_triples(Triples([triple]), "nt"), ox.RdfFormat.N_TRIPLES)))
    assert parsed.object.value == value


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_rdflibs_log_lines_never_reach_the_terminal(engine):
    """An ill-typed literal in a graph answer: rdflib logs it with a traceback."""
    query = (
        "CONSTRUCT { <http://e/s> <http://e/p> ?x } WHERE "
        f'{{ BIND(STRDT("12{hostile(ATTACK)}", xsd:integer) AS ?x) }}'
    )
    result = invoke("--engine", engine, "query", query, "--format", "nt")
    assert result.exit_code == 0, result.output
    assert all(line.startswith("mingraph: ") for line in result.stderr.splitlines())  # progress
    assert_inert(result.stdout_bytes)


def test_an_rdflib_failure_is_one_clean_line():
    query = 'CONSTRUCT { <http://e/s> <http://e/p> ?y } WHERE { BIND(IRI("http://e/a b") AS ?y) }'
    result = invoke("--engine", "rdflib", "query", query)
    assert result.exit_code == 2
    *progress, last = result.stderr.splitlines()
    assert last.startswith("Error: ") and all(p.startswith("mingraph: ") for p in progress)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_tsv_values_cannot_forge_rows_or_columns(engine):
    query = (
        'SELECT ?a ?b WHERE { BIND(IRI("http://e/a\\tb\\nc") AS ?a) '
        'BIND(STRLANG("x\\ty\\nz\\r", "en") AS ?b) }'
    )
    result = invoke("--engine", engine, "query", query, "--format", "tsv")
    assert result.exit_code == 0, result.output
    assert [line.count("\t") for line in result.stdout_bytes.decode().split("\n")] == [1, 1, 0]
