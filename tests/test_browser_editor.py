"""The SPARQL editor in a real browser says what went wrong: a syntax error with its
line and column, an unknown term with the one meant, a parameter still to set; the
graph's IRIs in an answer open their pages here; and opened from a link that names
another endpoint, the query comes along, the endpoint does not (no request leaves the
server)."""

from __future__ import annotations

import urllib.parse

from test_browser import screenshot

from mingraph.catalogue import question_names
from mingraph.iris import MG

DECLARE_MG = f"PREFIX mg: <{MG}>\n"
BAD_QUERY = DECLARE_MG + "SELECT ?s WHERE {\n  ?s a mg:Policy\n"
MISSPELT = DECLARE_MG + "SELECT ?s WHERE { ?s a mg:Polcy }\n"


def type_query(page, text: str) -> None:
    """Replace the editor's text as a user does: select all, then type."""
    page.click(".CodeMirror-code")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)  # as typed, without the editor closing brackets
    page.click(".yasqe_queryButton")


def test_a_syntax_error_is_shown_with_its_line_and_column(page, server):
    page.goto(server + "/editor")
    page.wait_for_selector(".CodeMirror")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    type_query(page, BAD_QUERY)
    shown = page.wait_for_selector("#editor-error:not([hidden])").inner_text()
    assert "The query cannot run: line 2, column 17." in shown, shown
    assert "the '{' opened here is never closed; add '}'" in shown
    assert page.query_selector(".CodeMirror .error-line"), "the line is marked in the editor"
    assert not errors, errors
    screenshot(page, "20-editor-syntax-error")


def test_a_misspelt_term_gets_a_warning_naming_the_term_meant(page, server):
    page.goto(server + "/editor?lang=zh-Hant")
    page.wait_for_selector(".CodeMirror")
    type_query(page, MISSPELT)
    shown = page.wait_for_selector("#editor-warnings:not([hidden])").inner_text()
    assert "警告：" in shown  # noqa: RUF001 (Chinese punctuation) and "did you mean mg:Policy?" in shown
    assert page.get_attribute("#editor-warnings span", "lang") == "en"
    assert page.is_hidden("#editor-error")
    screenshot(page, "21-editor-warning-zh")


def test_the_default_query_is_in_view_warns_of_nothing_and_links_here(page, server):
    page.goto(server + "/editor")
    page.wait_for_selector(".CodeMirror")
    first_lines = page.inner_text(".CodeMirror-code").splitlines()[:8]
    assert any(line.startswith("SELECT") for line in first_lines), first_lines
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table tbody tr")
    assert page.is_hidden("#editor-warnings")
    links = [a.get_attribute("href") for a in page.query_selector_all(".yasr table tbody a")]
    assert links and all(link.startswith("/id/") for link in links), links[:3]


def test_an_example_says_which_parameter_to_set(page, server):
    page.goto(server + "/editor")
    page.wait_for_selector(".CodeMirror")
    page.click("button.example >> nth=" + str(question_names().index("controls-in-force")))
    banner = page.wait_for_selector("#editor-needs:not([hidden])").inner_text()
    assert "?_date_xsd_date" in banner
    query = page.evaluate("yasgui.getTab().getQuery()")
    assert '"en"' in query and "?__lang" not in query, "the label language is filled in"


def test_a_link_cannot_send_the_editors_query_to_another_host(page, server):
    query = f"SELECT ?m WHERE {{ ?m a <{MG}Mineral> }} ORDER BY ?m"
    elsewhere = "http://127.0.0.1:9/sparql"
    fragment = urllib.parse.urlencode(
        {"endpoint": elsewhere, "query": query, "requestMethod": "GET", "headers": "{}"}
    )
    with page.expect_response(lambda r: r.url.startswith(f"{server}/sparql")) as answer:
        page.goto(f"{server}/editor#{fragment}")
    assert answer.value.status == 200
    assert "Mineral" in page.inner_text(".yasqe")
    # the page fixture fails the test if any request went to another host
