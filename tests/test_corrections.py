"""Reviewed corrections: applied after extraction, marked in the package, refused when stale."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
import yaml

from etl.errors import InputErrors
from etl.run.build import build
from etl.run.parse import parse_file
from etl.tables.corrections import load_corrections

from .conftest import SEEDS
from .test_package import _tree

SEED = SEEDS / "2013-02-22_jp-us_summit.txt"


@pytest.fixture(scope="module")
def seed_rows() -> dict[str, list[dict]]:
    return parse_file(SEED).rows


def _statement(rows: dict, act: str) -> dict:
    return next(s for s in rows["statements"] if s["act"] == act)


def _correction(rows: dict, **overrides) -> dict:
    s = _statement(rows, "stated")
    item = {
        "readout_sha256": rows["sources"][0]["source_sha256"],
        "table": "statements",
        "id": s["statement_id"],
        "field": "act",
        "old": "stated",
        "new": "explained",
        "who": "A. Reviewer",
        "why": "the clause explains a policy",
    }
    item.update(overrides)
    return item


def _project(tmp_path: Path, *items: dict) -> tuple[Path, Path]:
    readouts = tmp_path / "readouts"
    shutil.copytree(SEEDS, readouts)
    corrections = tmp_path / "corrections"
    corrections.mkdir()
    (corrections / "review.yaml").write_text(yaml.safe_dump(list(items), allow_unicode=True), encoding="utf-8")
    return readouts, corrections


def _csv(out: Path, table: str) -> list[dict]:
    with open(out / "dist" / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_correction_is_applied_and_marked(tmp_path, seed_rows):
    item = _correction(seed_rows)
    readouts, corrections = _project(tmp_path, item)
    build(readouts, tmp_path / "out", corrections=corrections)
    statements = {r["statement_id"]: r for r in _csv(tmp_path / "out", "statements")}
    assert statements[item["id"]]["act"] == "explained"
    (marked,) = _csv(tmp_path / "out", "corrections")
    assert marked["correction_id"] == f"statements/{item['id']}/act"
    assert (marked["extracted_value"], marked["corrected_value"]) == ("stated", "explained")
    assert (marked["reviewer"], marked["correction_file"]) == ("A. Reviewer", "review.yaml")
    assert marked["meeting_id"] == seed_rows["meetings"][0]["meeting_id"]


def test_values_are_typed_by_the_field(tmp_path, seed_rows):
    s = _statement(seed_rows, "stated")
    minutes = seed_rows["meetings"][0]["duration_minutes"]
    assert isinstance(minutes, int)
    items = [
        _correction(seed_rows, field="speaker_inferred", old=s["speaker_inferred"], new=not s["speaker_inferred"]),
        _correction(seed_rows, table="meetings", id=s["meeting_id"], field="duration_minutes", old=minutes, new=7),
    ]
    readouts, corrections = _project(tmp_path, *items)
    build(readouts, tmp_path / "out", corrections=corrections)
    meetings = {r["meeting_id"]: r for r in _csv(tmp_path / "out", "meetings")}
    assert meetings[s["meeting_id"]]["duration_minutes"] == "7"
    statements = {r["statement_id"]: r for r in _csv(tmp_path / "out", "statements")}
    assert statements[s["statement_id"]]["speaker_inferred"] == str(not s["speaker_inferred"]).lower()
    assert len(_csv(tmp_path / "out", "corrections")) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"old": "thanked"}, "the extracted value is now 'stated', not 'thanked'"),
        ({"readout_sha256": "0" * 64}, "its readout (SHA-256 000000000000…) is not among the readouts"),
    ],
)
def test_a_correction_that_no_longer_fits_fails_the_build_and_says_why(tmp_path, seed_rows, change, message):
    item = _correction(seed_rows, **change)
    readouts, corrections = _project(tmp_path, item)
    out = tmp_path / "out"
    build(readouts, out)  # published without corrections
    before = _tree(out)
    with pytest.raises(InputErrors) as err:
        build(readouts, out, corrections=corrections)
    (e,) = err.value.errors
    assert e.file == str(corrections / "review.yaml") and e.line == 1
    assert str(e).startswith(
        f"{corrections / 'review.yaml'}:1: error: correction statements/{item['id']}/act: {message}"
    )
    assert _tree(out) == before


def test_an_unknown_id_names_the_nearest_ids(tmp_path, seed_rows):
    real = _correction(seed_rows)["id"]
    typo = real.replace("meeting", "meting")
    readouts, corrections = _project(tmp_path, _correction(seed_rows, id=typo))
    with pytest.raises(InputErrors) as err:
        build(readouts, tmp_path / "out", corrections=corrections)
    (e,) = err.value.errors
    assert (e.file, e.line) == (str(corrections / "review.yaml"), 1)
    assert e.message == f"correction statements/{typo}/act: unknown id {typo!r} in statements"
    assert e.hint.startswith(f"nearest: {real}, ")


def test_a_changed_readout_makes_its_corrections_stale(tmp_path, seed_rows):
    readouts, corrections = _project(tmp_path, _correction(seed_rows))
    target = readouts / SEED.name
    target.write_bytes(target.read_bytes() + "追記。\n".encode())
    with pytest.raises(InputErrors, match="is not among the readouts"):
        build(readouts, tmp_path / "out", corrections=corrections)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"field": "colour"}, "statements has no field 'colour'"),
        ({"field": "meeting_id"}, "statements.meeting_id is a key or a link and cannot be corrected"),
        ({"table": "sources"}, "table 'sources' cannot be corrected"),
        ({"new": 3}, "statements.act: expected text, got 3"),
        ({"who": ""}, "who must be non-empty text"),
        ({"new": "explaind"}, "new value 'explaind' is not an allowed value of statements.act"),
        ({"new": None}, "statements.act is required: new cannot be null"),
        (
            {"table": "meetings", "field": "start_time", "old": None, "new": "25:00"},
            "does not match the pattern of meetings.start_time",
        ),
        (
            {"table": "topics", "field": "depth", "old": 1, "new": 0},
            "new value 0 is below the minimum of topics.depth (1)",
        ),
    ],
)
def test_malformed_corrections_are_refused_with_file_and_line(tmp_path, seed_rows, change, message):
    good = _correction(seed_rows)
    other = {"id": good["id"] + "0"}  # another row: form is checked before the rows are known
    _, corrections = _project(tmp_path, good, _correction(seed_rows, **(other | change)))
    with pytest.raises(InputErrors) as err:
        load_corrections(corrections)
    (e,) = err.value.errors
    assert e.message.endswith(message) and e.line == 9  # the second item of the file


def test_two_corrections_of_one_value_are_refused(tmp_path, seed_rows):
    _, corrections = _project(tmp_path, _correction(seed_rows), _correction(seed_rows, new="proposed"))
    with pytest.raises(InputErrors, match=r"corrects the same value as review\.yaml:1"):
        load_corrections(corrections)


def test_no_corrections_folder_means_no_corrections(tmp_path):
    assert load_corrections(tmp_path / "nowhere") == []
