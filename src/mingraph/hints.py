"""Why an answer is empty, where the graph can tell: a hint instead of silence.

A hint is said to people (on standard error at the terminal); programs' formats
are left as they are.
"""

from __future__ import annotations

from mingraph.catalogue import Question
from mingraph.engines import Engine, with_values
from mingraph.iris import PREFIXES
from mingraph.results import Term

_OTHER_ROLES = (
    "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("mg", "rdfs"))
    + """
SELECT ?label ?role WHERE {
    { ?initiative mg:nonMemberParticipant ?country . BIND(mg:nonMemberParticipant AS ?link) }
    UNION { ?country mg:leads ?initiative . BIND(mg:leads AS ?link) }
    ?initiative a mg:Initiative ; rdfs:label ?label . FILTER(langMatches(lang(?label), ?lang))
    ?link rdfs:label ?role . FILTER(langMatches(lang(?role), ?lang))
} ORDER BY ?label"""
)


def empty_answer_hint(
    engine: Engine, question: Question, bindings: dict[str, Term], lang: str
) -> str | None:
    """What the graph holds that the empty answer leaves out, or None."""
    if question.name == "memberships" and "_country_iri" in bindings:
        rows = engine.run(
            with_values(
                _OTHER_ROLES,
                {"country": bindings["_country_iri"], "lang": Term.literal(lang)},
            )
        ).rows
        if not rows:
            return None
        if lang == "zh-Hant":
            roles = "、".join(f"{row['label'].value}（{row['role'].value}）" for row in rows)  # noqa: RUF001
            return f"提示：無成員身分，但以其他角色參與：{roles}。"  # noqa: RUF001
        roles = "; ".join(f"{row['label'].value} ({row['role'].value})" for row in rows)
        return (
            f"Hint: a member of no initiative, but it takes part in: {roles} "
            "(country-profile shows every role)."
        )
    return None
