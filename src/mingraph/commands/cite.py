"""References for papers: ``cite``."""

from __future__ import annotations

import click

from mingraph.answers import language_tag
from mingraph.cite import STYLES, references, write_references
from mingraph.commands.common import (
    bounded,
    chosen_language,
    emit,
    language_option,
    open_engine,
    with_graph_options,
)


@with_graph_options
@click.command(params=[language_option()])
@click.argument("entity")
@click.option(
    "--style",
    type=click.Choice(STYLES),
    default="bibtex",
    show_default=True,
    help="bibtex (BibLaTeX fields), csl-json (Zotero, Pandoc) or ris (EndNote, Zotero).",
)
@click.pass_context
def cite(ctx: click.Context, entity: str, style: str, lang: str | None) -> None:
    """The sources behind ENTITY as references a paper can use, the quotes as notes.

    ENTITY is any described entity (a slug, label, QID or IRI: see 'mingraph
    search'), or a source document itself (ref-b18, article). --lang picks the
    title where a source has one per language.
    """
    lang = language_tag(chosen_language(ctx, lang))
    engine = open_engine(ctx)
    found = bounded(ctx, lambda: references(engine, entity, lang))
    emit(write_references(found, style), nl=False)
