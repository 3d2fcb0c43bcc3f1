"""Every readout's tables as Arrow in one file, so that a rebuild reads them at disk speed.

Workers cache each readout they parse as a JSON entry (etl.run.cache);
decoding 10,000 of those takes seconds.  So once the readouts' tables are
merged, the build also writes them, as built, into one file beside the
entries, `tables.snapshot`:

    [each table as an Arrow IPC file] [footer: JSON] [its SHA-256: 32 bytes] [its length: 8 bytes] [MAGIC]

The footer names the format and the extractor, every table's part (offset,
length, SHA-256) and, for each readout in order, its cache key, warnings,
identity and where its rows start in every table.  A rebuild reads the
file and takes the rows of the readouts whose keys it holds as slices; only
the others are read from their JSON entries or parsed.

A snapshot is data, never code, and is checked when read: one whose footer,
checksums or shape are not what this version writes is not used (reported
once), and the build goes on without it.  Each table is validated in full by
Arrow (offsets, UTF-8) and held to the schema's types and required columns,
so that even a crafted file with matching checksums cannot crash the writers.
Writing is `etl.run.snapshot_write`.  It is written to a temporary file
and renamed, so it is whole or absent, and rewritten only when that is worth
it (`worth_rewriting`): not after one readout changed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow
import pyarrow.ipc

from etl.errors import Notice
from etl.run import cache
from etl.run.cache import Damaged, expect, is_int
from etl.run.clashes import CLASH_KEYS
from etl.tables.schema import TABLES, arrow_schema

FILE = "tables.snapshot"  # in the parse cache's folder
FORMAT = "mofa-etl-table-snapshot/1"
MAGIC = b"MOFASNAP"
DIGEST, LENGTH = 32, 8  # bytes of the footer's SHA-256 and of its length, which end the file before MAGIC
TAIL = DIGEST + LENGTH + len(MAGIC)
MAX_FOOTER = 64 * 1024 * 1024  # bytes; 10,000 readouts take about 2 MB
SLACK = 32  # readouts a snapshot may miss, or hold unused, before it is rewritten (or 2% of them)
Problems = list[tuple[Path, Notice]]  # a cache's problems, reported once as warnings
_KEY = re.compile(r"[0-9a-f]{64}")  # fullmatch


@dataclass(frozen=True)
class Kept:
    """What a snapshot holds of one readout besides its rows."""

    position: int
    warnings: list[Notice]
    identity: dict[str, str]


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
    return max(missing, unused) > min(max(SLACK, readouts // 50), readouts // 2)


# reading


def _footer(view: memoryview) -> tuple[dict, int]:
    """The footer of a snapshot, and where it starts."""
    end = len(view) - TAIL  # where the footer ends
    expect(end >= 0 and bytes(view[end + DIGEST + LENGTH :]) == MAGIC, "not a table snapshot")
    size = int.from_bytes(view[end + DIGEST : end + DIGEST + LENGTH], "little")
    expect(size <= min(end, MAX_FOOTER), "footer out of bounds")
    data = bytes(view[end - size : end])
    expect(hashlib.sha256(data).digest() == bytes(view[end : end + DIGEST]), "footer checksum mismatch")
    footer = json.loads(data)
    expect(isinstance(footer, dict) and footer.get("format") == FORMAT, "not of this version")
    return footer, end - size


def _table(buffer: pyarrow.Buffer, view: memoryview, part: object, end: int) -> pyarrow.Table:
    expect(isinstance(part, dict) and set(part) == {"offset", "length", "sha256"}, "malformed part")
    offset, length = part["offset"], part["length"]
    expect(is_int(offset) and is_int(length) and 0 <= offset <= offset + length <= end, "part out of bounds")
    expect(hashlib.sha256(view[offset : offset + length]).hexdigest() == part["sha256"], "checksum mismatch")
    try:
        table = pyarrow.ipc.open_file(buffer.slice(offset, length)).read_all()
        table.validate(full=True)  # offsets within bounds, text valid UTF-8: what the writers rely on
    except (pyarrow.ArrowException, OSError) as exc:
        raise Damaged(f"unreadable table ({exc})") from None
    return table


def _fits(table: pyarrow.Table, schema: pyarrow.Schema) -> bool:
    """The table has the schema's columns, of its types, first (helper columns may follow)."""
    found = [(f.name, f.type) for f in table.schema][: len(schema)]
    return found == [(f.name, f.type) for f in schema]


