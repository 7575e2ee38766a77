"""The record's update to June 2026 (D67-D96) as a reader checks it: the US side of the
Busan truce, Pax Silica's signatories, earlier rows kept and linked to the rows that
settle them, and disputes left open."""

from __future__ import annotations

import pytest
from rdflib import Namespace
from rdflib.namespace import PROV

from mingraph.answers import answer_question
from mingraph.catalogue import load_question
from mingraph.iris import MGI
from mingraph.namespaces import MG

ID = Namespace(MGI)


def ask(engine, name: str, **values: str):
    return answer_question(engine, load_question(name), values, "en").rows


def test_suspensions_list_the_us_side_of_the_busan_truce(engine):
    rows = {row["suspension"].value: row for row in ask(engine, "suspensions")}
    for suspension in (
        "suspension-2025-11-us-reciprocal-tariff",
        "suspension-2025-11-section-301-exclusions",
    ):
        row = rows[MGI + suspension]
        assert row["until"].value == "2026-11-10"
        assert row["untilKind"].value == "scheduled"
        assert row["noSourceAfter"].value == "2026-06-22"
    assert (
        "Section 301" in rows[MGI + "suspension-2025-11-section-301-exclusions"]["suspends"].value
    )


def test_pax_silica_lists_every_signatory_the_record_names(engine):
    """Seven signers of 2025-12-12 (D54), Qatar eighth (D83), the UAE ninth (D85), India (D63)."""
    rows = ask(engine, "initiative-members", initiative="Pax Silica")
    signatories = {
        row["member"].value.removeprefix(MGI): row["joined"].value
        for row in rows
        if row["role"].value.startswith("member")
    }
    founders = (
        "united-states",
        "japan",
        "south-korea",
        "singapore",
        "united-kingdom",
        "israel",
        "australia",
    )
    assert signatories == {
        **{country: "2025-12-12" for country in founders},
        "qatar": "2026-01-12",
        "united-arab-emirates": "2026-01-14",
        "india": "2026-02-20",
    }


@pytest.mark.parametrize(
    "earlier, later",
    [
        (
            "claim-section-232-outcome-not-verified",
            "claim-section-232-no-tariff-for-now",
        ),  # D13, D86
        ("claim-g7-roadmap-delivery-not-verified", "claim-g7-roadmap-released"),  # D23, D77
        (
            "claim-taiwan-half-self-supply-unverified",
            "claim-taiwan-pilot-line-half-demand",
        ),  # D38, D89
        ("claim-taiwan-demand-tonnes", "claim-taiwan-demand-1500-tonnes-reuters"),  # D38, D91
        ("claim-beijing-summit-not-confirmed", "claim-beijing-summit-took-place"),  # D64, D93
    ],
)
def test_an_earlier_row_is_kept_and_linked_to_the_row_that_settles_it(graph, earlier, later):
    assert (ID[earlier], MG.refinedBy, ID[later]) in graph
    for claim in (earlier, later):
        assert any(graph.objects(ID[claim], PROV.wasDerivedFrom))


def test_disputed_readings_stay_open(graph):
    """The record calls the White House's and MOFCOM's readings of Busan disputed, and the
    two readings of the Beijing summit different: neither side corrects the other."""
    for white_house, mofcom in [
        ("claim-busan-white-house-general-licences", "claim-busan-mofcom-scope"),
        ("claim-beijing-summit-white-house-rare-earths", "claim-beijing-summit-mofcom-silent"),
    ]:
        a, b = ID[white_house], ID[mofcom]
        assert (a, MG.contradictedBy, b) in graph and (b, MG.contradictedBy, a) in graph
        assert (a, MG.correctedBy, b) not in graph and (b, MG.correctedBy, a) not in graph
