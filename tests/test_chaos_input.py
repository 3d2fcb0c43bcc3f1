"""Issue 12, findings 3 to 5: the parse cache is data, hostile YAML is refused, links are not followed.

Findings 1 and 2 (the marker, the lock) are in test_chaos.py.
"""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from etl.run.cache import DEFAULT_FOLDER as CACHE
from etl.run.snapshot import FILE as SNAPSHOT

from .chaos import build_cli, built_project, package, run
from .conftest import ROOT

SEED = "2009-11-13_jp-us_summit"


@pytest.fixture
def built(tmp_path) -> Path:
    return built_project(tmp_path)


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
    code, out, _ = build_cli(capsys, built)
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
    code, out, _ = build_cli(capsys, built)
    assert code == 0
    assert f"  {entry}: warning: damaged parse cache entry ({why}): the readout is parsed again\n" in out
    assert package(built) == before  # the extracted values, not the edited ones
    code, out, _ = build_cli(capsys, built)
    assert code == 0 and "damaged parse cache" not in out and "(0 parsed" in out


def test_3_an_entry_of_the_wrong_shape_with_a_valid_checksum_is_a_miss(built, capsys):
    import hashlib
    import json

    entry = _entries_only(built)[0]
    header = json.loads(entry.read_bytes().partition(b"\n")[0])
    body = b'{"tables":{"meetings":{"length":2,"columns":{"meeting_id":["x"]}}},"dates":{},"warnings":[]}'
    header["sha256"] = hashlib.sha256(body).hexdigest()
    entry.write_bytes(json.dumps(header).encode() + b"\n" + body)
    code, out, _ = build_cli(capsys, built)
    assert code == 0 and "(meetings.meeting_id: wrong length)" in out


def test_3_a_damaged_table_snapshot_is_reported_once_and_the_entries_are_read(built, capsys):
    before = package(built)
    snapshot = built / CACHE / SNAPSHOT
    data = bytearray(snapshot.read_bytes())
    data[100] ^= 0xFF  # inside the first table's part
    snapshot.write_bytes(bytes(data))
    code, out, _ = build_cli(capsys, built)
    assert code == 0 and "(0 parsed, the rest from the cache)" in out
    assert out.count("damaged table snapshot") == 1
    assert f"  {snapshot}: warning: damaged table snapshot (checksum mismatch)" in out
    assert package(built) == before
    code, out, _ = build_cli(capsys, built)
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
        code, _, err = build_cli(capsys, built)
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
    code, _, err = build_cli(capsys, built)
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
        code, _, err = build_cli(capsys, built)
        assert code == 2 and "SECRET" not in err
        assert err.startswith(f"{side}: error: a link to {target}, outside {built / 'readouts'} (copy the file")
    side.unlink()
    (built / "corrections").mkdir()
    (built / "corrections" / "c.yaml").symlink_to(secret)
    code, _, err = build_cli(capsys, built)
    assert code == 2 and "SECRET" not in err and f"a link to {secret}, outside {built / 'corrections'}" in err
    (built / "corrections" / "c.yaml").unlink()
    (built / "readouts" / "provenance").mkdir()
    (built / "readouts" / "provenance" / "s.yaml").write_bytes(valid.read_bytes())
    side.symlink_to(built / "readouts" / "provenance" / "s.yaml")  # inside the folder: fine
    assert build_cli(capsys, built)[0] == 0
