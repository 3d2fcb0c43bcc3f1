"""The published package: determinism, atomicity, keys, slices, frictionless."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from frictionless import validate as fl_validate

from etl.package.frictionless_check import validate_package
from etl.run.build import build
from etl.tables.schema import TABLES, arrow_schema, arrow_table, table_schema
from etl.tables.validate import ValidationFailed, validate

from .conftest import ROOT, SEEDS


def _tree(root: Path) -> dict[str, bytes]:
    files = [root / "datapackage.json", *sorted((root / "dist").iterdir())]
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


def _csv(root: Path, table: str) -> list[dict]:
    with open(root / "dist" / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_two_builds_give_identical_bytes(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    build(src, tmp_path / "a")
    build(src, tmp_path / "b")
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_frictionless_validate_passes(built):
    report = fl_validate(str(built / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])


def test_descriptor_has_required_metadata(built):
    pkg = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
    for key in ("$schema", "name", "title", "version", "licenses", "sources", "contributors", "created"):
        assert pkg.get(key), key
    assert pkg["version"].count(".") == 2
    names = {r["name"] for r in pkg["resources"]}
    assert names == {*TABLES, *(f"{t}-parquet" for t in TABLES)}


def test_resources_name_their_profile_and_enums_are_also_categories(built):
    pkg = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
    enums = 0
    for res in pkg["resources"]:
        assert res["$schema"] == "https://datapackage.org/profiles/2.0/dataresource.json", res["name"]
        assert res["schema"]["$schema"] == "https://datapackage.org/profiles/2.0/tableschema.json", res["name"]
        for f in res["schema"]["fields"]:
            enum = f.get("constraints", {}).get("enum")
            assert f.get("categories") == enum, (res["name"], f["name"])
            enums += bool(enum)
    assert enums >= 2 * len(TABLES)  # CSV and Parquet: language, format, level, act, role ...


def test_hashes_and_sizes_match_files(built):
    pkg = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
    for res in pkg["resources"]:
        data = (built / res["path"]).read_bytes()
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        if "bytes" in res:
            assert res["bytes"] == len(data)


def test_parquet_and_csv_carry_the_same_rows(built):
    """Cell for cell, with nulls apart from empty texts: checking the CSV rows checks both."""
    for table in TABLES:
        schema = arrow_schema(table)
        convert = pacsv.ConvertOptions(column_types=schema, strings_can_be_null=True, quoted_strings_can_be_null=False)
        from_csv = pacsv.read_csv(built / "dist" / f"{table}.csv", convert_options=convert)
        from_parquet = pq.read_table(built / "dist" / f"{table}.parquet")
        assert from_csv.num_rows == from_parquet.num_rows
        assert from_csv.num_rows > 0 or table == "corrections"
        assert from_csv.to_pylist() == from_parquet.to_pylist(), table


def test_frictionless_row_check_reports_a_broken_csv_row(built, tmp_path):
    shutil.copytree(built, tmp_path / "pkg")
    assert validate_package(tmp_path / "pkg") == []
    path = tmp_path / "pkg" / "dist" / "meetings.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"leaders"', '"emperors"', 1), encoding="utf-8")
    problems = validate_package(tmp_path / "pkg")
    assert any("constraint-error" in p and "emperors" in p for p in problems), problems


def test_parquet_types_are_r_friendly(built):
    for table in TABLES:
        schema = pq.read_schema(built / "dist" / f"{table}.parquet")
        for field in schema:
            assert str(field.type) in {"string", "int32", "bool", "date32[day]", "double"}, (table, field)
            assert field.metadata and b"description" in field.metadata


@pytest.mark.parametrize("table", [t for t in TABLES if table_schema(t).get("foreignKeys")])
def test_every_declared_foreign_key_holds(built, table):
    rows = _csv(built, table)
    for fk in table_schema(table)["foreignKeys"]:
        col, ref, ref_col = fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0]
        targets = {r[ref_col] for r in _csv(built, ref)}
        assert targets, ref
        for r in rows:
            assert r[col] == "" or r[col] in targets, (table, col, r[col])


def test_text_equals_the_source_slice(built):
    texts = {s["meeting_id"]: s["text"] for s in _csv(built, "sources")}
    for table in ("statements", "agreements"):
        for r in _csv(built, table):
            assert texts[r["meeting_id"]][int(r["char_start"]) : int(r["char_end"])] == r["text"]


def _rows_of(built: Path) -> dict[str, list[dict]]:
    return {t: pq.read_table(built / "dist" / f"{t}.parquet").to_pylist() for t in TABLES}


def test_validation_catches_a_wrong_slice(built):
    rows = _rows_of(built)
    rows["statements"][0]["char_start"] += 1
    with pytest.raises(ValidationFailed) as err:
        validate(rows)
    assert "statements" in str(err.value) and rows["statements"][0]["statement_id"] in str(err.value)


def test_validation_catches_a_dangling_foreign_key_and_collects_all(built):
    rows = _rows_of(built)
    rows["agreements"][0]["statement_id"] = "nope"
    rows["topics"][1]["parent_topic_id"] = rows["topics"][0]["topic_id"].replace("2009", "1999")
    rows["meetings"][0]["format"] = "dinner"
    with pytest.raises(ValidationFailed) as err:
        validate(rows)
    text = str(err.value)
    assert "statement_id" in text and "parent_topic_id" in text and "format" in text


def test_validation_of_arrow_tables_finds_what_validation_of_rows_finds(built):
    """The build validates Arrow tables once it has let the rows go: the problems must be the same."""
    rows = _rows_of(built)
    rows["agreements"][0]["statement_id"] = "nope"
    rows["statements"][0]["char_start"] += 1
    elsewhere = next(s for s in rows["statements"] if s["meeting_id"] != rows["agreements"][1]["meeting_id"])
    rows["agreements"][1]["statement_id"] = elsewhere["statement_id"]  # a statement, but of another meeting
    rows["topics"][1]["parent_topic_id"] = rows["topics"][0]["topic_id"].replace("2009", "1999")
    if rows["mentions"]:
        rows["mentions"][0]["code"] = "ZZZ"
    problems = []
    for given in (rows, {t: arrow_table(t, rows[t]) for t in TABLES}):
        with pytest.raises(ValidationFailed) as err:
            validate(given)
        problems.append(sorted(map(str, err.value.problems)))
    assert problems[0] == problems[1] and len(problems[0]) >= 4 + bool(rows["mentions"])
    assert elsewhere["statement_id"] in "\n".join(problems[0])


def test_validation_catches_an_implausible_date(built):
    rows = _rows_of(built)
    rows["meetings"][0]["date"] = rows["meetings"][0]["date"].replace(year=1900)
    with pytest.raises(ValidationFailed, match="date must fall between"):
        validate(rows)


def test_cli_build_to_any_folder(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl",
            "build",
            "--readouts",
            str(SEEDS),
            "--out",
            str(out),
            "--corrections",
            str(out / "none"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "datapackage.json").exists() and (out / "dist" / "meetings.parquet").exists()
    assert fl_validate(str(out / "datapackage.json")).valid


def test_codebook_documents_every_table_and_field_with_an_example(built):
    book = (built / "docs" / "codebook.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"\n## {table}\n" in book
        for f in table_schema(table)["fields"]:
            assert f"| `{f['name']}` | {f['type']} |" in book
    first_meeting = _csv(built, "meetings")[0]["meeting_id"]
    assert f"| `{first_meeting}` |" in book
    assert "one of `leaders`" in book or "`leaders`" in book
    assert "[annotation.md](annotation.md)" in book and (ROOT / "docs" / "annotation.md").is_file()


def test_stale_check_covers_tables_descriptor_and_codebook_but_not_release_archives(tmp_path):
    from etl.commands.stale import stale_report

    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    out = tmp_path / "pkg"
    build(src, out)
    assert stale_report(src, out) == []
    (out / "dist" / "mofa-meeting-readouts-9.9.9.zip").write_bytes(b"an old release")
    assert stale_report(src, out) == []
    with open(out / "docs" / "codebook.md", "a", encoding="utf-8") as fh:
        fh.write("hand edit\n")
    (out / "dist" / "topics.csv").unlink()
    report = stale_report(src, out)
    assert "differs: docs/codebook.md" in report and "-hand edit" in report
    assert "missing from the committed package: dist/topics.csv" in report
