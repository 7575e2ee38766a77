"""Ad-hoc SPARQL: ``query``."""

from __future__ import annotations

import click

from mingraph.commands.common import FORMAT_HELP, BadInput, bounded, echo_result, open_engine
from mingraph.formats import GRAPH_FORMATS, SOLUTION_FORMATS
from mingraph.guard import check_query


@click.command()
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
