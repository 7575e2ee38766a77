"""Every mingraph command the README shows runs and succeeds."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner
from live_server import fetch, running_server

from conftest import REPO
from mingraph.cli import main
from mingraph.namespaces import MG, MGI


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            for part in line.split("&&"):
                part = part.strip()
                if part.startswith("mingraph "):
                    commands.append(part)
    return commands


def test_the_readme_opens_with_the_two_commands():
    commands = re.findall(
        r"```sh\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S
    )
    assert "pip install . && mingraph ask" in commands[0]
    assert "pip install '.[test]' && pytest" in commands[1]


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs(command, monkeypatch, tmp_path):
    monkeypatch.chdir(REPO)
    words = shlex.split(command, comments=True)
    if words[1] == "serve":  # a server runs until stopped: start it, load a page, Ctrl-C
        with running_server(serve_options=tuple(words[2:])) as url:
            assert fetch(url + "/")[0] == 200
        return
    output = None
    if "-o" in words:  # write where the test can look, not into the repository
        position = words.index("-o") + 1
        output = tmp_path / words[position]
        output.parent.mkdir(parents=True, exist_ok=True)  # as docs/ is in the repository
        words[position] = str(output)
    result = CliRunner().invoke(main, words[1:])
    assert result.exit_code == 0, result.output
    assert output.stat().st_size > 0 if output else result.stdout.strip()


def test_the_readme_and_the_help_state_the_period_the_graph_covers(graph):
    """Both say the graph runs from 1998 to its newest source, the date the dataset states."""
    newest = str(graph.value(MGI.dataset, MG.newestSourceDate))
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert f"from 1998 to its newest source, dated {newest}" in readme
    help_text = " ".join(CliRunner().invoke(main, ["--help"]).output.split())
    assert f"from 1998 to its newest source ({newest})" in help_text
