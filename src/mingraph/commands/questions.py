"""Canned questions and entities: ``questions``, ``ask NAME`` and ``describe``."""

from __future__ import annotations

import json

import click

from mingraph import layout
from mingraph.answers import (
    answer_bound,
    bind_parameters,
    bound_query,
    describe_entity,
    language_tag,
)
from mingraph.catalogue import (
    Question,
    UnknownQuestion,
    all_questions,
    load_question,
    question_names,
)
from mingraph.commands.common import (
    bounded,
    chosen_format,
    chosen_language,
    default_format,
    echo_result,
    emit,
    format_option,
    language_option,
    one_page,
    open_engine,
    paging_options,
    say,
    table_or_json,
    terminal_width,
    with_graph_options,
)
from mingraph.formats import SOLUTION_FORMATS, write_description
from mingraph.hints import empty_answer_hint


@click.command(params=[language_option()])
@table_or_json
@click.pass_context
def questions(ctx: click.Context, output_format: str | None, lang: str | None) -> None:
    """List the canned questions, what they answer and their parameters (--lang zh-Hant:
    their summaries in Traditional Chinese)."""
    from mingraph.web.strings import question_summary

    tag = language_tag(chosen_language(ctx, lang))
    catalogue = all_questions()
    if chosen_format(ctx, output_format, ("table", "json"), "table") == "json":
        emit(
            json.dumps(
                [
                    {
                        "name": q.name,
                        "summary": question_summary(q, tag),
                        "description": q.description,
                        "tags": q.tags,
                        "parameters": [
                            {"name": p.name, "kind": p.kind, "required": p.required}
                            for p in q.options
                        ],
                    }
                    for q in catalogue
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    summaries = {q.name: question_summary(q, tag) for q in catalogue}
    say("\n".join(catalogue_lines(catalogue, terminal_width(), summaries)))


def catalogue_lines(
    catalogue: list[Question], width: int, summaries: dict[str, str] | None = None
) -> list[str]:
    """Each question's name, its summary wrapped at word boundaries, and its options.

    The summary sits beside the name when at least 30 columns are left for it, else
    below it.
    """
    name_width = max(len(q.name) for q in catalogue) + 2
    beside = width - name_width >= 30
    indent = " " * (name_width if beside else 4)
    lines: list[str] = []
    for question in catalogue:
        params = " ".join(f"--{p.name} {p.name.upper()}" for p in question.options)
        if not beside:
            lines.append(question.name)
        summary = (summaries or {}).get(question.name, question.summary)
        for number, line in enumerate(layout.wrap(summary, width - len(indent))):
            start = question.name.ljust(name_width) if beside and number == 0 else indent
            lines.append(start + line)
        if params:
            lines += [indent + "  " + line for line in layout.wrap(params, width - len(indent) - 2)]
    return lines


class AskGroup(click.Group):
    """One subcommand per canned question, its parameters as real options."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return question_names()

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        try:
            return question_command(load_question(name))
        except UnknownQuestion:
            return None

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0] if args else ""
        command = self.get_command(ctx, name)
        if command is None:
            raise click.UsageError(str(UnknownQuestion(name, question_names())), ctx)
        return name, command, args[1:]


PARAMETER_HELP = {
    "mineral": "A mineral: slug (gallium), label (rare earths, 稀土), IRI or Wikidata QID.",
    "country": "A country or organisation: slug, label (Japan, 日本), ISO code (JP), IRI or QID.",
    "initiative": "An initiative: slug (msp), label or acronym (MSP, 礦物安全夥伴關係) or IRI.",
    "entity": "Any entity: slug, label, acronym, IRI or Wikidata QID.",
    "policy": "A policy: slug (p2015-export-licence-catalogue), label or IRI.",
    "period": "Years per period (a whole number); the periods start in 1998.",
    "date": "A date: YYYY, YYYY-MM or YYYY-MM-DD (a year or month means its first day).",
    "against": "A country or bloc the measures apply to: slug (united-states), label, ISO code.",
    "measure": "A measure: slug (p2023-gallium-germanium-export-control), label or IRI.",
}


def question_command(question: Question) -> click.Command:
    params: list[click.Parameter] = [
        click.Option(
            [f"--{p.name}"],
            required=p.required and p.name not in question.defaults,
            default=question.defaults.get(p.name),
            metavar=p.name.upper(),
            help=PARAMETER_HELP[p.name],
        )
        for p in question.options
    ]
    default_language = question.defaults.get("lang", "en")
    params += [
        format_option(),
        language_option(default_language),
        click.Option(
            ["--show-query"],
            is_flag=True,
            help="Print the SPARQL that would run, with the values bound, and stop.",
        ),
        *paging_options(),
    ]

    @click.pass_context
    def callback(
        ctx: click.Context,
        output_format: str | None,
        lang: str | None,
        show_query: bool,
        limit: int | None,
        offset: int,
        **values,
    ) -> None:
        lang = chosen_language(ctx, lang, default_language)
        engine = open_engine(ctx)
        if show_query:
            emit(bounded(ctx, lambda: bound_query(engine, question, values, lang)))
            return
        fmt = chosen_format(ctx, output_format, SOLUTION_FORMATS, None)
        bindings = bounded(ctx, lambda: bind_parameters(engine, question, values, lang))
        answer = bounded(ctx, lambda: answer_bound(engine, question, bindings))
        answer, page = one_page(answer, limit, offset)
        echo_result(answer, fmt, page=page)
        if not answer.rows and not offset:
            hint = bounded(
                ctx, lambda: empty_answer_hint(engine, question, bindings, language_tag(lang))
            )
            if hint:
                say(hint, err=True)

    return with_graph_options(
        click.Command(
            question.name,
            params=params,
            callback=callback,
            help=f"{question.summary}\n\n{question.description}",
            short_help=question.summary,
        )
    )


@with_graph_options
@click.group(cls=AskGroup)
def ask() -> None:
    """Ask a canned question: 'mingraph ask NAME [--PARAMETER VALUE ...]'.

    'mingraph questions' lists the questions; 'mingraph ask NAME --help' shows a
    question's parameters.
    """


#: Columns of a description that programs need and people do not: the IRIs.
DESCRIPTION_IRIS = ("propertyIri", "valueTerm", "sourceIri")


@with_graph_options
@click.command(params=[format_option(), language_option()])
@click.argument("entity")
@click.pass_context
def describe(ctx: click.Context, entity: str, output_format: str | None, lang: str | None) -> None:
    """Everything known about one entity, with the quote behind each fact.

    ENTITY is a slug (p2023-gallium-germanium-export-control), a label in English or
    Chinese (Traditional or Simplified), an acronym (MSP), an IRI or a Wikidata QID;
    'mingraph search TEXT' finds one. At a terminal, the facts come grouped under
    the quote and source behind them.
    """
    fmt = chosen_format(ctx, output_format, SOLUTION_FORMATS, None) or default_format()
    engine = open_engine(ctx)
    iri, answer = bounded(ctx, lambda: describe_entity(engine, entity, chosen_language(ctx, lang)))
    if fmt == "table":
        say(write_description(iri, answer, terminal_width()))
    else:
        echo_result(answer, fmt, hidden=DESCRIPTION_IRIS)
