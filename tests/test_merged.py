"""Merged tables: Arrow a batch at a time, Python lists only where a step reads or writes."""

from __future__ import annotations

import shutil

import pyarrow
import pytest

from etl.run.build import build, table_builder
from etl.run.parse import parse_file
from etl.tables.merged import (
    MergedTable,
    TableBuilder,
    column_of,
    python_values,
    rows_where,
    set_cells,
    set_column,
)
from etl.tables.schema import TABLES, arrow_schema, arrow_table
from etl.tables.twins import link_twins

from .conftest import FIXTURES, TWINS
from .test_package import _tree
from .test_scale import N, corpus_dir, serial  # noqa: F401  (fixtures)


@pytest.fixture(scope="module")
def parsed():
    return [parse_file(path) for path in sorted(FIXTURES.glob("*.txt"))[:5]]


@pytest.mark.parametrize("batch", [1, 2, 100])
def test_batches_give_the_tables_that_all_rows_at_once_give(parsed, batch):
    builder = TableBuilder({t: arrow_schema(t) for t in TABLES}, batch=batch)
    for p in parsed:
        builder.add(p.tables)
    merged = builder.finish()
    for table in TABLES:
        rows = [row for p in parsed for row in p.rows.get(table, [])]
        assert len(merged[table]) == len(rows)
        assert merged[table].to_arrow().equals(arrow_table(table, rows)), table


def test_finish_hands_over_everything_and_leaves_the_builder_empty(parsed):
    builder = table_builder()
    builder.add(parsed[0].tables)
    assert len(builder.finish()["statements"]) == len(parsed[0].rows["statements"]) > 0
    assert len(builder.finish()["statements"]) == 0


def test_readouts_whose_columns_differ_are_refused(parsed):
    builder = table_builder()
    builder.add(parsed[0].tables)
    odd = dict(parsed[1].tables)
    odd["statements"] = {k: v for k, v in odd["statements"].items() if k != "act"}
    builder.add(odd)
    with pytest.raises(ValueError, match="statements"):
        builder.finish()
    with pytest.raises(ValueError, match="no such table"):
        table_builder().add({"nonsense": {"a": [1]}})


def test_a_step_reads_and_writes_cells_and_the_finished_table_has_the_writes(parsed):
    builder = table_builder()
    for p in parsed:
        builder.add(p.tables)
    statements = builder.finish()["statements"]
    rows = [row for p in parsed for row in p.rows["statements"]]
    assert [s["text"] for s in statements] == [r["text"] for r in rows]
    statements[3]["speaker_person_id"] = "someone"
    statements[-1]["text_en"] = "in English"
    done = statements.to_arrow()
    assert done.column("speaker_person_id")[3].as_py() == "someone"
    assert done.column("text_en")[len(rows) - 1].as_py() == "in English"
    assert done.column("text").to_pylist() == [r["text"] for r in rows]


def test_sorting_reorders_arrow_and_python_columns_alike():
    schema = arrow_schema("persons")
    rows = [
        {"person_id": pid, "side": "JP", "name": f"n{pid}", "name_ja": None, "name_en": None, "offices": None}
        | {"source": "readouts"}
        for pid in ("c", "a", "d", "b", "a2")
    ]
    columns = {
        f.name: pyarrow.chunked_array([[r[f.name] for r in rows[:2]], [r[f.name] for r in rows[2:]]], f.type)
        for f in schema
    }
    table = MergedTable(schema, len(rows), columns)
    assert table[0]["name"] == "nc"  # read (made a Python list) before the sort
    table.sort_by("person_id")
    table[1]["offices"] = "written after the sort"
    want = sorted(rows, key=lambda r: r["person_id"])
    want[1] = want[1] | {"offices": "written after the sort"}
    assert table.to_arrow().equals(arrow_table("persons", want))


def test_columns_outside_the_schema_are_readable_and_left_out():
    schema = arrow_schema("corrections")
    table = MergedTable(schema, 0, {f.name: pyarrow.chunked_array([], f.type) for f in schema}, {"_helper": []})
    assert "_helper" in table and "correction_id" in table and "nonsense" not in table
    assert table.column("correction_id") == []
    assert table.to_arrow().column_names == schema.names


def test_python_values_are_the_values_and_equal_strings_are_one_object():
    values = pyarrow.chunked_array([["a" * 30, None, "b" * 30], ["a" * 30, "a" * 30]])
    got = python_values(values)
    assert got == values.to_pylist()
    assert got[3] is got[4]  # within a chunk (each chunk has its own dictionary)
    one = python_values(pyarrow.array(["x" * 40, "y" * 40, "x" * 40]))
    assert one[0] is one[2]
    numbers = pyarrow.array([3, None, 3])
    assert python_values(numbers) == [3, None, 3]


