"""grlc serves the queries folder unchanged.

grlc turns each ``.rq`` file into a web API call and fills in a call's values by
pasting them as text wherever the parameter's variable appears. These tests use
grlc's own code: its rewrite step on every question (with each value, and without
the optional label language), and its web app serving questions from an Oxigraph
server loaded with 'mingraph export --inferred'.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner
from golden_cases import ARGUMENTS, LANGS, option_values
from grlc import gquery
from rdflib.plugins.sparql import prepareQuery
from test_engines import canonical, endpoint, free_port  # noqa: F401 (endpoint: a fixture)

from mingraph.answers import answer_question, bind_parameters
from mingraph.catalogue import Question, load_question
from mingraph.cli import main
from mingraph.iris import MGI
from mingraph.resources import resource_dir

SEPARATOR = "; "
#: The label language of a grlc call: given in either language, or left out.
CALL_LANGS = (*LANGS, None)


def grlc_call(engine, question: Question, lang: str | None) -> dict[str, str]:
    """The arguments of a grlc call asking what the golden answer asks: one per parameter
    the golden case gives (an optional one it leaves out stays out of the call).

    grlc cannot look a value up, so a call names an entity by its IRI and a date in
    full; ``lang`` None leaves the optional label language out.
    """
    bindings = bind_parameters(engine, question, option_values(question.name), lang or "en")
    call = {
        p.name: bindings[p.variable].value for p in question.parameters if p.variable in bindings
    }
    if lang is None:
        del call["lang"]
    return call


def grlc_rewrite(question: Question, call: dict[str, str]) -> str:
    """The query grlc sends for ``call``: its own metadata parse, then its own rewrite."""
    metadata = gquery.get_metadata(question.text, "")
    return gquery.rewrite_query(metadata["original_query"], metadata["parameters"], call)


@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_grlc_reads_the_parameters_mingraph_reads(name):
    question = load_question(name)
    parameters = gquery.get_metadata(question.text, "")["parameters"]
    assert {n: p["required"] for n, p in parameters.items()} == {
        p.name: p.required for p in question.parameters
    }
    assert parameters["lang"]["required"] is False
    assert parameters["lang"]["default"] == "en"


@pytest.mark.parametrize("lang", CALL_LANGS)
@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_grlc_rewrites_every_question_into_valid_sparql(engine, name, lang):
    question = load_question(name)
    call = grlc_call(engine, question, lang)
    text = grlc_rewrite(question, call)
    prepareQuery(text)  # rdflib's SPARQL parser: raises on invalid SPARQL
    for parameter in question.parameters:
        assert (f"?{parameter.variable}" in text) == (parameter.name not in call)


@pytest.mark.parametrize("lang", CALL_LANGS)
@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_the_text_grlc_pastes_answers_as_mingraph_does(engine, name, lang):
    """Pasted values, unbound optional language included, give mingraph's own rows."""
    question = load_question(name)
    pasted = engine.run(grlc_rewrite(question, grlc_call(engine, question, lang)))
    bound = answer_question(engine, question, option_values(name), lang or "en")
    assert bound.rows, name
    assert pasted.variables == bound.variables
    assert canonical(pasted) == canonical(bound)


# --- grlc's web app, serving the folder from an Oxigraph server ----------------------------


@pytest.fixture(scope="module")
def grlc_server(endpoint, tmp_path_factory):  # noqa: F811 (the endpoint fixture)
    """grlc's Flask app on 127.0.0.1, configured as grlc documents it: a ``config.ini``
    naming the local folder of queries and the SPARQL endpoint to ask."""
    work = tmp_path_factory.mktemp("grlc")
    (work / "config.ini").write_text(
        f"[local]\nlocal_sparql_dir = {resource_dir('queries')}\n"
        f"[defaults]\nsparql_endpoint = {endpoint}\n",
        encoding="utf-8",
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "grlc.server", "run", "--port", str(port)],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=1).read()
            break
        except OSError:
            assert server.poll() is None, "the grlc app stopped"
            assert time.monotonic() < deadline, "the grlc app did not start"
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)


def rows(results: dict) -> tuple[list[str], list[tuple]]:
    """Columns and rows of a W3C SPARQL results JSON answer, as a reader compares them:
    language tags in any case (some stores lowercase them), list cells as sets."""
    variables = results["head"]["vars"]
    table = []
    for binding in results["results"]["bindings"]:
        row = []
        for var in variables:
            cell = binding.get(var)
            if cell is not None:
                value = SEPARATOR.join(sorted(cell["value"].split(SEPARATOR)))
                cell = (cell["type"], value, cell.get("datatype"), cell.get("xml:lang", "").lower())
            row.append(cell)
        table.append(tuple(row))
    return variables, sorted(table, key=repr)


SERVED = [
    # question, what a user types to 'mingraph ask', what a grlc call gives
    ("policies-for-mineral", ["--mineral", "稀土", "--lang", "zh-Hant"],
     {"mineral": MGI + "rare-earths", "lang": "zh-Hant"}),
    ("controls-in-force", ["--date", "2023-09"], {"date": "2023-09-01", "lang": "en"}),
    ("memberships", ["--country", "JP"], {"country": MGI + "japan"}),
    ("initiatives", ["--lang", "zh-Hant"], {"lang": "zh-Hant"}),
]  # fmt: skip


@pytest.mark.parametrize("name, options, call", SERVED, ids=[case[0] for case in SERVED])
def test_grlc_serves_the_question_as_mingraph_asks_it(grlc_server, name, options, call):
    request = urllib.request.Request(
        f"{grlc_server}/api-local/{name}?{urllib.parse.urlencode(call)}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        served = json.loads(response.read())
    asked = CliRunner().invoke(main, ["ask", name, *options, "--format", "json"])
    assert asked.exit_code == 0, asked.output
    expected = rows(json.loads(asked.stdout))
    assert expected[1], "an empty answer proves nothing"
    assert rows(served) == expected


def test_grlc_api_lists_every_question_with_its_parameters(grlc_server):
    with urllib.request.urlopen(f"{grlc_server}/api-local/swagger", timeout=60) as response:
        paths = json.loads(response.read())["paths"]
    for name in ARGUMENTS:
        (operation,) = paths[f"/{name}"].values()
        parameters = {p["name"]: p for p in operation["parameters"]}
        for parameter in load_question(name).parameters:
            assert parameters[parameter.name]["required"] is parameter.required
        assert parameters["lang"]["default"] == "en"
