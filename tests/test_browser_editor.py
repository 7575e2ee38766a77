"""The SPARQL editor in a real browser says what went wrong: a syntax error with its
line and column, an unknown term with the one meant, a parameter still to set; and
the graph's IRIs in an answer open their pages here."""

from __future__ import annotations

from test_browser import screenshot

from mingraph.catalogue import question_names

MG = "PREFIX mg: <https://w3id.org/mingraph/ontology#>\n"
BAD_QUERY = MG + "SELECT ?s WHERE {\n  ?s a mg:Policy\n"
MISSPELT = MG + "SELECT ?s WHERE { ?s a mg:Polcy }\n"


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
