"""Readouts to rows, one file at a time: read, normalise, extract, rows.

Files are parsed on every core (`jobs`), in chunks, and come back in the
order of the input list, so the output never depends on scheduling.  A
`ParseCache` lets a rebuild skip every readout whose bytes, sidecar, name and
extractor are unchanged.  Workers are forked from a server process that
preloads only this module (not pandas or pyarrow), which is quick and safe
with threads about; each worker also imports `__main__`, which is why the
CLI imports its heavy modules lazily.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from etl.errors import InputError, InputErrors, Notice
from etl.extract.pipeline import extract, normalized
from etl.run import workers
from etl.run.cache import ParseCache, entry_key
from etl.run.clashes import CLASH_KEYS, clashes
from etl.run.timing import peak_rss_mb
from etl.source.files import check_name, lexists, read_input
from etl.source.formats import is_readout, read_raw  # fetch (issue 14): .txt, .html and .pdf readouts
from etl.source.read import MAX_BYTES
from etl.source.sidecar import parse_sidecar, sidecar_path
from etl.source.yamlfile import MAX_BYTES as YAML_MAX_BYTES
from etl.tables.columns import Columns, to_columns, to_rows
from etl.tables.rows import meeting_id, table_rows

if TYPE_CHECKING:  # not imported at run time: workers preload this module without pyarrow
    from etl.run.snapshot import Snapshot

PAGE_MAX_BYTES = 20 * 1024 * 1024  # as fetch caps a download
PARALLEL_FROM = 64  # fewer files than this are parsed in-process: a pool costs more than it saves


@dataclass
class Parsed:
    """One readout's tables, column by column (cheaper to send, cache and merge than dicts)."""

    file: Path
    tables: dict[str, Columns]
    warnings: list[Notice] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per step, for the benchmark
    cache_key: str | None = None
    peak_mb: float = 0.0  # peak memory of the process that parsed it
    identity: dict[str, str] = field(default_factory=dict)  # its CLASH_KEYS values, kept when the tables go
    reused: int | None = None  # its position in the table snapshot, when its rows are taken from there

    def __post_init__(self) -> None:
        if not self.identity:
            source = self.tables["sources"]
            self.identity = {column: source[column][0] for column in CLASH_KEYS}

    @property
    def rows(self) -> dict[str, list[dict]]:
        """Every table as rows (dicts), made anew on each call."""
        return {table: to_rows(columns) for table, columns in self.tables.items()}


def readout_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise InputErrors([InputError(str(folder), "not a folder of readouts")])
    return sorted(p for p in folder.iterdir() if is_readout(p))


def _sidecar_bytes(path: Path, root: Path | None) -> bytes | None:
    """The sidecar's bytes (None: there is none); a link must stay in root, by default the readout's folder."""
    side = sidecar_path(path)
    return read_input(side, root or path.parent, YAML_MAX_BYTES) if lexists(side) else None


def _read(path: Path, root: Path | None) -> tuple[bytes, bytes | None]:
    """A readout's bytes and its sidecar's: regular files only, links checked, sizes capped."""
    check_name(path)
    limit = MAX_BYTES if path.suffix == ".txt" else PAGE_MAX_BYTES  # a saved page or PDF is larger than its text
    return read_input(path, root, limit), _sidecar_bytes(path, root)


def _timer() -> Callable[[dict[str, float], str], None]:
    """lap(step) adds the time since the previous lap to seconds[step]."""
    clock = [time.perf_counter()]

    def lap(seconds: dict[str, float], step: str) -> None:
        now = time.perf_counter()
        seconds[step] = seconds.get(step, 0.0) + now - clock[0]
        clock[0] = now

    return lap


def probe(path: Path, root: Path | None, cache: ParseCache, snapshot: Snapshot | None = None) -> str | Parsed | None:
    """Where a readout's parse is kept: the snapshot (a Parsed without tables), an entry (its key), or nowhere."""
    key = entry_key(*_read(path, root), path.name)
    kept = snapshot.get(key) if snapshot else None
    if kept:
        return Parsed(path, {}, kept.warnings, {}, key, identity=kept.identity, reused=kept.position)
    return key if cache.has(key) else None


def cached(path: Path, key: str, cache: ParseCache) -> Parsed | None:
    """The cached parse of a readout (None: the entry was damaged or has gone since it was probed)."""
    lap, seconds = _timer(), {}
    hit = cache.get(key)
    if hit is None:
        return None
    tables, warnings = hit
    lap(seconds, "cache")
    return Parsed(path, tables, warnings, seconds, key)


