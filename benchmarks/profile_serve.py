"""Where a page or a /sparql answer of 'mingraph serve' spends its time.

Two tables. First, each page and a few /sparql requests alone, one client, on a
server started for the run: the first visit and the median of the next seven.
Then the pieces a request is made of, timed in this process with the functions
the server calls (median of five after one warm-up): an entity page's queries
and chart, a question page's answer, the question catalogue, and for /sparql the
guard, the evaluation (with mingraph's result objects) and the writing of the
answer's format. The load average is printed before each table.

    python benchmarks/profile_serve.py
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import statistics
import subprocess
import time
import urllib.parse

from common import machine

from mingraph.answers import answer_bound, bind_parameters
from mingraph.build import prepare_store
from mingraph.catalogue import all_questions, load_question
from mingraph.charts.pages import entity_chart
from mingraph.engines import with_values
from mingraph.formats import write_solutions, write_triples
from mingraph.guard import check_query
from mingraph.iris import MGI
from mingraph.web.site import Site

ENTITIES = ["p2023-gallium-germanium-export-control", "japan", "gallium", "msp"]
PAGES = [
    *(f"/id/{slug}" for slug in ENTITIES),
    "/",
    "/ontology",
    "/editor",
    "/search?q=gall",
    "/questions/policies-for-mineral?mineral=gallium",
    "/questions/initiatives",
    "/questions/membership-grid",
]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def load() -> str:
    return " ".join(open("/proc/loadavg").read().split()[:3])


def timed(function, times: int = 5) -> float:
    """Median milliseconds of ``function()`` after one warm-up call."""
    function()
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def pages_alone() -> None:
    process = subprocess.Popen(
        [shutil.which("mingraph"), "--timeout", "10", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    port = int(re.search(r":(\d+)/", process.stdout.readline()).group(1))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(method: str, path: str, body=None, headers=None) -> float:
        start = time.perf_counter()
        connection.request(method, path, body, headers or {})
        connection.getresponse().read()
        return (time.perf_counter() - start) * 1000

    sparql = [
        ("POST", "/sparql", urllib.parse.urlencode({"query": COUNT}), "count"),
        (
            "POST",
            "/sparql",
            urllib.parse.urlencode({"query": f"DESCRIBE <{MGI}japan>"}),
            "DESCRIBE japan",
        ),
    ]
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    try:
        print(f"\nLoad average {load()}\n")
        print("| request | first (ms) | then, median of 7 (ms) |\n|---|---|---|")
        for path in PAGES:
            first = get("GET", path)
            then = statistics.median(get("GET", path) for _ in range(7))
            print(f"| `{path}` | {first:.1f} | {then:.1f} |")
        for method, path, body, name in sparql:
            first = get(method, path, body, form)
            then = statistics.median(get(method, path, body, form) for _ in range(7))
            print(f"| /sparql {name} | {first:.1f} | {then:.1f} |")
    finally:
        process.terminate()
        process.wait(30)


def pieces() -> None:
    prepared = prepare_store([])
    engine = prepared.engine()
    site = Site(engine, prepared.store)
    rows = []
    for slug in ENTITIES:
        iri = MGI + slug
        rows.append(
            (
                f"entity {slug}: statements, links, contested",
                timed(
                    lambda iri=iri: (
                        site.statements(iri),
                        site.links_here(iri),
                        site.contested(iri),
                    )
                ),
            )
        )
        rows.append(
            (f"entity {slug}: chart", timed(lambda iri=iri: entity_chart(engine, iri, "en"), 2))
        )
    for name, given in [("policies-for-mineral", {"mineral": "gallium"}), ("membership-grid", {})]:
        question = load_question(name)
        bound = bind_parameters(engine, question, given, "en")
        rows.append(
            (
                f"question {name}: answer",
                timed(lambda q=question, b=bound: answer_bound(engine, q, b)),
            )
        )
    rows.append(("the question catalogue (all_questions)", timed(all_questions)))
    question = load_question("policies-for-mineral")
    canned = with_values(
        question.text, bind_parameters(engine, question, {"mineral": "gallium"}, "en")
    )
    for name, text, write in [
        ("canned question, bound", canned, lambda a: write_solutions(a, "json")),
        ("count of triples", COUNT, lambda a: write_solutions(a, "json")),
        ("DESCRIBE japan", f"DESCRIBE <{MGI}japan>", lambda a: write_triples(a, "ttl")),
    ]:
        checked = check_query(text)
        answer = engine.run(checked)
        rows.append((f"/sparql {name}: guard", timed(lambda t=text: check_query(t))))
        rows.append((f"/sparql {name}: evaluate", timed(lambda c=checked: engine.run(c))))
        rows.append((f"/sparql {name}: write", timed(lambda w=write, a=answer: w(a))))
    print(f"\nLoad average {load()}\n")
    print("| piece | median (ms) |\n|---|---|")
    for name, ms in rows:
        print(f"| {name} | {ms:.1f} |")


def main() -> None:
    print(f"Machine: {machine()}; {os.cpu_count()} cores")
    pages_alone()
    pieces()


if __name__ == "__main__":
    main()
