"""The arguments each canned question is asked with for its golden answer.

Regenerate the answers after a deliberate change of data or query, then read the
diff: ``python tests/golden_cases.py`` writes ``tests/golden/CASE.LANG.csv``. A case is a
question's name (``ARGUMENTS``, one per question) or ``NAME@VARIANT`` (``VARIANTS``: the
same question asked again, for the facts one case cannot show).
"""

from __future__ import annotations

from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
LANGS = ("en", "zh-Hant")

ARGUMENTS = {
    "china-policy-timeline": [],
    "policies-for-mineral": ["--mineral", "rare-earths"],
    "controls-in-force": ["--date", "2023-09-01"],
    "mineral-controls": [],
    "initiatives": [],
    "initiative-members": ["--initiative", "MSP"],
    "memberships": ["--country", "JP"],
    "projects": [],
    "supply-concentration": [],
    "demand-outlook": [],
    "contested-claims": [],
    "suspensions": [],
    "effects": ["--mineral", "antimony"],
    "responses": [
        "--measure",
        "p2025-medium-heavy-rare-earth-export-control",
        "--mineral",
        "rare-earths",
    ],
    "sources": ["--entity", "p2023-gallium-germanium-export-control"],
    "policy-lineage": [],
    "countermeasures": [],
    "mineral-profile": ["--mineral", "graphite"],
    "country-profile": ["--country", "CN"],
    "events": [],
    "instrument-trend": [],
    "taiwan-outlook": [],
    "timeline": [],
    "measure-periods": [],
    "membership-grid": [],
    "source-documents": [],
    "effect-sources": [],
}

VARIANTS = {
    "controls-in-force@dysprosium-2025-06": ["--date", "2025-06-01", "--mineral", "dysprosium"],
    "controls-in-force@2025-12": ["--date", "2025-12-01"],
    "controls-in-force@against-japan-2026-02": ["--date", "2026-02-01", "--against", "JP"],
    "controls-in-force@after-newest-source": ["--date", "2026-11-26"],
    "policies-for-mineral@dysprosium": ["--mineral", "dysprosium"],
    "policies-for-mineral@tungsten": ["--mineral", "tungsten"],
    "mineral-profile@dysprosium": ["--mineral", "dysprosium"],
    "country-profile@US": ["--country", "US"],
    "country-profile@JP": ["--country", "JP"],
    "country-profile@TW": ["--country", "TW"],
    "country-profile@AU": ["--country", "AU"],
    "initiative-members@FORGE": ["--initiative", "FORGE"],
    "initiative-members@pax-silica": ["--initiative", "pax-silica"],
    "effects@all": [],
    "responses@us-extra-tariff": ["--measure", "us-extra-tariff-2025-10"],
}

#: Every golden case: one per question, then the variants.
CASES = {**ARGUMENTS, **VARIANTS}


def question_of(case: str) -> str:
    """The question a golden case asks: ``country-profile`` for ``country-profile@TW``."""
    return case.split("@")[0]


def option_values(case: str) -> dict[str, str]:
    """The golden answer's arguments as {option name: value}: ``{"mineral": "rare-earths"}``."""
    arguments = CASES[case]
    return {k.lstrip("-"): v for k, v in zip(arguments[::2], arguments[1::2], strict=True)}


def golden_path(case: str, lang: str) -> Path:
    return GOLDEN / f"{case}.{lang}.csv"


def main() -> None:
    from click.testing import CliRunner

    from mingraph.cli import main as cli

    for case, arguments in CASES.items():
        for lang in LANGS:
            result = CliRunner().invoke(
                cli, ["ask", question_of(case), *arguments, "--lang", lang, "--format", "csv"]
            )
            assert result.exit_code == 0, result.output
            golden_path(case, lang).write_text(result.stdout, encoding="utf-8", newline="")


if __name__ == "__main__":
    main()
