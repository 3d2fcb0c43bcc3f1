"""The build: every readout in a folder to a published, validated package."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, InputErrors
from .extract import extract
from .normalize import normalize
from .publish import publish, recover, stage
from .read import read_readout
from .rows import meeting_id, table_rows
from .schema import TABLES, key_of
from .sidecar import load_sidecar
from .validate import validate


@dataclass
class Parsed:
    file: Path
    rows: dict[str, list[dict]]
    warnings: list[str] = field(default_factory=list)


@dataclass
class BuildReport:
    readouts: int
    rows: dict[str, int]
    warnings: list[tuple[str, str]]


def readout_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise InputErrors([InputError(str(folder), "not a folder of readouts")])
    return sorted(p for p in folder.iterdir() if p.suffix == ".txt" and not p.name.startswith("."))


def parse_file(path: Path, root: Path | None = None) -> Parsed:
    """One readout to its rows; raises InputError."""
    raw = read_readout(path, root)
    sidecar = load_sidecar(path)
    norm = normalize(raw.text)
    ex = extract(norm, str(path))
    mid = meeting_id(ex.meeting)
    return Parsed(path, table_rows(raw, norm, ex, sidecar, mid), ex.warnings)


def parse_all(files: list[Path]) -> list[Parsed]:
    """Parse every file, collecting every input error before failing."""
    parsed, errors = [], []
    for path in files:
        try:
            parsed.append(parse_file(path, path.parent))
        except InputError as exc:
            errors.append(exc)
    errors.extend(_clashes(parsed))
    if errors:
        raise InputErrors(errors)
    return parsed


_CLASHES = (  # key of the sources row, what a second readout with the same key is, what to do
    ("source_sha256", "the same readout as {other} (identical SHA-256)", "remove one of the two copies"),
    ("meeting_id", "describes the same meeting ({key}) as {other}", "keep one readout per meeting"),
)


def _clashes(parsed: list[Parsed]) -> list[InputError]:
    errors = []
    seen: dict[str, dict[str, Path]] = {column: {} for column, _, _ in _CLASHES}
    for p in parsed:
        src = p.rows["sources"][0]
        for column, message, hint in _CLASHES:
            other = seen[column].get(src[column])
            if other is not None:
                errors.append(InputError(str(p.file), message.format(other=other.name, key=src[column]), hint=hint))
                break
        else:
            for column, _, _ in _CLASHES:
                seen[column][src[column]] = p.file
    return errors


def merge_rows(parsed: list[Parsed]) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    for p in parsed:
        for t in TABLES:
            rows[t].extend(p.rows[t])
    for t in TABLES:
        key = key_of(t)[0]
        rows[t].sort(key=lambda r: r[key])
    return rows


def created_date(rows: dict[str, list[dict]]) -> dt.date:
    """The newest date the inputs carry, so `created` never depends on the clock."""
    days = [m["date"] for m in rows["meetings"]] + [m["page_date"] for m in rows["meetings"] if m["page_date"]]
    days += [s["retrieved"] for s in rows["sources"] if s["retrieved"]]
    return max(days, default=dt.date(1970, 1, 1))


def build(readouts: Path, out: Path) -> BuildReport:
    out.mkdir(parents=True, exist_ok=True)
    recover(out)
    parsed = parse_all(readout_files(readouts))
    rows = merge_rows(parsed)
    validate(rows)
    staging = stage(rows, out, created_date(rows))
    publish(staging, out)
    warnings = [(p.file.name, w) for p in parsed for w in p.warnings]
    return BuildReport(len(parsed), {t: len(rows[t]) for t in TABLES}, warnings)
