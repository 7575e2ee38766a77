"""The ``mingraph`` command: a thin layer over the library's plain functions.

The subcommands live in :mod:`mingraph.commands`, one module per command group.
Exit codes (GUIDE §1): 0 success; 1 the data does not conform; 2 bad input: usage,
unknown question, bad parameter value, unparsable file or query, refused operation.
"""

from __future__ import annotations

import click

from mingraph import __version__
from mingraph.build import DataDoesNotConform
from mingraph.catalogue import UnknownQuestion
from mingraph.commands import chart, graph, query, questions
from mingraph.commands.common import BadInput
from mingraph.engines import QueryError
from mingraph.inputs import InputError
from mingraph.resolve import BadParameter


class MingraphGroup(click.Group):
    """Turns refusals raised anywhere below into a clear message and exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (InputError, QueryError, BadParameter, UnknownQuestion) as error:
            raise BadInput(str(error)) from None
        except DataDoesNotConform as error:
            click.echo(f"Error: {error}", err=True)
            ctx.exit(1)


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
@click.option(
    "--engine",
    type=click.Choice(["oxigraph", "rdflib"]),
    default="oxigraph",
    show_default=True,
    help="Query engine: pyoxigraph (fast) or rdflib (the reference).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop a question or query that runs longer than this (exit 2).",
)
@click.option(
    "--endpoint",
    metavar="URL",
    help="Ask a SPARQL 1.1 Protocol endpoint (loaded with 'mingraph export') instead.",
)
@click.pass_context
def main(
    ctx: click.Context,
    data_paths: tuple[str, ...],
    engine: str,
    timeout: float,
    endpoint: str | None,
) -> None:
    """Ask questions of a knowledge graph of critical-minerals policy.

    mingraph holds China's quotas, taxes, licences and export controls on rare
    earths, gallium, germanium, graphite and antimony, and the partnerships that
    answer them, from 1998 to its newest source (2026-04-20), each fact with the
    quote it comes from.

    Start with 'mingraph questions', then 'mingraph ask NAME --help'.
    """
    if endpoint and data_paths:
        raise BadInput("--data adds files to the local graph; an --endpoint has its own data")
    ctx.obj = {
        "data_paths": data_paths,
        "engine": engine,
        "endpoint": endpoint,
        "timeout": timeout,
    }


for command in (
    graph.stats,
    graph.validate,
    graph.build,
    graph.export,
    questions.questions,
    questions.ask,
    query.query,
    questions.describe,
    chart.chart,
):
    main.add_command(command)
