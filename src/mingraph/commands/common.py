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
import threading

import click

from mingraph.build import Prepared, prepare_store
from mingraph.engines import EndpointEngine, Engine, RdflibEngine
from mingraph.formats import (
    BOOLEAN_FORMATS,
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    Page,
    write_boolean,
    write_solutions,
    write_triples,
)
from mingraph.printable import printable
from mingraph.progress import Progress
from mingraph.results import Boolean, Solutions, Triples


class BadInput(click.ClickException):
    """A refusal caused by the user's input: exit code 2, message on stderr."""

    exit_code = 2


def prepare(ctx: click.Context, message: str = "first use, or its inputs changed") -> Prepared:
    """The built graph for this invocation, built now if stale (within --timeout, if given)."""
    if "prepared" not in ctx.obj:

        def announce() -> None:
            say(f"mingraph: building the graph ({message})", err=True)

        def work() -> Prepared:
            with Progress() as progress:
                return prepare_store(
                    ctx.obj["data_paths"],
                    progress.stage,
                    announce,
                    note=lambda line: say(f"mingraph: {line}", err=True),
                )

        seconds = ctx.obj["build_timeout"]
        prepared = work() if seconds is None else bounded(ctx, work, seconds, "the build")
        ctx.obj["prepared"] = prepared
    return ctx.obj["prepared"]


#: The settings before any option is given.
SETTINGS = {
    "data_paths": (),
    "engine": "oxigraph",
    "timeout": 30.0,
    "build_timeout": None,
    "endpoint": None,
    "spreadsheet_safe": False,
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
            if key == "timeout":  # given, --timeout bounds building the graph too
                settings["build_timeout"] = value
        if settings["endpoint"] and settings["data_paths"]:
            raise BadInput("--data adds files to the local graph; an --endpoint has its own data")

    return callback


def graph_options() -> list[click.Option]:
    """--data, --engine, --timeout, --endpoint and --spreadsheet-safe, for the group and
    each command."""
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
        click.Option(
            ["--spreadsheet-safe"],
            is_flag=True,
            default=None,
            help="In csv output, put ' before a value starting with = + - @ so that a "
            "spreadsheet shows it instead of running it as a formula.",
            callback=remember("spreadsheet_safe"),
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
    elif ctx.obj["engine"] == "rdflib":
        from mingraph.store import to_rdflib_graph

        engine = RdflibEngine(to_rdflib_graph(prepare(ctx).store))
    else:
        engine = prepare(ctx).engine()
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
        say(
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


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Write text for people (a listing, a report, a warning): every control character and
    bidi control from the data, an endpoint or the user shown as a visible escape."""
    click.echo(printable(text), err=err, nl=nl)


def emit(text: str, *, nl: bool = True) -> None:
    """Write a machine format (CSV, JSON, Turtle, a query) to standard output: exact to a
    file or a pipe (``color=True`` keeps click from deleting what looks like a colour
    code from the data), through the same escaping as text for people at a terminal."""
    click.echo(printable(text) if sys.stdout.isatty() else text, nl=nl, color=True)


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
    answer: Solutions | Boolean | Triples,
    fmt: str | None,
    hidden: tuple[str, ...] = (),
    page: Page | None = None,
) -> None:
    """Write an answer; ``hidden`` columns are left out of the formats for people, and
    ``page`` says where the rows stand among all (a page of a longer answer)."""
    if isinstance(answer, Triples):
        fmt = {None: "ttl", "json": "jsonld"}.get(fmt, fmt)
        if fmt not in GRAPH_FORMATS:
            raise BadInput(f"a graph answer comes as {', '.join(GRAPH_FORMATS)}, not {fmt}")
        emit(write_triples(answer, fmt), nl=False)
        return
    if isinstance(answer, Boolean):
        fmt = fmt or ("table" if sys.stdout.isatty() else "json")
        if fmt not in BOOLEAN_FORMATS:
            raise BadInput(
                f"an ASK answer comes as json or xml, not {fmt}: the W3C CSV and TSV results "
                "formats define no boolean (table or md show it to people)"
            )
    fit_or_records = fmt is None  # a table asked for by name stays a table
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
            hidden=hidden,
            spreadsheet_safe=click.get_current_context().obj["spreadsheet_safe"],
            page=page,
            fit_or_records=fit_or_records,
        )
    emit(text, nl=not text.endswith("\n"))


LANGUAGES = ("en", "zh-Hant", "zh")


def language_option(default: str = "en") -> click.Option:
    return click.Option(
        ["--lang"],
        type=click.Choice(LANGUAGES, case_sensitive=False),
        help=f"Language of labels: en or zh-Hant (zh works too); {default} by default.",
    )


def format_option(choices=SOLUTION_FORMATS, help_text: str = FORMAT_HELP) -> click.Option:
    return click.Option(["--format", "output_format"], type=click.Choice(choices), help=help_text)


def paging_options() -> list[click.Option]:
    """``--limit`` and ``--offset``: one page of a long answer, its footer saying which."""
    return [
        click.Option(["--limit"], type=click.IntRange(1), help="Rows to show (all by default)."),
        click.Option(
            ["--offset"],
            type=click.IntRange(0),
            default=0,
            help="Rows to skip first: --limit 100 --offset 100 shows the second hundred.",
        ),
    ]


def one_page(answer, limit: int | None, offset: int):
    """The rows from ``offset`` on (at most ``limit``) of a table answer, and where they
    stand among all (None when no page was asked for); other answers are as they are."""
    if not isinstance(answer, Solutions) or (limit is None and not offset):
        return answer, None
    end = None if limit is None else offset + limit
    page = Page(offset, len(answer.rows))
    return Solutions(answer.variables, answer.rows[offset:end]), page


table_or_json = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    help="table for people (the default), json for programs.",
)
