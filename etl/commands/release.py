"""Releases: version rules, the data diff against the previous release, CHANGELOG, archive.

Version rules (semantic versioning for data):

- major: a schema change that breaks readers (a table or field removed,
  renamed or given another type);
- minor: new readouts, new rows, new tables or new fields;
- patch: corrections, i.e. only values of existing rows changed.

What was released last is recorded in `releases/` (see `record`).  The
command refuses a bump smaller than the changes need, and a release with no
change at all.

A release is one publish: the package (built with the new version),
`schemas/package.json`, the release record, CHANGELOG.md, CITATION.cff and
the archive are all written into the staging folder first, and swapped in
together behind the build's marker, under the checkout lock.  A refused
release, or one killed before the marker is written, leaves the published
project as it was; one killed after it is finished by the next build.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from etl.commands.archive import CHANGELOG, CITATION, make_archive
from etl.commands.record import RELEASES, Snapshot, load_released, released_files, snapshot_of
from etl.errors import ReleaseError, on_path
from etl.package.publish import publish, recover
from etl.package.swap import discard_staging_on_error
from etl.run.cache import ParseCache
from etl.run.lock import checkout_lock
from etl.tables import schema as schema_module
from etl.tables.schema import TABLES, package_metadata

BUMPS = ("major", "minor", "patch")
REVIEW_TABLES = ("corrections",)  # its rows record reviews: adding one is a patch, not new data
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


def changelog_text(root: Path, entry: str) -> str:
    """CHANGELOG.md with entry on top of the earlier ones."""
    path = root / CHANGELOG
    text = path.read_text(encoding="utf-8") if path.exists() else _CHANGELOG_HEAD
    head, sep, rest = text.partition("\n## ")
    return head.rstrip("\n") + "\n\n" + entry.rstrip("\n") + "\n" + (sep + rest if sep else "")


def citation_text(root: Path, version: str, released_on: dt.date) -> str | None:
    """CITATION.cff with the new version and day (None when there is none)."""
    path = root / CITATION
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^version: .*$", f'version: "{version}"', text)
    return re.sub(r"(?m)^date-released: .*$", f'date-released: "{released_on.isoformat()}"', text)


def version_file(root: Path) -> str:
    """schemas/package.json, relative to root: a release is cut in the project folder that holds it."""
    path = (schema_module.SCHEMA_DIR / "package.json").resolve()
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        raise ReleaseError(f"--out must be the project folder holding schemas/ ({path.parent.parent})") from None


def version_text(version: str) -> str:
    """schemas/package.json with the new version."""
    meta = json.loads((schema_module.SCHEMA_DIR / "package.json").read_text(encoding="utf-8"))
    meta["version"] = version
    return json.dumps(meta, ensure_ascii=False, indent=2) + "\n"


@dataclass
class Released:
    version: str
    previous: str | None
    diff: Diff
    archive: Path
    sha256: str


def _check_bump(previous: Snapshot, d: Diff, part: str, force: bool) -> None:
    """Refuse a release without changes, and (unless forced) a bump smaller than the changes need."""
    if previous.version is None:
        return
    need = d.required_bump()
    if need is None:
        raise ReleaseError(f"nothing changed since {previous.version}: there is nothing to release")
    if BUMPS.index(part) > BUMPS.index(need) and not force:
        why = d.schema_breaking or d.schema_added or ["rows were added or removed"]
        raise ReleaseError(f"these changes need a {need} release, not {part}: {'; '.join(why[:3])}")


def _stage_files(staging: Path, files: dict[str, str | bytes | None]) -> None:
    """Write the release's files (relative path -> content; None: none) into the staging folder."""
    for rel, content in files.items():
        if content is None:
            continue
        path = staging / rel
        with on_path(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


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
    """Stage the package with the new version, diff it against the last release, and publish it all at once."""
    from etl.run.build import stage  # pandas and pyarrow only when a release is made

    if part not in BUMPS:
        raise ReleaseError(f"unknown bump {part!r}: one of {', '.join(BUMPS)}")
    with checkout_lock(root):
        recover(root)
        previous = load_released(root)
        meta = package_metadata()
        version, versions = bump(meta["version"], part), version_file(root)
        with discard_staging_on_error(root):
            staging, _, keys = stage(
                readouts, root, corrections=corrections, cache=cache, version=version, released=released_on
            )
            d = diff(previous, snapshot_of(staging))
            _check_bump(previous, d, part, force)
            snap = snapshot_of(staging)
            entry = changelog_entry(version, previous.version, d, released_on)
            early = {CHANGELOG: changelog_text(root, entry), CITATION: citation_text(root, version, released_on)}
            _stage_files(staging, {versions: version_text(version), **early})
            archive, digest = make_archive(root, meta["name"], version, staged=staging)
            record = released_files(snap, released_on, {"file": archive.name, "sha256": digest})
            _stage_files(staging, {f"{RELEASES}/{n}": b for n, b in record.items()})
        publish(staging, root)
        package_metadata.cache_clear()
        if cache:
            ParseCache(cache).prune(keys)
    return Released(version, previous.version, d, root / "dist" / archive.name, digest)


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
    "snapshot_of",
]
