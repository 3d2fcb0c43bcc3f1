"""Write the tables and `datapackage.json`, then swap them in atomically.

Everything is first written to a staging folder.  Publishing moves the new
`dist/` and `datapackage.json` into place behind a marker file; a process
killed in between leaves the marker, and `recover` (run at the start of every
build) finishes the swap, so readers get the old or the new package, never
a mix.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import shutil
from pathlib import Path

import pyarrow as pyarrow
import pyarrow.parquet as pq

from .schema import TABLES, arrow_schema, fields, package_metadata, resource

DIST = "dist"
DESCRIPTOR = "datapackage.json"
STAGING = ".staging"
MARKER = ".publish-pending"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_bytes(table: str, rows: list[dict]) -> bytes:
    names = [f["name"] for f in fields(table)]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row[n]) for n in names])
    return buf.getvalue().encode("utf-8")


def write_parquet(table: str, rows: list[dict], path: Path) -> None:
    data = pyarrow.Table.from_pylist(rows, schema=arrow_schema(table))
    pq.write_table(data, path, compression="zstd", compression_level=9, write_statistics=True, use_dictionary=True)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def descriptor(resources: list[dict], created: dt.date) -> dict:
    meta = package_metadata()
    return {
        "$schema": PROFILE,
        **meta,
        "created": f"{created.isoformat()}T00:00:00Z",
        "resources": resources,
    }


def stage(rows: dict[str, list[dict]], out: Path, created: dt.date) -> Path:
    """Write a complete package into a fresh staging folder under out."""
    staging = out / STAGING
    if staging.exists():
        shutil.rmtree(staging)
    (staging / DIST).mkdir(parents=True)
    resources = []
    for fmt in ("csv", "parquet"):
        for table in TABLES:
            rel = f"{DIST}/{table}.{fmt}"
            path = staging / rel
            if fmt == "csv":
                path.write_bytes(csv_bytes(table, rows[table]))
            else:
                write_parquet(table, rows[table], path)
            resources.append(resource(table, fmt, rel, _digest(path), path.stat().st_size))
    text = json.dumps(descriptor(resources, created), ensure_ascii=False, indent=2) + "\n"
    (staging / DESCRIPTOR).write_text(text, encoding="utf-8")
    return staging


def publish(staging: Path, out: Path) -> None:
    (out / MARKER).write_text(staging.name, encoding="utf-8")
    _finish(out)


def recover(out: Path) -> bool:
    """Finish a publish that a killed process left half done. True when there was one."""
    if not (out / MARKER).exists():
        staging = out / STAGING
        if staging.exists():  # an unfinished build never started publishing: drop it
            shutil.rmtree(staging)
        return False
    _finish(out)
    return True


def _finish(out: Path) -> None:
    """Idempotent: each step is skipped once done, so it can be re-run after a kill."""
    staging = out / (out / MARKER).read_text(encoding="utf-8").strip()
    old = out / ".dist-old"
    if (staging / DIST).exists():
        if (out / DIST).exists():
            if old.exists():
                shutil.rmtree(old)
            os.replace(out / DIST, old)
        os.replace(staging / DIST, out / DIST)
    if (staging / DESCRIPTOR).exists():
        os.replace(staging / DESCRIPTOR, out / DESCRIPTOR)
    (out / MARKER).unlink()
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