def _required_filled(table: pyarrow.Table, schema: pyarrow.Schema) -> None:
    for field in schema:
        expect(field.nullable or table.column(field.name).null_count == 0, f"{field.name}: required but missing")


def _kept(readouts: object) -> dict[str, Kept]:
    expect(isinstance(readouts, list), "no readouts")
    kept = {}
    for position, entry in enumerate(readouts):
        expect(isinstance(entry, list) and len(entry) == 3, "malformed readout")
        key, warnings, identity = entry
        expect(isinstance(key, str) and bool(_KEY.fullmatch(key)) and key not in kept, "malformed key")
        expect(isinstance(identity, dict) and sorted(identity) == sorted(CLASH_KEYS), "malformed identity")
        expect(all(isinstance(v, str) for v in identity.values()), "malformed identity")
        kept[key] = Kept(position, cache.warnings_from_data(warnings), identity)
    return kept


def _starts(starts: object, readouts: int, rows: int) -> list[int]:
    expect(isinstance(starts, list) and len(starts) == readouts + 1, "row starts of the wrong length")
    expect(all(map(is_int, starts)) and starts[0] == 0 and starts[-1] == rows, "row starts out of bounds")
    expect(all(a <= b for a, b in itertools.pairwise(starts)), "row starts out of order")
    return starts


def _read(path: Path, schemas: dict[str, pyarrow.Schema]) -> Snapshot | None:
    """The snapshot at path; None when it is of another extractor or other schemas (stale, not damaged)."""
    with pyarrow.OSFile(str(path)) as file:  # read, not mapped: the file may be replaced (or cut) meanwhile
        buffer = file.read_buffer()
    view = memoryview(buffer)
    footer, end = _footer(view)
    if footer.get("fingerprint") != cache.extractor_fingerprint():
        return None
    parts, starts = footer.get("tables"), footer.get("starts")
    expect(isinstance(parts, dict) and isinstance(starts, dict), "malformed footer")
    if set(parts) != set(schemas):
        return None
    kept = _kept(footer.get("readouts"))
    tables, rows_start = {}, {}
    for name, schema in schemas.items():
        tables[name] = _table(buffer, view, parts[name], end)
        if not _fits(tables[name], schema):
            return None
        _required_filled(tables[name], schema)
        rows_start[name] = _starts(starts.get(name), len(kept), tables[name].num_rows)
    return Snapshot(tables, rows_start, kept)


def beside(store: cache.ParseCache) -> Snapshot | None:
    """The snapshot beside a parse cache's entries, held to the package's schemas."""
    return load(store.folder, {t: arrow_schema(t) for t in TABLES}, store.problems)


def load(folder: Path, schemas: dict[str, pyarrow.Schema], problems: Problems) -> Snapshot | None:
    """The snapshot in folder, when there is a usable one; a damaged one is added to problems."""
    path = folder / FILE
    if path.is_symlink() or not path.is_file():
        return None
    try:
        return _read(path, schemas)
    except OSError:
        return None  # unreadable: as good as absent, the build goes on without it
    except (Damaged, ValueError, RecursionError) as exc:  # json's errors are ValueErrors; deep nesting recurses
        why = str(exc) if isinstance(exc, Damaged) else "unreadable footer"
        problems.append((path, Notice(f"damaged table snapshot ({why}): its readouts are read from the parse cache")))
        return None
