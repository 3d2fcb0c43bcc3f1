"""readouts/coverage.csv: every URL the crawler has seen, and what became of it.

`etl crawl` and `etl fetch` write it; the build publishes it as the
`coverage` table, so users can see what the dataset does not contain and
why.  The columns are those of `schemas/coverage.schema.json`.  The file is
written whole and atomically, sorted by URL, so that a crawl that changes
nothing leaves it byte for byte as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from pathlib import Path

from etl.errors import InputError

FILE_NAME = "coverage.csv"
COLUMNS = (
    "url",
    "outcome",
    "detail",
    "listing_url",
    "link_text",
    "file_name",
    "source_sha256",
    "etag",
    "last_modified",
    "checked",
)
OUTCOMES = (
    "listing",  # a listing page the crawler read links from
    "taken",  # the readout is in readouts/ (file_name)
    "already_present",  # the same bytes or the same meeting were in readouts/ already
    "not_a_readout",  # the link's title names no meeting, or the page holds no readout
    "unreadable",  # the page or PDF cannot be decoded
    "http_error",  # the server answered 4xx or 5xx
    "fetch_failed",  # no usable answer: time-out, connection, redirect loop, size cap
    "robots_refused",  # robots.txt forbids it
)
_DATE = ("checked",)


def coverage_path(readouts: Path) -> Path:
    return readouts / FILE_NAME


def coverage_rows(readouts: Path) -> list[dict]:
    """The rows of the `coverage` table: readouts/coverage.csv, by URL."""
    rows = read_coverage(coverage_path(readouts))
    return [rows[url] for url in sorted(rows)]


def _value(name: str, text: str, where: tuple[str, int]) -> object:
    if text == "":
        return None
    if name in _DATE:
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise InputError(*where, hint=f"{name} must be a date, YYYY-MM-DD") from exc
    return text


def read_coverage(path: Path) -> dict[str, dict]:
    """url -> row, typed as the schema says; {} when there is no file.  InputError names file and line."""
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 (byte {exc.start})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return {}
    if tuple(header) != COLUMNS:
        raise InputError(str(path), "unexpected columns", 1, 1, hint=f"the header must be {','.join(COLUMNS)}")
    rows: dict[str, dict] = {}
    for cells in reader:
        line = reader.line_num
        if len(cells) != len(COLUMNS):
            raise InputError(str(path), f"{len(cells)} cells, not {len(COLUMNS)}", line, 1)
        row = {n: _value(n, c, (str(path), f"bad {n} {c!r}", line)) for n, c in zip(COLUMNS, cells)}
        if not row["url"]:
            raise InputError(str(path), "a row without a url", line, 1)
        if row["outcome"] not in OUTCOMES:
            raise InputError(str(path), f"unknown outcome {row['outcome']!r}", line, hint=", ".join(OUTCOMES))
        if row["url"] in rows:
            raise InputError(str(path), f"{row['url']} is listed twice", line, 1)
        rows[row["url"]] = row
    return rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def coverage_bytes(rows: dict[str, dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for url in sorted(rows):
        writer.writerow([_cell(rows[url].get(n)) for n in COLUMNS])
    return buf.getvalue().encode("utf-8")


def write_coverage(path: Path, rows: dict[str, dict]) -> bool:
    """Write the file atomically (a temporary file, then a rename); False when it was already so."""
    data = coverage_bytes(rows)
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return True
