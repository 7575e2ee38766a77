"""Traditional Chinese where a person reads, at the terminal and on the page."""

from __future__ import annotations

import html
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


# --- every page in Chinese ----------------------------------------------------------------

NAMES = """
SELECT DISTINCT ?name WHERE {
    VALUES ?p { <http://www.w3.org/2000/01/rdf-schema#label>
                <http://www.w3.org/2004/02/skos/core#altLabel>
                <http://purl.org/dc/terms/title> <http://purl.org/dc/terms/publisher>
                <http://purl.org/dc/terms/creator> }
    ?thing ?p ?name . FILTER(isLiteral(?name))
}"""
#: Names of formats the pages mention, as their makers write them.
FORMAT_NAMES = {"CSL JSON"}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")


def english_prose(page: str) -> list[str]:
    """Runs of English words a reader meets, outside text marked with another language,
    code, form choices and scripts."""
    body = page.split("<body>", 1)[1]
    body = re.sub(
        r"<(script|style|code|pre|option|datalist|svg)\b[^>]*>.*?</\1>", "", body, flags=re.S
    )
    body = re.sub(r'<(\w+)\b[^>]*\blang="(?!zh)[^"]*"[^>]*>.*?</\1>', "", body, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    text = re.sub(r"（[A-Za-z .&'-]+）", "", text)  # noqa: RUF001 (a source named in brackets)
    return re.findall(r"[A-Za-z]{3,}(?:[ -][A-Za-z]{3,})+", text)


def test_no_english_prose_on_the_chinese_pages(server, engine):
    names = [row["name"].value for row in engine.run(NAMES).rows]
    pages = ["/", "/search?q=gallium", "/editor", "/id/gallium", "/id/taiwan"]
    pages += [f"/questions/{q.name}" for q in all_questions()]
    found = {}
    for address in pages:
        joiner = "&" if "?" in address else "?"
        _, _, body = fetch(f"{server}{address}{joiner}lang=zh-Hant")
        prose = [
            phrase
            for phrase in english_prose(body.decode())
            if not SLUG.fullmatch(phrase)  # an address
            and phrase not in FORMAT_NAMES
            and not any(phrase in name for name in names)  # a name or title
        ]
        if prose:
            found[address] = sorted(set(prose))
    assert not found, found
