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


# --- global options, before or after the command ------------------------------------------

GOOD_DATA = "tests/good/new-measure-and-member.ttl"


def test_data_is_accepted_after_the_question():
    before = run("--data", GOOD_DATA, "ask", "initiative-members", "--initiative", "msp")
    after = run("ask", "initiative-members", "--initiative", "msp", "--data", GOOD_DATA)
    assert after.exit_code == 0, after.output
    assert "chile" in after.stdout and after.stdout == before.stdout
    dated = run("ask", "controls-in-force", "--date", "2025-03", "--data", GOOD_DATA)
    assert dated.exit_code == 0, dated.output


def test_engine_is_accepted_after_the_command(monkeypatch):
    from mingraph.commands import common

    used = []

    class Recording(common.RdflibEngine):
        def run(self, text, bindings=None):
            used.append(text)
            return super().run(text, bindings)

    monkeypatch.setattr(common, "RdflibEngine", Recording)
    result = run("ask", "initiatives", "--engine", "rdflib", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert used and "mgi:msp" not in result.stdout and "/id/msp" in result.stdout


def test_endpoint_and_timeout_are_accepted_after_the_command():
    result = run("query", "ASK { ?s ?p ?o }", "--endpoint", "http://127.0.0.1:9/", "--timeout", "5")
    assert result.exit_code == 2
    assert "cannot reach the endpoint http://127.0.0.1:9/" in result.output
    mixed = run("--endpoint", "http://127.0.0.1:9/", "stats", "--data", GOOD_DATA)
    assert mixed.exit_code == 2 and "an --endpoint has its own data" in mixed.output


def test_lang_and_format_are_accepted_before_the_command():
    result = run("--lang", "zh", "--format", "json", "ask", "initiatives")
    labels = [b["label"] for b in json.loads(result.stdout)["results"]["bindings"]]
    assert {label["xml:lang"] for label in labels} == {"zh-Hant"}
    given_after = run("--format", "json", "ask", "initiatives", "--format", "csv")
    assert given_after.stdout.startswith("initiative,label"), "the command's own option wins"


def test_a_global_format_the_command_does_not_write_is_refused():
    result = run("--format", "csv", "stats")
    assert result.exit_code == 2
    assert "stats writes table, json" in result.output
