"""The ``mingraph`` command: a thin layer over the library's plain functions.

The subcommands live in :mod:`mingraph.commands`, one module per command group.
Exit codes (GUIDE §1): 0 success; 1 the data does not conform; 2 bad input: usage,
unknown question, bad parameter value, unparsable file or query, refused operation.
"""

from __future__ import annotations

import click

from mingraph import __version__
from mingraph.build import CacheError, DataDoesNotConform
from mingraph.catalogue import UnknownQuestion
from mingraph.commands import graph, query, questions
from mingraph.commands.common import BadInput
from mingraph.errors import QueryError
from mingraph.inputs import InputError
from mingraph.printable import one_line
from mingraph.resolve import BadParameter

#: --timeout when none is given: for queries; a build then has no limit.
QUERY_TIMEOUT = 30.0


class MingraphGroup(click.Group):
    """Turns every failure raised below into one line on stderr and an exit code.

    Refusals and failures of inputs, queries, the cache and endpoints exit 2; data
    that does not conform exits 1. No failure prints a traceback.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DataDoesNotConform as error:
            click.echo(f"Error: {error}", err=True)
            ctx.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (InputError, QueryError, BadParameter, UnknownQuestion, CacheError) as error:
            raise BadInput(one_line(str(error))) from None
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            raise BadInput(one_line(f"{where}{error.strerror or error}")) from None
        except MemoryError:
            raise BadInput("out of memory: the input or the answer is too large") from None
        except Exception as error:  # the last resort: still one line, never a traceback
            raise BadInput(one_line(f"unexpected {type(error).__name__}: {error}")) from None


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
    metavar="SECONDS",
    help="Stop a question or query that runs longer than this (exit 2; default 30). "
    "Given, it bounds building the graph too.",
)
@click.option(
    "--endpoint",
    metavar="URL",
    help="Ask a SPARQL 1.1 Protocol endpoint (loaded with 'mingraph export') instead.",
)
@click.option(
    "--spreadsheet-safe",
    is_flag=True,
    help="In csv output, put ' before a value starting with = + - @ so that a "
    "spreadsheet shows it instead of running it as a formula.",
)
@click.pass_context
def main(
    ctx: click.Context,
    data_paths: tuple[str, ...],
    engine: str,
    timeout: float | None,
    endpoint: str | None,
    spreadsheet_safe: bool,
) -> None:
    """Ask questions of a knowledge graph of critical-minerals policy.

    mingraph holds China's quotas, taxes, licences and export controls on rare
    earths, gallium, germanium, graphite and antimony (1998-2024), and the
    partnerships that answer them, each fact with the quote it comes from.

    Start with 'mingraph questions', then 'mingraph ask NAME --help'.
    """
    if endpoint and data_paths:
        raise BadInput("--data adds files to the local graph; an --endpoint has its own data")
    ctx.obj = {
        "data_paths": data_paths,
        "engine": engine,
        "endpoint": endpoint,
        "timeout": QUERY_TIMEOUT if timeout is None else timeout,
        "build_timeout": timeout,
        "spreadsheet_safe": spreadsheet_safe,
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
):
    main.add_command(command)
