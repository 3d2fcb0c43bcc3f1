"""A cache of parsed readouts, so a rebuild only parses what changed.

An entry is keyed by everything its rows depend on: the SHA-256 of the raw
readout, of its sidecar and its file name, and a fingerprint of the extractor
(`EXTRACTOR_VERSION` plus the bytes of every file of the `etl` package, its
rules included).  Editing extraction code or a vocabulary therefore empties
the cache by itself; nobody has to remember to bump a version for correctness.

An entry is data, never code: one JSON file per readout,
`<folder>/<key[:2]>/<key>.json`.  Its first line is a header naming the
format, the key and the SHA-256 of the rest; the rest holds every table
column by column (ready to become Arrow columns), the names of the date
columns (dates are written as YYYY-MM-DD text) and the warnings.  An entry
whose header, key, checksum or shape is wrong is a miss: the readout is
parsed again, the entry rewritten, and the problem reported once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from functools import cache
from pathlib import Path

from etl import EXTRACTOR_VERSION
from etl.errors import Notice, on_path
from etl.source.files import write_atomic
from etl.tables.columns import Columns

PACKAGE = Path(__file__).resolve().parents[1]  # the etl package
DEFAULT_FOLDER = ".cache/parse"  # under the output folder
FORMAT = "mofa-etl-parse-cache/1"
_ENTRY = re.compile(r"^[0-9a-f]{64}\.(json|pickle)$")  # .pickle: entries of older versions, removed by prune
_SCALARS = frozenset({str, int, float, bool, type(None)})  # what a cell may be (json gives exact types)

Tables = dict[str, Columns]  # table -> its columns


@cache
def extractor_fingerprint() -> str:
    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def entry_key(raw: bytes, sidecar: bytes | None, file_name: str) -> str:
    digest = hashlib.sha256()
    for part in (extractor_fingerprint().encode(), hashlib.sha256(raw).digest(), file_name.encode()):
        digest.update(part)
        digest.update(b"\0")
    digest.update(hashlib.sha256(sidecar).digest() if sidecar is not None else b"-")
    return digest.hexdigest()


class Damaged(ValueError):
    """A cache entry that is not what this version writes."""


def encode(tables: Tables, warnings: list[Notice]) -> bytes:
    """The body of an entry: tables column by column, date columns named, warnings as [message, line, column]."""
    body_tables, dates = {}, {}
    for table, columns in tables.items():
        lengths = {len(values) for values in columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of {table} differ in length")
        dated = [n for n, values in columns.items() if any(issubclass(t, dt.date) for t in set(map(type, values)))]
        columns = dict(columns)
        for name in dated:
            columns[name] = [v.isoformat() if v is not None else None for v in columns[name]]
        body_tables[table] = {"length": lengths.pop() if lengths else 0, "columns": columns}
        dates[table] = dated
    body = {"tables": body_tables, "dates": dates, "warnings": warnings_as_data(warnings)}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def expect(condition: bool, what: str) -> None:
    """Damaged(what) unless condition holds: the shape checks of whatever is read back from the cache."""
    if not condition:
        raise Damaged(what)


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _optional_int(value: object) -> bool:
    return value is None or is_int(value)


def warnings_as_data(warnings: list[Notice]) -> list[list]:
    """Warnings as JSON data: [message, line, column] each."""
    return [[w.message, w.line, w.column] for w in warnings]


def warnings_from_data(data: object) -> list[Notice]:
    """The warnings `warnings_as_data` wrote; Damaged when they are not of that shape."""
    expect(isinstance(data, list), "malformed warning")
    notices = []
    for w in data:
        expect(isinstance(w, list) and len(w) == 3 and isinstance(w[0], str), "malformed warning")
        expect(_optional_int(w[1]) and _optional_int(w[2]), "malformed warning")
        notices.append(Notice(w[0], w[1], w[2]))
    return notices


def decode(body: bytes) -> tuple[Tables, list[Notice]]:
    """Tables (as columns) and warnings of an entry body; Damaged when its shape is not the one `encode` writes."""
    data = json.loads(body)
    expect(isinstance(data, dict) and set(data) == {"tables", "dates", "warnings"}, "unknown layout")
    tables, dates, warnings = data["tables"], data["dates"], data["warnings"]
    expect(isinstance(tables, dict) and isinstance(dates, dict) and isinstance(warnings, list), "unknown layout")
    out: Tables = {}
    for table, t in tables.items():
        expect(isinstance(t, dict) and isinstance(t.get("columns"), dict), f"table {table}: no columns")
        n, columns = t.get("length"), t["columns"]
        expect(_optional_int(n) and n is not None, f"table {table}: no length")
        for name, values in columns.items():  # the hot loop of a rebuild: checks run at C speed
            if type(values) is not list or len(values) != n:
                raise Damaged(f"{table}.{name}: wrong length")
            if not _SCALARS.issuperset(map(type, values)):
                raise Damaged(f"{table}.{name}: not plain values")
        for name in dates.get(table, []):
            expect(name in columns, f"{table}.{name}: no such column")
            try:
                columns[name] = [dt.date.fromisoformat(v) if v is not None else None for v in columns[name]]
            except (TypeError, ValueError):
                raise Damaged(f"{table}.{name}: not dates") from None
        expect(bool(columns) or n == 0, f"table {table}: rows without columns")
        out[table] = columns
    return out, warnings_from_data(warnings)


class ParseCache:
    """One JSON file per entry under `folder`; entries are written atomically and checked when read."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.problems: list[tuple[Path, Notice]] = []  # damaged entries met by get(): each one is reported once

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def get(self, key: str) -> tuple[Tables, list[Notice]] | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None  # no entry (or none readable): a miss
        try:
            head, _, body = data.partition(b"\n")
            header = json.loads(head)
            expect(isinstance(header, dict) and header.get("format") == FORMAT, "not an entry of this version")
            expect(header.get("key") == key, "stored under another key")
            expect(header.get("sha256") == hashlib.sha256(body).hexdigest(), "checksum mismatch")
            return decode(body)
        except (Damaged, ValueError, UnicodeDecodeError) as exc:  # json's errors are ValueErrors
            why = str(exc) if isinstance(exc, Damaged) else "not readable JSON"
            self.problems.append((path, Notice(f"damaged parse cache entry ({why}): the readout is parsed again")))
            return None

    def put(self, key: str, value: tuple[Tables, list[Notice]]) -> None:
        tables, warnings = value
        body = encode(tables, warnings)
        header = {"format": FORMAT, "key": key, "sha256": hashlib.sha256(body).hexdigest()}
        path = self._path(key)
        with on_path(path.parent):
            path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(header).encode() + b"\n" + body, durable=False)

    def prune(self, keep: set[str]) -> int:
        """Delete entries not in keep (readouts removed or parsed by older code); how many went."""
        gone = 0
        for path in self.folder.glob("*/*"):
            if _ENTRY.match(path.name) and path.parent.name == path.name[:2] and not path.is_symlink():
                if path.suffix == ".json" and path.stem in keep:
                    continue
                path.unlink(missing_ok=True)
                gone += 1
        return gone
