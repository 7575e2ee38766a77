"""Answering canned questions and describing entities: plain functions under the CLI."""

from __future__ import annotations

from mingraph.catalogue import Question, load_question
from mingraph.engines import Engine, with_values
from mingraph.guard import check_query
from mingraph.resolve import BadParameter, resolve
from mingraph.results import Solutions, Term

#: Accepted spellings of the label languages, and the tag each stands for.
LANGUAGES = {"en": "en", "zh-hant": "zh-Hant", "zh": "zh-Hant"}


def language_tag(lang: str) -> str:
    try:
        return LANGUAGES[lang.strip().lower()]
    except KeyError:
        raise BadParameter(f"--lang {lang[:20]!r}: use en or zh-Hant") from None


def answer_question(
    engine: Engine, question: Question, values: dict[str, str | None], lang: str = "en"
) -> Solutions:
    """Resolve each given value to an RDF term and run the question with those terms.

    The terms travel in a VALUES block opened in the query's WHERE group, on every
    engine: pyoxigraph's ``substitutions`` bind only variables the SELECT projects,
    and no canned question projects a parameter (grlc pastes a value as text wherever
    its variable appears). The block holds only terms mingraph made, never the
    user's text: an IRI the data names, a date it wrote, a fixed language tag.
    """
    bindings = bind_parameters(engine, question, values, lang)
    text = with_values(question.text, bindings)
    check_query(text)
    return engine.run(text)


def bind_parameters(
    engine: Engine, question: Question, values: dict[str, str | None], lang: str = "en"
) -> dict[str, Term]:
    """The RDF term for each of the question's variables, resolved against ``engine``."""
    bindings: dict[str, Term] = {}
    for parameter in question.parameters:
        if parameter.name == "lang":
            bindings[parameter.variable] = Term.literal(language_tag(lang))
        elif values.get(parameter.name) is not None:
            bindings[parameter.variable] = resolve(engine, parameter, values[parameter.name])
        elif parameter.required:
            raise BadParameter(f"{question.name} needs --{parameter.name}")
    return bindings


def describe_entity(engine: Engine, entity: str, lang: str = "en") -> tuple[Term, Solutions]:
    """Everything stated about one entity, each fact with its source and quote.

    Returns the entity's IRI and the answer of the ``sources`` question for it.
    """
    question = load_question("sources")
    (parameter,) = [p for p in question.parameters if p.name == "entity"]
    iri = resolve(engine, parameter, entity)
    return iri, answer_question(engine, question, {"entity": iri.value}, lang)
