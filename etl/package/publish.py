"""Write the tables and `datapackage.json`, then swap them in atomically.

Everything is first written to a staging folder.  Publishing moves the new
`dist/` and `datapackage.json` into place behind a marker file; a process
killed in between leaves the marker, and `recover` (run at the start of every
build) finishes the swap, so readers get the old or the new package, never
a mix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import frictionless
import pyarrow as pyarrow
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from etl.errors import DescriptorInvalid
from etl.package.codebook import CODEBOOK, codebook
from etl.tables.schema import TABLES, arrow_table, package_metadata, resource

DIST = "dist"
DESCRIPTOR = "datapackage.json"
STAGING = ".staging"
MARKER = ".publish-pending"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def csv_bytes(table: str, rows: list[dict] | pyarrow.Table) -> bytes:
    """RFC 4180 CSV, UTF-8, LF line ends: every text value quoted, so an empty text ("") differs
    from a missing one (nothing); true/false, ISO dates, plain integers."""
    data = rows if isinstance(rows, pyarrow.Table) else arrow_table(table, rows)
    buf = io.BytesIO()
    pacsv.write_csv(data, buf, pacsv.WriteOptions(quoting_style="needed"))
    return buf.getvalue()


def write_parquet(table: str, rows: list[dict] | pyarrow.Table, path: Path) -> None:
    data = rows if isinstance(rows, pyarrow.Table) else arrow_table(table, rows)
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


def stage_tables(
    rows: dict[str, list[dict]], out: Path, arrow: dict[str, pyarrow.Table] | None = None
) -> tuple[Path, list[dict]]:
    """Write every table as CSV and Parquet into a fresh staging folder under out.

    Parquet is written on a second thread while CSV is written here: pyarrow
    releases the GIL, so the two overlap.
    """
    staging = out / STAGING
    if staging.exists():
        shutil.rmtree(staging)
    (staging / DIST).mkdir(parents=True)
    arrow = arrow or {t: arrow_table(t, rows[t]) for t in TABLES}
    with ThreadPoolExecutor(1) as pool:
        parquet = [pool.submit(write_parquet, t, arrow[t], staging / DIST / f"{t}.parquet") for t in TABLES]
        for table in TABLES:
            (staging / DIST / f"{table}.csv").write_bytes(csv_bytes(table, arrow[table]))
        for job in parquet:
            job.result()
    resources = []
    for fmt in ("csv", "parquet"):
        for table in TABLES:
            rel = f"{DIST}/{table}.{fmt}"
            path = staging / rel
            resources.append(resource(table, fmt, rel, _digest(path), path.stat().st_size))
    return staging, resources


def stage_descriptor(staging: Path, resources: list[dict], created: dt.date) -> None:
    """Write datapackage.json into the staging folder, once frictionless finds it valid."""
    data = descriptor(resources, created)
    check_descriptor(data)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    (staging / DESCRIPTOR).write_text(text, encoding="utf-8")


def check_descriptor(data: dict) -> None:
    """Frictionless checks the descriptor itself (profile, resources, schemas, keys), not the rows."""
    report = frictionless.Package.validate_descriptor(data)
    if not report.valid:
        raise DescriptorInvalid([f"{e.type}: {e.message}" for e in report.errors])


def stage_codebook(staging: Path, rows: dict[str, list[dict]]) -> None:
    path = staging / CODEBOOK
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(codebook(rows), encoding="utf-8")


def release_archives(folder: Path) -> list[Path]:
    """Release zips and their checksums in dist/: made by `etl release`, not by the build."""
    return sorted(p for p in folder.glob("*.zip*") if p.suffix in (".zip", ".sha256"))


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
            for archive in release_archives(out / DIST):  # releases are not rebuilt: keep them
                os.replace(archive, staging / DIST / archive.name)
            if old.exists():
                shutil.rmtree(old)
            os.replace(out / DIST, old)
        os.replace(staging / DIST, out / DIST)
    if (staging / DESCRIPTOR).exists():
        os.replace(staging / DESCRIPTOR, out / DESCRIPTOR)
    if (staging / CODEBOOK).exists():
        (out / CODEBOOK).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / CODEBOOK, out / CODEBOOK)
    (out / MARKER).unlink()
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
