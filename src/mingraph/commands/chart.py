"""Pictures: ``chart NAME``."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import click

from mingraph.charts import CHARTS, FORMATS, Filters, draw_chart
from mingraph.commands.common import (
    BadInput,
    bounded,
    chosen_language,
    language_option,
    open_engine,
    say,
    with_graph_options,
)
from mingraph.progress import Progress

HELP = """Draw a picture of the graph's answers: SVG (text kept as text), PNG, or the
Vega-Lite specification that draws it interactively in a browser.

\b
Charts (and the filters each takes):
{charts}

The format follows the -o file's extension (.svg, .png, .json), else --format; SVG
is the default. Every picture names its source and the date its data runs to.
A filter that leaves nothing to draw is refused (exit 2).
"""


def _listing() -> str:
    lines = []
    for chart in CHARTS.values():
        filters = " ".join(f"--{f}" for f in chart.filters)
        lines.append(f"  {chart.name:<12} {chart.summary}" + (f" [{filters}]" if filters else ""))
    return "\n".join(lines)


EXTENSIONS = {".svg": "svg", ".png": "png", ".json": "vega-lite"}


@with_graph_options
@click.command(help=HELP.format(charts=_listing()), params=[language_option()])
@click.argument("name", type=click.Choice(list(CHARTS)))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file (.svg, .png or .json) instead of standard output.",
)
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), help="svg, png or vega-lite."
)
@click.option("--mineral", help="Only this mineral (and the kinds of it): slug, label or QID.")
@click.option("--country", help="Only this country or organisation: slug, label or ISO code.")
@click.option("--initiative", help="Only this initiative: slug, label or acronym (MSP).")
@click.option("--from", "start", metavar="DATE", help="From this date (YYYY, YYYY-MM, YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", help="To this date (--to 2015: to the end of 2015).")
@click.option(
    "--by", type=click.Choice(["mineral", "country"]), help="Group the timeline's rows by this."
)
@click.pass_context
def chart(
    ctx: click.Context,
    name: str,
    output: Path | None,
    output_format: str | None,
    lang: str | None,
    **filters: str | None,
) -> None:
    lang = chosen_language(ctx, lang)
    fmt = _format(output, output_format)
    if fmt == "png" and output is None and sys.stdout.isatty():
        raise BadInput("a PNG is not for a terminal: give -o FILE.png")
    engine = open_engine(ctx)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with Progress() as progress:
            progress.stage(f"drawing the {name} chart")
            picture = bounded(ctx, lambda: draw_chart(engine, name, lang, Filters(**filters), fmt))
    for warning in caught:
        say(f"mingraph: warning: {warning.message}", err=True)
    data = picture.encode("utf-8") if isinstance(picture, str) else picture
    if output is not None:
        try:
            output.write_bytes(data)
        except OSError as error:
            raise BadInput(f"cannot write {output}: {error.strerror}") from None
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def _format(output: Path | None, output_format: str | None) -> str:
    """The format asked for: --format, else the output file's extension, else SVG."""
    by_extension = EXTENSIONS.get(output.suffix.lower()) if output else None
    if output is not None and by_extension is None and output_format is None:
        raise BadInput(f"-o {output.name}: name a .svg, .png or .json file, or give --format")
    if output_format and by_extension and output_format != by_extension:
        raise BadInput(f"-o {output.name} does not hold --format {output_format}")
    return output_format or by_extension or "svg"
