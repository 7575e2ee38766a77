"""The ``mingraph`` command: a thin layer over the library's plain functions.

Exit codes (GUIDE §1): 0 success; 1 the data does not conform; 2 bad input: usage,
unknown question, bad parameter value, unparsable file or query, refused operation.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import click

from mingraph import __version__
from mingraph.answers import answer_question, describe_entity
from mingraph.build import DataDoesNotConform, build_store, read_manifest
from mingraph.catalogue import (
    Question,
    UnknownQuestion,
    all_questions,
    load_question,
    question_names,
)
from mingraph.engines import EndpointEngine, Engine, OxigraphEngine, QueryError, RdflibEngine
from mingraph.formats import (
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    write_boolean,
    write_solutions,
    write_triples,
)
from mingraph.guard import QueryTimeout, check_query, run_with_timeout
from mingraph.inputs import InputError
from mingraph.progress import Progress
from mingraph.resolve import BadParameter
from mingraph.results import Boolean, Solutions, Triples


class BadInput(click.ClickException):
    """A refusal caused by the user's input: exit code 2, message on stderr."""

    exit_code = 2


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


def open_engine(ctx: click.Context) -> Engine:
    """The engine for this invocation, building the cached graph first if it is stale."""
    if "engine_instance" in ctx.obj:
        return ctx.obj["engine_instance"]
    if ctx.obj["endpoint"]:
        engine: Engine = EndpointEngine(ctx.obj["endpoint"])
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


def echo_result(answer: Solutions | Boolean | Triples, fmt: str | None) -> None:
    if isinstance(answer, Triples):
        fmt = {None: "ttl", "json": "jsonld"}.get(fmt, fmt)
        if fmt not in GRAPH_FORMATS:
            raise BadInput(f"a graph answer comes as {', '.join(GRAPH_FORMATS)}, not {fmt}")
        click.echo(write_triples(answer, fmt), nl=False)
        return
    fmt = fmt or default_format()
    if fmt not in SOLUTION_FORMATS:
        raise BadInput(f"a table answer comes as {', '.join(SOLUTION_FORMATS)}, not {fmt}")
    if isinstance(answer, Boolean):
        text = write_boolean(answer, fmt)
    else:
        text = write_solutions(answer, fmt, width=terminal_width(), max_rows=TABLE_ROWS)
    click.echo(text, nl=not text.endswith("\n"))


#: Rows a table for people shows; machine formats are always complete.
TABLE_ROWS = 200

FORMAT_HELP = (
    "table or md for people (table is the default at a terminal, csv otherwise); "
    "csv, tsv, json or xml in the W3C SPARQL results formats."
)


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


# --- stats, validate, build -------------------------------------------------------------


@main.command()
@table_or_json
@click.pass_context
def stats(ctx: click.Context, output_format: str) -> None:
    """Count triples, entities per class, quotes, corrections and refinements (as asserted)."""
    from mingraph.loading import load_graph
    from mingraph.stats import graph_statistics

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
    from mingraph.validation import validate_paths

    with Progress() as progress:
        report = validate_paths([*ctx.obj["data_paths"], *paths], stage=progress.stage)
    if output_format == "json":
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    elif output_format == "ttl":
        click.echo(report.graph.serialize(format="turtle"))
    else:
        click.echo(format_report(report))
    ctx.exit(0 if report.conforms else 1)


def format_report(report) -> str:
    """The validation report for people: problems grouped by file, then by entity."""
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


@main.command()
@click.pass_context
def build(ctx: click.Context) -> None:
    """Parse, validate and reason once, and keep the result for fast answers.

    Other commands build when needed; run this to pay the cost up front. The cache
    lives in the user's cache directory (MINGRAPH_CACHE_DIR overrides it).
    """

    def announce() -> None:
        click.echo("mingraph: building the graph", err=True)

    with Progress() as progress:
        _, built = build_store(ctx.obj["data_paths"], progress.stage, announce)
    manifest = read_manifest(ctx.obj["data_paths"])
    state = "built" if built else "up to date"
    click.echo(
        f"{state}: {manifest['asserted']} triples asserted, "
        f"{manifest['triples']} with the OWL 2 RL closure"
    )


@main.command()
@click.option("--inferred", is_flag=True, help="Include what OWL 2 RL reasoning entails.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld"]),
    default="ttl",
    show_default=True,
    help="RDF serialisation.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of standard output.",
)
@click.pass_context
def export(ctx: click.Context, inferred: bool, output_format: str, output: str | None) -> None:
    """Write the merged graph (ontology, data, --data paths) for another triple store.

    A VoID description of the dataset comes with it: triples, entities per class,
    sources, license and version. With --inferred, the OWL 2 RL closure is
    included, so a store without a reasoner answers the canned questions alike.
    """
    from mingraph.export import export_graph

    if inferred:
        with Progress() as progress:
            store, _ = build_store(ctx.obj["data_paths"], progress.stage)
    else:
        from mingraph.loading import load_graph
        from mingraph.store import to_store

        store = to_store(load_graph(ctx.obj["data_paths"]))
    data = export_graph(store, output_format, inferred)
    if output:
        with open(output, "wb") as handle:
            handle.write(data)
    else:
        click.echo(data.decode("utf-8"), nl=False)


