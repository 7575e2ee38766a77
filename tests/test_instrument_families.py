"""The families of instruments (mgi:instrument-families): every instrument of the
policy-instruments scheme belongs to exactly one family, each family is labelled and
defined in both languages, and no more families than the charts have colours for."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import RDFS, SKOS

from mingraph.charts.common import FAMILY_COLOURS, PALETTE

MGI = Namespace("https://w3id.org/mingraph/id/")


def test_every_instrument_belongs_to_exactly_one_family(graph):
    families = set(graph.objects(MGI["instrument-families"], SKOS.member))
    assert len(families) >= 5
    instruments = set(graph.subjects(SKOS.inScheme, MGI["policy-instruments"]))
    for instrument in instruments:
        holding = [f for f in families if (f, SKOS.member, instrument) in graph]
        assert len(holding) == 1, f"{instrument} is in {len(holding)} families"
    members = {m for f in families for m in graph.objects(f, SKOS.member)}
    assert members <= instruments, "a family holds instruments only"


def test_each_family_is_labelled_and_defined_in_both_languages(graph):
    for family in graph.objects(MGI["instrument-families"], SKOS.member):
        for prop in (RDFS.label, SKOS.definition):
            assert {o.language for o in graph.objects(family, prop)} == {"en", "zh-Hant"}


def test_each_family_has_a_colour_of_its_own(graph):
    families = {str(f) for f in graph.objects(MGI["instrument-families"], SKOS.member)}
    assert set(FAMILY_COLOURS) == families
    assert len(set(FAMILY_COLOURS.values())) == len(families) <= len(PALETTE)
