"""Free-text search: ``search``."""

from __future__ import annotations

import click

from mingraph.answers import language_tag
from mingraph.commands.common import (
    bounded,
    chosen_format,
    chosen_language,
    default_format,
    echo_result,
    format_option,
    language_option,
    open_engine,
    say,
    with_graph_options,
)
from mingraph.formats import HUMAN_FORMATS, SOLUTION_FORMATS, Page
from mingraph.search import hits_answer, search_page


@with_graph_options
@click.command("search", params=[format_option(), language_option()])
@click.argument("text", nargs=-1, required=True)
@click.option(
    "--limit", type=click.IntRange(1, 200), default=10, show_default=True, help="Hits to show."
)
@click.option(
    "--offset",
    type=click.IntRange(0),
    default=0,
    help="Hits to skip: --offset 10 shows the second ten.",
)
@click.pass_context
def search_command(
    ctx: click.Context,
    text: tuple[str, ...],
    output_format: str | None,
    lang: str | None,
    limit: int,
    offset: int,
) -> None:
    """Find entities by name, description or quote, in English or Chinese.

    Labels, alternative labels, slugs, QIDs, ISO codes, titles, descriptions and
    quotes are searched; Traditional and Simplified Chinese match alike (台灣, 臺灣
    and 台湾 find Taiwan). Each hit shows its type, its labels in both languages
    and the command that shows it, and where it matched; the footer says how many
    match in all. Quotes are not needed around several words.
    """
    fmt = chosen_format(ctx, output_format, SOLUTION_FORMATS, None) or default_format()
    lang = language_tag(chosen_language(ctx, lang))
    query = " ".join(text)
    engine = open_engine(ctx)
    found = bounded(ctx, lambda: search_page(engine, query, limit=limit, lang=lang, offset=offset))
    if not found.total and fmt in HUMAN_FORMATS:
        chinese = f"沒有符合「{query}」的項目。"
        say(chinese if lang == "zh-Hant" else f"Nothing matches {query!r}.")
        return
    page = Page(offset, found.total)
    echo_result(hits_answer(found.hits), fmt, hidden=("entity",), page=page)
