"""The home page starts a newcomer: what the graph is for, three questions a click
away (each with an answer), where the data ends, how to cite and the licence."""

from __future__ import annotations

import html
import re

import pytest
from live_server import fetch


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_the_home_page_starts_a_newcomer(server, lang):
    _, _, body = fetch(f"{server}/?lang={lang}")
    page = body.decode()
    start = page.split('id="start-here"')[1].split("</section>")[0]
    links = [html.unescape(h) for h in re.findall(r'<a href="([^"]+)"', start)]
    assert len(links) == 3
    for link in links:
        status, _, answer = fetch(server + link)
        assert status == 200 and 'id="answer-table"' in answer.decode(), link
        assert ("lang=zh-Hant" in link) == (lang == "zh-Hant")
    (newest,) = re.findall(r'id="data-ends">[^<]*?(\d{4}-\d{2}-\d{2})', page)
    assert newest in page.split('id="coverage"')[1]
    assert 'id="cite"' in page and "mingraph cite " in page
    assert 'rel="license" href="https://creativecommons.org/licenses/by/4.0/"' in page
