"""Every attack that once broke mingraph, run as a user would run it: each ends with
one line on stderr and exit 2 (or 1), no traceback, no connection to a listener on
127.0.0.1, and nothing changed in the data, the ontology or the cache."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, seeded_cache
from mingraph.build import CACHE_ENV, MANIFEST, cache_key, input_files, prepare_store
from mingraph.cli import main
from mingraph.guard import check_query
from mingraph.sandbox import Limits, QueryOutOfMemory, run_untrusted

MGI = "https://w3id.org/mingraph/id/"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
GOOD = REPO / "tests" / "good" / "new-measure-and-member.ttl"


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections made to it."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}/sparql"

    def _accept(self) -> None:
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.socket.close()


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()


class FakeEndpoint(http.server.ThreadingHTTPServer):
    """An HTTP server on 127.0.0.1 that answers every POST with one chosen response."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Answer)
        self.content_type, self.body, self.endless = "text/plain", b"", False
        self.trickle = False
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/sparql"


class _Answer(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", self.server.content_type)
        self.end_headers()
        try:
            if self.server.endless:  # stops by itself after 512 MiB
                for _ in range(8192):
                    self.wfile.write(b"x" * (1 << 16))
            elif self.server.trickle:  # a byte every 0.2 s, for at most a minute
                for _ in range(300):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            else:
                self.wfile.write(self.server.body)
        except OSError:
            pass  # the client hung up, as it should

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def endpoint():
    server = FakeEndpoint()
    yield server
    server.shutdown()


@pytest.fixture(scope="module")
def built_cache(tmp_path_factory):
    """A cache directory holding a build of the shipped data, shared by the examples (a
    copy of the run's one build: 'mingraph build' itself is tested in test_build.py)."""
    return seeded_cache(tmp_path_factory, "cache")


MINGRAPH = [sys.executable, "-c", "from mingraph.cli import main; main()"]


def fingerprint(*roots: Path) -> dict:
    watched = [p for root in roots for p in root.rglob("*") if p.is_file()]
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in watched}


def refused(args, cache: Path, timeout: float = 120, stdin: bytes | None = None):
    """Run mingraph as a user would; the outcome must be one line on stderr, exit 1 or 2."""
    before = fingerprint(REPO / "data", REPO / "ontology", cache)
    done = subprocess.run(
        [*MINGRAPH, *args],
        env={**os.environ, CACHE_ENV: str(cache)},
        capture_output=True,
        input=stdin,
        timeout=timeout,
    )
    out, err = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in out + err
    assert done.returncode in (1, 2), (done.returncode, out, err)
    *progress, last = err.strip().splitlines()  # progress lines first, then one error line
    assert last.startswith("Error: ") and all(p.startswith("mingraph: ") for p in progress), err
    assert fingerprint(REPO / "data", REPO / "ontology", cache) == before
    return last


def service(url: str) -> str:
    return f"SERVICE <{url}> {{ ?s ?p ?o }}"


# Class 1: text the old keyword guard read differently from the engines.
GUARD_BYPASSES = {
    "prefixed name before a dot": "PREFIX ex: <http://e/> SELECT * WHERE {{ ?s a ex:.{} }}",
    "# inside an IRI": "SELECT * WHERE {{ ?s <http://e/#> ?o . {} }}",
    "# in an escaped local name": "PREFIX ex: <http://e/> SELECT * WHERE {{ ?s a ex:a\\#b . {} }}",
    "escaped quote in a local name": (
        "PREFIX ex: <http://e/> SELECT * WHERE {{ ?s a ex:a\\' . {} . ?s ?p 'x' }}"
    ),
    "codepoint escape": "SELECT * WHERE {{ {} }}",
}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("name", GUARD_BYPASSES)
def test_no_spelling_of_service_reaches_the_network(name, engine, listener, built_cache):
    call = service(listener.url)
    if name == "codepoint escape":
        call = "\\u0053ERVICE" + call[len("SERVICE") :]
    query = GUARD_BYPASSES[name].format(call)
    error = refused(["--engine", engine, "query", query], built_cache)
    assert "SERVICE" in error
    time.sleep(0.3)
    assert listener.connections == 0


