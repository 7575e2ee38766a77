"""The command line, through click's runner and once as a real process."""

from __future__ import annotations

import json
import shutil
import subprocess

from click.testing import CliRunner

from mingraph import __version__
from mingraph.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_help_lists_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    assert "critical-minerals policy" in result.output
    assert "stats" in result.output


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_stats_as_json_counts_the_shipped_data():
    result = run("stats", "--format", "json")
    assert result.exit_code == 0
    figures = json.loads(result.output)
    assert figures["triples"] > 3000
    assert figures["entities_per_class"]["mg:Policy"] >= 23
    assert figures["quotes"] > 100
    assert figures["corrections"] + figures["refinements"] >= 6


def test_extra_data_joins_the_shipped_data(tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix mg: <https://w3id.org/mingraph/ontology#> .\n"
        "<https://example.org/p> a mg:Policy .\n",
        encoding="utf-8",
    )
    base = json.loads(run("stats", "--format", "json").output)
    more = json.loads(run("--data", str(extra), "stats", "--format", "json").output)
    assert more["entities_per_class"]["mg:Policy"] == base["entities_per_class"]["mg:Policy"] + 1


def test_unreadable_data_exits_2_with_its_position(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\nex:a ex:b "unterminated .\n', encoding="utf-8")
    result = run("--data", str(bad), "stats")
    assert result.exit_code == 2
    assert f"{bad}:2:" in result.output


def test_missing_data_path_exits_2(tmp_path):
    result = run("--data", str(tmp_path / "nowhere.ttl"), "stats")
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_console_script_runs_as_a_process():
    executable = shutil.which("mingraph")
    assert executable, "the mingraph console script is not installed"
    done = subprocess.run([executable, "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert __version__ in done.stdout
