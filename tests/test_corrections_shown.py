"""A claim a public source corrects is shown as corrected with the entity it is about."""

from __future__ import annotations

from mingraph.answers import describe_entity
from mingraph.iris import MGI

CORRECTED_BY = "https://w3id.org/mingraph/ontology#correctedBy"


def test_describe_shows_the_correction_of_the_czech_project(engine):
    """The article's Czech MSP project was lithium; public sources say manganese."""
    for lang, words in (("en", "manganese, not lithium"), ("zh-Hant", "錳而非鋰")):
        _, answer = describe_entity(engine, "czechia-lithium-exploration", lang)
        (row,) = [r for r in answer.rows if r["propertyIri"].value == CORRECTED_BY]
        assert row["valueTerm"].value == MGI + "claim-czech-manganese-project"
        assert words in row["value"].value
        assert "MANGANESE, not lithium" in row["quote"].value
        assert row["sourceIri"].value == MGI + "ref-b35"
