"""Load and abuse: 'mingraph serve' beside 'oxigraph serve-read-only', same data, same run.

Both servers answer from `mingraph export --inferred` (Oxigraph loads the file).
N clients, each on one keep-alive connection, send requests for a bounded time:

- mingraph, pages: question pages and entity pages as HTML (what a person loads),
  ad-hoc queries by POST to /sparql;
- mingraph, /sparql and oxigraph, /query: the same SPARQL requests: each question's
  query with its parameters bound (as mingraph runs it), DESCRIBE of each entity,
  and the same ad-hoc queries.

Then the abuse phase: the same clients again while three more send a runaway
query over and over, a body one byte a second, and 2 MiB requests. Reported per
server: requests per second, p50 and p99 latency, errors (any answer but 200)
and the peak resident memory of the server's processes.

The servers take turns: each phase is cut into ``--rounds`` slices, one server
after the other in every round, so that a change in the machine's load falls on
all of them alike. The 1-minute load average is read before every slice; the
table gives the highest, and marks a row measured on a busy machine (a load
average over ``--busy`` per core, other engineers' work included).

    python benchmarks/bench_serve.py [--clients 8] [--seconds 15] [--timeout 10]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from common import machine

from mingraph.answers import bind_parameters
from mingraph.build import build_store
from mingraph.catalogue import load_question
from mingraph.engines import OxigraphEngine, with_values
from mingraph.iris import MGI

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from golden_cases import ARGUMENTS, LANGS, option_values  # the tests' question arguments

ADHOC = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "PREFIX mg: <https://w3id.org/mingraph/ontology#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?p ?label WHERE { ?p a mg:Policy ; rdfs:label ?label } ORDER BY ?label",
    "PREFIX mg: <https://w3id.org/mingraph/ontology#> "
    "SELECT ?m (COUNT(?p) AS ?n) WHERE { ?p mg:concerns ?m } GROUP BY ?m ORDER BY DESC(?n)",
]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ENTITIES = f"""
SELECT DISTINCT ?e WHERE {{ ?e ?p ?o FILTER(isIRI(?e) && STRSTARTS(STR(?e), "{MGI}")) }}
ORDER BY ?e"""
JSON = "application/sparql-results+json"


def form(query: str, accept: str = JSON) -> tuple[str, str, bytes, dict]:
    """A protocol request: the query form-encoded, POSTed to the server's endpoint."""
    body = urllib.parse.urlencode({"query": query}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    return ("POST", "{endpoint}", body, headers)


def workloads(engine) -> dict[str, list[tuple]]:
    """The requests each kind of client cycles through: questions, entities, ad hoc."""
    entities = [r["e"].value for r in engine.run(ENTITIES).rows][::4]
    pages, sparql = [], []
    for name in sorted(ARGUMENTS):
        question, values = load_question(name), option_values(name)
        for lang in LANGS:
            query = urllib.parse.urlencode({**values, "lang": lang})
            pages.append(("GET", f"/questions/{name}?{query}", None, {}))
            bound = with_values(question.text, bind_parameters(engine, question, values, lang))
            sparql.append(form(bound))
    for iri in entities:
        pages.append(("GET", "/id/" + iri[len(MGI) :], None, {"Accept": "text/html"}))
        sparql.append(form(f"DESCRIBE <{iri}>", "text/turtle"))
    for query in ADHOC:
        pages.append(form(query))
        sparql.append(form(query))
    return {"pages": pages, "sparql": sparql}


class Client(threading.Thread):
    """One visitor: its requests in turn on one keep-alive connection, until told to stop."""

    def __init__(self, host, port, endpoint, requests, offset, stop):
        super().__init__(daemon=True)
        self.address, self.endpoint, self.stop = (host, port), endpoint, stop
        self.requests = requests[offset:] + requests[:offset]
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def run(self) -> None:
        connection = http.client.HTTPConnection(*self.address, timeout=60)
        i = 0
        while not self.stop.is_set():
            method, path, body, headers = self.requests[i % len(self.requests)]
            i += 1
            start = time.perf_counter()
            try:
                connection.request(method, path.format(endpoint=self.endpoint), body, headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    self.errors.append(f"{response.status} {path[:60]}")
            except (OSError, http.client.HTTPException) as error:
                self.errors.append(f"{type(error).__name__} {path[:60]}")
                connection.close()
                connection = http.client.HTTPConnection(*self.address, timeout=60)
            self.latencies.append(time.perf_counter() - start)


def runaway(host, port, endpoint, stop, outcomes):
    while not stop.is_set():
        connection = http.client.HTTPConnection(host, port, timeout=120)
        method, _, body, headers = form(RUNAWAY)
        try:
            connection.request(method, endpoint, body, headers)
            outcomes.append(f"runaway: {connection.getresponse().status}")
        except (OSError, http.client.HTTPException) as error:
            outcomes.append(f"runaway: {type(error).__name__}")
        connection.close()


def slow_body(host, port, endpoint, stop, outcomes):
    while not stop.is_set():
        with socket.create_connection((host, port)) as sock:
            sock.sendall(
                f"POST {endpoint} HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query"
                "\r\nContent-Length: 100000\r\n\r\n".encode()
            )
            sock.settimeout(1)
            reply = b""
            while not stop.is_set() and not reply:
                try:
                    sock.sendall(b" ")
                    reply = sock.recv(100)
                except TimeoutError:
                    continue
                except OSError:
                    break
            status_line = reply.split(b"\r\n")[0].decode() or "cut off"
            outcomes.append(f"slow body: {status_line}")


def oversized(host, port, endpoint, stop, outcomes):
    body = ("SELECT * WHERE { ?s ?p ?o } LIMIT 1 #" + "x" * (2 << 20)).encode()
    while not stop.is_set():
        connection = http.client.HTTPConnection(host, port, timeout=120)
        try:
            connection.request("POST", endpoint, body, {"Content-Type": "application/sparql-query"})
            outcomes.append(f"2 MiB request: {connection.getresponse().status}")
        except (OSError, http.client.HTTPException) as error:
            outcomes.append(f"2 MiB request: {type(error).__name__}")
        connection.close()
        stop.wait(1)


def tree_rss(pid: int) -> int:
    """Resident memory in KiB of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def load_average() -> float:
    return os.getloadavg()[0]


def merged(slices: list[dict]) -> dict:
    """One phase's figures from its slices."""
    latencies = sorted(x for part in slices for x in part["latencies"])
    elapsed = sum(part["elapsed"] for part in slices)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99)] * 1000,
        "errors": [e for part in slices for e in part["errors"]],
        "peak": max(part["peak"] for part in slices),
        "abuse": sorted({o for part in slices for o in part["abuse"]}),
        "load": max(part["load"] for part in slices),
    }


