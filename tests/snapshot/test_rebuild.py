"""The table snapshot: a rebuild takes unchanged readouts' rows from it, and never gives other output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.generate import write_corpus
from etl.run import snapshot as snapshots
from etl.run.build import build
from tests.test_package import _tree

from .conftest import N, _clean_tree, _edit


def test_a_rebuild_takes_every_unchanged_readout_from_the_snapshot(readouts, tmp_path):
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = build(readouts, out, cache=cache, jobs=1)
    assert (first.parsed_fresh, first.from_snapshot) == (N, 0)
    assert (cache / snapshots.FILE).is_file()
    again = build(readouts, out, cache=cache, jobs=1)
    assert (again.parsed_fresh, again.from_snapshot) == (0, N)
    assert _tree(out) == _clean_tree(readouts, tmp_path)


@pytest.mark.parametrize("where", [0, N // 2, N - 1])
def test_a_changed_readout_among_snapshot_ones_gives_a_clean_builds_bytes(readouts, tmp_path, where):
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(readouts, out, cache=cache, jobs=1)
    before = (cache / snapshots.FILE).read_bytes()
    _edit(sorted(readouts.glob("*.txt"))[where])
    report = build(readouts, out, cache=cache, jobs=1)
    assert (report.parsed_fresh, report.from_snapshot) == (1, N - 1)
    assert (cache / snapshots.FILE).read_bytes() == before  # one change is not worth a new snapshot
    assert _tree(out) == _clean_tree(readouts, tmp_path)
    assert build(readouts, out, cache=cache, jobs=1).parsed_fresh == 0  # the changed one: from its entry


def test_removed_and_added_readouts(readouts, corpus_dir, tmp_path):
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(readouts, out, cache=cache, jobs=1)
    gone = sorted(readouts.glob("*.txt"))[3]
    gone.unlink()
    gone.with_suffix(".yaml").unlink(missing_ok=True)
    extra = tmp_path / "extra"
    write_corpus(extra, 2, seed=99)
    for path in extra.iterdir():
        shutil.copy(path, readouts / path.name)
    report = build(readouts, out, cache=cache, jobs=1)
    assert report.readouts == N + 1 and report.from_snapshot == N - 1
    assert _tree(out) == _clean_tree(readouts, tmp_path)


def test_the_snapshot_is_rewritten_once_it_misses_too_many(readouts, tmp_path, monkeypatch):
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(readouts, out, cache=cache, jobs=1)
    monkeypatch.setattr(snapshots, "SLACK", 1)
    for path in sorted(readouts.glob("*.txt"))[:2]:
        _edit(path)
    assert build(readouts, out, cache=cache, jobs=1).from_snapshot == N - 2
    assert build(readouts, out, cache=cache, jobs=1).from_snapshot == N  # the new snapshot holds the edits


@pytest.mark.parametrize(
    ("when", "expected"),
    [((None, 5, 0), True), ((None, 0, 0), False), ((100, 100, 100), False), ((100, 100, 100 - 33), True)],
)
def test_worth_rewriting(when, expected):
    held, readouts, reused = when
    snapshot = None if held is None else snapshots.Snapshot({}, {}, {str(i): None for i in range(held)})
    assert snapshots.worth_rewriting(snapshot, readouts, reused) is expected


def test_a_small_corpus_whose_readouts_all_changed_gets_a_new_snapshot(readouts, tmp_path):
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(readouts, out, cache=cache, jobs=1)
    for path in readouts.glob("*.txt"):
        _edit(path)
    build(readouts, out, cache=cache, jobs=1)
    assert build(readouts, out, cache=cache, jobs=1).from_snapshot == N


def test_real_formats_with_twins_and_mentions_come_back_from_the_snapshot_unchanged(tmp_path):
    """The fixture readouts, Japanese and English: helper columns and twin links go through the snapshot."""
    fixtures = Path(__file__).parents[1] / "fixtures"
    readouts = tmp_path / "readouts"
    readouts.mkdir()
    for folder in (
        fixtures / "seeds",
        fixtures / "readouts",
        fixtures / "ja" / "readouts",
        fixtures / "en" / "readouts",
    ):
        for path in folder.iterdir():
            if path.is_file() and not (readouts / path.name).exists():
                shutil.copy(path, readouts / path.name)
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(readouts, out, cache=cache, jobs=1)
    clean = _clean_tree(readouts, tmp_path)
    report = build(readouts, out, cache=cache, jobs=1)
    assert report.from_snapshot == report.readouts and report.rows["statement_alignments"] and report.rows["mentions"]
    assert _tree(out) == clean
    _edit(sorted(readouts.glob("*_en.txt"))[0])  # an English twin: its alignments are made again
    assert build(readouts, out, cache=cache, jobs=1).parsed_fresh == 1
    assert _tree(out) == _clean_tree(readouts, tmp_path)


def test_add_finds_a_repeated_readout_through_the_snapshot_without_reading_entries(readouts, tmp_path, monkeypatch):
    from etl.commands.add import add_readout
    from etl.errors import InputError
    from etl.run.cache import ParseCache

    cache = tmp_path / "cache"
    build(readouts, tmp_path / "out", cache=cache, jobs=1)

    def no_entries(self, key):
        raise AssertionError("a cache entry was read")

    monkeypatch.setattr(ParseCache, "get", no_entries)
    copy = tmp_path / "copy.txt"
    shutil.copy(sorted(readouts.glob("*.txt"))[4], copy)
    with pytest.raises(InputError, match="same SHA-256"):
        add_readout(copy, readouts, url="https://www.mofa.go.jp/x.html", cache=cache)
