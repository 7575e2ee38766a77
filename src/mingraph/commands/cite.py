"""References for papers: ``cite``."""

from __future__ import annotations

import click

from mingraph.cite import STYLES, all_references, references, write_references
from mingraph.commands.common import bounded, open_engine, with_graph_options


@with_graph_options
@click.command()
@click.argument("entity", required=False)
@click.option(
    "--style",
    type=click.Choice(STYLES),
    default="bibtex",
    show_default=True,
    help="bibtex, biblatex, csl-json (Zotero, Pandoc, citeproc) or ris (EndNote, Zotero).",
)
@click.option("--all", "everything", is_flag=True, help="The whole bibliography, each document once.")
@click.pass_context
def cite(ctx: click.Context, entity: str | None, style: str, everything: bool) -> None:
    """The public documents behind ENTITY as references a paper can use, one each.

    ENTITY is any described entity (a slug, label, QID or IRI: see 'mingraph
    search'), a document (doc-b19-1, article) or a record row (ref-b18). The
    references are the article where it is quoted and the documents each record
    row behind ENTITY summarises, issuing texts first: never the row itself, whose
    words are the record's summary, not a publication. Each has a stable key
    (xu2024guanjian), its own title, authors, publisher, date, URL and language.
    """
    if not everything and not entity:
        raise click.UsageError("name an ENTITY, or give --all")
    engine = open_engine(ctx)
    found = bounded(ctx, lambda: all_references(engine) if everything else references(engine, entity))
    click.echo(write_references(found, style), nl=False)
