"""Messages that teach: an unclosed bracket is said where it opens, not as
"expected select query"."""

from __future__ import annotations

from click.testing import CliRunner

from mingraph.cli import main
from mingraph.sparql_errors import locate_syntax_error


def test_an_unclosed_brace_is_said_where_it_opens():
    result = CliRunner().invoke(main, ["query", "SELECT ?s WHERE {\n  ?s a mg:Policy"])
    assert result.exit_code == 2
    assert "(line 1, column 17): the '{' opened here is never closed; add '}'" in result.stderr
    assert "select query" not in result.stderr


def test_an_inner_bracket_left_open_is_the_one_named():
    said = locate_syntax_error("SELECT ?s WHERE { ?s a ?o . FILTER((?s) }")
    assert said and "(line 1, column 35): the '(' opened here is never closed" in said
    assert locate_syntax_error('SELECT ?s WHERE { ?s ?p "{" }') is None  # in a string


def test_every_parameter_is_explained_in_words():
    from mingraph.catalogue import all_questions

    for question in all_questions():
        shown = CliRunner().invoke(main, ["ask", question.name, "--help"], terminal_width=100)
        assert shown.exit_code == 0 and "Value of ?" not in shown.output, question.name
        assert "?_" not in shown.output, question.name


def test_an_empty_membership_list_names_the_other_roles():
    for lang, expected in (
        ("en", "Hint: a member of no initiative, but it takes part in: Pax Silica"),
        ("zh-Hant", "提示：無成員身分，但以其他角色參與：Pax Silica"),  # noqa: RUF001
    ):
        result = CliRunner().invoke(
            main, ["ask", "memberships", "--country", "台湾", "--lang", lang, "--format", "table"]
        )
        assert result.exit_code == 0 and "0 rows" in result.stdout
        assert expected in result.stderr, result.stderr
    members = CliRunner().invoke(main, ["ask", "memberships", "--country", "japan"])
    assert members.exit_code == 0 and "Hint" not in members.stderr
