"""Canned questions and entities: ``questions``, ``ask NAME`` and ``describe``."""

from __future__ import annotations

import json

import click

from mingraph.answers import answer_question, describe_entity
from mingraph.catalogue import (
    Question,
    UnknownQuestion,
    all_questions,
    load_question,
    question_names,
)
from mingraph.commands.common import (
    bounded,
    default_format,
    echo_result,
    format_option,
    language_option,
    open_engine,
    table_or_json,
)


@click.command()
@table_or_json
def questions(output_format: str) -> None:
    """List the canned questions, what they answer and their parameters."""
    catalogue = all_questions()
    if output_format == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "name": q.name,
                        "summary": q.summary,
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
    width = max(len(q.name) for q in catalogue)
    for question in catalogue:
        params = " ".join(f"--{p.name} {p.name.upper()}" for p in question.options)
        click.echo(f"{question.name:<{width}}  {question.summary}")
        if params:
            click.echo(f"{'':<{width}}    {params}")


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
    "date": "A date: YYYY, YYYY-MM or YYYY-MM-DD (a year or month means its first day).",
}


def question_command(question: Question) -> click.Command:
    params: list[click.Parameter] = [
        click.Option(
            [f"--{p.name}"],
            required=p.required and p.name not in question.defaults,
            default=question.defaults.get(p.name),
            metavar=p.name.upper(),
            help=PARAMETER_HELP.get(p.name, f"Value of ?{p.variable}."),
        )
        for p in question.options
    ]
    params += [format_option(), language_option(question.defaults.get("lang", "en"))]

    @click.pass_context
    def callback(ctx: click.Context, output_format: str | None, lang: str, **values: str) -> None:
        engine = open_engine(ctx)
        answer = bounded(ctx, lambda: answer_question(engine, question, values, lang))
        echo_result(answer, output_format)

    return click.Command(
        question.name,
        params=params,
        callback=callback,
        help=f"{question.summary}\n\n{question.description}",
        short_help=question.summary,
    )


@click.group(cls=AskGroup)
def ask() -> None:
    """Ask a canned question: 'mingraph ask NAME [--PARAMETER VALUE ...]'.

    'mingraph questions' lists the questions; 'mingraph ask NAME --help' shows a
    question's parameters.
    """


@click.command(params=[format_option(), language_option()])
@click.argument("entity")
@click.pass_context
def describe(ctx: click.Context, entity: str, output_format: str | None, lang: str) -> None:
    """Everything known about one entity, with the quote behind each fact.

    ENTITY is a slug (p2023-gallium-germanium-export-control), a label, an acronym
    (MSP), an IRI or a Wikidata QID.
    """
    engine = open_engine(ctx)
    iri, answer = bounded(ctx, lambda: describe_entity(engine, entity, lang))
    fmt = output_format or default_format()
    if fmt in ("table", "md"):
        click.echo(f"{iri.display()}  <{iri.value}>\n")
    echo_result(answer, fmt)
