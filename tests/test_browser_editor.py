"""The editor in a real browser, opened from a link that names another endpoint:
the query comes along, the endpoint does not (no request leaves the server)."""

from __future__ import annotations

import urllib.parse

from test_browser import browser, page  # noqa: F401 - the browser fixtures

from mingraph.iris import MG

QUERY = f"SELECT ?m WHERE {{ ?m a <{MG}Mineral> }} ORDER BY ?m"


def test_a_link_cannot_send_the_editors_query_to_another_host(page, server):  # noqa: F811
    elsewhere = "http://127.0.0.1:9/sparql"
    fragment = urllib.parse.urlencode(
        {"endpoint": elsewhere, "query": QUERY, "requestMethod": "GET", "headers": "{}"}
    )
    with page.expect_response(lambda r: r.url.startswith(f"{server}/sparql")) as answer:
        page.goto(f"{server}/editor#{fragment}")
    assert answer.value.status == 200
    assert "Mineral" in page.inner_text(".yasqe")
    # the page fixture fails the test if any request went to another host
