"""The questions about September 2024 to November 2026: controls in force with their
suspensions and targets, the suspensions themselves, market effects, responses, and
what the graph cannot tell after its newest source."""

from __future__ import annotations

import pytest
from test_data import DISAGREEMENTS

from mingraph.answers import answer_question
from mingraph.catalogue import load_question
from mingraph.iris import MGI

NEWEST_SOURCE = "2026-06-22"
CANNOT_TELL = "cannot tell: after the newest source"


def ask(engine, name: str, lang: str = "en", **values: str):
    return answer_question(engine, load_question(name), values, lang)


def rows_by(answer, key: str) -> dict[str, dict]:
    return {row[key].value: {k: v.value for k, v in row.items()} for row in answer.rows}


# --- controls in force: suspensions, targets, the newest source -----------------------------


def test_in_june_2025_dysprosium_is_under_the_april_licence_regime(engine):
    answer = ask(engine, "controls-in-force", date="2025-06-01", mineral="dysprosium")
    rows = rows_by(answer, "policy")
    assert list(rows) == [MGI + "p2025-medium-heavy-rare-earth-export-control"]
    row = rows[MGI + "p2025-medium-heavy-rare-earth-export-control"]
    assert row["from"] == "2025-04-04" and row["status"] == "in force"
    assert "dysprosium" in row["minerals"].split("; ")


def test_in_december_2025_the_october_measures_are_suspended_and_the_suspension_is_named(engine):
    rows = rows_by(ask(engine, "controls-in-force", date="2025-12-01"), "policy")
    assert MGI + "p2025-five-medium-heavy-rare-earth-export-control" not in rows
    assert MGI + "p2024-us-gallium-germanium-antimony-ban" not in rows  # No. 72
    assert MGI + "p2024-us-military-end-use-ban" in rows  # clause 1 stays
    assert MGI + "p2025-medium-heavy-rare-earth-export-control" in rows  # April regime stays
    suspension = rows[MGI + "suspension-2025-no70"]
    assert suspension["status"] == "suspended"
    assert suspension["until"] == "2026-11-10" and suspension["untilKind"] == "scheduled"
    assert "Export control on five more medium and heavy rare earths" in suspension["suspends"]
    assert {"holmium", "erbium", "thulium", "europium", "ytterbium"} <= set(
        suspension["minerals"].split("; ")
    )


def test_a_measure_suspended_before_it_took_effect_was_never_in_force(engine):
    rows = rows_by(ask(engine, "controls-in-force", date="2025-10-20"), "policy")
    assert MGI + "p2025-five-medium-heavy-rare-earth-export-control" not in rows  # from 2025-11-08
    assert MGI + "p2025-rare-earth-technology-export-control" in rows  # on publication


@pytest.mark.parametrize(
    "date, against, present, absent",
    [
        ("2025-01-01", "US", "p2024-us-gallium-germanium-antimony-ban", None),
        ("2025-01-01", "JP", None, "p2024-us-gallium-germanium-antimony-ban"),
        ("2026-02-01", "JP", "p2026-japan-military-end-use-ban", "p2024-us-military-end-use-ban"),
        ("2026-02-01", "US", "p2024-us-military-end-use-ban", "p2026-japan-military-end-use-ban"),
    ],
)
def test_a_ban_applies_against_its_target_and_not_against_others(
    engine, date, against, present, absent
):
    rows = rows_by(ask(engine, "controls-in-force", date=date, against=against), "policy")
    assert MGI + "p2024-antimony-export-control" in rows  # aimed at no one: applies to all
    if present:
        assert MGI + present in rows
    if absent:
        assert MGI + absent not in rows


def test_after_the_newest_source_the_graph_says_it_cannot_tell(engine):
    answer = ask(engine, "controls-in-force", date="2026-11-26")
    rows = rows_by(answer, "policy")
    assert answer.rows and all(row["status"] == CANNOT_TELL for row in rows.values())
    assert all(row["noSourceAfter"] == NEWEST_SOURCE for row in rows.values())
    clause = rows[MGI + "suspension-2025-no72"]
    assert clause["until"] == "2026-11-27" and clause["untilKind"] == "scheduled"
    assert "Refusal in principle of gallium, germanium, antimony" in clause["suspends"]
    before = rows_by(ask(engine, "controls-in-force", date=NEWEST_SOURCE), "policy")
    assert all(row["status"] != CANNOT_TELL for row in before.values())


