"""References for papers: ``cite``."""

from __future__ import annotations

import click

from mingraph.cite import STYLES, all_references, references, self_reference, write_references
from mingraph.commands.common import bounded, emit, open_engine, with_graph_options


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
@click.option(
    "--all", "everything", is_flag=True, help="The whole bibliography, each document once."
)
@click.option(
    "--self", "itself", is_flag=True, help="How to cite mingraph's data: version, licence."
)
@click.pass_context
def cite(
    ctx: click.Context, entity: str | None, style: str, everything: bool, itself: bool
) -> None:
    """The public documents behind ENTITY as references a paper can use, one each.

    ENTITY is any described entity (a slug, label, QID or IRI: see 'mingraph
    search'), a document (doc-b19-1, article) or a record row (ref-b18). The
    references are the article where it is quoted and the documents each record
    row behind ENTITY summarises, issuing texts first: never the row itself, whose
    words are the record's summary, not a publication. Each has a stable key
    (xu2024guanjian), its own title, authors, publisher, date, URL and language.
    --all gives every document once; --self how to cite mingraph's data itself.
    """
    if sum((bool(entity), everything, itself)) != 1:
        raise click.UsageError("name an ENTITY, or give --all or --self")
    engine = open_engine(ctx)

    def chosen():
        if itself:
            return self_reference(engine)
        return all_references(engine) if everything else references(engine, entity)

    emit(write_references(bounded(ctx, chosen), style), nl=False)
