"""The table snapshot attacked: damaged, crafted, linked, interrupted or blocked, it never changes the output."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow
import pyarrow.ipc
import pytest

from etl.run import cache as cache_module
from etl.run import snapshot as snapshots
from etl.run import snapshot_write
from etl.run.build import build
from tests.test_package import _tree

from .conftest import N, _clean_tree, _edit


def _damage_a_part(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0xFF
    path.write_bytes(bytes(data))


def _damage_the_footer_length(path: Path) -> None:
    data = bytearray(path.read_bytes())
    tail = len(data) - 16
    data[tail : tail + 8] = (2**62).to_bytes(8, "little")
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _not_json(path: Path) -> None:
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[-16:-8], "little")
    data[-snapshots.TAIL - size] = ord("!")
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_damage_a_part, _damage_the_footer_length, _truncate, _not_json])
def test_a_damaged_snapshot_is_reported_once_and_not_used(readouts, tmp_path, damage):
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(readouts, out, cache=cache, jobs=1)
    damage(cache / snapshots.FILE)
    report = build(readouts, out, cache=cache, jobs=1)
    assert report.from_snapshot == 0 and report.parsed_fresh == 0  # every readout from its JSON entry
    reported = [(path, n.message) for path, n in report.warnings if "table snapshot" in n.message]
    assert len(reported) == 1 and reported[0][0] == cache / snapshots.FILE
    assert _tree(out) == _clean_tree(readouts, tmp_path)
    assert build(readouts, out, cache=cache, jobs=1).from_snapshot == N  # written anew


def test_a_snapshot_of_another_extractor_is_quietly_set_aside(readouts, tmp_path, monkeypatch):
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(readouts, out, cache=cache, jobs=1)
    monkeypatch.setattr(cache_module, "extractor_fingerprint", lambda: "another-extractor")
    report = build(readouts, out, cache=cache, jobs=1)
    assert report.from_snapshot == 0 and report.parsed_fresh == N
    assert not [n for _, n in report.warnings if "snapshot" in n.message]


def test_a_snapshot_that_is_a_link_is_not_followed(readouts, tmp_path):
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(readouts, out, cache=cache, jobs=1)
    moved = tmp_path / "elsewhere.snapshot"
    (cache / snapshots.FILE).rename(moved)
    (cache / snapshots.FILE).symlink_to(moved)
    assert build(readouts, out, cache=cache, jobs=1).from_snapshot == 0


def test_an_interrupted_write_leaves_the_old_snapshot_whole(readouts, tmp_path, monkeypatch):
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(readouts, out, cache=cache, jobs=1)
    before = (cache / snapshots.FILE).read_bytes()
    monkeypatch.setattr(snapshots, "SLACK", 0)
    _edit(sorted(readouts.glob("*.txt"))[0])

    def interrupted(file, tables):
        file.write(b"half a part")
        raise KeyboardInterrupt

    monkeypatch.setattr(snapshot_write, "_write_parts", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(readouts, out, cache=cache, jobs=1)
    assert (cache / snapshots.FILE).read_bytes() == before
    assert sorted(p.name for p in cache.iterdir() if p.is_file()) == [snapshots.FILE]


def test_temporary_files_of_killed_writers_are_removed_and_live_ones_kept(readouts, tmp_path):
    cache, out = tmp_path / "cache", tmp_path / "out"
    cache.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = cache / f".{snapshots.FILE}.{int(dead.stdout)}.tmp"
    live = cache / f".{snapshots.FILE}.{os.getppid()}.tmp"
    abandoned.write_bytes(b"x" * 100)
    live.write_bytes(b"x")
    build(readouts, out, cache=cache, jobs=1)
    assert not abandoned.exists() and live.exists()


# crafted snapshots: checksums recomputed, so that only the checks behind them stand in the way


def _parts(path: Path) -> tuple[bytes, dict]:
    data = path.read_bytes()
    size = int.from_bytes(data[-16:-8], "little")
    footer = json.loads(data[-snapshots.TAIL - size : -snapshots.TAIL])
    return data, footer


def _craft(path: Path, footer: dict, tables: dict[str, pyarrow.Table] | None = None, raw: bytes | None = None) -> None:
    """Rewrite a snapshot with other tables (or footer), every checksum made to match."""
    data, _ = _parts(path)
    body = bytearray()
    for name, part in footer["tables"].items():
        blob = data[part["offset"] : part["offset"] + part["length"]]
        if tables and name in tables:
            sink = pyarrow.BufferOutputStream()
            with pyarrow.ipc.new_file(sink, tables[name].schema) as writer:
                writer.write_table(tables[name])
            blob = sink.getvalue().to_pybytes()
        body += b"\0" * (-len(body) % 64)
        part.update(offset=len(body), length=len(blob), sha256=hashlib.sha256(blob).hexdigest())
        body += blob
    text = raw if raw is not None else json.dumps(footer).encode()
    path.write_bytes(bytes(body) + text + hashlib.sha256(text).digest() + len(text).to_bytes(8, "little") + b"MOFASNAP")


def _table(path: Path, footer: dict, name: str) -> pyarrow.Table:
    part = footer["tables"][name]
    return pyarrow.ipc.open_file(pyarrow.py_buffer(path.read_bytes()[part["offset"] :][: part["length"]])).read_all()


def _bad_utf8(path: Path, footer: dict) -> None:
    sources = _table(path, footer, "sources")
    i = sources.schema.get_field_index("publisher")
    bad = pyarrow.Array.from_buffers(
        pyarrow.string(), 1, [None, pyarrow.py_buffer(b"\0\0\0\0\2\0\0\0"), pyarrow.py_buffer(b"\xff\xfe")]
    )
    column = pyarrow.concat_arrays([bad, sources.column(i).combine_chunks().slice(1)])
    _craft(path, footer, {"sources": sources.set_column(i, sources.schema.field(i), column)})


def _offsets_out_of_bounds(path: Path, footer: dict) -> None:
    statements = _table(path, footer, "statements")
    i = statements.schema.get_field_index("text")
    array = statements.column(i).combine_chunks()
    offsets = bytearray(array.buffers()[1].to_pybytes())
    middle = 4 * (len(array) // 2)
    offsets[middle : middle + 4] = (2**30).to_bytes(4, "little")  # the last offset is still right
    broken = pyarrow.Array.from_buffers(
        pyarrow.string(), len(array), [None, pyarrow.py_buffer(bytes(offsets)), array.buffers()[2]]
    )
    _craft(path, footer, {"statements": statements.set_column(i, statements.schema.field(i), broken)})


def _required_missing(path: Path, footer: dict) -> None:
    sources = _table(path, footer, "sources")
    field = next(f for f in sources.schema if not f.nullable)
    i = sources.schema.get_field_index(field.name)
    nulls = pyarrow.nulls(sources.num_rows, field.type)
    _craft(path, footer, {"sources": sources.set_column(i, field, nulls)})


def _deep_json(path: Path, footer: dict) -> None:
    _craft(path, footer, raw=b"[" * 100_000 + b"]" * 100_000)


def _starts_of_no_table(path: Path, footer: dict) -> None:
    footer["starts"]["no_such_table"] = 5
    _craft(path, footer)


@pytest.mark.parametrize(
    "craft", [_bad_utf8, _offsets_out_of_bounds, _required_missing, _deep_json, _starts_of_no_table]
)
def test_a_crafted_snapshot_never_crashes_the_build(readouts, tmp_path, craft):
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(readouts, out, cache=cache, jobs=1)
    path = cache / snapshots.FILE
    craft(path, _parts(path)[1])
    report = build(readouts, out, cache=cache, jobs=1)
    assert _tree(out) == _clean_tree(readouts, tmp_path)
    damaged = [n.message for _, n in report.warnings if "damaged table snapshot" in n.message]
    assert len(damaged) == (craft is not _starts_of_no_table), damaged  # starts of no table are not read


def test_a_footer_changed_by_one_bit_is_caught(readouts, tmp_path):
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(readouts, out, cache=cache, jobs=1)
    path = cache / snapshots.FILE
    data, footer = _parts(path)
    first = footer["starts"]["statements"][1]
    before = f'"statements":[0,{first},'.encode()
    assert before in data
    path.write_bytes(data.replace(before, f'"statements":[0,{first + 1},'.encode()))
    _edit(sorted(readouts.glob("*.txt"))[0])  # so that the others are taken as slices from position 1
    report = build(readouts, out, cache=cache, jobs=1)
    assert report.from_snapshot == 0
    assert [n.message for _, n in report.warnings if "footer checksum mismatch" in n.message]
    assert _tree(out) == _clean_tree(readouts, tmp_path)


def test_a_folder_in_the_snapshots_place_is_a_warning_not_a_failed_build(readouts, tmp_path):
    cache, out = tmp_path / "cache", tmp_path / "out"
    (cache / snapshots.FILE).mkdir(parents=True)
    report = build(readouts, out, cache=cache, jobs=1)
    assert [n.message for _, n in report.warnings if "table snapshot was not written" in n.message]
    assert _tree(out) == _clean_tree(readouts, tmp_path)
    assert not [p for p in cache.iterdir() if p.name.endswith(".tmp")]
