"""One search for the terminal and the page: the same hits in the same order, the same
count, a snippet of where each hit matched, and paging on both."""

from __future__ import annotations

import csv
import html
import io
import re
import urllib.parse

import pytest
from click.testing import CliRunner
from live_server import fetch

from mingraph.cli import main
from mingraph.iris import MGI
from mingraph.web.site import SEARCH_PAGE

QUERIES = [
    "台灣",
    "台湾",
    "臺灣",
    "钨",
    "鎢",
    "Taiwn",
    "gall",
    "gallium",
    "galium",
    "鎵",
    "镓",
    "Taiwan",
    "tungsten",
    "rare earths",
    "稀土",
    "MSP",
    "Q861",
    "JP",
    "export control",
    "日本",
    "Japan",
    "alli",
    "Pax Silica",
    "germanium",
    "锗",
    "graphite",
    "石墨",
    "lithium",
    "partnership of 15 countries",
    "對此臺灣應掌握相關發展變化",
]


def terminal_hits(query: str, offset: int = 0) -> tuple[list[str], str]:
    """The slugs ``mingraph search`` lists (a page of the web's size), and its footer."""
    args = ["search", *query.split(), "--limit", str(SEARCH_PAGE), "--offset", str(offset)]
    listed = CliRunner().invoke(main, [*args, "--format", "csv"])
    assert listed.exit_code == 0, listed.output
    slugs = [row["entity"][len(MGI) :] for row in csv.DictReader(io.StringIO(listed.stdout))]
    shown = CliRunner().invoke(main, [*args, "--format", "md"]).stdout if slugs else ""
    return slugs, shown.strip().splitlines()[-1] if shown else ""


def page_hits(server: str, query: str, offset: int = 0, lang: str = "en") -> tuple[list[str], str]:
    """The slugs the search page lists, in order, and the page's text."""
    address = f"{server}/search?q={urllib.parse.quote(query)}&offset={offset}&lang={lang}"
    status, _, body = fetch(address)
    assert status == 200
    page = body.decode()
    return re.findall(r'<li><a href="/id/([^"?]+)', page), page


def total_on_page(page: str) -> int:
    return int(re.search(r'id="search-count">[^<]*?of (\d+)', page).group(1))


@pytest.mark.parametrize("query", QUERIES)
def test_the_terminal_and_the_page_give_the_same_ranked_hits(server, query):
    listed, footer = terminal_hits(query)
    shown, page = page_hits(server, query)
    assert listed, f"{query!r} finds something"
    assert shown == listed
    total = total_on_page(page)
    if total > SEARCH_PAGE:
        assert footer.startswith(f"rows 1 to {SEARCH_PAGE} of {total} "), footer
    else:
        assert footer == f"{total} row{'s' if total > 1 else ''}" and total == len(listed)


def test_taiwan_is_found_by_every_spelling_on_the_page(server):
    for query in ("台湾", "台灣", "臺灣", "Taiwn"):
        shown, _ = page_hits(server, query)
        assert shown[0] == "taiwan", (query, shown[:3])


def test_each_hit_shows_where_it_matched(server):
    _, page = page_hits(server, "对此台湾应掌握相关发展变化", lang="zh-Hant")  # typed in Simplified
    taiwan = page.split('href="/id/taiwan?lang=zh-Hant"')[1].split("</li>")[0]
    assert "引述：" in taiwan  # noqa: RUF001 (Chinese punctuation); it matched a quote, named in the page's language
    assert "<mark>對此臺灣應掌握相關發展變化</mark>" in taiwan  # the quote's own characters


def test_both_page_through_every_hit_and_say_how_many(server):
    query = "alli"
    first, page = page_hits(server, query)
    total = total_on_page(page)
    assert total > SEARCH_PAGE, "the query matches more than a page"
    next_link = html.unescape(re.search(r'<a rel="next" href="([^"]+)"', page).group(1))
    assert f"offset={SEARCH_PAGE}" in next_link and 'rel="prev"' not in page
    _, _, body = fetch(next_link)
    second = re.findall(r'<li><a href="/id/([^"?]+)', body.decode())
    assert second == terminal_hits(query, SEARCH_PAGE)[0]
    assert not set(first) & set(second)
    assert 'rel="prev"' in body.decode()
    _, footer = terminal_hits(query)
    assert footer == f"rows 1 to {SEARCH_PAGE} of {total} (--offset {SEARCH_PAGE} shows the next)"
