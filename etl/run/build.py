"""The build: every readout in a folder to a published, validated package.

Stages: parse (read, normalise, extract; on every core, cached); merge and
apply reviewed corrections; validate (pandera) while the CSV and Parquet
files are written to a staging folder; descriptor (checked with
frictionless) and codebook; publish (an atomic swap).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import pyarrow

from etl.errors import Notice, PathError, on_path
from etl.package.publish import publish, recover, stage_codebook, stage_descriptor, stage_tables
from etl.package.swap import discard_staging_on_error, remove_staging
from etl.run import snapshot as snapshots
from etl.run import snapshot_write
from etl.run.cache import ParseCache
from etl.run.feed import Feed
from etl.run.lock import checkout_lock
from etl.run.parse import Parsed, parse_all, readout_files
from etl.run.progress import progress
from etl.run.timing import Stages
from etl.source.coverage import coverage_rows  # fetch (issue 14)
from etl.tables.corrections import apply_corrections, load_corrections
from etl.tables.merged import MergedTable, TableBuilder
from etl.tables.people_links import link_persons
from etl.tables.schema import TABLES, arrow_schema, key_of
from etl.tables.twins import link_twins
from etl.tables.validate import validate


@dataclass
class BuildReport:
    readouts: int
    rows: dict[str, int]
    warnings: list[tuple[Path, Notice]]
    stages: Stages
    parsed_fresh: int  # readouts parsed by this build (the rest came from the cache)
    from_snapshot: int = 0  # readouts whose rows came from the table snapshot (of those from the cache)


Tables = dict[str, MergedTable]


def table_builder() -> TableBuilder:
    return TableBuilder({t: arrow_schema(t) for t in TABLES})


def merge_rows(parsed: list[Parsed]) -> Tables:
    """The readouts' tables, one after another."""
    builder = table_builder()
    for p in parsed:
        builder.add(p.tables)
    return link(builder.finish())


def link(rows: Tables) -> Tables:
    """Tables linked across readouts (twins, persons) and sorted by key."""
    link_twins(rows)
    link_persons(rows)
    for t in TABLES:
        if not isinstance(rows[t], MergedTable):  # a table a linking step made anew, as rows
            rows[t] = _made_anew(t, rows[t])
        rows[t].sort_by(key_of(t)[0])
    return rows


def _made_anew(table: str, rows: list[dict]) -> MergedTable:
    return MergedTable.from_rows(arrow_schema(table), rows)


def created_date(rows: Tables) -> dt.date:
    """The newest date the inputs carry, so `created` never depends on the clock."""
    days = [m["date"] for m in rows["meetings"]] + [m["page_date"] for m in rows["meetings"] if m["page_date"]]
    days += [s["retrieved"] for s in rows["sources"] if s["retrieved"]]
    return max(days, default=dt.date(1970, 1, 1))


def _validate_while_writing(arrow: dict[str, pyarrow.Table], out: Path, stages: Stages) -> tuple[Path, list[dict]]:
    """Validate with pandera while the files are written to staging, on a second thread.

    Writing is pyarrow, which releases the GIL, so the two overlap.  Nothing
    staged is published unless validation passes: on failure the staging
    folder is removed and the error raised.
    """

    def write() -> tuple[Path, list[dict]]:
        with stages.run("write (CSV, Parquet)"):
            return stage_tables(arrow, out)

    with ThreadPoolExecutor(1) as pool:
        staged = pool.submit(write)
        try:
            with stages.run("validate (pandera)"):
                validate(arrow)
        except BaseException:
            wait([staged])
            with contextlib.suppress(PathError):
                remove_staging(out)
            raise
        return staged.result()


