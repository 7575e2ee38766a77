"""Traditional Chinese where a person reads, at the terminal and on the page."""

from __future__ import annotations

import re

from click.testing import CliRunner
from live_server import fetch

from mingraph.catalogue import all_questions
from mingraph.cli import main
from mingraph.web.strings import QUESTION_SUMMARIES_ZH

LATIN_WORDS = re.compile(r"[A-Za-z]{3,}(?: [A-Za-z]{3,})+")  # two English words in a row


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_questions_in_chinese_list_every_summary_in_chinese():
    for args in (["--lang", "zh-Hant", "questions"], ["questions", "--lang", "zh"]):
        listed = run(*args)
        summaries = set(QUESTION_SUMMARIES_ZH.values())
        shown = "".join(listed.split())
        assert all("".join(s.split()) in shown for s in summaries)
        assert not [q.summary for q in all_questions() if q.summary in listed]
        prose = [line.split(None, 1)[-1] for line in listed.splitlines() if "--" not in line]
        assert not [p for p in prose if LATIN_WORDS.search(p)], "no English prose"


def test_search_says_nothing_matches_in_chinese():
    said = run("search", "qqqqzzzz", "--lang", "zh-Hant", "--format", "table")
    assert said.strip() == "沒有符合「qqqqzzzz」的項目。"


def test_the_search_page_in_chinese_names_where_each_hit_matched(server):
    _, _, body = fetch(f"{server}/search?q=gallium&lang=zh-Hant")
    page = body.decode()
    assert "共 " in page and " 項符合" in page
    fields = re.findall(r'<span class="field">([^<]*)</span>', page)
    assert fields and not [f for f in fields if re.search("[A-Za-z]", f)]
