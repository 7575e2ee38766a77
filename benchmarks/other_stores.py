"""Every canned question, in both languages, asked of another SPARQL endpoint through
'mingraph --endpoint', compared with mingraph's own rows (GROUP_CONCAT cells as sets).

Load 'mingraph export --inferred' into the store first (the README's commands for
Virtuoso), then:

    python benchmarks/other_stores.py http://127.0.0.1:8890/sparql
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from golden_cases import ARGUMENTS, LANGS
from test_questions import normalised_csv

from mingraph.cli import main


def compare(endpoint: str) -> None:
    runner, same, answers = CliRunner(), 0, 0
    for name in sorted(ARGUMENTS):
        for lang in LANGS:
            arguments = ["ask", name, *ARGUMENTS[name], "--lang", lang, "--format", "csv"]
            local = runner.invoke(main, arguments)
            remote = runner.invoke(main, ["--endpoint", endpoint, *arguments])
            answers += 1
            if remote.exit_code == 0 and normalised_csv(remote.stdout) == normalised_csv(
                local.stdout
            ):
                same += 1
            else:
                problem = remote.output.strip().splitlines()[-1][:100] if remote.output else ""
                print(f"  differs: {name} {lang}: exit {remote.exit_code} {problem}")
    print(f"{same} of {answers} answers identical")


if __name__ == "__main__":
    compare(sys.argv[1])