# --- questions and answers --------------------------------------------------------------


@main.command()
@table_or_json
def questions(output_format: str) -> None:
    """List the canned questions, what they answer and their parameters."""
    catalogue = all_questions()
    if output_format == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "name": q.name,
                        "summary": q.summary,
                        "description": q.description,
                        "tags": q.tags,
                        "parameters": [
                            {"name": p.name, "kind": p.kind, "required": p.required}
                            for p in q.options
                        ],
                    }
                    for q in catalogue
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    width = max(len(q.name) for q in catalogue)
    for question in catalogue:
        params = " ".join(f"--{p.name} {p.name.upper()}" for p in question.options)
        click.echo(f"{question.name:<{width}}  {question.summary}")
        if params:
            click.echo(f"{'':<{width}}    {params}")


class AskGroup(click.Group):
    """One subcommand per canned question, its parameters as real options."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return question_names()

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        try:
            return question_command(load_question(name))
        except UnknownQuestion:
            return None

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0] if args else ""
        command = self.get_command(ctx, name)
        if command is None:
            raise click.UsageError(str(UnknownQuestion(name, question_names())), ctx)
        return name, command, args[1:]


PARAMETER_HELP = {
    "mineral": "A mineral: slug (gallium), label (rare earths, 稀土), IRI or Wikidata QID.",
    "country": "A country or organisation: slug, label (Japan, 日本), ISO code (JP), IRI or QID.",
    "initiative": "An initiative: slug (msp), label or acronym (MSP, 礦物安全夥伴關係) or IRI.",
    "entity": "Any entity: slug, label, acronym, IRI or Wikidata QID.",
    "date": "A date: YYYY, YYYY-MM or YYYY-MM-DD (a year or month means its first day).",
}


def question_command(question: Question) -> click.Command:
    params: list[click.Parameter] = [
        click.Option(
            [f"--{p.name}"],
            required=p.required and p.name not in question.defaults,
            default=question.defaults.get(p.name),
            metavar=p.name.upper(),
            help=PARAMETER_HELP.get(p.name, f"Value of ?{p.variable}."),
        )
        for p in question.options
    ]
    params += [format_option(), language_option(question.defaults.get("lang", "en"))]

    @click.pass_context
    def callback(ctx: click.Context, output_format: str | None, lang: str, **values: str) -> None:
        engine = open_engine(ctx)
        answer = bounded(ctx, lambda: answer_question(engine, question, values, lang))
        echo_result(answer, output_format)

    return click.Command(
        question.name,
        params=params,
        callback=callback,
        help=f"{question.summary}\n\n{question.description}",
        short_help=question.summary,
    )


@main.group(cls=AskGroup)
def ask() -> None:
    """Ask a canned question: 'mingraph ask NAME [--PARAMETER VALUE ...]'.

    'mingraph questions' lists the questions; 'mingraph ask NAME --help' shows a
    question's parameters.
    """


@main.command()
@click.argument("text", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.File("r", encoding="utf-8"),
    help="Read the query from a file ('-' for standard input).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice([*SOLUTION_FORMATS, *GRAPH_FORMATS]),
    help=FORMAT_HELP + " CONSTRUCT and DESCRIBE answers: ttl (default), nt or jsonld.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let this query call remote SERVICE endpoints (refused by default).",
)
@click.pass_context
def query(
    ctx: click.Context, text: str | None, query_file, output_format: str | None, allow_service: bool
) -> None:
    """Run your own SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE).

    The query sees the shipped data, any --data paths and the OWL 2 RL closure.
    Prefixes are not predeclared: write the PREFIX lines you use. Updates, FROM and
    (unless --allow-service) SERVICE are refused: see docs/security.md.
    """
    if (text is None) == (query_file is None):
        raise BadInput("give the query as TEXT or with -f FILE (one of the two)")
    source = text if text is not None else query_file.read()
    check_query(source, allow_service)
    engine = open_engine(ctx)
    echo_result(bounded(ctx, lambda: engine.run(source)), output_format)


@main.command(params=[format_option(), language_option()])
@click.argument("entity")
@click.pass_context
def describe(ctx: click.Context, entity: str, output_format: str | None, lang: str) -> None:
    """Everything known about one entity, with the quote behind each fact.

    ENTITY is a slug (p2023-gallium-germanium-export-control), a label, an acronym
    (MSP), an IRI or a Wikidata QID.
    """
    engine = open_engine(ctx)
    iri, answer = bounded(ctx, lambda: describe_entity(engine, entity, lang))
    fmt = output_format or default_format()
    if fmt in ("table", "md"):
        click.echo(f"{iri.display()}  <{iri.value}>\n")
    echo_result(answer, fmt)
