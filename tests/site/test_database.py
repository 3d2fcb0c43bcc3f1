"""The site's SQLite database, Datasette metadata, canned queries, links and plots."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from etl.cli import main
from tests.site.html import read_page

pytest.importorskip("sqlite_utils", reason="the site extra is not installed (pip install -e '.[site]')")

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
SQL_TYPE = {"string": "TEXT", "integer": "INTEGER", "boolean": "INTEGER", "date": "TEXT", "number": "REAL"}


@pytest.fixture(scope="module")
def db(site):
    con = sqlite3.connect(site / "readouts.db")
    con.row_factory = sqlite3.Row
    yield con
    con.close()


@pytest.fixture(scope="module")
def descriptor(site_package) -> dict:
    return json.loads((site_package / "datapackage.json").read_text(encoding="utf-8"))


def _tables(descriptor):
    return [r for r in descriptor["resources"] if r["format"] == "csv"]


def test_tables_keys_types_and_foreign_keys_follow_the_schemas(db, descriptor, package_rows):
    for res in _tables(descriptor):
        name, schema = res["name"], res["schema"]
        info = {r["name"]: r for r in db.execute(f"pragma table_info('{name}')")}
        for f in schema["fields"]:
            assert info[f["name"]]["type"] == SQL_TYPE[f["type"]], (name, f["name"])
            assert bool(info[f["name"]]["notnull"]) == bool(f.get("constraints", {}).get("required"))
        assert [c for c, r in sorted(info.items(), key=lambda x: x[1]["pk"]) if r["pk"]] == schema["primaryKey"]
        grouped: dict[int, list] = {}
        for r in db.execute(f"pragma foreign_key_list('{name}')"):
            grouped.setdefault(r["id"], []).append(r)
        fks = {(tuple(r["from"] for r in rs), rs[0]["table"], tuple(r["to"] for r in rs)) for rs in grouped.values()}
        want = {
            (tuple(fk["fields"]), fk["reference"]["resource"] or name, tuple(fk["reference"]["fields"]))
            for fk in schema.get("foreignKeys", [])
        }
        assert fks == want
        assert db.execute(f"select count(*) from [{name}]").fetchone()[0] == len(package_rows[name])
    assert db.execute("pragma foreign_key_check").fetchall() == []


def test_values_are_the_package_values(db, package_rows):
    for s in package_rows["statements"][:50]:
        row = dict(db.execute("select * from statements where statement_id = ?", [s["statement_id"]]).fetchone())
        assert row.pop("page") == f"/pages/{s['meeting_id']}.html#{s['statement_id']}"
        assert row == {k: int(v) if isinstance(v, bool) else v for k, v in s.items()}
    m = package_rows["meetings"][0]
    assert (
        db.execute("select date from meetings where meeting_id = ?", [m["meeting_id"]]).fetchone()[0]
        == m["date"].isoformat()
    )


def test_full_text_search_finds_japanese_substrings(db, package_rows):
    for table, column, key in [("statements", "text", "statement_id"), ("agreements", "content", "agreement_id")]:
        for r in package_rows[table][::25]:
            needle = r[column][2:6] if len(r[column]) >= 6 else r[column]
            if len(needle) < 3:
                continue
            found = {
                x[0]
                for x in db.execute(
                    f"select {key} from {table} where rowid in (select rowid from {table}_fts where {table}_fts match ?)",
                    [f'"{needle}"'],
                )
            }
            assert r[key] in found
            assert found == {
                x[key] for x in package_rows[table] if needle in x["text"] or needle in x.get("content", "")
            }
    assert (
        db.execute("select count(*) from statements_fts where statements_fts match '\"該当なし語句\"'").fetchone()[0]
        == 0
    )


def test_every_row_links_to_an_element_of_an_existing_page(db, site, descriptor):
    ids: dict[str, set[str]] = {}
    for res in _tables(descriptor):
        for (page,) in db.execute(f"select page from [{res['name']}]"):
            if page is None:  # a row of no meeting (persons, coverage) has no page
                assert "meeting_id" not in {f["name"] for f in res["schema"]["fields"]}, res["name"]
                continue
            path, _, anchor = page.partition("#")
            assert path.startswith("/pages/")
            if path not in ids:
                ids[path] = set(read_page((site / path.lstrip("/")).read_text(encoding="utf-8")).ids)
            assert not anchor or anchor in ids[path], page


def test_metadata_describes_every_table_and_column_from_the_schemas(site, descriptor):
    meta = json.loads((site / "metadata.json").read_text(encoding="utf-8"))
    assert meta["title"] == descriptor["title"]
    assert "Creative Commons" in meta["license"] and meta["license_url"].startswith("https://creativecommons.org/")
    assert "Terms of Use" in meta["source"] and meta["source_url"]
    tables = meta["databases"]["readouts"]["tables"]
    for res in _tables(descriptor):
        schema = json.loads((SCHEMAS / f"{res['name']}.schema.json").read_text(encoding="utf-8"))
        assert tables[res["name"]]["description"] == schema["description"]
        assert {k: v for k, v in tables[res["name"]]["columns"].items() if k != "page"} == {
            f["name"]: f["description"] for f in schema["fields"]
        }
        assert tables[res["name"]]["columns"]["page"]


def _query(db, meta, query, **params):
    sql = meta["databases"]["readouts"]["queries"][query]["sql"]
    return [dict(r) for r in db.execute(sql, params)]


def test_canned_queries_answer_their_questions(db, site, package_rows):
    meta = json.loads((site / "metadata.json").read_text(encoding="utf-8"))
    meetings = package_rows["meetings"]
    m = meetings[0]
    got = _query(
        db, meta, "meetings_by_counterpart_and_year", counterpart=m["counterpart"].lower(), year=str(m["date"].year)
    )
    assert {r["meeting_id"] for r in got} == {
        x["meeting_id"] for x in meetings if x["counterpart"] == m["counterpart"] and x["date"].year == m["date"].year
    }
    assert len(_query(db, meta, "meetings_by_counterpart_and_year", counterpart="", year="")) == len(meetings)
    counts = _query(db, meta, "meeting_counts_by_counterpart_and_year")
    assert sum(r["meetings"] for r in counts) == len(meetings)
    by_meeting = {x["meeting_id"]: x["counterpart"] for x in meetings}
    for cp in {"US", "CN"}:
        got = _query(db, meta, "agreements_by_counterpart", counterpart=cp)
        assert sorted(r["agreement_id"] for r in got) == sorted(
            a["agreement_id"] for a in package_rows["agreements"] if by_meeting[a["meeting_id"]] == cp
        )
    name = Counter(s["speaker_name"] for s in package_rows["statements"] if s["speaker_name"]).most_common(1)[0][0]
    got = _query(db, meta, "statements_of_a_person", name=name)
    assert got and all(name in r["speaker_name"] or r["speaker_name"] in name for r in got)
    assert {r["statement_id"] for r in got} >= {
        s["statement_id"] for s in package_rows["statements"] if s["speaker_name"] == name
    }
    assert _query(db, meta, "statements_of_a_person", name="") == []


def test_plots_count_what_the_tables_hold(site, package_rows):
    plots = site / "pages" / "plots"
    spec = json.loads((plots / "meetings-per-year.vl.json").read_text(encoding="utf-8"))
    assert sum(d["meetings"] for d in spec["data"]["values"]) == len(package_rows["meetings"])
    spec = json.loads((plots / "agreements-per-year.vl.json").read_text(encoding="utf-8"))
    assert sum(d["agreements"] for d in spec["data"]["values"]) == len(package_rows["agreements"])
    spec = json.loads((plots / "acts-by-side.vl.json").read_text(encoding="utf-8"))
    assert sum(d["statements"] for d in spec["data"]["values"]) == len(package_rows["statements"])
    jp = Counter(s["act"] for s in package_rows["statements"] if s["speaker_side"] == "JP")
    assert {d["act"]: d["statements"] for d in spec["data"]["values"] if d["side"] == "JP"} == dict(jp)
    svg = (plots / "acts-by-side.svg").read_text(encoding="utf-8")
    assert svg.count('data-series="') == len(spec["data"]["values"]) and "<title" in svg and "<desc" in svg
    html = (site / "pages" / "plots.html").read_text(encoding="utf-8")
    for name in ("meetings-per-year", "agreements-per-year", "acts-by-side"):
        assert f'src="plots/{name}.svg"' in html and f'href="plots/{name}.vl.json"' in html


def test_site_is_deterministic(site_package, site, tmp_path):
    assert main(["site", "--package", str(site_package), "--out", str(tmp_path)]) == 0
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.suffix != ".db"):
        assert (tmp_path / path.relative_to(site)).read_bytes() == path.read_bytes(), path
    dump = ["\n".join(sqlite3.connect(d / "readouts.db").iterdump()) for d in (site, tmp_path)]
    assert dump[0] == dump[1]


def test_datasette_overrides_link_the_page_column(site):
    for name in ("_table.html", "query.html"):
        assert "annotated page" in (site / "templates" / name).read_text(encoding="utf-8")


def test_overrides_fail_loudly_on_another_datasette(tmp_path, monkeypatch):
    from etl.site import overrides

    monkeypatch.setitem(overrides.CHANGES, "query.html", ("<td>no such line</td>", "x"))
    with pytest.raises(overrides.DatasetteChanged, match=r"query\.html"):
        overrides.write_overrides(tmp_path)


def test_serve_wants_a_built_site(tmp_path, capsys):
    assert main(["serve", "--out", str(tmp_path)]) == 2
    assert "nox -s site" in capsys.readouterr().err


def test_tables_of_no_meeting_and_compound_keys(tmp_path):
    """Tables such as a coverage list (no meeting_id) or an alignment (two-column keys) fit too."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from etl.site.database import foreign_keys, write_database
    from etl.site.links import page_url
    from etl.site.package import Package

    assert page_url("coverage", {"url": "https://example.org/"}) is None
    assert page_url("mentions", {"meeting_id": "m", "statement_id": "m-s001"}) == "/pages/m.html#m-s001"
    field = {"type": "string", "constraints": {"required": True}}
    pairs = {
        "name": "pairs",
        "path": "dist/pairs.csv",
        "format": "csv",
        "schema": {"fields": [{"name": "a", **field}, {"name": "b", **field}], "primaryKey": ["a", "b"]},
    }
    links = {
        "name": "links",
        "path": "dist/links.csv",
        "format": "csv",
        "schema": {
            "fields": [{"name": "x", **field}, {"name": "y", **field}, {"name": "z", "type": "string"}],
            "primaryKey": ["z"],
            "foreignKeys": [{"fields": ["x", "y"], "reference": {"resource": "pairs", "fields": ["a", "b"]}}],
        },
    }
    (tmp_path / "dist").mkdir()
    pq.write_table(pa.table({"a": ["1"], "b": ["2"]}), tmp_path / "dist" / "pairs.parquet")
    pq.write_table(pa.table({"x": ["1"], "y": ["2"], "z": ["k"]}), tmp_path / "dist" / "links.parquet")
    twins = [
        dict(r, name=f"{r['name']}-parquet", path=f"dist/{r['name']}.parquet", format="parquet") for r in (pairs, links)
    ]
    (tmp_path / "datapackage.json").write_text(json.dumps({"resources": [pairs, links, *twins]}), encoding="utf-8")
    package = Package.read(tmp_path)
    assert foreign_keys(package) == [("links", ("x", "y"), "pairs", ("a", "b"))]
    write_database(package, tmp_path / "x.db")
    con = sqlite3.connect(tmp_path / "x.db")
    assert [r[3] for r in con.execute("pragma foreign_key_list('links')")] == ["x", "y"]
    assert con.execute("select page from pairs").fetchall() == [(None,)]


def test_a_meeting_read_in_two_languages_counts_once_in_the_plots():
    import datetime as dt

    from etl.site.plots import once_per_meeting

    day = dt.date(2020, 1, 2)
    meetings = [
        {
            "meeting_id": "2020-01-02_us_meeting_en",
            "date": day,
            "counterpart": "US",
            "format": "meeting",
            "language": "en",
        },
        {
            "meeting_id": "2020-01-02_us_meeting",
            "date": day,
            "counterpart": "US",
            "format": "meeting",
            "language": "ja",
        },
        {
            "meeting_id": "2020-01-02_us_telephone",
            "date": day,
            "counterpart": "US",
            "format": "telephone",
            "language": "ja",
        },
    ]
    assert once_per_meeting(meetings) == {"2020-01-02_us_meeting", "2020-01-02_us_telephone"}
