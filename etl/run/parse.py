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

import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from etl.errors import InputError, InputErrors, Notice
from etl.extract.pipeline import extract, normalized
from etl.run import workers
from etl.run.cache import ParseCache, entry_key
from etl.run.timing import peak_rss_mb
from etl.source.files import check_name, lexists, read_input
from etl.source.formats import is_readout, read_raw  # fetch (issue 14): .txt, .html and .pdf readouts
from etl.source.read import MAX_BYTES
from etl.source.sidecar import parse_sidecar, sidecar_path
from etl.source.yamlfile import MAX_BYTES as YAML_MAX_BYTES
from etl.tables.rows import meeting_id, table_rows

PAGE_MAX_BYTES = 20 * 1024 * 1024  # as fetch caps a download
PARALLEL_FROM = 64  # fewer files than this are parsed in-process: a pool costs more than it saves


@dataclass
class Parsed:
    file: Path
    rows: dict[str, list[dict]]
    warnings: list[Notice] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per step, for the benchmark
    cache_key: str | None = None
    peak_mb: float = 0.0  # peak memory of the process that parsed it


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


def cached(path: Path, root: Path | None, cache: ParseCache) -> Parsed | str:
    """The cached parse of a readout, or the key to store its parse under."""
    lap, seconds = _timer(), {}
    key = entry_key(*_read(path, root), path.name)
    hit = cache.get(key)
    if hit is None:
        return key
    rows, warnings = hit
    lap(seconds, "cache")
    return Parsed(path, rows, warnings, seconds, key)


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
    lap(seconds, "rows")
    key = None
    if cache:
        key = entry_key(data, side, path.name)
        cache.put(key, (rows, ex.warnings))
        lap(seconds, "cache")
    in_worker = multiprocessing.parent_process() is not None
    return Parsed(path, rows, ex.warnings, seconds, key, peak_rss_mb() if in_worker else 0.0)


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


def parse_many(
    files: list[Path],
    cache: ParseCache | None = None,
    jobs: int | None = None,
    on_done: Callable[[], None] | None = None,
) -> list[Parsed | InputError]:
    """Parse every file, in input order; errors are returned in place, not raised.

    Cache hits are read here; only the misses go to the worker processes.
    """
    results: list[Parsed | InputError | None] = [None] * len(files)
    todo: list[int] = []
    for i, path in enumerate(files):
        found = None
        if cache:
            try:
                found = cached(path, path.parent, cache)
            except InputError as exc:
                found = exc
        if isinstance(found, (Parsed, InputError)):
            results[i] = found
            if on_done:
                on_done()
        else:
            todo.append(i)
    work = [(files[i], files[i].parent, cache.folder if cache else None) for i in todo]
    jobs = jobs or default_jobs()
    if jobs > 1 and len(work) >= PARALLEL_FROM:
        chunk = max(1, min(64, len(work) // (jobs * 8)))
        pool = workers.pool(jobs, [__name__])
        try:
            with workers.no_interrupt_while_starting():
                done = pool.map(_parse_job, work, chunksize=chunk)
            for i, r in zip(todo, done):
                results[i] = r
                if on_done:
                    on_done()
        except BaseException:
            workers.stop(pool)
            raise
        pool.shutdown()
    else:
        for i, job in zip(todo, work):
            results[i] = _parse_job(job)
            if on_done:
                on_done()
    return [r for r in results if r is not None]


CLASH_KEYS = ("source_sha256", "meeting_id")  # no two readouts may share one of these
_CLASH_MESSAGES = {  # what a second readout with the same key is, and what to do
    "source_sha256": ("the same readout as {other} (identical SHA-256)", "remove one of the two copies"),
    "meeting_id": ("describes the same meeting ({key}) as {other}", "keep one readout per meeting"),
}


def _remember(index: dict[str, dict[str, Path]], p: Parsed) -> None:
    src = p.rows["sources"][0]
    for column in CLASH_KEYS:
        index[column].setdefault(src[column], p.file)


def clash_index(parsed: list[Parsed]) -> dict[str, dict[str, Path]]:
    """For each clash key: value -> the (first) file that has it."""
    index: dict[str, dict[str, Path]] = {column: {} for column in CLASH_KEYS}
    for p in parsed:
        _remember(index, p)
    return index


def first_clash(p: Parsed, index: dict[str, dict[str, Path]]) -> tuple[str, Path] | None:
    """The key p shares with a readout in index, and that readout's file."""
    src = p.rows["sources"][0]
    for column in CLASH_KEYS:
        other = index[column].get(src[column])
        if other is not None:
            return column, other
    return None


def clashes(parsed: list[Parsed]) -> list[InputError]:
    """A readout that repeats an earlier one's SHA-256 or meeting."""
    errors = []
    index = clash_index([])
    for p in parsed:
        hit = first_clash(p, index)
        if hit is None:
            _remember(index, p)
            continue
        column, other = hit
        message, hint = _CLASH_MESSAGES[column]
        key = p.rows["sources"][0][column]
        errors.append(InputError(str(p.file), message.format(other=other.name, key=key), hint=hint))
    return errors


def parse_all(
    files: list[Path],
    cache: ParseCache | None = None,
    jobs: int | None = None,
    on_done: Callable[[], None] | None = None,
) -> list[Parsed]:
    """Parse every file, collecting every input error (and clash between files) before failing."""
    results = parse_many(files, cache, jobs, on_done)
    parsed = [r for r in results if isinstance(r, Parsed)]
    errors = [r for r in results if isinstance(r, InputError)]
    errors.extend(clashes(parsed))
    if errors:
        raise InputErrors(errors)
    return parsed
