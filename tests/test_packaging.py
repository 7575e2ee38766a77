"""A built wheel carries the ontology, data and queries and finds them from anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("mingraph-*.whl")
    return built


def test_the_wheel_carries_every_shipped_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("ontology", "data", "queries"):
        for path in (REPO / folder).glob("*"):
            if path.is_file():
                assert f"mingraph/_resources/{folder}/{path.name}" in names


def test_an_unpacked_wheel_loads_its_data_from_another_directory(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import mingraph.resources as r, mingraph.loading as l;"
        "print(r.resource_dir('data')); print(len(l.load_graph()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=elsewhere,
        env={"PYTHONPATH": str(site), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    folder, triples = done.stdout.split()
    assert folder.startswith(str(site))
    assert int(triples) > 3000
