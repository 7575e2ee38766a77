"""Ad-hoc SPARQL: ``query``."""

from __future__ import annotations

import click

from mingraph.commands.common import (
    FORMAT_HELP,
    BadInput,
    bounded,
    chosen_format,
    echo_result,
    one_page,
    open_engine,
    paging_options,
    prepare,
    say,
    with_graph_options,
)
from mingraph.engines import OxigraphEngine
from mingraph.errors import QueryError
from mingraph.formats import GRAPH_FORMATS, SOLUTION_FORMATS
from mingraph.guard import MAX_QUERY_CHARS, check_query
from mingraph.iris import PREFIXES
from mingraph.sparql_errors import locate_syntax_error
from mingraph.vocab import query_warnings


@with_graph_options
@click.command(params=paging_options())
@click.argument("text", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.File("rb"),
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
    ctx: click.Context,
    text: str | None,
    query_file,
    output_format: str | None,
    allow_service: bool,
    limit: int | None,
    offset: int,
) -> None:
    """Run your own SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE).

    The query sees the shipped data, any --data paths and the OWL 2 RL closure.
    mingraph's prefixes (mg:, mgi:, rdfs:, skos:, ...) are declared for you:
    'mingraph prefixes' lists them, and the query's own PREFIX lines win. An mg:
    term the ontology does not declare gets a warning with the nearest one
    ('mingraph vocab' lists them). Updates, FROM and (unless --allow-service)
    SERVICE are refused, and the query runs in a separate process with limits on
    time and memory: see docs/security.md.
    """
    from mingraph.sandbox import Limits, run_untrusted

    if (text is None) == (query_file is None):
        raise BadInput("give the query as TEXT or with -f FILE (one of the two)")
    source = text if text is not None else read_query_file(query_file)
    # refused before anything is built, within --timeout; the checked text names every
    # IRI in full
    checked = bounded(
        ctx,
        lambda: check_query(source, allow_service, prefixes=PREFIXES),
        what="checking the query",
    )
    fmt = chosen_format(ctx, output_format, (*SOLUTION_FORMATS, *GRAPH_FORMATS), None)
    try:
        if ctx.obj["endpoint"]:
            engine = open_engine(ctx)
            warn_about_terms(ctx, source, engine)
            answer = engine.run(checked)
        else:
            warn_about_terms(ctx, source, OxigraphEngine(prepare(ctx).store))
            answer = run_untrusted(  # checks the text again in the child, within the limits
                source,
                prepare(ctx).path,
                engine=ctx.obj["engine"],
                limits=Limits(timeout=ctx.obj["timeout"]),
                allow_service=allow_service,
                prefixes=PREFIXES,
            )
    except QueryError as error:
        # the engine read the checked text, one line long: say where the user's text breaks
        if str(error).startswith("the query is not valid SPARQL"):
            raise QueryError(locate_syntax_error(source) or str(error)) from None
        raise
    answer, page = one_page(answer, limit, offset)
    echo_result(answer, fmt, page=page)


def warn_about_terms(ctx: click.Context, source: str, engine) -> None:
    """Warn about mg: terms the ontology does not declare and misspelt namespaces."""
    for warning in bounded(ctx, lambda: query_warnings(source, engine, PREFIXES)):
        say(f"Warning: {warning}", err=True)


def read_query_file(handle) -> str:
    """The query in a file (or standard input), refused if over the size limit or not UTF-8."""
    name = "standard input" if handle.name in ("-", "<stdin>") else handle.name
    data = handle.read(4 * MAX_QUERY_CHARS + 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadInput(f"{name}: the query is not valid UTF-8 (byte {error.start})") from None
