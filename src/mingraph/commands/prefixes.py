"""The prefixes ``query`` declares: ``prefixes``."""

from __future__ import annotations

import click

from mingraph.commands.common import chosen_format, say
from mingraph.iris import PREFIXES


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["sparql", "ttl"]),
    help="sparql: PREFIX lines (the default); ttl: @prefix lines for Turtle.",
)
@click.pass_context
def prefixes(ctx: click.Context, output_format: str | None) -> None:
    """The prefixes 'mingraph query' declares for you, ready to paste elsewhere."""
    fmt = chosen_format(ctx, output_format, ("sparql", "ttl"), "sparql")
    width = max(map(len, PREFIXES)) + 1
    for name, iri in PREFIXES.items():
        declared = f"{name}:".ljust(width)
        say(f"@prefix {declared} <{iri}> ." if fmt == "ttl" else f"PREFIX {declared} <{iri}>")
