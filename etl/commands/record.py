"""What was released last: `releases/released.json` and `releases/released-rows.csv`, read and checked.

The record holds the version, the day, the archive's name and SHA-256, the
fields of every table, and a digest of every published row, so the next
release can list its changes row by row without any earlier files.  It is
validated (pydantic, `extra="forbid"`) before it is trusted: a record with
no version, a malformed one, or rows that do not parse stop the release
with the file, the line and what to do.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ValidationError

from etl.errors import InputError, quote
from etl.package.publish import DESCRIPTOR
from etl.source.files import lexists, read_input
from etl.source.models import STRICT, IsoDate, NonEmpty, Sha256, located

RELEASES = "releases"
RELEASED_ROWS = "released-rows.csv"
RELEASED = "released.json"
MAX_BYTES = 1 << 30
_RESTORE = "restore it from the last release commit (git checkout -- releases/)"
_DIGEST = re.compile(r"[0-9a-f]{16}")


def _semver(value: str) -> str:
    if not re.fullmatch(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)", value):
        raise ValueError(f"must be a version MAJOR.MINOR.PATCH, not {quote(value)}")
    return value


Version = Annotated[str, AfterValidator(_semver)]


class Archive(BaseModel):
    model_config = STRICT
    file: NonEmpty
    sha256: Sha256


class ReleaseRecord(BaseModel):
    """releases/released.json."""

    model_config = STRICT
    version: Version
    released: IsoDate
    archive: Archive
    fields: dict[NonEmpty, dict[NonEmpty, NonEmpty]]


@dataclass
class Snapshot:
    """The published package as the diff sees it: fields per table and a digest per row."""

    version: str | None
    fields: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    rows: dict[str, dict[str, str]] = field(default_factory=dict)  # table -> row id -> digest


def _digest(values: list[str]) -> str:
    return hashlib.sha256("\x1f".join(values).encode("utf-8")).hexdigest()[:16]


def snapshot_of(package: Path) -> Snapshot:
    """Read the built package (descriptor and CSV files) under package."""
    descriptor = json.loads((package / DESCRIPTOR).read_text(encoding="utf-8"))
    snap = Snapshot(descriptor["version"])
    for res in descriptor["resources"]:
        if res["format"] != "csv":
            continue
        table = res["name"]
        snap.fields[table] = [(f["name"], f["type"]) for f in res["schema"]["fields"]]
        keys = res["schema"]["primaryKey"]
        with open(package / res["path"], encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            at = [header.index(k) for k in keys]  # a key of several fields is their values joined by '|'
            snap.rows[table] = {"|".join(row[i] for i in at): _digest(row) for row in reader}
    return snap


def _line_of(text: str, key: str | None) -> int | None:
    at = text.find(f'"{key}"') if key else -1
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def _record(path: Path, root: Path) -> ReleaseRecord:
    raw = read_input(path, root, MAX_BYTES)
    try:
        text = raw.decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "not UTF-8", hint=_RESTORE) from exc
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not valid JSON: {exc.msg}", exc.lineno, exc.colno, hint=_RESTORE) from exc
    if not isinstance(data, dict):
        raise InputError(str(path), "the release record must be a JSON object", 1, hint=_RESTORE)
    try:
        return ReleaseRecord.model_validate(data)
    except ValidationError as exc:
        raise located(path, exc, lambda key: _line_of(text, key), hint=_RESTORE) from None


def _row_digests(path: Path, root: Path, tables: set[str]) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {t: {} for t in tables}
    text = read_input(path, root, MAX_BYTES).decode("utf-8", errors="replace")
    for n, record in enumerate(csv.reader(io.StringIO(text, newline="")), 1):
        ok = len(record) == 3 and record[0] in tables and record[1] and _DIGEST.fullmatch(record[2])
        if not ok:
            raise InputError(
                str(path), f"not a row of table, row ID and digest: {quote(','.join(record))}", n, hint=_RESTORE
            )
        rows[record[0]][record[1]] = record[2]
    return rows


def load_released(root: Path) -> Snapshot:
    """The last release recorded in releases/; an empty snapshot before the first release."""
    folder = root / RELEASES
    meta_path, rows_path = folder / RELEASED, folder / RELEASED_ROWS
    if not lexists(meta_path) and not lexists(rows_path):
        return Snapshot(None)
    for path in (meta_path, rows_path):
        if not lexists(path):
            raise InputError(str(path), "missing, while the rest of the release record is there", hint=_RESTORE)
    record = _record(meta_path, root)
    snap = Snapshot(record.version, {t: list(fs.items()) for t, fs in record.fields.items()})
    snap.rows = _row_digests(rows_path, root, set(record.fields))
    return snap


def release_day(root: Path) -> dt.date | None:
    """The day of the last release recorded under root, which the build takes as `created` (see README)."""
    path = root / RELEASES / RELEASED
    if not path.exists():
        return None
    return _record(path, root).released


def released_files(snap: Snapshot, released_on: dt.date, archive: dict) -> dict[str, bytes]:
    """The release record's two files (name -> bytes): version, date, archive checksum, fields, row digests."""
    fields = {t: dict(fs) for t, fs in snap.fields.items()}
    meta = {"version": snap.version, "released": released_on.isoformat(), "archive": archive, "fields": fields}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for table in sorted(snap.rows):
        writer.writerows((table, row_id, digest) for row_id, digest in sorted(snap.rows[table].items()))
    return {
        RELEASED: (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        RELEASED_ROWS: buf.getvalue().encode("utf-8"),
    }
