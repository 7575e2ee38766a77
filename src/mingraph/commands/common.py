"""What the subcommands share: refusals, the engine, the time limit, writing answers."""

from __future__ import annotations

import os
import shutil
import sys

import click

from mingraph.build import build_store
from mingraph.engines import EndpointEngine, Engine, OxigraphEngine, RdflibEngine
from mingraph.formats import (
    BOOLEAN_FORMATS,
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    write_boolean,
    write_solutions,
    write_triples,
)
from mingraph.guard import QueryTimeout, run_with_timeout
from mingraph.progress import Progress
from mingraph.results import Boolean, Solutions, Triples


class BadInput(click.ClickException):
    """A refusal caused by the user's input: exit code 2, message on stderr."""

    exit_code = 2


def open_engine(ctx: click.Context) -> Engine:
    """The engine for this invocation, building the cached graph first if it is stale."""
    if "engine_instance" in ctx.obj:
        return ctx.obj["engine_instance"]
    if ctx.obj["endpoint"]:
        engine: Engine = EndpointEngine(ctx.obj["endpoint"], ctx.obj["timeout"])
    else:

        def announce() -> None:
            click.echo("mingraph: building the graph (first use, or its inputs changed)", err=True)

        with Progress() as progress:
            store, _ = build_store(ctx.obj["data_paths"], progress.stage, announce)
        if ctx.obj["engine"] == "rdflib":
            from mingraph.store import to_rdflib_graph

            engine = RdflibEngine(to_rdflib_graph(store))
        else:
            engine = OxigraphEngine(store)
    ctx.obj["engine_instance"] = engine
    return engine


def bounded(ctx: click.Context, function):
    """Run ``function`` within --timeout; past it, report and end the process (exit 2).

    The runaway evaluation cannot be stopped from Python, so the process ends; the
    next command starts afresh and is unaffected.
    """
    try:
        return run_with_timeout(function, ctx.obj["timeout"])
    except QueryTimeout as error:
        click.echo(f"Error: {error}", err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(BadInput.exit_code)


def terminal_width() -> int:
    return shutil.get_terminal_size((120, 24)).columns


def default_format() -> str:
    return "table" if sys.stdout.isatty() else "csv"


#: Rows a table for people shows; machine formats are always complete.
TABLE_ROWS = 200

FORMAT_HELP = (
    "table or md for people (table is the default at a terminal, csv otherwise); "
    "csv, tsv, json or xml in the W3C SPARQL results formats."
)


def echo_result(answer: Solutions | Boolean | Triples, fmt: str | None) -> None:
    if isinstance(answer, Triples):
        fmt = {None: "ttl", "json": "jsonld"}.get(fmt, fmt)
        if fmt not in GRAPH_FORMATS:
            raise BadInput(f"a graph answer comes as {', '.join(GRAPH_FORMATS)}, not {fmt}")
        click.echo(write_triples(answer, fmt), nl=False)
        return
    if isinstance(answer, Boolean):
        fmt = fmt or ("table" if sys.stdout.isatty() else "json")
        if fmt not in BOOLEAN_FORMATS:
            raise BadInput(
                f"an ASK answer comes as json or xml, not {fmt}: the W3C CSV and TSV results "
                "formats define no boolean (table or md show it to people)"
            )
    fmt = fmt or default_format()
    if fmt not in SOLUTION_FORMATS:
        raise BadInput(f"a table answer comes as {', '.join(SOLUTION_FORMATS)}, not {fmt}")
    if isinstance(answer, Boolean):
        text = write_boolean(answer, fmt)
    else:
        text = write_solutions(answer, fmt, width=terminal_width(), max_rows=TABLE_ROWS)
    click.echo(text, nl=not text.endswith("\n"))


def language_option(default: str = "en") -> click.Option:
    return click.Option(
        ["--lang"],
        type=click.Choice(["en", "zh-Hant", "zh"], case_sensitive=False),
        default=default,
        show_default=True,
        help="Language of labels: en or zh-Hant (zh works too).",
    )


def format_option(choices=SOLUTION_FORMATS, help_text: str = FORMAT_HELP) -> click.Option:
    return click.Option(["--format", "output_format"], type=click.Choice(choices), help=help_text)


table_or_json = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for programs.",
)
