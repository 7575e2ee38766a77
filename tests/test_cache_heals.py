"""The cache heals: a build whose names index, store or manifest fails its check is built
again, with one line saying so; and the key is made from exactly the files the build
read, so a file added to a --data folder during a build waits for the next run."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from conftest import REPO
from mingraph.build import CACHE_ENV, MANIFEST, prepare_store
from mingraph.cli import main
from mingraph.resolve import KEY_INDEX

GOOD = REPO / "tests" / "good" / "new-measure-and-member.ttl"
MGI = "https://w3id.org/mingraph/id/"


def damage(folder, part: str, how: str) -> None:
    path = {"index": folder / KEY_INDEX, "manifest": folder / MANIFEST}.get(part, folder / part)
    if how == "removed":
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    elif how == "truncated":
        with path.open("r+b") as handle:
            handle.truncate(path.stat().st_size // 2)
    elif how == "overwritten":  # same size, other bytes
        path.write_bytes(b"\0" * path.stat().st_size)
    elif how == "a link":
        path.unlink()
        path.symlink_to(os.devnull)


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """A cache of its own: the build is damaged and rebuilt here, not in the shared one."""
    folder = tmp_path_factory.mktemp("healing-cache")
    previous = os.environ[CACHE_ENV]
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    os.environ[CACHE_ENV] = previous


@pytest.mark.parametrize(
    "part, how",
    [
        ("index", "removed"),
        ("index", "truncated"),
        ("index", "overwritten"),
        ("index", "a link"),
        ("store", "removed"),
        ("manifest", "overwritten"),
    ],
)
def test_a_damaged_build_is_built_again_with_a_note(cache, part, how):
    folder = prepare_store([]).path.parent
    damage(folder, part, how)
    notes = []
    again = prepare_store([], note=notes.append)
    assert again.built
    assert len(notes) == 1 and f"({'its names index' if part == 'index' else 'its'}" in notes[0]
    assert not prepare_store([]).built  # and the next run answers from it


def test_a_command_needing_the_index_works_after_it_was_damaged(cache):
    folder = prepare_store([]).path.parent
    damage(folder, "index", "overwritten")
    result = CliRunner().invoke(main, ["ask", "initiative-members", "--initiative", "msp"])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "failed its check" in line]
    assert len(notes) == 1 and "names index" in notes[0]
    assert "Australia" in result.stdout


def test_a_file_added_during_a_build_waits_for_the_next_run(cache, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.ttl").write_bytes(GOOD.read_bytes())
    added = data / "b.ttl"

    def add(stage: str) -> None:
        if stage.startswith("reading"):  # after the key was made, before the data is parsed
            comment = "<http://www.w3.org/2000/01/rdf-schema#comment>"
            added.write_text(f'<{MGI}example-measure> {comment} "added" .\n', encoding="utf-8")

    prepare_store([data], stage=add)
    added.unlink()
    prepared = prepare_store([data])
    assert not prepared.built  # the folder holds what the key was made from
    assert not prepared.store.query('ASK { ?s ?p "added" }')
