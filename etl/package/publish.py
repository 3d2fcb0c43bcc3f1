"""Write the tables, `datapackage.json` and the codebook into a staging folder.

Publishing them (`publish`, `recover`) is `etl.package.swap`: the new
`dist/` and `datapackage.json` are moved into place behind a marker file; a
process killed in between leaves the marker, and `recover` (run at the start
of every build) finishes the swap, so readers get the old or the new
package, never a mix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import frictionless
import pyarrow as pyarrow
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from etl.errors import DescriptorInvalid, on_path
from etl.package.codebook import CODEBOOK, codebook
from etl.package.swap import DESCRIPTOR, DIST, MARKER, STAGING, new_staging, publish, recover, release_archives
from etl.tables.schema import TABLES, arrow_table, package_metadata, resource

__all__ = [  # publish, recover and the names of the swap are re-exported: callers stage and publish from here
    "DESCRIPTOR",
    "DIST",
    "MARKER",
    "STAGING",
    "check_descriptor",
    "descriptor",
    "publish",
    "recover",
    "release_archives",
    "stage_codebook",
    "stage_descriptor",
    "stage_tables",
    "write_csv",
    "write_parquet",
]
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


CSV_OPTIONS = pacsv.WriteOptions(quoting_style="needed")


def write_csv(table: pyarrow.Table, path: Path) -> None:
    """RFC 4180 CSV, UTF-8, LF line ends: every text value quoted, so an empty text ("") differs
    from a missing one (nothing); true/false, ISO dates, plain integers.  Written as it is made."""
    with on_path(path):
        pacsv.write_csv(table, str(path), CSV_OPTIONS)


def write_parquet(table: str, rows: list[dict] | pyarrow.Table, path: Path) -> None:
    data = rows if isinstance(rows, pyarrow.Table) else arrow_table(table, rows)
    with on_path(path):
        pq.write_table(data, path, compression="zstd", compression_level=9, write_statistics=True, use_dictionary=True)


def _digest(path: Path) -> str:
    """SHA-256 of a file, read a block at a time (a table's CSV is as large as its text)."""
    with on_path(path), open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def descriptor(resources: list[dict], created: dt.date, version: str | None = None) -> dict:
    """The package descriptor; `version` replaces the one in schemas/package.json (a release in the making)."""
    meta = package_metadata() | ({"version": version} if version else {})
    return {
        "$schema": PROFILE,
        **meta,
        "created": f"{created.isoformat()}T00:00:00Z",
        "resources": resources,
    }


def stage_tables(arrow: dict[str, pyarrow.Table], out: Path) -> tuple[Path, list[dict]]:
    """Write every table as CSV and Parquet into a fresh staging folder under out.

    Parquet is written on a second thread while CSV is written here: pyarrow
    releases the GIL, so the two overlap.
    """
    staging = new_staging(out)
    with ThreadPoolExecutor(1) as pool:
        parquet = [pool.submit(write_parquet, t, arrow[t], staging / DIST / f"{t}.parquet") for t in TABLES]
        for table in TABLES:
            write_csv(arrow[table], staging / DIST / f"{table}.csv")
        for job in parquet:
            job.result()
    resources = []
    for fmt in ("csv", "parquet"):
        for table in TABLES:
            rel = f"{DIST}/{table}.{fmt}"
            path = staging / rel
            resources.append(resource(table, fmt, rel, _digest(path), path.stat().st_size))
    return staging, resources


def stage_descriptor(staging: Path, resources: list[dict], created: dt.date, version: str | None = None) -> None:
    """Write datapackage.json into the staging folder, once frictionless finds it valid."""
    data = descriptor(resources, created, version)
    check_descriptor(data)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    with on_path(staging / DESCRIPTOR):
        (staging / DESCRIPTOR).write_text(text, encoding="utf-8")


def check_descriptor(data: dict) -> None:
    """Frictionless checks the descriptor itself (profile, resources, schemas, keys), not the rows."""
    report = frictionless.Package.validate_descriptor(data)
    if not report.valid:
        raise DescriptorInvalid([f"{e.type}: {e.message}" for e in report.errors])


def stage_codebook(
    staging: Path, rows: dict[str, list[dict]] | dict[str, pyarrow.Table], version: str | None = None
) -> None:
    path = staging / CODEBOOK
    with on_path(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(codebook(rows, version), encoding="utf-8")
