"""Answer tables on the page are for people: a label linked to what it names, no
columns for programs, headers in words of the page's language, dates whole, choices
that fit the parameter, pages of 100 with a count, and nothing wider than a phone
but the table, which scrolls in its box."""

from __future__ import annotations

import re

from live_server import fetch
from test_browser import screenshot

from mingraph.answers import answer_question
from mingraph.catalogue import load_question

CONTROLS = "/questions/controls-in-force?date=2025-12-01"


def page_text(server: str, address: str) -> str:
    status, _, body = fetch(server + address)
    assert status == 200
    return body.decode()


def headers(page: str) -> list[str]:
    head = page.split('id="answer-table"')[1].split("</thead>")[0]
    return re.findall(r"<th>([^<]*)</th>", head)


def test_the_answer_table_shows_what_people_read(server):
    page = page_text(server, CONTROLS)
    assert headers(page) == [
        "label",
        "minerals",
        "from",
        "until",
        "until kind",
        "instrument",
        "against",
        "suspends",
        "status",
    ]  # fmt: skip  (no IRI beside its label, no companions, no empty column)
    first = page.split("<tbody>")[1].split("</tr>")[0]
    assert re.search(r'<a href="/id/p2006-processing-trade-ban">Catalogue of commodities', first)
    # a date shows at the precision the data holds (a year stays a year) and is still
    # marked never to break, as a date of its column
    assert '<td class="date">2006</td>' in first, "a date is marked never to break"
    chinese = page_text(server, CONTROLS + "&lang=zh-Hant")
    assert headers(chinese)[:3] == ["名稱", "礦物", "起"]
    assert "下載：" in chinese  # noqa: RUF001 (Chinese punctuation)


def test_against_offers_countries_and_blocs_only(server):
    page = page_text(server, "/questions/controls-in-force")
    choices = page.split('name="against"')[1].split("</select>")[0]
    offered = set(re.findall(r'<option value="([^"]+)"', choices))
    assert {"united-states", "japan", "european-union", "taiwan"} <= offered
    assert not offered & {"toyota", "ford", "mp-materials", "oecd", "usgs", "white-house"}


def test_a_long_answer_comes_in_pages_of_100_with_its_count(server, engine):
    total = len(answer_question(engine, load_question("timeline"), {}).rows)
    assert total > 100
    first = page_text(server, "/questions/timeline")
    assert first.count("<tr>") - 1 == 100
    assert f"rows 1–100 of {total}" in first  # noqa: RUF001 (an en dash)
    assert 'rel="next"' in first and 'rel="prev"' not in first
    last = page_text(server, f"/questions/timeline?offset={total - 1}")
    assert last.count("<tr>") - 1 == 1 and 'rel="next"' not in last


def test_nothing_but_the_table_is_wider_than_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    for address in ("/questions/countermeasures", "/editor", "/search?q=gallium"):
        page.goto(server + address)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, address
    page.goto(server + CONTROLS)
    page.wait_for_selector("#answer-table")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.query_selector(".table")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the table scrolls in its box"
    screenshot(page, "30-answer-on-a-phone")
    context.close()
