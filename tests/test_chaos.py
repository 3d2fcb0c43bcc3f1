"""Issue 12, findings 1 to 5: a crash, a second process or a hostile file cannot lose data or run code.

Findings 6 and 8 to 10 (operating-system failures, text, workers) are in
test_chaos_os.py, finding 7 (releases) in test_chaos_release.py; the
kill-and-race property test is test_publish_races.py.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from etl.errors import PathError, quote
from etl.package.swap import MARKER, STAGING
from etl.run.build import build
from etl.run.cache import DEFAULT_FOLDER as CACHE
from etl.run.lock import WAIT_SECONDS, checkout_lock
from etl.run.snapshot import FILE as SNAPSHOT

from .chaos import outside, package, project, run, tree
from .conftest import FIXTURES, ROOT

SEED = "2009-11-13_jp-us_summit"
PH = FIXTURES / "2016-09-21_jp-ph_meeting.txt"
UNLOCKED = "no build is running (the checkout lock is free)"


@pytest.fixture
def built(tmp_path) -> Path:
    root = project(tmp_path)
    build(root / "readouts", root, cache=root / CACHE)
    return root


def _build(capsys, root: Path, *more: str) -> tuple[int, str, str]:
    args = ("--readouts", str(root / "readouts"), "--out", str(root), "--corrections", str(root / "corrections"))
    return run(capsys, "build", *args, *more)


# 1. data loss: the marker -------------------------------------------------------------------


@pytest.mark.parametrize(
    "marker", ["", "\n", ".", "..", "/", "dist", "readouts", "../elsewhere", ".staging/..", "x" * 999]
)
def test_1_a_marker_naming_no_staging_folder_is_refused_and_nothing_is_removed(built, capsys, marker):
    (built / MARKER).write_text(marker, encoding="utf-8")
    before = tree(built)
    what = "is empty" if not marker.strip() else f"names {quote(marker.strip()[:200])}"
    for _ in range(2):  # the second build after a bad marker once deleted the whole checkout
        assert _build(capsys, built)[1:] == (
            "",
            f"{built / MARKER}: error: {what}, not this folder's staging folder {STAGING} ({UNLOCKED}: "
            f"delete {built / MARKER} (and {built / STAGING} if it is there), then build again)\n",
        )
        assert tree(built) == before
    (built / MARKER).unlink()
    assert _build(capsys, built)[0] == 0
    assert outside(built) == {k: v for k, v in before.items() if k in outside(built)}


def test_1_a_staging_folder_the_build_did_not_make_is_neither_published_nor_removed(built, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine\n", encoding="utf-8")
    (built / STAGING).symlink_to(elsewhere)
    (built / MARKER).write_text(f"{STAGING}\n", encoding="utf-8")
    code, _, err = _build(capsys, built)
    assert code == 5 and err.startswith(f"{built / STAGING}: error: named by the marker but not a staging folder")
    (built / MARKER).unlink()
    code, _, err = _build(capsys, built)  # no marker: an unfinished build's staging folder, but not ours
    assert code == 5 and err.startswith(f"{built / STAGING}: error: a staging folder, but not one a build made")
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "mine\n"
    (built / STAGING).unlink()
    (built / STAGING).mkdir()  # a real staging folder holding what a build never makes
    (built / STAGING / "notes.md").write_text("planted\n", encoding="utf-8")
    (built / STAGING / ".etl-staging").write_text("", encoding="utf-8")
    (built / MARKER).write_text(f"{STAGING}\n", encoding="utf-8")
    code, _, err = _build(capsys, built)
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


# 3. the parse cache is data ----------------------------------------------------------------------


class _Payload:
    def __reduce__(self):
        return (os.system, (f"touch {ROOT / 'never'}",))


def _entries_only(built: Path) -> list[Path]:
    """The cache's JSON entries, with the table snapshot gone: the next build reads the entries."""
    (built / CACHE / SNAPSHOT).unlink()
    return sorted((built / CACHE).glob("*/*.json"))


def test_3_a_planted_pickle_is_never_loaded_and_is_pruned(built, capsys):
    entries = _entries_only(built)
    for entry in entries:
        entry.with_suffix(".pickle").write_bytes(pickle.dumps(_Payload()))
        entry.unlink()
    code, out, _ = _build(capsys, built)
    assert code == 0 and "(2 parsed, the rest from the cache)" in out
    assert not (ROOT / "never").exists()
    assert sorted((built / CACHE).glob("*/*.pickle")) == [] and len(entries) == 2


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda head, body: head + b"\n" + body.replace(b'"US"', b'"CN"'), "checksum mismatch"),
        (lambda head, body: b"{}\n" + body, "not an entry of this version"),
        (lambda head, body: b"\x80\x81 not json", "not readable JSON"),
        (lambda head, body: head.replace(b'"key": "', b'"key": "0') + b"\n" + body, "stored under another key"),
    ],
)
def test_3_a_damaged_entry_is_parsed_again_and_reported_once(built, capsys, damage, why):
    before = package(built)
    entry = _entries_only(built)[0]
    head, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(damage(head, body))
    code, out, _ = _build(capsys, built)
    assert code == 0
    assert f"  {entry}: warning: damaged parse cache entry ({why}): the readout is parsed again\n" in out
    assert package(built) == before  # the extracted values, not the edited ones
    code, out, _ = _build(capsys, built)
    assert code == 0 and "damaged parse cache" not in out and "(0 parsed" in out


