"""Filters a researcher needs, and dates that pandas, DuckDB and R can read."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from click.testing import CliRunner
from golden_cases import ARGUMENTS

from mingraph.answers import answer_question
from mingraph.catalogue import load_question
from mingraph.cli import main
from mingraph.iris import MGI, XSD
from mingraph.resolve import BadParameter

DATE_TYPES = {XSD + "date", XSD + "gYearMonth", XSD + "gYear"}
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
#: Questions whose golden answer has a date column.
DATED_QUESTIONS = {"china-policy-timeline", "initiatives", "events", "controls-in-force"}


def is_date(term: dict) -> bool:
    """A literal typed as a date, or a plain one written as YYYY, YYYY-MM or YYYY-MM-DD."""
    if term["type"] != "literal" or "xml:lang" in term:
        return False
    if "datatype" in term:
        return term["datatype"] in DATE_TYPES
    return bool(DATE.fullmatch(term["value"]))


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def ask(engine, name: str, **values: str):
    return answer_question(engine, load_question(name), values)


def column(answer, name: str) -> list[str]:
    return [row[name].value for row in answer.rows if name in row]


def keyed(answer) -> set[tuple]:
    return {tuple(sorted((k, v.value) for k, v in row.items())) for row in answer.rows}


# --- filters -----------------------------------------------------------------------------


def test_controls_in_force_for_one_mineral(engine):
    everything = ask(engine, "controls-in-force", date="2024")
    graphite = ask(engine, "controls-in-force", date="2024", mineral="石墨")
    assert column(graphite, "policy") == [MGI + "p2023-graphite-export-control"]
    assert keyed(graphite) <= keyed(everything)
    rare_earths = ask(engine, "controls-in-force", date="2013", mineral="rare earths")
    assert MGI + "p1998-rare-earth-export-quota" in column(rare_earths, "policy")
    # the 2012 classification, on kinds of rare earths, is named beside the quota it amends
    amended_by = column(rare_earths, "amendedBy")
    assert any("Rare-earth export quotas managed by class (2012)" in c for c in amended_by)


def test_contested_claims_for_one_mineral(engine):
    everything = ask(engine, "contested-claims")
    gallium = ask(engine, "contested-claims", mineral="gallium")
    claims = set(column(gallium, "claim"))
    assert MGI + "claim-36-more-metals" in claims
    assert claims < set(column(everything, "claim"))
    assert keyed(gallium) <= keyed(everything)


def test_policy_lineage_from_one_measure(engine):
    wanted = MGI + "p2015-export-licence-catalogue"
    lineage = ask(engine, "policy-lineage", policy="p2015-export-licence-catalogue")
    assert lineage.rows
    assert all(wanted in (row["policy"].value, row["earlier"].value) for row in lineage.rows)
    assert keyed(lineage) <= keyed(ask(engine, "policy-lineage"))
    with pytest.raises(BadParameter):
        ask(engine, "policy-lineage", policy="gallium")  # a mineral is not a policy


def test_instrument_trend_with_periods_of_n_years(engine):
    default = ask(engine, "instrument-trend")
    decades = ask(engine, "instrument-trend", period="10")
    assert set(column(decades, "period")) <= {"1998-2007", "2008-2017", "2018-2027"}
    counts = [int(v) for v in column(default, "measures")]
    assert sum(int(v) for v in column(decades, "measures")) == sum(counts)
    yearly = ask(engine, "instrument-trend", period="1")
    assert all(p.split("-")[0] == p.split("-")[1] for p in column(yearly, "period"))
    assert run("ask", "instrument-trend", "--period", "0").exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        # controls-in-force is not here: rdflib takes minutes over it (test_engines.py)
        ["contested-claims", "--mineral", "gallium"],
        ["policy-lineage", "--policy", "p2015-export-licence-catalogue"],
        ["instrument-trend", "--period", "3"],
    ],
)
def test_filters_agree_on_every_engine(args):
    answers = [
        sorted(run("ask", *args, "--engine", engine, "--format", "csv").stdout.splitlines())
        for engine in ("oxigraph", "rdflib")
    ]
    assert answers[0] == answers[1] and len(answers[0]) > 1


# --- dates for programs ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_every_questions_csv_loads_into_pandas_with_its_dates_parsed(name):
    result = run("ask", name, *ARGUMENTS[name], "--format", "json")
    data = json.loads(result.stdout)
    bindings = data["results"]["bindings"]
    companions = {f"{v}{suffix}" for v in data["head"]["vars"] for suffix in ("Start", "Precision")}
    dated = [
        var
        for var in data["head"]["vars"]
        if var not in companions
        and any(var in row for row in bindings)
        and all(is_date(row[var]) for row in bindings if var in row)
    ]
    assert dated or name not in DATED_QUESTIONS
    for var in dated:  # a typed companion: the first day, and the precision
        assert {f"{var}Start", f"{var}Precision"} <= set(data["head"]["vars"]), var
        for row in bindings:
            if var in row:
                assert row[f"{var}Start"]["datatype"] == XSD + "date"
                assert row[f"{var}Precision"]["value"] in ("year", "month", "day")
    text = run("ask", name, *ARGUMENTS[name], "--format", "csv").stdout
    starts = [c for c in pd.read_csv(io.StringIO(text)).columns if c.endswith("Start")]
    frame = pd.read_csv(io.StringIO(text), parse_dates=starts, date_format="%Y-%m-%d")
    for start in starts:
        assert pd.api.types.is_datetime64_any_dtype(frame[start]), start
        original = frame[start.removesuffix("Start")]
        assert frame[start].notna().sum() == original.notna().sum()


def test_a_date_at_month_precision_starts_on_the_first_day():
    rows = json.loads(run("ask", "initiatives", "--format", "json").stdout)["results"]["bindings"]
    ergi = next(row for row in rows if row["initiative"]["value"] == MGI + "ergi")
    assert ergi["founded"]["value"] == "2019-06"
    assert ergi["foundedStart"] == {
        "type": "literal",
        "value": "2019-06-01",
        "datatype": XSD + "date",
    }
    assert ergi["foundedPrecision"]["value"] == "month"


def test_dates_of_several_precisions_in_one_column_all_parse():
    text = run("ask", "china-policy-timeline", "--format", "csv").stdout
    frame = pd.read_csv(io.StringIO(text), parse_dates=["dateStart"], date_format="%Y-%m-%d")
    assert {"year", "month"} <= set(frame["datePrecision"])
    assert frame["dateStart"].min() == pd.Timestamp("1998-01-01")
