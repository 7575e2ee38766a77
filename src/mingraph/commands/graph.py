"""The graph as a whole: ``stats``, ``validate``, ``build`` and ``export``."""

from __future__ import annotations

import json
import os

import click

from mingraph.commands.common import (
    BadInput,
    chosen_format,
    emit,
    prepare,
    say,
    table_or_json,
    with_graph_options,
)
from mingraph.printable import printable
from mingraph.progress import Progress


@with_graph_options
@click.command()
@table_or_json
@click.pass_context
def stats(ctx: click.Context, output_format: str | None) -> None:
    """Count triples, entities per class, quotes, corrections and refinements (as asserted)."""
    output_format = chosen_format(ctx, output_format, ("table", "json"), "table")
    from mingraph.loading import load_graph
    from mingraph.stats import graph_statistics

    figures = graph_statistics(load_graph(ctx.obj["data_paths"]))
    if output_format == "json":
        emit(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    say(f"triples      {figures['triples']}")
    say(f"quotes       {figures['quotes']}")
    say(f"corrections  {figures['corrections']}")
    say(f"refinements  {figures['refinements']}")
    say("entities per class:")
    for name, count in figures["entities_per_class"].items():
        say(f"  {printable(name):<22} {count}")


VALIDATE_FORMATS = ("text", "json", "ttl")


@with_graph_options
@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(VALIDATE_FORMATS),
    help="text for people (the default); json for programs; ttl for the SHACL report graph.",
)
@click.option(
    "--reference",
    is_flag=True,
    help="Run the shapes in pySHACL and reason with owlrl, the reference engines, instead "
    "of mingraph's SPARQL translation in pyoxigraph (same results, far slower on large data).",
)
@click.pass_context
def validate(
    ctx: click.Context, paths: tuple[str, ...], output_format: str | None, reference: bool
) -> None:
    """Check data against mingraph's SHACL shapes and quality checks.

    With no PATH, checks the data mingraph uses: the shipped data and any --data
    paths. Each PATH (a Turtle or other RDF file, or a folder of them) is checked
    together with the ontology and the shipped data, so it may refer to shipped
    entities. Files are only read, never written.

    Exit status: 0 when everything conforms, 1 when a rule is broken, 2 when an
    input cannot be read (the message gives file, line and column).
    """
    from mingraph.validation import validate_paths

    output_format = chosen_format(ctx, output_format, VALIDATE_FORMATS, "text")
    with Progress() as progress:
        report = validate_paths(
            [*ctx.obj["data_paths"], *paths], stage=progress.stage, reference=reference
        )
    if output_format == "json":
        emit(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    elif output_format == "ttl":
        emit(report.graph.serialize(format="turtle"))
    else:
        say(format_report(report))
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
    return printable("\n".join(lines))  # values come from the data: no raw escape codes


def display_path(path: str) -> str:
    """The path relative to the working directory when the file lies below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative


@with_graph_options
@click.command()
@click.pass_context
def build(ctx: click.Context) -> None:
    """Parse, validate and reason once, and keep the result for fast answers.

    Other commands build when needed; run this to pay the cost up front. The cache
    lives in the user's cache directory (MINGRAPH_CACHE_DIR overrides it).
    """
    prepared = prepare(ctx, "as asked")
    manifest = prepared.manifest
    state = "built" if prepared.built else "up to date"
    say(
        f"{state}: {manifest['asserted']} triples asserted, "
        f"{manifest['triples']} with the OWL 2 RL closure"
    )


EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")
#: The graph as a network, for Gephi, Cytoscape or NetworkX.
NETWORK_FORMATS = ("graphml", "csv")


@with_graph_options
@click.command()
@click.option("--inferred", is_flag=True, help="Include what OWL 2 RL reasoning entails.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(EXPORT_FORMATS + NETWORK_FORMATS),
    help="RDF serialisation (ttl by default); or the network of entities: graphml, or csv "
    "(two files, OUTPUT.nodes.csv and OUTPUT.edges.csv).",
)
@click.option(
    "--template",
    "template_kind",
    metavar="KIND",
    help="Write the graph's own entities of KIND (measures, suspensions, memberships, effects, "
    "claims, documents) as a filled spreadsheet template (-o FILE.csv or FILE.xlsx) instead "
    "of RDF.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of standard output.",
)
@click.pass_context
def export(
    ctx: click.Context,
    inferred: bool,
    output_format: str | None,
    template_kind: str | None,
    output: str | None,
) -> None:
    """Write the merged graph (ontology, data, --data paths) for another triple store.

    A VoID description of the dataset comes with it: triples, entities per class,
    sources, license and version. With --inferred, the OWL 2 RL closure is
    included, so a store without a reasoner answers the canned questions alike.

    --format graphml or csv writes the entities as a network instead: nodes with
    their kind and labels, edges with their property and the citation behind them.
    """
    if template_kind:
        _export_template(ctx, template_kind, output)
        return
    from mingraph.export import export_graph

    output_format = chosen_format(ctx, output_format, EXPORT_FORMATS + NETWORK_FORMATS, "ttl")
    if output_format in NETWORK_FORMATS:
        export_network(ctx, output_format, output)
        return
    if inferred:
        store = prepare(ctx).store
    else:
        from mingraph.loading import load_graph
        from mingraph.store import to_store

        store = to_store(load_graph(ctx.obj["data_paths"]))
    data = export_graph(store, output_format, inferred)
    if output:
        with open(output, "wb") as handle:
            handle.write(data)
    else:
        emit(data.decode("utf-8"), nl=False)


def export_network(ctx: click.Context, output_format: str, output: str | None) -> None:
    """The asserted graph's entities and the statements between them: GraphML, or a
    nodes file and an edges file in CSV."""
    from mingraph.engines import OxigraphEngine
    from mingraph.loading import load_graph
    from mingraph.network import EDGE_COLUMNS, NODE_COLUMNS, network, to_csv, to_graphml
    from mingraph.store import to_store

    graph = network(OxigraphEngine(to_store(load_graph(ctx.obj["data_paths"]))))
    if output_format == "graphml":
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(to_graphml(graph))
        else:
            emit(to_graphml(graph), nl=False)
        return
    stem = (output or "mingraph").removesuffix(".csv")
    for name, rows, columns in (
        ("nodes", graph.nodes, NODE_COLUMNS),
        ("edges", graph.edges, EDGE_COLUMNS),
    ):
        with open(f"{stem}.{name}.csv", "w", encoding="utf-8", newline="") as handle:
            handle.write(to_csv(rows, columns))
        say(f"{stem}.{name}.csv: {len(rows)} {name}", err=True)


def _export_template(ctx: click.Context, kind: str, output: str | None) -> None:
    """The asserted entities of a template kind, written as a filled template."""
    from pathlib import Path

    from mingraph.engines import OxigraphEngine
    from mingraph.loading import load_store_with_origins
    from mingraph.tabular.declaration import kind_names, load_kind
    from mingraph.tabular.templates import template_rows, write_template

    if kind not in kind_names():
        raise BadInput(f"--template {kind}: the templates are {', '.join(kind_names())}")
    if not output or Path(output).suffix.lower() not in (".csv", ".xlsx"):
        raise BadInput("--template writes a spreadsheet: give -o FILE.csv or -o FILE.xlsx")
    store, _ = load_store_with_origins(ctx.obj["data_paths"])
    declared = load_kind(kind)
    rows = template_rows(OxigraphEngine(store), declared, filled=True)
    write_template(rows, Path(output), declared)
    say(f"wrote {len(rows) - 2} {kind} to {output}", err=True)
