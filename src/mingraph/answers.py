"""Answering canned questions and describing entities: plain functions under the CLI."""

from __future__ import annotations

import functools

from mingraph.catalogue import Question, load_question
from mingraph.dates import with_date_companions
from mingraph.engines import Engine, with_terms
from mingraph.guard import check_query
from mingraph.resolve import BadParameter, resolve, resolve_entity
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

    Each date column gets a typed companion pair (:func:`with_date_companions`).

    Each term is pasted where its variable appears, as grlc does, on every engine, so
    the engine plans with the value known (a VALUES block joined in after planning
    made a question about one entity read every entity's citations). Only terms
    mingraph made are written, never the user's text: an IRI the data names, a date
    it wrote, a fixed language tag.
    """
    return answer_bound(engine, question, bind_parameters(engine, question, values, lang))


def answer_bound(engine: Engine, question: Question, bindings: dict[str, Term]) -> Solutions:
    """The answer to a question whose parameters are already bound to terms."""
    return with_date_companions(engine.run(with_terms(_checked(question.text), bindings)))


@functools.lru_cache(maxsize=64)
def _checked(text: str) -> str:
    """A question's text as the guard writes it, checked once whatever it is asked with.

    The terms pasted in afterwards cannot change what the query does: IRIs the data
    names (refused if they hold a character that would end one) and escaped literals.
    """
    return check_query(text)


def bound_query(
    engine: Engine, question: Question, values: dict[str, str | None], lang: str = "en"
) -> str:
    """The question's SPARQL with its values' terms pasted in: the text that runs."""
    return with_terms(question.text, bind_parameters(engine, question, values, lang))


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
    iri = resolve_entity(engine, entity, ("entity",), "")
    return iri, answer_question(engine, load_question("sources"), {"entity": iri.value}, lang)
