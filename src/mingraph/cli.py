"""The ``mingraph`` command: a thin layer over the library's plain functions.

The subcommands live in :mod:`mingraph.commands`, one module per command group.
Exit codes (GUIDE §1): 0 success; 1 the data does not conform; 2 bad input: usage,
unknown question, bad parameter value, unparsable file or query, refused operation.
"""

from __future__ import annotations

import importlib

import click

from mingraph import __version__
from mingraph.build import CacheError, DataDoesNotConform
from mingraph.catalogue import UnknownQuestion
from mingraph.commands.common import LANGUAGES, BadInput, graph_options, remember, say
from mingraph.errors import QueryError
from mingraph.inputs import InputError
from mingraph.printable import one_line
from mingraph.resolve import BadParameter

#: Each command, by name: the module of ``mingraph.commands`` that holds it and its name
#: there. A command's module is imported when the command runs (or help lists it), so
#: that 'mingraph ask' does not import the charts, the server or the search.
COMMANDS = {
    "stats": ("graph", "stats"),
    "validate": ("graph", "validate"),
    "build": ("graph", "build"),
    "export": ("graph", "export"),
    "questions": ("questions", "questions"),
    "ask": ("questions", "ask"),
    "query": ("query", "query"),
    "describe": ("questions", "describe"),
    "search": ("search", "search_command"),
    "vocab": ("vocab", "vocab"),
    "prefixes": ("prefixes", "prefixes"),
    "cite": ("cite", "cite"),
    "serve": ("serve", "serve"),
    "chart": ("chart", "chart"),
    "template": ("tabular", "template"),
    "import": ("tabular", "import_command"),
}


class MingraphGroup(click.Group):
    """Turns every failure raised below into one line on stderr and an exit code.

    Refusals and failures of inputs, queries, the cache and endpoints exit 2; data
    that does not conform exits 1. No failure prints a traceback.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name]
        return getattr(importlib.import_module(f"mingraph.commands.{module}"), attribute)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.ClickException as error:
            raise _one_line(error) from None

    def invoke(self, ctx: click.Context):
        _keep_library_logs_off_the_terminal()
        try:
            return super().invoke(ctx)
        except DataDoesNotConform as error:
            say(f"Error: {error}", err=True)
            ctx.exit(1)
        except click.ClickException as error:  # a usage error or a refusal may quote the input
            raise _one_line(error) from None
        except (click.exceptions.Exit, click.Abort):
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


def _one_line(error: click.ClickException) -> click.ClickException:
    error.message = one_line(error.message)
    return error


def _keep_library_logs_off_the_terminal() -> None:
    """rdflib logs what it meets (an ill-typed literal, an IRI with a space) with the raw
    value and a traceback, through Python's last-resort handler to stderr; mingraph says
    what matters in one line of its own, so those records go nowhere."""
    import logging

    for name in ("rdflib", "pyshacl", "owlrl"):
        logger = logging.getLogger(name)
        logger.propagate = False
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())


@click.group(
    cls=MingraphGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    params=[
        *graph_options(),
        click.Option(
            ["--lang"],
            type=click.Choice(LANGUAGES, case_sensitive=False),
            help="Language of labels for the commands that show them: en or zh-Hant.",
            callback=remember("lang"),
            expose_value=False,
        ),
        click.Option(
            ["--format"],
            metavar="FORMAT",
            help="Output format, for the commands that take one (see each command's --help).",
            callback=remember("format"),
            expose_value=False,
        ),
    ],
)
@click.version_option(__version__, prog_name="mingraph")
def main() -> None:
    """Ask questions of a knowledge graph of critical-minerals policy.

    mingraph holds China's quotas, taxes, licences and export controls on rare
    earths, gallium, germanium, graphite and antimony, and the partnerships that
    answer them, from 1998 to its newest source (2026-06-22), each fact with the
    words it comes from: the article's own words as a verbatim quote, or, for a
    public source, the summary in the record row (D03) that names the documents,
    shown as a summary of them by publisher, title and date, never as their words.

    Start with 'mingraph questions', then 'mingraph ask NAME --help'. The options
    below may also follow the command's name.
    """
