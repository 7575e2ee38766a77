"""The arguments each canned question is asked with for its golden answer.

Regenerate the answers after a deliberate change of data or query, then read the
diff: ``python tests/golden_cases.py`` writes ``tests/golden/NAME.LANG.csv``.
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
}


def option_values(name: str) -> dict[str, str]:
    """The golden answer's arguments as {option name: value}: ``{"mineral": "rare-earths"}``."""
    arguments = ARGUMENTS[name]
    return {k.lstrip("-"): v for k, v in zip(arguments[::2], arguments[1::2], strict=True)}


def golden_path(name: str, lang: str) -> Path:
    return GOLDEN / f"{name}.{lang}.csv"


def main() -> None:
    from click.testing import CliRunner

    from mingraph.cli import main as cli

    for name, arguments in ARGUMENTS.items():
        for lang in LANGS:
            result = CliRunner().invoke(
                cli, ["ask", name, *arguments, "--lang", lang, "--format", "csv"]
            )
            assert result.exit_code == 0, result.output
            golden_path(name, lang).write_text(result.stdout, encoding="utf-8", newline="")


if __name__ == "__main__":
    main()
