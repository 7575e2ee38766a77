"""What the subcommands share: refusals, the engine, the time limit, writing answers."""

from __future__ import annotations

import os
import shutil
import sys
import threading

import click

from mingraph.build import Prepared, prepare_store
from mingraph.engines import EndpointEngine, Engine, OxigraphEngine, RdflibEngine
from mingraph.formats import (
    BOOLEAN_FORMATS,
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    write_boolean,
    write_solutions,
    write_triples,
)
from mingraph.progress import Progress
from mingraph.results import Boolean, Solutions, Triples


class BadInput(click.ClickException):
    """A refusal caused by the user's input: exit code 2, message on stderr."""

    exit_code = 2


def prepare(ctx: click.Context, message: str = "first use, or its inputs changed") -> Prepared:
    """The built graph for this invocation, built now if stale (within --timeout, if given)."""
    if "prepared" not in ctx.obj:

        def announce() -> None:
            click.echo(f"mingraph: building the graph ({message})", err=True)

        def work() -> Prepared:
            with Progress() as progress:
                return prepare_store(ctx.obj["data_paths"], progress.stage, announce)

        seconds = ctx.obj["build_timeout"]
        prepared = work() if seconds is None else bounded(ctx, work, seconds, "the build")
        ctx.obj["prepared"] = prepared
    return ctx.obj["prepared"]


def open_engine(ctx: click.Context) -> Engine:
    """The engine for this invocation, building the cached graph first if it is stale."""
    if "engine_instance" in ctx.obj:
        return ctx.obj["engine_instance"]
    if ctx.obj["endpoint"]:
        engine: Engine = EndpointEngine(ctx.obj["endpoint"], ctx.obj["timeout"])
    elif ctx.obj["engine"] == "rdflib":
        from mingraph.store import to_rdflib_graph

        engine = RdflibEngine(to_rdflib_graph(prepare(ctx).store))
    else:
        engine = OxigraphEngine(prepare(ctx).store)
    ctx.obj["engine_instance"] = engine
    return engine


def bounded(ctx: click.Context, function, seconds: float | None = None, what: str = "the query"):
    """Run trusted work within ``seconds`` (--timeout); past it, report and end (exit 2).

    For canned questions and builds, whose text mingraph wrote: the work runs in a
    thread, which cannot be stopped from Python, so the process ends and the next
    command starts afresh. A stranger's query goes to :func:`mingraph.sandbox.run_untrusted`.
    """
    seconds = ctx.obj["timeout"] if seconds is None else seconds
    outcome: dict = {}

    def work() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:  # handed to the caller below
            outcome["error"] = error

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        click.echo(
            f"Error: {what} ran longer than {seconds:g} s and was stopped "
            "(--timeout sets the limit)",
            err=True,
        )
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(BadInput.exit_code)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


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
        text = write_solutions(
            answer,
            fmt,
            width=terminal_width(),
            max_rows=TABLE_ROWS,
            spreadsheet_safe=click.get_current_context().obj.get("spreadsheet_safe", False),
        )
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
