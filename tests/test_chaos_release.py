"""Issue 12, finding 7: a release is one publish, checked before anything is touched, and its record is validated."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from etl.commands.release import cut_release
from etl.errors import ReleaseError
from etl.package.swap import recover
from etl.run.build import build
from etl.tables import schema

from .chaos import die_at_rename, fork, run, tree
from .conftest import FIXTURES, ROOT, as_never_released

DAY = dt.date(2026, 11, 22)
PH, GB, AU = (
    FIXTURES / n
    for n in ("2016-09-21_jp-ph_meeting.txt", "2019-05-10_jp-gb_telephone.txt", "2021-03-16_jp-au_ministers.txt")
)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "schemas", root / "schemas")
    for name in ("README.md", "LICENSE", "CITATION.cff"):
        shutil.copy(ROOT / name, root / name)
    as_never_released(root)
    (root / "readouts").mkdir()
    for p in (PH, GB):
        shutil.copy(p, root / "readouts" / p.name)
    monkeypatch.setattr(schema, "SCHEMA_DIR", root / "schemas")
    schema.package_metadata.cache_clear()
    build(root / "readouts", root)
    yield root
    monkeypatch.undo()
    schema.package_metadata.cache_clear()


def _release(root: Path, part: str = "minor"):
    return cut_release(root, part, readouts=root / "readouts", corrections=None, cache=None, released_on=DAY)


def _paths(root: Path) -> tuple[str, ...]:
    return "--out", str(root), "--readouts", str(root / "readouts"), "--corrections", str(root / "corrections")


def _versions(root: Path) -> tuple:
    """Every place a release writes its version; None where there is none."""
    record = root / "releases" / "released.json"
    changelog = root / "CHANGELOG.md"
    top = re.search(r"^## (\S+)", changelog.read_text(encoding="utf-8"), re.M) if changelog.exists() else None
    version = json.loads((root / "schemas" / "package.json").read_text(encoding="utf-8"))["version"]
    return (
        version,
        json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["version"],
        json.loads(record.read_text(encoding="utf-8"))["version"] if record.exists() else None,
        re.search(r'^version: "(.*)"', (root / "CITATION.cff").read_text(encoding="utf-8"), re.M).group(1),
        top.group(1) if top else None,
        (root / "dist" / f"mofa-meeting-readouts-{version}.zip").exists(),
    )


OLD = ("0.1.0", "0.1.0", None, "0.1.0", None, False)
NEW = ("0.2.0", "0.2.0", "0.2.0", "0.2.0", "0.2.0", True)


def test_7_a_release_killed_at_any_rename_is_all_old_or_all_new(project):
    seen = set()
    for step in range(1, 16):
        work = project.parent / f"run{step}"
        shutil.copytree(project, work)
        schema.SCHEMA_DIR = work / "schemas"  # the fixture's monkeypatch restores it
        schema.package_metadata.cache_clear()

        def release_dying_at(step: int = step, work: Path = work) -> int:
            die_at_rename(step)
            _release(work)
            return 0

        code, _ = fork(release_dying_at)
        recover(work)  # what the next build or release does first
        state = _versions(work)
        assert state in (OLD, NEW), (step, code, state)
        seen.add((code, state))
        schema.package_metadata.cache_clear()
        if state == OLD:
            assert _release(work).version == "0.2.0"  # no version skipped
        else:
            with pytest.raises(ReleaseError, match=r"nothing changed since 0\.2\.0"):
                _release(work, "patch")
    assert {s for _, s in seen} == {OLD, NEW} and (0, NEW) in seen  # kills before and after the marker, and none


def test_7_a_refused_release_touches_nothing(project):
    _release(project)
    before = tree(project)
    (project / "readouts" / GB.name).unlink()
    shutil.copy(AU, project / "readouts" / AU.name)
    after_edit = tree(project)
    with pytest.raises(ReleaseError, match="these changes need a minor release, not patch"):
        _release(project, "patch")
    assert tree(project) == after_edit and after_edit != before


def test_7_a_release_without_changes_is_refused(project):
    _release(project)
    before = tree(project)
    with pytest.raises(ReleaseError, match=r"^nothing changed since 0\.2\.0: there is nothing to release$"):
        _release(project, "patch")
    assert tree(project) == before


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('"version": "0.2.0"', '"version": null'), ":2: error: version must be text, not NoneType"),
        (lambda t: t.replace('"version": "0.2.0"', '"version": "next"'), ":2: error: version must be a version MAJOR"),
        (lambda t: t.replace('"released"', '"colour": 1, "released"'), ":3: error: unknown key 'colour'"),
        (lambda t: t[:-3], ":"),
        (lambda t: "[]", ":1: error: the release record must be a JSON object"),
    ],
)
def test_7_a_broken_release_record_is_one_clear_line(project, capsys, edit, message):
    _release(project)
    record = project / "releases" / "released.json"
    record.write_text(edit(record.read_text(encoding="utf-8")), encoding="utf-8")
    before = tree(project)
    code, _, err = run(capsys, "release", "minor", *_paths(project))
    assert code == 2 and len(err.splitlines()) == 1 and err.startswith(f"{record}{message}")
    assert err.rstrip().endswith("(restore it from the last release commit (git checkout -- releases/))")
    assert tree(project) == before


def test_7_broken_released_rows_are_located(project, capsys):
    _release(project)
    rows = project / "releases" / "released-rows.csv"
    lines = rows.read_text(encoding="utf-8").splitlines()
    lines[2] = "meetings,x"
    rows.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "release", "minor", *_paths(project))
    assert code == 2 and err.startswith(f"{rows}:3: error: not a row of table, row ID and digest: 'meetings,x'")
