"""Releases: version rules, the data diff against the previous release, CHANGELOG, archive.

Version rules (semantic versioning for data):

- major: a schema change that breaks readers (a table or field removed,
  renamed or given another type);
- minor: new readouts, new rows, new tables or new fields;
- patch: corrections, i.e. only values of existing rows changed.

What was released last is recorded in `releases/` (the version, the fields
of every table, and a digest of every published row), so the next release
can list its changes row by row without any earlier files.  The command
refuses a bump smaller than the changes need.
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

from etl.commands.archive import make_archive
from etl.errors import ReleaseError
from etl.package.publish import DESCRIPTOR
from etl.tables import schema as schema_module
from etl.tables.schema import TABLES, package_metadata

BUMPS = ("major", "minor", "patch")
REVIEW_TABLES = ("corrections",)  # its rows record reviews: adding one is a patch, not new data
RELEASES = "releases"
RELEASED_ROWS = "released-rows.csv"
RELEASED = "released.json"
CHANGELOG = "CHANGELOG.md"
CITATION = "CITATION.cff"
_CHANGELOG_HEAD = (
    "# Changelog\n\nData changes of every release, listed row by row. Version rules: see CONTRIBUTING.md.\n"
)


def bump(version: str, part: str) -> str:
    major, minor, patch = (int(x) for x in version.split("."))
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    if part == "patch":
        return f"{major}.{minor}.{patch + 1}"
    raise ReleaseError(f"unknown bump {part!r}: one of {', '.join(BUMPS)}")


# --- what a release holds -----------------------------------------------------------------


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
        key = res["schema"]["primaryKey"][0]
        with open(package / res["path"], encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            at = header.index(key)
            snap.rows[table] = {row[at]: _digest(row) for row in reader}
    return snap


def load_released(root: Path) -> Snapshot:
    """The last release recorded in releases/; an empty snapshot before the first release."""
    meta_path, rows_path = root / RELEASES / RELEASED, root / RELEASES / RELEASED_ROWS
    if not meta_path.exists():
        return Snapshot(None)
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    snap = Snapshot(meta["version"], {t: list(fs.items()) for t, fs in meta["fields"].items()})
    snap.rows = {t: {} for t in snap.fields}
    with open(rows_path, encoding="utf-8", newline="") as fh:
        for table, row_id, digest in csv.reader(fh):
            snap.rows.setdefault(table, {})[row_id] = digest
    return snap


def release_day(root: Path) -> dt.date | None:
    """The day of the last release recorded under root, which the build takes as `created` (see README)."""
    path = root / RELEASES / RELEASED
    return dt.date.fromisoformat(json.loads(path.read_text(encoding="utf-8"))["released"]) if path.exists() else None


def save_released(root: Path, snap: Snapshot, released_on: dt.date, archive: dict) -> None:
    """Record the release: its version, date, archive checksum, fields and row digests."""
    folder = root / RELEASES
    folder.mkdir(exist_ok=True)
    fields = {t: dict(fs) for t, fs in snap.fields.items()}
    meta = {"version": snap.version, "released": released_on.isoformat(), "archive": archive, "fields": fields}
    (folder / RELEASED).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for table in sorted(snap.rows):
        writer.writerows((table, row_id, digest) for row_id, digest in sorted(snap.rows[table].items()))
    (folder / RELEASED_ROWS).write_text(buf.getvalue(), encoding="utf-8")


# --- the diff -----------------------------------------------------------------------------


@dataclass
class TableDiff:
    added: list[str]
    removed: list[str]
    changed: list[str]
    rows: int


@dataclass
class Diff:
    tables: dict[str, TableDiff]
    schema_breaking: list[str]  # removed tables or fields, changed types
    schema_added: list[str]  # new tables or fields

    def required_bump(self) -> str | None:
        data = [t for name, t in self.tables.items() if name not in REVIEW_TABLES]
        if self.schema_breaking:
            return "major"
        if self.schema_added or any(t.added or t.removed for t in data):
            return "minor"
        if any(t.added or t.removed or t.changed for t in self.tables.values()):
            return "patch"
        return None


def diff(old: Snapshot, new: Snapshot) -> Diff:
    breaking, added = [], []
    for table in sorted(set(old.fields) | set(new.fields)):
        if table not in new.fields:
            breaking.append(f"table {table} removed")
            continue
        if table not in old.fields:
            if old.version is not None:
                added.append(f"table {table} added")
            continue
        before, after = dict(old.fields[table]), dict(new.fields[table])
        breaking += [f"{table}.{f} removed" for f in before if f not in after]
        breaking += [f"{table}.{f}: {before[f]} -> {after[f]}" for f in before if f in after and before[f] != after[f]]
        added += [f"{table}.{f} added" for f in after if f not in before]
    tables = {}
    for table in new.rows:
        a, b = old.rows.get(table, {}), new.rows[table]
        tables[table] = TableDiff(
            added=sorted(set(b) - set(a)),
            removed=sorted(set(a) - set(b)),
            changed=sorted(k for k in set(a) & set(b) if a[k] != b[k]),
            rows=len(b),
        )
    return Diff(tables, breaking, added)


def changelog_entry(version: str, previous: str | None, d: Diff, released_on: dt.date) -> str:
    """A CHANGELOG section: per table rows added, removed and changed, with the changed IDs."""
    against = f"against {previous}" if previous else "(first release: every row is new)"
    lines = [f"## {version} ({released_on.isoformat()})", "", f"Data changes {against}:", ""]
    lines += ["| table | rows | added | removed | changed |", "|---|---:|---:|---:|---:|"]
    for table in TABLES:
        t = d.tables.get(table)
        if t:
            lines.append(f"| {table} | {t.rows} | {len(t.added)} | {len(t.removed)} | {len(t.changed)} |")
    lines.append("")
    for what, items in (("Schema changes that break readers", d.schema_breaking), ("Schema additions", d.schema_added)):
        if items:
            lines += [f"{what}:", "", *[f"- {x}" for x in items], ""]
    if previous:
        new_meetings = d.tables["meetings"].added if "meetings" in d.tables else []
        gone_meetings = d.tables["meetings"].removed if "meetings" in d.tables else []
        if new_meetings:
            lines += [f"Meetings added: {', '.join(new_meetings)}", ""]
        if gone_meetings:
            lines += [f"Meetings removed: {', '.join(gone_meetings)}", ""]
        for table in TABLES:
            t = d.tables.get(table)
            if t and t.changed:
                lines += [f"Changed in {table}: {', '.join(t.changed)}", ""]
    return "\n".join(lines)


def write_changelog(root: Path, entry: str) -> None:
    path = root / CHANGELOG
    text = path.read_text(encoding="utf-8") if path.exists() else _CHANGELOG_HEAD
    head, sep, rest = text.partition("\n## ")
    path.write_text(head.rstrip("\n") + "\n\n" + entry.rstrip("\n") + "\n" + (sep + rest if sep else ""), "utf-8")


def update_citation(root: Path, version: str, released_on: dt.date) -> None:
    path = root / CITATION
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^version: .*$", f'version: "{version}"', text)
    text = re.sub(r"(?m)^date-released: .*$", f'date-released: "{released_on.isoformat()}"', text)
    path.write_text(text, encoding="utf-8")


def set_version(version: str) -> str:
    """Write version into schemas/package.json; the old version."""
    path = schema_module.SCHEMA_DIR / "package.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    old, meta["version"] = meta["version"], version
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return old


@dataclass
class Released:
    version: str
    previous: str | None
    diff: Diff
    archive: Path
    sha256: str


def cut_release(
    root: Path,
    part: str,
    *,
    readouts: Path,
    corrections: Path | None,
    cache: Path | None,
    released_on: dt.date,
    force: bool = False,
) -> Released:
    """Build, diff against the last release, bump the version, write CHANGELOG and the archive."""
    from etl.run.build import build  # pandas and pyarrow only when a release is made

    if part not in BUMPS:
        raise ReleaseError(f"unknown bump {part!r}: one of {', '.join(BUMPS)}")
    previous = load_released(root)
    build(readouts, root, corrections=corrections, cache=cache, released=release_day(root))
    d = diff(previous, snapshot_of(root))
    need = d.required_bump()
    if previous.version is not None and need and BUMPS.index(part) > BUMPS.index(need) and not force:
        why = d.schema_breaking or d.schema_added or ["rows were added or removed"]
        raise ReleaseError(f"these changes need a {need} release, not {part}: {'; '.join(why[:3])}")
    version = bump(package_metadata()["version"], part)
    set_version(version)
    package_metadata.cache_clear()
    build(readouts, root, corrections=corrections, cache=cache, released=released_on)
    snap = snapshot_of(root)
    write_changelog(root, changelog_entry(version, previous.version, d, released_on))
    update_citation(root, version, released_on)
    archive, digest = make_archive(root, package_metadata()["name"], version)
    save_released(root, snap, released_on, {"file": archive.name, "sha256": digest})
    return Released(version, previous.version, d, archive, digest)


__all__ = [
    "BUMPS",
    "Diff",
    "ReleaseError",
    "Snapshot",
    "bump",
    "changelog_entry",
    "cut_release",
    "diff",
    "load_released",
    "make_archive",
    "save_released",
    "snapshot_of",
]