def test_a_large_valid_query_is_answered(built_cache):
    values = " ".join(f'"v{i}"@en' for i in range(10_000))
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?v {{ {values} }} }} # {'#' * 1000}"
    assert len(query) > 80_000
    done = subprocess.run(
        [*MINGRAPH, "--timeout", "20", "query", "--format", "csv", query],
        env={**os.environ, CACHE_ENV: str(built_cache)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1] == "10000"


# Class 2: queries that crashed an engine or outran --timeout.
DOUBLING = (
    'SELECT ?x WHERE { BIND("0123456789abcdef" AS ?a0) '
    + " ".join(f"BIND(CONCAT(?a{i}, REPLACE(?a{i}, 'x', 'y')) AS ?a{i + 1})" for i in range(40))
    + " BIND(STRLEN(?a40) AS ?x) }"
)
CATASTROPHIC_REGEX = (
    'SELECT ?x WHERE { BIND(REGEX(CONCAT("' + "a" * 40 + '", "!"), "^(a+)+$") AS ?x) }'
)


@pytest.mark.serial
@pytest.mark.parametrize(
    "engine, query, timeout, message",
    [
        ("oxigraph", "SELECT (" + "(" * 5000 + "1" + ")" * 5000 + " AS ?x) {}", 30, "nests"),
        ("oxigraph", "SELECT (" + "!" * 5000 + "true AS ?x) {}", 30, "nests"),
        ("oxigraph", DOUBLING, 150, "memory"),
        ("rdflib", DOUBLING, 150, "memory"),
        ("rdflib", CATASTROPHIC_REGEX, 4, "ran longer than 4 s"),
    ],
    ids=[
        "nested parentheses",
        "nested negations",
        "string doubling",
        "string doubling in rdflib",
        "catastrophic regex",
    ],
)
def test_engine_crashes_and_runaways_end_as_one_line(engine, query, timeout, message, built_cache):
    start = time.monotonic()
    args = ["--engine", engine, "--timeout", str(timeout), "query", query]
    assert message in refused(args, built_cache, timeout=200)
    assert time.monotonic() - start < timeout + 30


@pytest.mark.serial
def test_run_untrusted_survives_what_kills_an_engine(built_cache, monkeypatch):
    """The function a server calls: the caller lives on and gets a QueryError subclass.

    512 MiB is below the address space an opened store takes (malloc's thread arenas
    reserve 64 MiB each) but well above the memory it writes (about 200 MiB): the
    limit must count what a query uses, or a count fails on some runs and not others.
    """
    monkeypatch.setenv(CACHE_ENV, str(built_cache))
    store = prepare_store([]).path
    small = Limits(memory_bytes=512 << 20, timeout=150)
    with pytest.raises(QueryOutOfMemory):
        run_untrusted(DOUBLING, store, limits=small)
    answer = run_untrusted("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", store, limits=small)
    assert int(answer.rows[0]["n"].value) == prepare_store([]).manifest["triples"]


# Class 3: failures that printed a traceback.
@pytest.mark.parametrize(
    "engine, query",
    [
        ("rdflib", 'SELECT (REGEX("a", "(") AS ?x) WHERE {}'),
        ("rdflib", 'SELECT (REPLACE("abc", "b", "$9") AS ?x) WHERE {}'),
        ("rdflib", "SELECT (SUM(?s) AS ?x) WHERE { ?s ?p ?o }"),
        ("oxigraph", 'SELECT ("\\uD800" AS ?x) WHERE {}'),
        ("rdflib", 'SELECT ("\\uD800" AS ?x) WHERE {}'),
    ],
)
def test_engine_errors_are_messages(engine, query, built_cache):
    refused(["--engine", engine, "query", query, "--format", "json"], built_cache)


def test_a_failing_service_call_is_a_message(built_cache):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"
    refused(["query", "--allow-service", query], built_cache)


def test_a_query_file_that_is_not_utf8_is_a_message(tmp_path, built_cache):
    path = tmp_path / "bad.rq"
    path.write_bytes(b"SELECT * WHERE { ?s ?p '\xff' }")
    assert "UTF-8" in refused(["query", "-f", str(path)], built_cache)
    assert "UTF-8" in refused(["query", "-f", "-"], built_cache, stdin=b"SELECT '\xfe'")


@pytest.mark.parametrize(
    "content_type, body, message",
    [
        ("application/sparql-results+json", b"{ not json", "not results JSON"),
        ("application/sparql-results+json", b"[]", "not a JSON object"),
        ("application/sparql-results+json", b'{"head": {}, "results": 1}', "head.vars"),
        (
            "application/sparql-results+json",
            b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri"}}]}}',
            "not a string",
        ),
        (
            "application/sparql-results+json",
            b'{"head": {"vars": ["x"]}, "results": {"bindings": '
            b'[{"x": {"type": "literal", "value": "\\ud800"}}]}}',
            "surrogate",
        ),
        ("text/html", b"<html><body>Welcome</body></html>", "text/html"),
    ],
)
def test_an_endpoint_that_answers_nonsense_is_a_message(
    endpoint, content_type, body, message, built_cache
):
    endpoint.content_type, endpoint.body, endpoint.endless = content_type, body, False
    assert message in refused(["--endpoint", endpoint.url, "ask", "initiatives"], built_cache)


def test_an_endless_endpoint_body_is_cut_off(endpoint, built_cache):
    endpoint.content_type, endpoint.endless = "application/sparql-results+json", True
    assert "MiB" in refused(["--endpoint", endpoint.url, "ask", "initiatives"], built_cache)


@pytest.mark.serial
def test_a_trickling_endpoint_body_is_cut_off_at_the_timeout(endpoint, built_cache):
    endpoint.content_type, endpoint.endless = "application/sparql-results+json", False
    endpoint.trickle = True
    try:
        started = time.monotonic()
        args = ["--timeout", "2", "--endpoint", endpoint.url, "ask", "initiatives"]
        assert "--timeout" in refused(args, built_cache, timeout=50)
        assert time.monotonic() - started < 40  # the body alone would take a minute
    finally:
        endpoint.trickle = False


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://x"])
def test_an_endpoint_is_a_web_url(url, built_cache):
    assert "http" in refused(["--endpoint", url, "ask", "initiatives"], built_cache)


@pytest.mark.parametrize("kind", ["a file", "a dangling link"])
def test_a_cache_directory_that_is_not_a_folder_is_a_message(tmp_path, kind):
    cache = tmp_path / "cache"
    if kind == "a file":
        cache.write_text("not a folder", encoding="utf-8")
    else:
        cache.symlink_to(tmp_path / "missing")
    assert "cache" in refused(["ask", "initiatives"], cache)


# Class 4: inputs that hung or exhausted memory.
@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_only_regular_files_are_read(tmp_path, kind, built_cache):
    data = tmp_path / "data"
    data.mkdir()
    hostile = data / "x.ttl"
    if kind == "fifo":
        os.mkfifo(hostile)
    elif kind == "device":
        hostile.symlink_to("/dev/zero")
    else:
        hostile.mkdir()
    error = refused(["--data", str(data), "ask", "initiatives"], built_cache, timeout=60)
    assert "not a regular file" in error
    if kind != "folder":  # a folder given by name is read as a folder of RDF files
        assert "regular file" in refused(["validate", str(hostile)], built_cache, timeout=60)


@pytest.mark.serial
def test_deep_rdf_xml_is_refused_before_parsing(tmp_path, built_cache):
    depth = 50_000
    nested = "".join("<ex:p><rdf:Description>" for _ in range(depth))
    closing = "".join("</rdf:Description></ex:p>" for _ in range(depth))
    path = tmp_path / "deep.rdf"
    path.write_text(
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        f'xmlns:ex="http://example.org/"><rdf:Description>{nested}{closing}'
        "</rdf:Description></rdf:RDF>",
        encoding="utf-8",
    )
    start = time.monotonic()
    assert "nest deeper" in refused(["validate", str(path)], built_cache)
    assert time.monotonic() - start < 30


def test_the_build_honours_timeout(tmp_path):
    cache = tmp_path / "cache"
    error = refused(["--timeout", "0.5", "build"], cache)
    assert "the build ran longer than 0.5 s" in error


# Class 5: values that reach a terminal or a document.
HOSTILE_LABEL = "Example \\u001B[2J\\u001B]0;owned\\u0007 \\u202Elabel\\u202C \\u0085x"


def hostile_copy(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.ttl"
    text = GOOD.read_text(encoding="utf-8")
    path.write_text(
        text.replace("Example export-licence catalogue", HOSTILE_LABEL), encoding="utf-8"
    )
    return path


def test_tables_and_markdown_escape_control_and_bidi_characters(tmp_path):
    data = hostile_copy(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["validate", str(data)]).exit_code == 0
    for fmt in ("table", "md"):
        result = runner.invoke(
            main, ["--data", str(data), "describe", "example-measure", "--format", fmt]
        )
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "\\x1b[2J" in result.stdout and "\\u202e" in result.stdout  # md: no cell clipped


def test_the_validate_report_escapes_what_it_quotes(tmp_path):
    bad = tmp_path / "bad.ttl"
    text = (REPO / "tests" / "bad" / "check-whitespace-in-literal.ttl").read_text(encoding="utf-8")
    bad.write_text(text.replace('" tungsten"', '" tung\\u001B[31msten\\u202E"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "\\x1b[31m" in result.output


def test_xml_results_are_well_formed_for_any_value_rdf_allows():
    # \n and \r as string escapes: a codepoint escape is expanded before parsing (SPARQL
    # 1.1 §19.2), and a raw line end cannot stand in a short string.
    codes = "".join(
        f"\\u{c:04X}" for c in [*range(1, 32), 0x7F, 0xFFFE, 0xFFFF] if c not in (10, 13)
    )
    query = f'SELECT ?x WHERE {{ BIND("a{codes}\\t\\n\\r&<>]]>z" AS ?x) }}'
    result = CliRunner().invoke(main, ["query", query, "--format", "xml"])
    assert result.exit_code == 0, result.output
    literal = ElementTree.fromstring(result.stdout).find(
        ".//{http://www.w3.org/2005/sparql-results#}literal"
    )
    assert literal.text.startswith("a") and literal.text.endswith("\t\n\r&<>]]>z")
    assert "\ufffd" in literal.text  # what XML 1.0 cannot hold, replaced


def test_csv_can_defuse_spreadsheet_formulas():
    query = 'SELECT ?x WHERE { VALUES ?x { "=HYPERLINK(\\"http://e\\")" "@SUM(1)" "plain" } }'
    plain = CliRunner().invoke(main, ["query", query, "--format", "csv"])
    safe = CliRunner().invoke(main, ["--spreadsheet-safe", "query", query, "--format", "csv"])
    assert plain.stdout.splitlines()[1].startswith('"=HYPERLINK')
    assert safe.stdout.splitlines()[1:] == ['"\'=HYPERLINK(""http://e"")"', "'@SUM(1)", "plain"]


# Class 6: cache integrity.
def test_the_key_is_made_from_the_bytes_the_build_parsed(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    data = tmp_path / "extra.ttl"
    first = GOOD.read_bytes()
    second = first.replace(b"Example export-licence catalogue", b"Replaced while building")
    data.write_bytes(first)

    def swap(stage: str) -> None:
        if stage.startswith("reading"):
            data.write_bytes(second)  # the file changes after it was read

    prepare_store([data], stage=swap)
    data.write_bytes(first)
    prepared = prepare_store([data])
    assert not prepared.built
    labels = {
        str(row["l"].value)
        for row in prepared.store.query(f"SELECT ?l WHERE {{ <{MGI}example-measure> ?p ?l }}")
    }
    assert "Example export-licence catalogue" in labels
    assert "Replaced while building" not in labels


def test_a_read_only_cache_with_a_valid_build_answers(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    prepare_store([])

    def refuse(*args, **kwargs):
        raise PermissionError(30, "Read-only file system")

    monkeypatch.setattr(os, "utime", refuse)
    prepared = prepare_store([])
    assert not prepared.built and prepared.store.query("ASK { ?s ?p ?o }")


@pytest.mark.parametrize("content", ["[]", "null", '"key"', "{}"])
def test_a_manifest_of_the_wrong_shape_is_rebuilt(tmp_path, monkeypatch, content):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    first = prepare_store([])
    (first.path.parent / MANIFEST).write_text(content, encoding="utf-8")
    again = prepare_store([])
    assert again.built and again.store.query("ASK { ?s ?p ?o }")


def test_a_link_planted_at_a_build_is_never_followed(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / MANIFEST).write_text("{}", encoding="utf-8")
    cache.mkdir()
    key = cache_key(input_files([]))
    (cache / key).symlink_to(elsewhere, target_is_directory=True)
    prepared = prepare_store([])
    assert prepared.built and not (cache / key).is_symlink()
    assert [p.name for p in elsewhere.iterdir()] == [MANIFEST]
    assert not prepare_store([]).built  # and later runs answer from the build


def test_the_canonical_text_is_what_the_guard_read():
    canonical = check_query(
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s a ex:.#c\n ?s ex:p ?o ; ex:q 'x' }"
    )
    assert canonical == (
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s a <http://e/> . ?s <http://e/p> ?o ; "
        '<http://e/q> "x" }'
    )
    assert check_query(canonical) == canonical


def test_json_output_survives_a_literal_with_every_control_character():
    query = 'SELECT ?x WHERE { BIND("\\u0000\\u001B\\u007F" AS ?x) }'
    result = CliRunner().invoke(main, ["query", query, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"][0]["x"]["value"] == "\0\x1b\x7f"
