"""The ontology for people who write SPARQL: ``vocab``."""

from __future__ import annotations

import click

from mingraph import layout
from mingraph.answers import language_tag
from mingraph.commands.common import (
    BadInput,
    bounded,
    chosen_format,
    chosen_language,
    echo_result,
    format_option,
    language_option,
    open_engine,
    say,
    terminal_width,
    with_graph_options,
)
from mingraph.formats import SOLUTION_FORMATS
from mingraph.iris import shorten
from mingraph.printable import printable
from mingraph.results import Solutions, Term
from mingraph.vocab import UnknownTerm, VocabTerm, declared_terms, look_up


@with_graph_options
@click.command(params=[format_option(), language_option()])
@click.argument("term", required=False)
@click.pass_context
def vocab(ctx: click.Context, term: str | None, output_format: str | None, lang: str | None):
    """The ontology's classes and properties, with their definitions.

    With TERM (mg:Policy, Policy, a label such as 政策), the term in full: labels in
    both languages, definitions, what the ontology says of it, uses in the data and a
    query to start from.
    """
    lang = language_tag(chosen_language(ctx, lang))
    engine = open_engine(ctx)
    if term is None:
        fmt = chosen_format(ctx, output_format, SOLUTION_FORMATS, None)
        terms = bounded(ctx, lambda: declared_terms(engine))
        echo_result(terms_answer(terms, lang), fmt)
        return
    try:
        found = bounded(ctx, lambda: look_up(engine, term))
    except UnknownTerm as error:
        raise BadInput(str(error)) from None
    say("\n".join(term_lines(found, terminal_width())))


def terms_answer(terms: list[VocabTerm], lang: str) -> Solutions:
    rows = [
        {
            "term": Term.iri(term.iri),
            "kind": Term.literal(term.kind),
            "label": Term.literal(term.labels.get(lang, "")),
            "definition": Term.literal(term.definitions.get(lang, "")),
        }
        for term in terms
    ]
    return Solutions(["term", "kind", "label", "definition"], rows)


def _written(term: Term) -> str:
    """A term as Turtle would write it, a blank node as ``[]``."""
    if term.kind == "bnode":
        return "[]"
    if term.kind == "uri":
        return term.display()
    if term.lang:
        return f'"{term.value}"@{term.lang}'
    return f'"{term.value}"' + (f"^^{shorten(term.datatype)}" if term.datatype else "")


def term_lines(term: VocabTerm, width: int) -> list[str]:
    """One term for people: its names, definitions, axioms, uses and an example query.

    Values from the data are made printable before they are laid out, so that widths
    count the escapes a terminal shows."""
    lines = [f"{printable(term.name)}  ({term.kind})"]
    lines += layout.wrap(printable(" · ".join(term.labels.values())), width)
    for definition in term.definitions.values():
        lines += ["", *layout.wrap(printable(definition), width)]
    pairs = [(axiom, printable(shorten(value))) for axiom, value in term.axioms]
    verb = "a" if term.kind == "class" else term.name
    uses = dict.fromkeys(printable(f"{_written(s)} {verb} {_written(o)}") for s, o in term.uses)
    pairs += [("in the data", use) for use in uses]
    pairs.append(("example", printable(f"mingraph query '{term.example_query}'")))
    lines.append("")
    lines += layout.fields(pairs, max(layout.display_width(name) for name, _ in pairs), width)
    return lines