def test_3_an_entry_of_the_wrong_shape_with_a_valid_checksum_is_a_miss(built, capsys):
    import hashlib
    import json

    entry = _entries_only(built)[0]
    header = json.loads(entry.read_bytes().partition(b"\n")[0])
    body = b'{"tables":{"meetings":{"length":2,"columns":{"meeting_id":["x"]}}},"dates":{},"warnings":[]}'
    header["sha256"] = hashlib.sha256(body).hexdigest()
    entry.write_bytes(json.dumps(header).encode() + b"\n" + body)
    code, out, _ = _build(capsys, built)
    assert code == 0 and "(meetings.meeting_id: wrong length)" in out


def test_3_a_damaged_table_snapshot_is_reported_once_and_the_entries_are_read(built, capsys):
    before = package(built)
    snapshot = built / CACHE / SNAPSHOT
    data = bytearray(snapshot.read_bytes())
    data[100] ^= 0xFF  # inside the first table's part
    snapshot.write_bytes(bytes(data))
    code, out, _ = _build(capsys, built)
    assert code == 0 and "(0 parsed, the rest from the cache)" in out
    assert out.count("damaged table snapshot") == 1
    assert f"  {snapshot}: warning: damaged table snapshot (checksum mismatch)" in out
    assert package(built) == before
    code, out, _ = _build(capsys, built)
    assert code == 0 and "snapshot" not in out


# 4. hostile YAML ---------------------------------------------------------------------------------

LAUGHS = "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + LAUGHS


def test_4_aliases_depth_duplicates_and_size_are_refused_at_once(built, capsys):
    folder = built / "corrections"
    folder.mkdir()
    cases = {
        "laughs.yaml": (LAUGHS, ":1:4: error: anchors and aliases (&name, *name) are not allowed"),
        "deep.yaml": ("[" * 100_000, ":1:9: error: nested more than 8 levels deep"),
        "twice.yaml": (
            "- table: statements\n  table: topics\n",
            ":2:3: error: duplicate key 'table' (first at line 1)",
        ),
        "big.yaml": ("# x\n" * 13_000_000, ": error: too large (more than 1,048,576 bytes)"),
    }
    for name, (text, message) in cases.items():
        for other in folder.iterdir():
            other.unlink()
        (folder / name).write_text(text, encoding="utf-8")
        start = time.monotonic()
        code, _, err = _build(capsys, built)
        assert time.monotonic() - start < 10
        assert code == 2 and err.splitlines()[0].startswith(f"{folder / name}{message}"), err
        assert err.splitlines()[1:] == ["failed: 1 input error(s); the published package is unchanged"]


def test_4_a_deep_sidecar_is_refused_by_check(built, capsys):
    side = built / "readouts" / f"{SEED}.yaml"
    side.write_text("[" * 100_000, encoding="utf-8")
    code, _, err = run(capsys, "check", "--quiet", str(built / "readouts" / f"{SEED}.txt"))
    assert code == 2 and err.startswith(f"{side}:1:9: error: nested more than 8 levels deep\n")


def test_4_messages_quote_at_most_a_few_dozen_characters(built, capsys):
    (built / "corrections").mkdir()
    item = (
        "- {readout_sha256: '%s', table: meetings, id: x, field: duration_minutes, old: '%s', new: 1, who: a, why: b}"
    )
    (built / "corrections" / "long.yaml").write_text(item % ("0" * 64, "9" * 100_000), encoding="utf-8")
    code, _, err = _build(capsys, built)
    line = err.splitlines()[0]
    assert code == 2 and "expected an integer, got '99999" in line and line.endswith("…")
    assert len(line) < len(str(built)) + 140


# 5. links out of the folders ------------------------------------------------------------------------


def test_5_sidecars_and_corrections_linked_out_of_their_folder_are_refused_unread(built, tmp_path, capsys):
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$SECRET-HASH:19000:0:99999:7:::\n", encoding="utf-8")
    valid = tmp_path / "valid.yaml"
    valid.write_text("url: https://example.org/elsewhere\n", encoding="utf-8")
    side = built / "readouts" / f"{SEED}.yaml"
    for target in (secret, valid):
        side.unlink(missing_ok=True)
        side.symlink_to(target)
        code, _, err = _build(capsys, built)
        assert code == 2 and "SECRET" not in err
        assert err.startswith(f"{side}: error: a link to {target}, outside {built / 'readouts'} (copy the file")
    side.unlink()
    (built / "corrections").mkdir()
    (built / "corrections" / "c.yaml").symlink_to(secret)
    code, _, err = _build(capsys, built)
    assert code == 2 and "SECRET" not in err and f"a link to {secret}, outside {built / 'corrections'}" in err
    (built / "corrections" / "c.yaml").unlink()
    (built / "readouts" / "provenance").mkdir()
    (built / "readouts" / "provenance" / "s.yaml").write_bytes(valid.read_bytes())
    side.symlink_to(built / "readouts" / "provenance" / "s.yaml")  # inside the folder: fine
    assert _build(capsys, built)[0] == 0