def test_cache_hits_among_fresh_parses_come_back_in_input_order(corpus_dir, serial, tmp_path):  # noqa: F811
    src = tmp_path / "readouts"
    shutil.copytree(corpus_dir, src)
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(src, out, cache=cache, jobs=2)
    files = sorted(src.glob("*.txt"))
    for i, path in enumerate(files):
        if i % 8:  # seven in eight change: parsed by the workers, between the cache hits
            path.write_bytes(path.read_bytes() + "両首脳は，引き続き連携していくことで一致した。\n".encode())
    again = build(src, out, cache=cache, jobs=2)
    assert again.parsed_fresh == N - len(files[::8])
    clean = tmp_path / "clean"
    build(src, clean, jobs=1)
    assert _tree(out) == _tree(clean)


def test_a_table_finished_without_release_can_be_finished_again(parsed):
    builder = table_builder()
    builder.add(parsed[0].tables)
    sources = builder.finish()["sources"]
    assert sources.to_arrow().equals(sources.to_arrow())
    assert sources.to_arrow(release=True).num_rows == 1


def test_a_whole_column_is_read_and_set_alike_on_rows_and_on_a_merged_table():
    rows = [{"a": "x", "b": None}, {"a": "y", "b": None}]
    schema = pyarrow.schema([("a", pyarrow.string()), ("b", pyarrow.string())])
    merged = MergedTable.from_rows(schema, [dict(r) for r in rows])
    for table in (rows, merged):
        assert column_of(table, "a") == ["x", "y"]
        set_column(table, "b", ["1", "2"])
        assert [r["b"] for r in table] == ["1", "2"]
        with pytest.raises(ValueError, match="3 values for 2 rows"):
            set_column(table, "b", ["1", "2", "3"])
    assert merged.to_arrow().column("b").to_pylist() == ["1", "2"]


def test_rows_are_selected_and_cells_set_alike_on_rows_and_on_a_merged_table():
    rows = [{"m": m, "v": f"v{i}", "w": None} for i, m in enumerate("abcab")]
    schema = pyarrow.schema([("m", pyarrow.string()), ("v", pyarrow.string()), ("w", pyarrow.string())])
    builder = TableBuilder({"t": schema}, batch=2)
    for row in rows:
        builder.add({"t": {k: [v] for k, v in row.items()}})
    merged = builder.finish()["t"]
    for table in ([dict(r) for r in rows], merged):
        assert rows_where(table, "m", {"a", "c"}, ("v",)) == {0: {"v": "v0"}, 2: {"v": "v2"}, 3: {"v": "v3"}}
        assert rows_where(table, "m", set(), ("v",)) == {}
        set_cells(table, "w", {1: "x", 4: "y"})
        assert [r["w"] for r in table] == [None, "x", None, None, "y"]
    assert merged.python_columns == {"w"}  # m and v were read in Arrow


def test_twins_read_only_the_twinned_readouts_statements(tmp_path):
    parsed = [parse_file(p) for p in [*TWINS, *sorted(FIXTURES.glob("*.txt"))[:3]]]
    builder = table_builder()
    for p in parsed:
        builder.add(p.tables)
    merged = builder.finish()
    link_twins(merged)
    assert merged["statement_alignments"]
    assert "text" not in merged["statements"].python_columns  # the other readouts' texts stay in Arrow
    twinned = {p.identity["meeting_id"] for p in parsed[:2]}
    english = [s["text_en"] for s in merged["statements"] if s["meeting_id"] == parsed[0].identity["meeting_id"]]
    others = [s["text_en"] for s in merged["statements"] if s["meeting_id"] not in twinned]
    assert any(english) and others and not any(others)


@pytest.mark.parametrize("thawed", [False, True])
def test_sorting_in_arrow_gives_the_order_a_stable_list_sort_gives(thawed):
    keys = ["b", "a", "日本", "Z", "a", "ａ", "b-2", "b", "アジア", "a"]
    schema = pyarrow.schema([("k", pyarrow.string()), ("n", pyarrow.int64())])
    builder = TableBuilder({"t": schema}, batch=3)
    for n, k in enumerate(keys):
        builder.add({"t": {"k": [k], "n": [n]}})
    table = builder.finish()["t"]
    if thawed:
        table.column("k")  # a step has read it: the Python sort is used
    table.sort_by("k")
    expected = sorted(range(len(keys)), key=keys.__getitem__)
    assert table.to_arrow().column("n").to_pylist() == expected
