"""Parallel parsing, the parse cache and the progress line: fast, but never different output."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from benchmarks.generate import write_corpus
from etl.run import cache as cache_module
from etl.run import snapshot as snapshots
from etl.run.build import build
from etl.run.parse import PARALLEL_FROM
from etl.run.progress import progress

from .test_package import _tree

N = PARALLEL_FROM + 16  # enough for the process pool to be used


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    write_corpus(folder, N, seed=11)
    return folder


@pytest.fixture(scope="module")
def serial(corpus_dir, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("serial")
    build(corpus_dir, out, jobs=1)
    return _tree(out)


def test_parallel_build_equals_serial_build(corpus_dir, serial, tmp_path):
    report = build(corpus_dir, tmp_path, jobs=2)
    assert report.readouts == N
    assert _tree(tmp_path) == serial


def test_incremental_rebuild_parses_only_the_changed_readout_and_equals_a_clean_build(corpus_dir, tmp_path):
    src = tmp_path / "readouts"
    shutil.copytree(corpus_dir, src)
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = build(src, out, cache=cache, jobs=2)
    assert first.parsed_fresh == N
    victim = sorted(src.glob("*.txt"))[N // 2]
    victim.write_text(
        victim.read_text(encoding="utf-8") + "両首脳は，引き続き連携していくことで一致した。\n", encoding="utf-8"
    )
    again = build(src, out, cache=cache, jobs=2)
    assert again.parsed_fresh == 1
    clean = tmp_path / "clean"
    build(src, clean, jobs=1)
    assert _tree(out) == _tree(clean)


def test_cache_entries_of_removed_readouts_are_pruned(corpus_dir, tmp_path):
    src = tmp_path / "readouts"
    shutil.copytree(corpus_dir, src)
    cache = tmp_path / "cache"
    build(src, tmp_path / "out", cache=cache, jobs=1)
    assert len(list(cache.glob("*/*.json"))) == N
    for p in sorted(src.glob("*.txt"))[:3]:
        p.unlink()
    build(src, tmp_path / "out", cache=cache, jobs=1)
    assert len(list(cache.glob("*/*.json"))) == N - 3


def test_a_new_extractor_misses_the_cache(corpus_dir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    build(corpus_dir, tmp_path / "out", cache=cache, jobs=1)
    monkeypatch.setattr(cache_module, "extractor_fingerprint", lambda: "a-different-extractor")
    assert build(corpus_dir, tmp_path / "out", cache=cache, jobs=1).parsed_fresh == N


def test_fingerprint_follows_the_code_and_the_vocabularies(tmp_path, monkeypatch):
    package = tmp_path / "etl"
    shutil.copytree(cache_module.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "PACKAGE", package)

    def fingerprint() -> str:
        cache_module.extractor_fingerprint.cache_clear()
        return cache_module.extractor_fingerprint()

    first = fingerprint()
    assert fingerprint() == first
    with open(package / "extract" / "rules" / "titles.csv", "a", encoding="utf-8") as fh:
        fh.write("新設大臣,jp,minister\n")
    second = fingerprint()
    assert second != first
    (package / "extract" / "acts.py").write_text("# changed\n", encoding="utf-8")
    assert fingerprint() not in (first, second)
    monkeypatch.undo()
    cache_module.extractor_fingerprint.cache_clear()


def test_a_corrupt_cache_entry_is_parsed_again(corpus_dir, tmp_path):
    cache = tmp_path / "cache"
    build(corpus_dir, tmp_path / "out", cache=cache, jobs=1)
    (cache / snapshots.FILE).unlink()  # else the rows come from the table snapshot, not the entries
    for entry in list(cache.glob("*/*.json"))[:2]:
        entry.write_bytes(b"not an entry")
    assert build(corpus_dir, tmp_path / "out", cache=cache, jobs=1).parsed_fresh == 2


def test_entries_damaged_are_met_by_the_workers_and_reported_once_each(corpus_dir, serial, tmp_path):
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(corpus_dir, out, cache=cache, jobs=2)
    (cache / snapshots.FILE).unlink()
    damaged = sorted(cache.glob("*/*.json"))[:3]
    for entry in damaged:
        entry.write_bytes(b"not an entry")
    report = build(corpus_dir, out, cache=cache, jobs=2)
    assert report.parsed_fresh == 3
    reported = [path for path, notice in report.warnings if "damaged parse cache entry" in notice.message]
    assert sorted(reported) == damaged
    assert _tree(out) == serial


def test_progress_is_silent_off_a_terminal_and_in_ci(monkeypatch, capsys):
    monkeypatch.setenv("CI", "true")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    term = Terminal()
    with progress("parsing", 10, stream=term, delay=0) as bar:
        for _ in range(10):
            bar.update()
    assert term.getvalue() == ""
    monkeypatch.delenv("CI")
    with progress("parsing", 10, delay=0) as bar:  # stderr is captured: not a terminal
        bar.update(10)
    assert capsys.readouterr().err == ""
    with progress("parsing", 10, stream=term, delay=0) as bar:  # a terminal, outside CI
        bar.update(10)
    assert "parsing" in term.getvalue() and "10/10" in term.getvalue()


def test_progress_shows_counts_when_enabled():
    buf = io.StringIO()
    with progress("parsing", 3, stream=buf, enabled=True, delay=0) as bar:
        for _ in range(3):
            bar.update()
            bar.refresh()
    assert "parsing" in buf.getvalue() and "3/3" in buf.getvalue()
