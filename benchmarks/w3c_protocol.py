"""The W3C SPARQL 1.1 Protocol tests on 'mingraph serve' and 'oxigraph serve-read-only'.

The same runner as the test suite (tests/w3c_protocol.py), the same manifest
(../shared/conformance/sparql11-protocol), the same data (Oxigraph loads
'mingraph export --inferred'). Prints, for each server, how many tests of each kind
pass: query tests, update tests refused (a read-only endpoint's expected outcome),
and the tests that load remote test graphs.

    python benchmarks/w3c_protocol.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench_serve import start_mingraph, start_oxigraph

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from w3c_protocol import run_manifest, summary  # noqa: E402

MANIFEST = REPO.parent / "shared" / "conformance" / "sparql11-protocol" / "manifest.ttl"


def report(name: str, endpoint: str) -> None:
    outcomes = run_manifest(endpoint, MANIFEST)
    counts = summary(outcomes)
    passed = sum(o.passed for o in outcomes)
    print(f"{name}: {passed} of {len(outcomes)} ({counts})")
    for outcome in outcomes:
        if not outcome.passed:
            print(f"  {outcome.kind}: {outcome.name}: {outcome.detail[:100]}")


def main() -> None:
    if not MANIFEST.is_file():
        sys.exit(f"the manifest is not beside the project: {MANIFEST}")
    with tempfile.TemporaryDirectory() as workdir:
        mingraph, mingraph_port = start_mingraph(10)
        oxigraph, oxigraph_port = start_oxigraph(Path(workdir), 10)
        try:
            report("mingraph serve", f"http://127.0.0.1:{mingraph_port}/sparql")
            report("oxigraph serve-read-only", f"http://127.0.0.1:{oxigraph_port}/query")
        finally:
            for process in (mingraph, oxigraph):
                process.terminate()
                process.wait(30)


if __name__ == "__main__":
    main()