def parse_file(path: Path, root: Path | None = None, cache: ParseCache | None = None) -> Parsed:
    """One readout to its rows (stored in cache when given); raises InputError."""
    lap, seconds = _timer(), {}
    data, side = _read(path, root)
    sidecar = parse_sidecar(sidecar_path(path), side)  # first: an HTML page is decoded as its server declared
    raw = read_raw(path, data, sidecar)
    lap(seconds, "read")
    norm = normalized(raw.text)
    lap(seconds, "normalise")
    ex = extract(norm, str(path))
    lap(seconds, "extract")
    rows = table_rows(raw, norm, ex, sidecar, meeting_id(ex.meeting))
    tables = {table: to_columns(of_table) for table, of_table in rows.items()}
    lap(seconds, "rows")
    key = None
    if cache:
        key = entry_key(data, side, path.name)
        cache.put(key, (tables, ex.warnings))
        lap(seconds, "cache")
    in_worker = multiprocessing.parent_process() is not None
    return Parsed(path, tables, ex.warnings, seconds, key, peak_rss_mb() if in_worker else 0.0)


def _parse_job(job: tuple[Path, Path | None, Path | None]) -> Parsed | InputError:
    path, root, cache_folder = job
    try:
        return parse_file(path, root, ParseCache(cache_folder) if cache_folder else None)
    except InputError as exc:
        return exc


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def parse_iter(
    files: list[Path],
    cache: ParseCache | None = None,
    jobs: int | None = None,
    snapshot: Snapshot | None = None,
) -> Iterator[Parsed | InputError]:
    """Parse every file and yield the results in input order; errors are yielded in place, not raised.

    Cache entries are probed first and read only when their turn comes, so
    that the caller holds one readout at a time; the misses go to the worker
    processes, which are stopped if the caller stops early.  A readout the
    snapshot holds comes without tables, its `reused` telling where they are.
    """
    hits: dict[int, str | Parsed | InputError] = {}
    todo: list[int] = []
    for i, path in enumerate(files):
        try:
            key = probe(path, path.parent, cache, snapshot) if cache else None
        except InputError as exc:
            key = exc
        if key is None:
            todo.append(i)
        else:
            hits[i] = key
    work = [(files[i], files[i].parent, cache.folder if cache else None) for i in todo]
    jobs = jobs or default_jobs()
    if jobs > 1 and len(work) >= PARALLEL_FROM:
        chunk = max(1, min(64, len(work) // (jobs * 8)))
        pool = workers.pool(jobs, [__name__])
        try:
            with workers.no_interrupt_while_starting():
                done = pool.map(_parse_job, work, chunksize=chunk)
            yield from _in_order(files, hits, done, cache)
        except BaseException:  # an error, Ctrl-C, or the caller stopped early (GeneratorExit)
            workers.stop(pool)
            raise
        pool.shutdown()
    else:
        yield from _in_order(files, hits, map(_parse_job, work), cache)


def _in_order(
    files: list[Path],
    hits: dict[int, str | Parsed | InputError],
    parsed: Iterator[Parsed | InputError],
    cache: ParseCache | None,
) -> Iterator[Parsed | InputError]:
    """Cache hits and freshly parsed files, merged back into input order (misses come in input order).

    An entry found damaged when read is parsed here, in this process.
    """
    for i, path in enumerate(files):
        hit = hits.get(i)
        if isinstance(hit, str) and cache:
            yield cached(path, hit, cache) or _parse_job((path, path.parent, cache.folder))
        else:
            yield next(parsed) if hit is None else hit


def parse_many(
    files: list[Path],
    cache: ParseCache | None = None,
    jobs: int | None = None,
    on_done: Callable[[], None] | None = None,
    snapshot: Snapshot | None = None,
) -> list[Parsed | InputError]:
    """Parse every file, in input order; errors are returned in place, not raised.

    Readouts the snapshot holds come without tables (their identity is what
    the callers want)."""
    results = []
    for result in parse_iter(files, cache, jobs, snapshot):
        results.append(result)
        if on_done:
            on_done()
    return results


def parse_all(
    files: list[Path],
    cache: ParseCache | None = None,
    jobs: int | None = None,
    on_done: Callable[[], None] | None = None,
    take: Callable[[Parsed], None] | None = None,
    snapshot: Snapshot | None = None,
) -> list[Parsed]:
    """Parse every file, collecting every input error (and clash between files) before failing.

    With `take`, each readout is handed to it as it comes, in input order,
    and the returned `Parsed` hold no tables.
    """
    parsed, errors = [], []
    with contextlib.closing(parse_iter(files, cache, jobs, snapshot)) as results:
        for result in results:
            if isinstance(result, InputError):
                errors.append(result)
            else:
                if take:
                    take(result)
                    result.tables = {}
                parsed.append(result)
            if on_done:
                on_done()
    errors.extend(clashes(parsed))
    if errors:
        raise InputErrors(errors)
    return parsed
