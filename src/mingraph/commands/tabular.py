"""Spreadsheets in and out: ``template`` writes one to fill, ``import`` reads one back."""

from __future__ import annotations

from pathlib import Path

import click

from mingraph.commands.common import (
    BadInput,
    chosen_language,
    emit,
    open_engine,
    say,
    with_graph_options,
)
from mingraph.printable import printable
from mingraph.tabular.declaration import kind_names

SPREADSHEET = click.Path(dir_okay=False, path_type=Path)


def _spreadsheet_path(path: Path) -> Path:
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise BadInput(f"{path}: write a .csv or .xlsx file")
    return path


@with_graph_options
@click.command()
@click.argument("kind", type=click.Choice(kind_names()))
@click.option(
    "-o", "--output", type=SPREADSHEET, required=True, help="The .csv or .xlsx file to write."
)
@click.pass_context
def template(ctx: click.Context, kind: str, output: Path) -> None:
    """Write an empty spreadsheet template of KIND to fill in Excel or LibreOffice.

    The first two rows name the columns in English and Traditional Chinese, the
    third says what each column takes (date forms, instrument codes, how to name a
    mineral or country), and two worked examples from the graph follow; their first
    column marks them, so they are skipped when the file is read. Add your rows
    below, then read the file with 'mingraph --data FILE ask …' or 'mingraph import'.
    """
    from mingraph.tabular.declaration import load_kind
    from mingraph.tabular.templates import template_rows, write_template

    declared = load_kind(kind)
    write_template(
        template_rows(open_engine(ctx), declared, filled=False), _spreadsheet_path(output), declared
    )
    say(f"wrote the {kind} template to {output}", err=True)


@with_graph_options
@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the Turtle here instead of standard output.",
)
@click.option(
    "--lang",
    "lang",
    type=click.Choice(("en", "zh-Hant")),
    help="Language of the problems reported.",
)
@click.pass_context
def import_command(ctx: click.Context, path: Path, output: Path | None, lang: str | None) -> None:
    """Turn a filled template (CSV or XLSX) into Turtle, for review or a pull request.

    Each cell is checked as 'mingraph ask' checks a value (a mineral, country or
    initiative by name, code or QID; dates at their precision), then the rows are
    validated with the graph's SHACL shapes and quality checks. Every problem is
    reported by row, column and field; a file with any problem writes nothing.
    """
    from mingraph.inputs import read_input
    from mingraph.tabular.importing import TemplateProblems, import_file, to_turtle
    from mingraph.tabular.validation import check_imported

    lang = chosen_language(ctx, lang)
    lang = "zh-Hant" if lang.startswith("zh") else "en"
    try:
        imported = import_file(path, read_input(path), open_engine(ctx), lang)
        check_imported(path, imported, ctx.obj["data_paths"], lang)
    except TemplateProblems as problems:
        for line in problems.lines:
            say(line, err=True)
        raise BadInput(
            f"{len(problems.lines)} problem(s) in {printable(str(path))}: nothing written"
        ) from None
    text = to_turtle(imported)
    if output:
        output.write_text(text, encoding="utf-8")
        say(
            f"wrote {len(imported.rows_by_entity)} entities to {output}", err=True
        )
    else:
        emit(text, nl=False)
