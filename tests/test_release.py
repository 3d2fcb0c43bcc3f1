"""Releases: the version rules, the row-by-row diff in CHANGELOG.md, and a reproducible archive."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from etl.commands.release import Snapshot, bump, cut_release, diff, make_archive
from etl.errors import ReleaseError
from etl.run.parse import parse_file
from etl.tables import schema

from .conftest import FIXTURES, ROOT, as_never_released

DAY = dt.date(2026, 11, 22)
START = "0.1.0"  # the version the project copy starts from
PH = FIXTURES / "2016-09-21_jp-ph_meeting.txt"
GB = FIXTURES / "2019-05-10_jp-gb_telephone.txt"
AU = FIXTURES / "2021-03-16_jp-au_ministers.txt"


def _clear_caches() -> None:
    schema.table_schema.cache_clear()
    schema.package_metadata.cache_clear()


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the project with two readouts, never released, at version 0.1.0 whatever the checkout's is."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "schemas", root / "schemas")
    meta = json.loads((root / "schemas" / "package.json").read_text(encoding="utf-8"))
    meta["version"] = START
    (root / "schemas" / "package.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    for name in ("README.md", "LICENSE", "CITATION.cff", "docs/annotation.md"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, root / name)
    as_never_released(root, START)
    (root / "readouts").mkdir()
    for p in (PH, GB):
        shutil.copy(p, root / "readouts" / p.name)
    monkeypatch.setattr(schema, "SCHEMA_DIR", root / "schemas")
    _clear_caches()
    yield root
    monkeypatch.undo()
    _clear_caches()


def _release(root: Path, part: str, **kw):
    return cut_release(
        root, part, readouts=root / "readouts", corrections=root / "corrections", cache=None, released_on=DAY, **kw
    )


def test_bump_follows_semantic_versioning():
    assert [bump("1.4.2", p) for p in ("major", "minor", "patch")] == ["2.0.0", "1.5.0", "1.4.3"]
    with pytest.raises(ReleaseError):
        bump("1.4.2", "huge")


def test_first_release_then_a_release_with_added_removed_and_changed_rows(project):
    first = _release(project, "minor")
    assert (first.version, first.previous) == ("0.2.0", None)
    assert json.loads((project / "datapackage.json").read_text(encoding="utf-8"))["version"] == "0.2.0"
    assert 'version: "0.2.0"' in (project / "CITATION.cff").read_text(encoding="utf-8")

    # a readout removed, one added, one value corrected
    (project / "readouts" / GB.name).unlink()
    shutil.copy(AU, project / "readouts" / AU.name)
    ph = parse_file(PH).rows
    statement = ph["statements"][0]
    (project / "corrections").mkdir()
    item = {
        "readout_sha256": ph["sources"][0]["source_sha256"],
        "table": "statements",
        "id": statement["statement_id"],
        "field": "act",
        "old": statement["act"],
        "new": "explained",
        "who": "A. Reviewer",
        "why": "test",
    }
    (project / "corrections" / "ph.yaml").write_text(yaml.safe_dump([item], allow_unicode=True), encoding="utf-8")

    with pytest.raises(ReleaseError, match="need a minor release, not patch"):
        _release(project, "patch")
    second = _release(project, "minor")
    assert (second.version, second.previous) == ("0.3.0", "0.2.0")
    st = second.diff.tables["statements"]
    assert st.changed == [statement["statement_id"]]
    assert st.added and all(i.startswith("2021-03-16_au_") for i in st.added)
    assert st.removed and all(i.startswith("2019-05-10_gb_") for i in st.removed)
    assert second.diff.tables["corrections"].added == [f"statements/{statement['statement_id']}/act"]

    log = (project / "CHANGELOG.md").read_text(encoding="utf-8")
    assert log.index("## 0.3.0 (2026-11-22)") < log.index("## 0.2.0 (2026-11-22)")
    entry = log[log.index("## 0.3.0") : log.index("## 0.2.0")]
    assert "Data changes against 0.2.0:" in entry
    meetings = second.diff.tables["meetings"]
    assert "| meetings | 2 | 1 | 1 | 0 |" in entry
    assert f"Meetings added: {meetings.added[0]}" in entry and f"Meetings removed: {meetings.removed[0]}" in entry
    assert f"Changed in statements: {statement['statement_id']}" in entry
    assert "first release" in log[log.index("## 0.2.0") :]


def test_a_release_with_only_corrections_is_a_patch(project):
    _release(project, "minor")
    ph = parse_file(PH).rows
    s = ph["statements"][0]
    (project / "corrections").mkdir()
    item = dict(readout_sha256=ph["sources"][0]["source_sha256"], table="statements", id=s["statement_id"])
    item |= dict(field="act", old=s["act"], new="explained", who="R", why="test")
    (project / "corrections" / "c.yaml").write_text(yaml.safe_dump([item], allow_unicode=True), encoding="utf-8")
    r = _release(project, "patch")  # the new row of the corrections table records a review, not new data
    assert r.version == "0.2.1"


def test_removing_a_field_needs_a_major_release():
    old = Snapshot("1.0.0", {"meetings": [("meeting_id", "string"), ("level", "string")]}, {"meetings": {}})
    new = Snapshot(None, {"meetings": [("meeting_id", "string")]}, {"meetings": {}})
    assert diff(old, new).required_bump() == "major"
    wider = Snapshot(None, {"meetings": [*old.fields["meetings"], ("venue", "string")]}, {"meetings": {}})
    assert diff(old, wider).required_bump() == "minor"


def test_the_archive_is_reproducible_and_complete(project):
    r = _release(project, "minor")
    first = r.archive.read_bytes()
    assert (r.archive.parent / f"{r.archive.name}.sha256").read_text(encoding="utf-8") == (
        f"{hashlib.sha256(first).hexdigest()}  {r.archive.name}\n"
    )
    for path in project.rglob("*"):  # new file times must not change the bytes
        if path.is_file():
            os.utime(path, (1, 1))
    recorded = json.loads((project / "releases" / "released.json").read_text(encoding="utf-8"))["archive"]
    assert recorded == {"file": r.archive.name, "sha256": hashlib.sha256(first).hexdigest()}
    again, _ = make_archive(project, "mofa-meeting-readouts", "0.2.0")
    assert again.read_bytes() == first
    names = zipfile.ZipFile(again).namelist()
    prefix = "mofa-meeting-readouts-0.2.0/"
    for member in (
        "datapackage.json",
        "dist/statements.csv",
        "dist/statements.parquet",
        "docs/codebook.md",
        "docs/annotation.md",
        "CHANGELOG.md",
        "CITATION.cff",
        "LICENSE",
        "README.md",
    ):
        assert prefix + member in names
    assert not any(n.endswith(".zip") for n in names)


def test_a_build_after_a_release_keeps_the_archive(project):
    from etl.run.build import build

    r = _release(project, "minor")
    build(project / "readouts", project)
    assert r.archive.exists()


def test_the_release_day_becomes_created_and_later_builds_keep_it(project):
    from etl.cli import main
    from etl.commands.stale import stale_report

    r = _release(project, "minor")
    descriptor = json.loads((project / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["created"] == f"{DAY.isoformat()}T00:00:00Z"  # newer than every date in the readouts
    assert {i.date_time[:3] for i in zipfile.ZipFile(r.archive).infolist()} == {(DAY.year, DAY.month, DAY.day)}
    assert stale_report(project / "readouts", project) == []
    before = (project / "datapackage.json").read_bytes()
    folders = {"--readouts": project / "readouts", "--out": project, "--corrections": project / "corrections"}
    assert main(["build", *(str(x) for kv in folders.items() for x in kv), "--no-cache"]) == 0
    assert (project / "datapackage.json").read_bytes() == before
