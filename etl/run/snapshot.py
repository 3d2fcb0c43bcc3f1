"""Every readout's tables as Arrow in one file, so that a rebuild reads them at disk speed.

Workers cache each readout they parse as a JSON entry (etl.run.cache);
decoding 10,000 of those takes seconds.  So once the readouts' tables are
merged, the build also writes them, as built, into one file beside the
entries, `tables.snapshot`:

    [each table as an Arrow IPC file] [footer: JSON] [footer length: 8 bytes] [MAGIC]

The footer names the format and the extractor, every table's part (offset,
length, SHA-256) and, for each readout in order, its cache key, warnings,
identity and where its rows start in every table.  A rebuild memory-maps the
file and takes the rows of the readouts whose keys it holds as slices; only
the others are read from their JSON entries or parsed.

A snapshot is data, never code, and is checked when read: one whose footer,
checksums or shape are not what this version writes is not used (reported
once), and the build goes on without it.  It is written to a temporary file
and renamed, so it is whole or absent, and rewritten only when that is worth
it (`worth_rewriting`): not after one readout changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow
import pyarrow.ipc

from etl.errors import Notice, on_path
from etl.run import cache
from etl.run.cache import Damaged
from etl.run.clashes import CLASH_KEYS

FILE = "tables.snapshot"  # in the parse cache's folder
FORMAT = "mofa-etl-table-snapshot/1"
MAGIC = b"MOFASNAP"
MAX_FOOTER = 64 * 1024 * 1024  # bytes; 10,000 readouts take about 2 MB
SLACK = 32  # readouts a snapshot may miss, or hold unused, before it is rewritten (or 2% of them)
_KEY = re.compile(r"^[0-9a-f]{64}$")
_TEMPORARY = re.compile(r"^\." + re.escape(FILE) + r"\.(\d+)\.tmp$")


@dataclass(frozen=True)
class Kept:
    """What a snapshot holds of one readout besides its rows."""

    position: int
    warnings: list[Notice]
    identity: dict[str, str]


@dataclass(frozen=True)
class Record:
    """What a new snapshot records of one readout: its key, warnings, identity and row count per table."""

    key: str
    warnings: list[Notice]
    identity: dict[str, str]
    rows: dict[str, int]


class Snapshot:
    def __init__(self, tables: dict[str, pyarrow.Table], starts: dict[str, list[int]], kept: dict[str, Kept]):
        self.tables, self.starts, self.kept = tables, starts, kept

    def __len__(self) -> int:
        return len(self.kept)

    def get(self, key: str) -> Kept | None:
        return self.kept.get(key)

    def rows(self, first: int, stop: int) -> dict[str, pyarrow.Table]:
        """The tables of readouts first..stop-1 (positions in the snapshot), as slices."""
        out = {}
        for table, arrow in self.tables.items():
            begin = self.starts[table][first]
            out[table] = arrow.slice(begin, self.starts[table][stop] - begin)
        return out


def worth_rewriting(snapshot: Snapshot | None, readouts: int, reused: int) -> bool:
    """Whether a build should write a new snapshot: there is none, or it misses or wastes too many readouts."""
    if snapshot is None:
        return readouts > 0
    missing, unused = readouts - reused, len(snapshot) - reused
    return max(missing, unused) > max(SLACK, readouts // 50)


# reading


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise Damaged(what)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _footer(view: memoryview) -> tuple[dict, int]:
    """The footer of a snapshot, and where it starts."""
    end = len(view) - 8 - len(MAGIC)
    _check(end >= 0 and bytes(view[end + 8 :]) == MAGIC, "not a table snapshot")
    size = int.from_bytes(view[end : end + 8], "little")
    _check(size <= min(end, MAX_FOOTER), "footer out of bounds")
    footer = json.loads(bytes(view[end - size : end]))
    _check(isinstance(footer, dict) and footer.get("format") == FORMAT, "not of this version")
    return footer, end - size


def _table(buffer: pyarrow.Buffer, view: memoryview, part: object, end: int) -> pyarrow.Table:
    _check(isinstance(part, dict) and set(part) == {"offset", "length", "sha256"}, "malformed part")
    offset, length = part["offset"], part["length"]
    _check(_is_int(offset) and _is_int(length) and 0 <= offset <= offset + length <= end, "part out of bounds")
    _check(hashlib.sha256(view[offset : offset + length]).hexdigest() == part["sha256"], "checksum mismatch")
    try:
        return pyarrow.ipc.open_file(buffer.slice(offset, length)).read_all()
    except (pyarrow.ArrowException, OSError) as exc:
        raise Damaged(f"unreadable table ({exc})") from None


def _fits(table: pyarrow.Table, schema: pyarrow.Schema) -> bool:
    """The table has the schema's columns, of its types, first (helper columns may follow)."""
    found = [(f.name, f.type) for f in table.schema][: len(schema)]
    return found == [(f.name, f.type) for f in schema]


