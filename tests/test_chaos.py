"""Issue 12, findings 1 and 2: a crash or a second process cannot lose data.

Findings 3 to 5 (the cache, hostile YAML, links) are in test_chaos_input.py,
findings 6 and 8 to 10 (operating-system failures, text, workers) in
test_chaos_os.py, finding 7 (releases) in test_chaos_release.py; the
kill-and-race property test is test_publish_races.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from etl.errors import PathError, quote
from etl.package.swap import MARKER, STAGING
from etl.run.build import build
from etl.run.lock import WAIT_SECONDS, checkout_lock

from .chaos import build_cli, built_project, outside, package, run, tree
from .conftest import FIXTURES

SEED = "2009-11-13_jp-us_summit"
PH = FIXTURES / "2016-09-21_jp-ph_meeting.txt"
UNLOCKED = "no build is running (the checkout lock is free)"


@pytest.fixture
def built(tmp_path) -> Path:
    return built_project(tmp_path)


# 1. data loss: the marker -------------------------------------------------------------------


@pytest.mark.parametrize(
    "marker", ["", "\n", ".", "..", "/", "dist", "readouts", "../elsewhere", ".staging/..", "x" * 999]
)
def test_1_a_marker_naming_no_staging_folder_is_refused_and_nothing_is_removed(built, capsys, marker):
    (built / MARKER).write_text(marker, encoding="utf-8")
    before = tree(built)
    what = "is empty" if not marker.strip() else f"names {quote(marker.strip()[:200])}"
    for _ in range(2):  # the second build after a bad marker once deleted the whole checkout
        assert build_cli(capsys, built)[1:] == (
            "",
            f"{built / MARKER}: error: {what}, not this folder's staging folder {STAGING} ({UNLOCKED}: "
            f"delete {built / MARKER} (and {built / STAGING} if it is there), then build again)\n",
        )
        assert tree(built) == before
    (built / MARKER).unlink()
    assert build_cli(capsys, built)[0] == 0
    assert outside(built) == {k: v for k, v in before.items() if k in outside(built)}


def test_1_a_staging_folder_the_build_did_not_make_is_neither_published_nor_removed(built, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine\n", encoding="utf-8")
    (built / STAGING).symlink_to(elsewhere)
    (built / MARKER).write_text(f"{STAGING}\n", encoding="utf-8")
    code, _, err = build_cli(capsys, built)
    assert code == 5 and err.startswith(f"{built / STAGING}: error: named by the marker but not a staging folder")
    (built / MARKER).unlink()
    code, _, err = build_cli(capsys, built)  # no marker: an unfinished build's staging folder, but not ours
    assert code == 5 and err.startswith(f"{built / STAGING}: error: a staging folder, but not one a build made")
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "mine\n"
    (built / STAGING).unlink()
    (built / STAGING).mkdir()  # a real staging folder holding what a build never makes
    (built / STAGING / "notes.md").write_text("planted\n", encoding="utf-8")
    (built / STAGING / ".etl-staging").write_text("", encoding="utf-8")
    (built / MARKER).write_text(f"{STAGING}\n", encoding="utf-8")
    code, _, err = build_cli(capsys, built)
    assert code == 5 and err.startswith(f"{built / STAGING / 'notes.md'}: error: found in the staging folder")
    assert (built / "notes.md").read_text(encoding="utf-8") == "not the build's\n"


def test_1_a_full_disk_at_the_marker_leaves_no_marker_and_the_old_package(built, monkeypatch):
    old = package(built)
    (built / "readouts" / f"{SEED}.txt").unlink()

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)  # the first durable write of a build is the marker
    with pytest.raises(PathError) as err:
        build(built / "readouts", built)
    assert str(err.value) == (
        f"{built / MARKER}: error: No space left on device (the disk is full: free some space and run again)"
    )
    assert sorted(p.name for p in built.iterdir() if "publish-pending" in p.name or p.name == STAGING) == []
    assert package(built) == old
    monkeypatch.undo()
    build(built / "readouts", built)
    assert package(built) != old and not (built / STAGING).exists()


# 2. one lock per checkout ---------------------------------------------------------------------


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "etl", *args]


def test_2_a_build_while_the_lock_is_held_waits_then_names_the_holder(built):
    before = tree(built)
    with checkout_lock(built):
        start = time.monotonic()
        proc = subprocess.run(
            _cli("build", "--out", str(built)), cwd=built, capture_output=True, text=True, check=False
        )
        waited = time.monotonic() - start
    assert proc.returncode == 5 and waited >= WAIT_SECONDS
    assert proc.stderr == (
        f"{built}: error: another build is running (pid {os.getpid()}) (wait for it to finish, then run again)\n"
    )
    assert tree(built) == before


def test_2_two_builds_at_once_never_leave_a_mixed_package(built, tmp_path):
    shutil.copy(PH, built / "readouts" / PH.name)
    expected = tmp_path / "expected"
    build(built / "readouts", expected)
    procs = [subprocess.Popen(_cli("build"), cwd=built, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
    procs.append(subprocess.Popen(_cli("build"), cwd=built, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 or (proc.returncode == 5 and "another build is running (pid" in err), err
        assert "Traceback" not in err
    assert package(built) == package(expected)


def test_2_two_adds_of_one_meeting_at_once_take_exactly_one(built, tmp_path):
    incoming = tmp_path / "in"
    incoming.mkdir()
    (incoming / "a.txt").write_bytes(PH.read_bytes())
    (incoming / "b.txt").write_bytes(PH.read_bytes() + "追記。\n".encode())
    args = [["add", str(incoming / n), "--retrieved", "2026-11-01"] for n in ("a.txt", "b.txt")]
    procs = [subprocess.Popen(_cli(*a), cwd=built, stderr=subprocess.PIPE, text=True) for a in args]
    codes = sorted(p.wait(timeout=120) for p in procs)
    errs = [p.stderr.read() for p in procs]
    assert codes[0] == 0 and codes[1] in (2, 5), errs
    assert not any("Traceback" in e for e in errs)
    added = built / "readouts" / PH.name
    assert added.read_bytes() in ((incoming / "a.txt").read_bytes(), (incoming / "b.txt").read_bytes())
    assert added.with_suffix(".yaml").read_text(encoding="utf-8") == "retrieved: 2026-11-01\n"


def test_2_add_never_overwrites_and_takes_back_half_an_add(built, capsys):
    side = built / "readouts" / PH.with_suffix(".yaml").name
    side.write_text("notes: a reviewer's file\n", encoding="utf-8")
    code, _, err = run(capsys, "add", str(PH), "--readouts", str(built / "readouts"))
    assert (code, err) == (2, f"{PH}: error: {side} exists already (choose which readout to keep)\n")
    assert side.read_text(encoding="utf-8") == "notes: a reviewer's file\n"
    assert not (built / "readouts" / PH.name).exists()