def build(
    readouts: Path,
    out: Path,
    *,
    corrections: Path | None = None,
    cache: Path | None = None,
    jobs: int | None = None,
    stages: Stages | None = None,
    released: dt.date | None = None,
) -> BuildReport:
    """Build the package from readouts into out, holding the checkout's lock.

    `corrections` is a folder of reviewed corrections (None or missing: none);
    `cache` a folder for parsed readouts (None: parse everything); `released`
    the day of the last release, when there is one: `created` is the later of
    it and the newest date in the inputs.
    """
    if out.exists() and not out.is_dir():
        raise PathError(str(out), "not a folder", hint="the output is a folder (of datapackage.json, dist/, docs/)")
    with on_path(out):
        out.mkdir(parents=True, exist_ok=True)
    with checkout_lock(out):
        recover(out)
        with discard_staging_on_error(out):
            staging, report, keys = stage(
                readouts, out, corrections=corrections, cache=cache, jobs=jobs, stages=stages, released=released
            )
        with report.stages.run("publish"):
            publish(staging, out)
            if cache:
                ParseCache(cache).prune(keys)
    return report


def stage(
    readouts: Path,
    out: Path,
    *,
    corrections: Path | None = None,
    cache: Path | None = None,
    jobs: int | None = None,
    stages: Stages | None = None,
    version: str | None = None,
    released: dt.date | None = None,
) -> tuple[Path, BuildReport, set[str]]:
    """Everything a build does but publishing: the staging folder, the report and the cache keys in use.

    The caller holds the checkout lock.  `version` replaces the version of
    schemas/package.json in the descriptor and codebook (a release in the making).
    """
    stages = stages or Stages()
    files = readout_files(readouts)
    store = ParseCache(cache) if cache else None
    merged, parsed = _parse(files, store, jobs, stages)
    with stages.run("merge, corrections"):
        rows = link(merged)
        fixed = apply_corrections(rows, load_corrections(corrections))
        rows["corrections"] = _made_anew("corrections", fixed)
        rows["coverage"] = _made_anew("coverage", coverage_rows(readouts))  # fetch (issue 14)
        created = max(created_date(rows), released or dt.date.min)
        arrow = _to_arrow(rows)
    staging, resources = _validate_while_writing(arrow, out, stages)
    with stages.run("descriptor (frictionless), codebook"):
        stage_descriptor(staging, resources, created, version)
        stage_codebook(staging, arrow, version)
    warnings = [(p.file, w) for p in parsed for w in p.warnings] + (store.problems if store else [])
    fresh = sum("extract" in p.seconds for p in parsed)
    reused = sum(p.reused is not None for p in parsed)
    report = BuildReport(len(parsed), {t: arrow[t].num_rows for t in TABLES}, warnings, stages, fresh, reused)
    return staging, report, {p.cache_key for p in parsed if p.cache_key}


def _parse(
    files: list[Path], store: ParseCache | None, jobs: int | None, stages: Stages
) -> tuple[Tables, list[Parsed]]:
    """Every readout's tables, merged as built; the table snapshot is read first and rewritten when worth it."""
    with stages.run("parse"):
        builder = table_builder()
        snapshot = None
        if store:
            snapshot_write.remove_abandoned(store.folder)
            snapshot = snapshots.beside(store)
        feed = Feed(builder, snapshot)
        with progress("parsing readouts", len(files)) as bar:
            parsed = parse_all(files, store, jobs, bar.update, feed.add, snapshot)
        for p in parsed:
            stages.add_worker(p.seconds, p.peak_mb)
        merged = feed.finish()
    if store and snapshots.worth_rewriting(snapshot, len(parsed), feed.reused):
        with stages.run("snapshot"):
            as_built = {t: table.as_built() for t, table in merged.items()}
            snapshot_write.write(store.folder, feed.records, as_built, store.problems)
    return merged, parsed


def _to_arrow(rows: Tables) -> dict[str, pyarrow.Table]:
    """Every table finished as Arrow, letting each merged table (and its Python lists) go once done."""
    arrow = {}
    for t in TABLES:
        arrow[t] = rows.pop(t).to_arrow(release=True)
        pyarrow.default_memory_pool().release_unused()  # give the merged columns' memory back
    return arrow
