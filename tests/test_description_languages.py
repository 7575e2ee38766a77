"""The English and the Chinese description of every entity say the same: the same years,
days and percentages, neither adding a date or a figure the other lacks."""

from __future__ import annotations

import re

import pytest
from rdflib import DCTERMS

MONTHS = "January February March April May June July August September October November December"
MONTH = {name: number for number, name in enumerate(MONTHS.split(), 1)}
EN_MONTH = "(" + "|".join(MONTH) + ")"
ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
EN_DAY = re.compile(rf"(?<!\d)(\d{{1,2}}) {EN_MONTH} (\d{{4}})")
EN_RANGE = re.compile(rf"(?<!\d)(\d{{1,2}}) {EN_MONTH} to (\d{{1,2}}) {EN_MONTH} (\d{{4}})")
ZH_DAY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
ZH_RANGE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日[至到](\d{1,2})月(\d{1,2})日")
YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def days(text: str, lang: str) -> set[tuple[int, int, int]]:
    found = {(int(y), int(m), int(d)) for y, m, d in ISO_DAY.findall(text)}
    if lang == "en":
        found |= {(int(y), MONTH[m], int(d)) for d, m, y in EN_DAY.findall(text)}
        for d1, m1, _, _, y in EN_RANGE.findall(text):
            found.add((int(y), MONTH[m1], int(d1)))
    else:
        found |= {(int(y), int(m), int(d)) for y, m, d in ZH_DAY.findall(text)}
        for y, _, _, m2, d2 in ZH_RANGE.findall(text):
            found.add((int(y), int(m2), int(d2)))
    return found


def said(text: str, lang: str) -> dict[str, set]:
    return {
        "years": set(YEAR.findall(text)),
        "days": days(text, lang),
        "percentages": {float(p) for p in PERCENT.findall(text)},
    }


@pytest.fixture(scope="module")
def descriptions(graph) -> dict[str, dict[str, str]]:
    both: dict[str, dict[str, str]] = {}
    for entity, text in graph.subject_objects(DCTERMS.description):
        if text.language in ("en", "zh-Hant"):
            both.setdefault(str(entity), {})[text.language] = str(text)
    return {entity: texts for entity, texts in both.items() if len(texts) == 2}


def test_the_comparison_reads_days_in_both_languages(descriptions):
    texts = descriptions["https://w3id.org/mingraph/id/suspension-2025-11-section-301-exclusions"]
    assert said(texts["en"], "en")["days"] == said(texts["zh-Hant"], "zh-Hant")["days"]
    assert (2026, 11, 10) in said(texts["en"], "en")["days"]


def test_both_languages_give_the_same_dates_and_figures(descriptions):
    assert len(descriptions) > 250
    differing = {
        entity: kind
        for entity, texts in descriptions.items()
        for kind, values in said(texts["en"], "en").items()
        if values != said(texts["zh-Hant"], "zh-Hant")[kind]
    }
    assert differing == {}