def _kept(readouts: object) -> dict[str, Kept]:
    _check(isinstance(readouts, list), "no readouts")
    kept = {}
    for position, entry in enumerate(readouts):
        _check(isinstance(entry, list) and len(entry) == 3, "malformed readout")
        key, warnings, identity = entry
        _check(isinstance(key, str) and bool(_KEY.match(key)) and key not in kept, "malformed key")
        _check(isinstance(warnings, list) and all(_is_warning(w) for w in warnings), "malformed warning")
        _check(isinstance(identity, dict) and sorted(identity) == sorted(CLASH_KEYS), "malformed identity")
        _check(all(isinstance(v, str) for v in identity.values()), "malformed identity")
        kept[key] = Kept(position, [Notice(*w) for w in warnings], identity)
    return kept


def _is_warning(w: object) -> bool:
    optional = lambda v: v is None or _is_int(v)  # noqa: E731
    return isinstance(w, list) and len(w) == 3 and isinstance(w[0], str) and optional(w[1]) and optional(w[2])


def _starts(starts: object, readouts: int, rows: int) -> list[int]:
    _check(isinstance(starts, list) and len(starts) == readouts + 1, "row starts of the wrong length")
    _check(all(map(_is_int, starts)) and starts[0] == 0 and starts[-1] == rows, "row starts out of bounds")
    _check(all(a <= b for a, b in itertools.pairwise(starts)), "row starts out of order")
    return starts


def _read(path: Path, schemas: dict[str, pyarrow.Schema]) -> Snapshot | None:
    """The snapshot at path; None when it is of another extractor or other schemas (stale, not damaged)."""
    buffer = pyarrow.memory_map(str(path)).read_buffer()
    view = memoryview(buffer)
    footer, end = _footer(view)
    if footer.get("fingerprint") != cache.extractor_fingerprint():
        return None
    parts, starts = footer.get("tables"), footer.get("starts")
    _check(isinstance(parts, dict) and isinstance(starts, dict), "malformed footer")
    if set(parts) != set(schemas):
        return None
    kept = _kept(footer.get("readouts"))
    tables = {}
    for name, schema in schemas.items():
        tables[name] = _table(buffer, view, parts[name], end)
        if not _fits(tables[name], schema):
            return None
        starts[name] = _starts(starts.get(name), len(kept), tables[name].num_rows)
    return Snapshot(tables, starts, kept)


def load(folder: Path, schemas: dict[str, pyarrow.Schema], problems: list[tuple[Path, Notice]]) -> Snapshot | None:
    """The snapshot in folder, when there is a usable one; a damaged one is added to problems."""
    path = folder / FILE
    if path.is_symlink() or not path.is_file():
        return None
    try:
        return _read(path, schemas)
    except OSError:
        return None  # unreadable: as good as absent, the build goes on without it
    except (Damaged, ValueError) as exc:  # json's errors are ValueErrors
        why = str(exc) if isinstance(exc, Damaged) else "unreadable footer"
        problems.append((path, Notice(f"damaged table snapshot ({why}): its readouts are read from the parse cache")))
        return None


# writing


class _Hashing:
    """A file that hashes what is written to it, for pyarrow to write one part into."""

    def __init__(self, file):
        self.file, self.digest, self.closed = file, hashlib.sha256(), False

    def write(self, data) -> int:
        self.digest.update(data)
        return self.file.write(data)

    def tell(self) -> int:
        return self.file.tell()

    def flush(self) -> None:
        pass

    def close(self) -> None:  # the part is done; the file goes on
        self.closed = True


def _write_parts(file, tables: dict[str, pyarrow.Table]) -> dict[str, dict]:
    parts = {}
    for name, table in tables.items():
        file.write(b"\0" * (-file.tell() % 64))  # every part starts aligned, as Arrow's buffers want
        offset, sink = file.tell(), _Hashing(file)
        with pyarrow.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        parts[name] = {"offset": offset, "length": file.tell() - offset, "sha256": sink.digest.hexdigest()}
    return parts


def _remove_abandoned(folder: Path) -> None:
    """Temporary files of writers that were killed (their process is gone)."""
    for path in folder.glob(f".{FILE}.*.tmp"):
        match = _TEMPORARY.match(path.name)
        if match and not _alive(int(match[1])):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's process
        return True
    return True


def write(folder: Path, records: list[Record], tables: dict[str, pyarrow.Table]) -> None:
    """Write the snapshot of these readouts (in order) and their tables (as built) into folder."""
    path = folder / FILE
    tmp = folder / f".{FILE}.{os.getpid()}.tmp"
    starts: dict[str, list[int]] = {name: [0] for name in tables}
    for record in records:
        for name in tables:
            starts[name].append(starts[name][-1] + record.rows.get(name, 0))
    if any(starts[name][-1] != table.num_rows for name, table in tables.items()):
        raise ValueError("the readouts' row counts do not add up to their tables")
    readouts = [[r.key, [[w.message, w.line, w.column] for w in r.warnings], r.identity] for r in records]
    with on_path(path):
        folder.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(folder)
        try:
            with open(tmp, "wb") as file:
                parts = _write_parts(file, tables)
                footer = {"format": FORMAT, "fingerprint": cache.extractor_fingerprint(), "tables": parts}
                footer |= {"starts": starts, "readouts": readouts}
                data = json.dumps(footer, ensure_ascii=False, separators=(",", ":")).encode()
                file.write(data + len(data).to_bytes(8, "little") + MAGIC)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
