"""What the subcommands share: global options, refusals, the engine, the time limit, output.

The global options (``--data``, ``--engine``, ``--timeout``, ``--endpoint``, and
``--lang`` and ``--format`` where a command has them) are accepted before or after
the subcommand: each command carries them too, and what is given anywhere lands in
one settings dictionary, ``ctx.obj``.
"""

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


#: The settings before any option is given.
SETTINGS = {
    "data_paths": (),
    "engine": "oxigraph",
    "timeout": 30.0,
    "endpoint": None,
    "lang": None,
    "format": None,
}


def remember(key: str):
    """An option callback that records its value in the settings (``ctx.obj``)."""

    def callback(ctx: click.Context, param: click.Parameter, value):
        settings = ctx.ensure_object(dict)
        for name, default in SETTINGS.items():
            settings.setdefault(name, default)
        if key == "data_paths":
            settings[key] = (*settings[key], *value)
        elif value is not None:
            settings[key] = value
        if settings["endpoint"] and settings["data_paths"]:
            raise BadInput("--data adds files to the local graph; an --endpoint has its own data")

    return callback


def graph_options() -> list[click.Option]:
    """--data, --engine, --timeout and --endpoint, for the group and each command."""
    return [
        click.Option(
            ["--data", "data_paths"],
            multiple=True,
            type=click.Path(path_type=str),
            metavar="PATH",
            help="A Turtle (or other RDF) file or folder to add to the shipped data. Repeatable.",
            callback=remember("data_paths"),
            expose_value=False,
        ),
        click.Option(
            ["--engine"],
            type=click.Choice(["oxigraph", "rdflib"]),
            help="Query engine: oxigraph (fast, the default) or rdflib (the reference).",
            callback=remember("engine"),
            expose_value=False,
        ),
        click.Option(
            ["--timeout"],
            type=click.FloatRange(min=0.1),
            metavar="SECONDS",
            help="Stop a question or query that runs longer than this (exit 2; 30 by default).",
            callback=remember("timeout"),
            expose_value=False,
        ),
        click.Option(
            ["--endpoint"],
            metavar="URL",
            help="Ask a SPARQL 1.1 Protocol endpoint (loaded with 'mingraph export') instead.",
            callback=remember("endpoint"),
            expose_value=False,
        ),
    ]


def with_graph_options(command: click.Command) -> click.Command:
    """Let ``command`` take the global graph options after its name too."""
    command.params.extend(graph_options())
    return command


def chosen_format(ctx: click.Context, given: str | None, allowed, default: str | None):
    """The format given to the command, else to ``mingraph``, else ``default``; refused if
    the command does not write it."""
    fmt = given or ctx.obj.get("format") or default
    if fmt is not None and fmt not in allowed:
        raise BadInput(f"--format {fmt}: {ctx.info_name} writes {', '.join(allowed)}")
    return fmt


def chosen_language(ctx: click.Context, given: str | None, default: str = "en") -> str:
    """The label language given to the command, else to ``mingraph``, else ``default``."""
    return given or ctx.obj.get("lang") or default


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
    "table, records or md for people (table is the default at a terminal, csv otherwise; "
    "a table too wide for the terminal comes as records, one field a line); "
    "csv, tsv, json or xml in the W3C SPARQL results formats."
)


def echo_result(
    answer: Solutions | Boolean | Triples, fmt: str | None, hidden: tuple[str, ...] = ()
) -> None:
    """Write an answer; ``hidden`` columns are left out of the formats for people."""
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
            answer, fmt, width=terminal_width(), max_rows=TABLE_ROWS, hidden=hidden
        )
    click.echo(text, nl=not text.endswith("\n"))


LANGUAGES = ("en", "zh-Hant", "zh")


def language_option(default: str = "en") -> click.Option:
    return click.Option(
        ["--lang"],
        type=click.Choice(LANGUAGES, case_sensitive=False),
        help=f"Language of labels: en or zh-Hant (zh works too); {default} by default.",
    )


def format_option(choices=SOLUTION_FORMATS, help_text: str = FORMAT_HELP) -> click.Option:
    return click.Option(["--format", "output_format"], type=click.Choice(choices), help=help_text)


table_or_json = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    help="table for people (the default), json for programs.",
)
