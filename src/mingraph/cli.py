"""The ``mingraph`` command: a thin layer over the library's plain functions.

Exit codes (GUIDE §1): 0 success; 1 the data does not conform; 2 bad input.
"""

from __future__ import annotations

import json
import os

import click

from mingraph import __version__
from mingraph.loading import InputError, load_graph
from mingraph.progress import Progress
from mingraph.stats import graph_statistics
from mingraph.validation import Report, validate_paths


class BadInput(click.ClickException):
    """A refusal caused by the user's input: exit code 2, message on stderr."""

    exit_code = 2


class MingraphGroup(click.Group):
    """Turns unreadable inputs raised anywhere below into a clear exit 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as error:
            raise BadInput(str(error)) from None


@click.group(cls=MingraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mingraph")
@click.option(
    "--data",
    "data_paths",
    multiple=True,
    type=click.Path(path_type=str),
    metavar="PATH",
    help="A Turtle (or other RDF) file or folder to add to the shipped data. Repeatable.",
)
@click.pass_context
def main(ctx: click.Context, data_paths: tuple[str, ...]) -> None:
    """Ask questions of a knowledge graph of critical-minerals policy.

    mingraph holds China's quotas, taxes, licences and export controls on rare
    earths, gallium, germanium, graphite and antimony (1998-2024), and the
    partnerships that answer them, each fact with the quote it comes from.
    """
    ctx.obj = {"data_paths": data_paths}


@main.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for programs.",
)
@click.pass_context
def stats(ctx: click.Context, output_format: str) -> None:
    """Count triples, entities per class, quotes, corrections and refinements."""
    figures = graph_statistics(load_graph(ctx.obj["data_paths"]))
    if output_format == "json":
        click.echo(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    click.echo(f"triples      {figures['triples']}")
    click.echo(f"quotes       {figures['quotes']}")
    click.echo(f"corrections  {figures['corrections']}")
    click.echo(f"refinements  {figures['refinements']}")
    click.echo("entities per class:")
    for name, count in figures["entities_per_class"].items():
        click.echo(f"  {name:<22} {count}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "ttl"]),
    default="text",
    show_default=True,
    help="text for people; json for programs; ttl for the SHACL validation report graph.",
)
@click.pass_context
def validate(ctx: click.Context, paths: tuple[str, ...], output_format: str) -> None:
    """Check data against mingraph's SHACL shapes and quality checks.

    With no PATH, checks the data mingraph uses: the shipped data and any --data
    paths. Each PATH (a Turtle or other RDF file, or a folder of them) is checked
    together with the ontology and the shipped data, so it may refer to shipped
    entities. Files are only read, never written.

    Exit status: 0 when everything conforms, 1 when a rule is broken, 2 when an
    input cannot be read (the message gives file, line and column).
    """
    with Progress() as progress:
        report = validate_paths([*ctx.obj["data_paths"], *paths], stage=progress.stage)
    if output_format == "json":
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    elif output_format == "ttl":
        click.echo(report.graph.serialize(format="turtle"))
    else:
        click.echo(format_report(report))
    ctx.exit(0 if report.conforms else 1)


def format_report(report: Report) -> str:
    """The report for people: problems grouped by file, then by entity."""
    if report.conforms:
        return f"Conforms: {len(report.files)} files checked, no problems."
    lines: list[str] = []
    current_file = current_entity = None
    for problem in report.problems:
        if problem.file != current_file:
            current_file, current_entity = problem.file, None
            lines.append(("\n" if lines else "") + display_path(problem.file))
        if problem.entity != current_entity:
            current_entity = problem.entity
            lines.append(f"  {problem.entity}")
        where = ", ".join(
            part
            for part in (
                f"property {problem.path}" if problem.path else "",
                f"value {problem.value}" if problem.value else "",
            )
            if part
        )
        lines.append(
            f"    - {problem.rule_name} [{problem.rule}]" + (f" ({where})" if where else "")
        )
        lines.append(f"      {problem.message}")
    files = len({p.file for p in report.problems})
    lines.append(
        f"\n{len(report.problems)} problem(s) in {files} file(s): the data does not conform."
    )
    return "\n".join(lines)


def display_path(path: str) -> str:
    """The path relative to the working directory when the file lies below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative
