"""The W3C SPARQL 1.1 Protocol tests, run against a live ``mingraph serve``.

The manifest lives beside the project (``../shared/conformance/sparql11-protocol``).
Every query test passes; every update test is refused, as a read-only endpoint
must; the tests that load remote test graphs by ``default-graph-uri`` do not
apply, since mingraph never fetches a graph (an unknown name is an empty graph).
"""

from __future__ import annotations

import pytest
from w3c_protocol import run_manifest

from conftest import SHARED

MANIFEST = SHARED / "conformance" / "sparql11-protocol" / "manifest.ttl"


@pytest.fixture(scope="module")
def outcomes(server):
    if not MANIFEST.is_file():
        pytest.skip("the W3C protocol manifest is not beside the project (../shared/conformance)")
    return run_manifest(f"{server}/sparql", MANIFEST)


def test_the_manifest_has_its_34_tests(outcomes):
    kinds = [o.kind for o in outcomes]
    assert (kinds.count("query"), kinds.count("update"), kinds.count("remote graphs")) == (21, 7, 6)


def test_every_query_test_passes(outcomes):
    failed = [(o.name, o.detail) for o in outcomes if o.kind == "query" and not o.passed]
    assert failed == []


def test_every_update_test_is_refused(outcomes):
    failed = [(o.name, o.detail) for o in outcomes if o.kind == "update" and not o.passed]
    assert failed == []


def test_a_remote_graph_named_in_the_request_is_empty_not_fetched(outcomes):
    """The graphs these tests name are not mingraph's: the query finds nothing in them,
    and the answer is an answer, not a refusal (FROM in the query stays refused)."""
    remote = {o.name: o.detail for o in outcomes if o.kind == "remote graphs"}
    assert len(remote) == 6
    assert remote.pop("query_multiple_dataset").startswith("status 403")
    assert set(remote.values()) == {"answered False, expected true"}