def phase(target, requests, clients, seconds, abuse=False) -> dict:
    host, port, endpoint, pid = target
    stop = threading.Event()
    workers = [
        Client(host, port, endpoint, requests, i * len(requests) // clients, stop)
        for i in range(clients)
    ]
    outcomes: list[str] = []
    abusers = [
        threading.Thread(target=f, args=(host, port, endpoint, stop, outcomes), daemon=True)
        for f in ((runaway, slow_body, oversized) if abuse else ())
    ]
    peak, load = 0, load_average()
    for thread in (*abusers, *workers):
        thread.start()
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        peak = max(peak, tree_rss(pid))
        time.sleep(0.2)
    stop.set()
    elapsed = time.monotonic() - start
    for thread in workers:
        thread.join(70)
    return {
        "latencies": [x for w in workers for x in w.latencies],
        "elapsed": elapsed,
        "errors": [e for w in workers for e in w.errors],
        "peak": peak / 1024,
        "abuse": outcomes,
        "load": load,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_mingraph(timeout: float) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen(
        [shutil.which("mingraph"), "--timeout", str(timeout), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    match = re.search(r"serving http://127\.0\.0\.1:(\d+)/", process.stdout.readline())
    if not match:
        sys.exit("mingraph serve did not start")
    return process, int(match.group(1))


def start_oxigraph(workdir: Path, timeout: float) -> tuple[subprocess.Popen, int]:
    oxigraph = shutil.which("oxigraph")
    if not oxigraph:
        sys.exit("install the oxigraph server first: pip install '.[test]'")
    subprocess.run(
        [
            shutil.which("mingraph"),
            "export",
            "--inferred",
            "--format",
            "nt",
            "-o",
            str(workdir / "mingraph.nt"),
        ],
        check=True,
    )
    store = workdir / "oxigraph"
    subprocess.run(
        [oxigraph, "load", "--location", str(store), "--file", str(workdir / "mingraph.nt")],
        check=True,
        capture_output=True,
    )
    port = free_port()
    process = subprocess.Popen(
        [
            oxigraph,
            "serve-read-only",
            "--location",
            str(store),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout-s",
            str(int(timeout)),
        ],
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port)).close()
            break
        except OSError:
            time.sleep(0.1)
    return process, port


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--timeout", type=float, default=10, help="both servers' query limit")
    parser.add_argument("--rounds", type=int, default=3, help="turns each server takes a phase")
    parser.add_argument(
        "--busy", type=float, default=0.5, help="load average per core that marks a row busy"
    )
    args = parser.parse_args()
    store, _ = build_store([])
    requests = workloads(OxigraphEngine(store))
    workdir = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    mingraph, mingraph_port = start_mingraph(args.timeout)
    oxigraph, oxigraph_port = start_oxigraph(workdir, args.timeout)
    targets = [
        ("mingraph serve, pages", ("127.0.0.1", mingraph_port, "/sparql", mingraph.pid), "pages"),
        (
            "mingraph serve, /sparql",
            ("127.0.0.1", mingraph_port, "/sparql", mingraph.pid),
            "sparql",
        ),
        (
            "oxigraph serve-read-only",
            ("127.0.0.1", oxigraph_port, "/query", oxigraph.pid),
            "sparql",
        ),
    ]
    try:
        for _, target, kind in targets:  # one pass each first: caches warm alike
            phase(target, requests[kind], 1, 3)
        slices: dict[tuple[str, bool], list[dict]] = {}
        for abuse in (False, True):
            for _ in range(args.rounds):
                for name, target, kind in targets:
                    part = phase(
                        target, requests[kind], args.clients, args.seconds / args.rounds, abuse
                    )
                    slices.setdefault((name, abuse), []).append(part)
        results = {key: merged(parts) for key, parts in slices.items()}
    finally:
        mingraph.terminate()
        oxigraph.terminate()
        mingraph.wait(30)
        oxigraph.wait(30)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"Machine: {machine()}; {os.cpu_count()} cores shared by clients and server\n")
    print(
        f"{args.clients} clients, {args.seconds:g} s per row in {args.rounds} turns, "
        f"query limit {args.timeout:g} s.\n"
    )
    busy = args.busy * os.cpu_count()
    print(
        "| server | phase | requests | req/s | p50 (ms) | p99 (ms) | errors | peak RSS (MiB) "
        "| load average |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for (name, abuse), r in results.items():
        load = f"{r['load']:.1f}" + (" (busy)" if r["load"] > busy else "")
        print(
            f"| {name} | {'abuse' if abuse else 'load'} | {r['requests']} | {r['rps']:.0f} | "
            f"{r['p50']:.1f} | {r['p99']:.1f} | {len(r['errors'])} | {r['peak']:.0f} | {load} |"
        )
    if any(r["load"] > busy for r in results.values()):
        print(
            f"\nRows marked busy were measured with a load average over {busy:g} "
            f"({args.busy:g} per core): other work shared the machine, and the figures are low."
        )
    print("\nWhat the abusers got back:")
    for (name, abuse), r in results.items():
        if abuse:
            print(f"- {name}: {'; '.join(r['abuse'])}")
    for (name, abuse), r in results.items():
        if r["errors"]:
            print(f"\nErrors, {name} ({'abuse' if abuse else 'load'}): {r['errors'][:5]}")


if __name__ == "__main__":
    main()
