"""The ``mingraph`` command: a thin layer over the library's plain functions.

Exit codes (GUIDE §1): 0 success; 1 the data does not conform; 2 bad input.
"""

from __future__ import annotations

import json

import click

from mingraph import __version__
from mingraph.loading import InputError, load_graph
from mingraph.stats import graph_statistics


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