def test_the_answer_speaks_chinese(engine):
    rows = rows_by(ask(engine, "controls-in-force", "zh-Hant", date="2025-12-01"), "policy")
    assert rows[MGI + "suspension-2025-no70"]["status"] == "暫停中"
    assert rows[MGI + "suspension-2025-no70"]["untilKind"] == "預定"
    assert rows[MGI + "p2024-us-military-end-use-ban"]["against"] == "美國"


# --- suspensions -----------------------------------------------------------------------------


def test_suspensions_name_what_they_suspend_and_until_when(engine):
    rows = rows_by(ask(engine, "suspensions"), "suspension")
    ends = {
        "suspension-2025-no70": "2026-11-10",
        "suspension-2025-no72": "2026-11-27",
        "suspension-2025-us-affiliates-rule": "2026-11-09",
    }
    for name, end in ends.items():
        row = rows[MGI + name]
        assert row["until"] == end and row["untilKind"] == "scheduled", name
        assert row["agreement"] == "Busan meeting and one-year truce"
        assert row["atTheEnd"] == "not reported in the sources"
        assert row["noSourceAfter"] == NEWEST_SOURCE
    assert (
        rows[MGI + "suspension-2025-no70"]["document"] == "MOFCOM & GAC Announcement No. 70 of 2025"
    )
    assert rows[MGI + "suspension-2025-us-affiliates-rule"]["issuer"] == "United States"
    assert rows[MGI + "suspension-2025-us-entity-listings"]["days"] == "90"


# --- market effects ----------------------------------------------------------------------------


def test_effects_on_dysprosium_run_over_time_with_the_measure_they_followed(engine):
    answer = ask(engine, "effects", mineral="dysprosium")
    periods = [row["period"].value for row in answer.rows if "period" in row]
    assert periods == sorted(periods) and len(periods) >= 5
    exports = rows_by(answer, "effect")[MGI + "effect-d28-dysprosium-exports-2025-06"]
    assert exports["quantity"] == "1" and exports["unit"] == "kilograms"
    assert exports["destination"] == "South Korea" and exports["direction"] == "fell"
    assert exports["followed"] == MGI + "p2025-medium-heavy-rare-earth-export-control"


def test_effects_on_rare_earths_include_those_on_its_kinds(engine):
    effects = {row["effect"].value for row in ask(engine, "effects", mineral="rare-earths").rows}
    assert MGI + "effect-d15-terbium-price-europe-2025-05" in effects
    assert MGI + "effect-d03-antimony-exports-2024-10" not in effects


# --- responses ----------------------------------------------------------------------------------


def test_what_a_measure_answered_and_what_answered_it(engine):
    ban = rows_by(ask(engine, "responses", measure="p2024-mofcom-46"), "other")
    assert ban[MGI + "us-entity-listing-2024-12"]["relation"] == "responds to"
    tariff = rows_by(ask(engine, "responses", measure="us-extra-tariff-2025-10"), "other")
    assert MGI + "p2025-five-medium-heavy-rare-earth-export-control" in tariff
    answered = rows_by(
        ask(engine, "responses", measure="p2025-five-medium-heavy-rare-earth-export-control"),
        "other",
    )
    assert answered[MGI + "us-extra-tariff-2025-10"]["relation"] == "answered by"
    busan = rows_by(ask(engine, "responses", measure="busan-truce-2025"), "other")
    assert {MGI + s for s in ("suspension-2025-no70", "suspension-2025-no72")} <= set(busan)
    assert busan[MGI + "suspension-2025-no70"]["otherKind"] == "Suspension"


def test_responses_by_mineral(engine):
    pairs = {
        (row["measure"].value, row["other"].value)
        for row in ask(engine, "responses", mineral="rare-earths").rows
    }
    assert (
        MGI + "taiwan-critical-resources-national-team",
        MGI + "p2025-medium-heavy-rare-earth-export-control",
    ) in pairs
    assert all(MGI + "us-tariff-2025-02" not in pair for pair in pairs)  # tungsten and others


# --- where sources disagree ----------------------------------------------------------------------


def test_every_disagreement_of_the_record_is_a_contested_claim(engine):
    pairs = {
        (row["claim"].value, row["correction"].value)
        for row in ask(engine, "contested-claims").rows
    }
    for topic, (claim, other) in DISAGREEMENTS.items():
        assert (MGI + claim, MGI + other) in pairs, topic
    kinds = {row["kind"].value for row in ask(engine, "contested-claims").rows}
    assert {"corrected by", "refined by", "contradicted by"} <= kinds
