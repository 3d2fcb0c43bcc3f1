"""Validate all tables at once with pandera, reporting every failure with its row key.

The table schemas say types, enums, patterns and keys; the checks here add what
a table schema cannot: text equals the slice of its source, foreign keys hold
(including same-meeting rules), dates are plausible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc
from pandera.errors import SchemaErrors

from etl.errors import Problem, ValidationFailed
from etl.extract.mentions import mention_codes
from etl.tables.merged import MergedTable, column_of, python_values
from etl.tables.schema import TABLES, key_of, pandera_schema, table_schema, to_frame

ROWS_AT_ONCE = 65_536  # rows a streamed check turns into Python values at once
EARLIEST = dt.date(1945, 9, 2)
LATEST = dt.date(2100, 1, 1)


def _frame_check(fn, column: str, message: str) -> pa.Check:
    """A row-wise check over the whole frame, reported against `column` (carried in its statistics)."""
    return pa.Check(fn, name=message, error=message, statistics={"column": column})


Table = list[dict] | MergedTable | pyarrow.Table  # a table as rows, as columns, or as Arrow


class _Columns:
    """Python values of a table's columns, read from what the frames were built from.

    Converting Arrow-backed frame columns back to Python values costs more
    than the row-wise checks themselves; rows already are Python values, and
    an Arrow table gives them directly, in frame order.  A frame whose length
    differs falls back to its own values.
    """

    def __init__(self, tables: dict[str, Table]):
        self.tables = tables
        self._cache: dict[tuple[str, str], list] = {}
        self._row_of: dict[str, int] | None = None  # sources: meeting_id -> row
        self._text: tuple[str | None, str | None] = (None, None)  # the meeting whose text was last asked for

    def of(self, table: str, column: str, df: pd.DataFrame | None = None) -> list:
        given = self.tables.get(table, [])
        if df is not None and len(df) != len(given):
            series = df[column]
            return [None if v is pd.NA else v for v in series.tolist()]
        key = (table, column)
        if key not in self._cache:
            if isinstance(given, pyarrow.Table):
                self._cache[key] = python_values(given.column(column))
            else:
                self._cache[key] = column_of(given, column)
        return self._cache[key]

    def arrow(self, table: str, column: str, df: pd.DataFrame | None = None) -> pyarrow.ChunkedArray | None:
        """A column as Arrow, when the table was given as Arrow (and has the frame's length); else None."""
        given = self.tables.get(table)
        if not isinstance(given, pyarrow.Table) or (df is not None and len(df) != len(given)):
            return None
        return given.column(column)

    def rows(self, table: str, columns: tuple[str, ...], df: pd.DataFrame) -> Iterator[tuple]:
        """The values of some columns, row by row; from an Arrow table a slice at a time, not cached
        (a check that reads a table's text once need not hold it all as Python strings)."""
        given = self.tables.get(table, [])
        if not isinstance(given, pyarrow.Table) or len(df) != len(given):
            yield from zip(*(self.of(table, c, df) for c in columns))
            return
        for start in range(0, given.num_rows, ROWS_AT_ONCE):
            part = given.slice(start, ROWS_AT_ONCE)
            yield from zip(*(python_values(part.column(c)) for c in columns))

    def source_text(self, meeting: str) -> str | None:
        """A meeting's sources.text, made a Python string when asked for (rows come meeting by meeting,
        so the last one is kept): the texts of every readout need not be held as Python strings at once."""
        if self._text[0] != meeting:
            sources = self.tables.get("sources", [])
            if self._row_of is None:
                self._row_of = {m: i for i, m in enumerate(self.of("sources", "meeting_id"))}
            row = self._row_of.get(meeting)
            if row is None:
                text = None
            elif isinstance(sources, pyarrow.Table):
                text = sources.column("text")[row].as_py()
            else:
                text = self.of("sources", "text")[row]
            self._text = (meeting, text)
        return self._text[1]

    def forget(self, keep: str) -> None:
        """Let go of the values read so far, but those of table `keep`."""
        self._cache = {k: v for k, v in self._cache.items() if k[0] == keep}


def _slice_check(table: str, cols: _Columns, column: str, contains: bool = False) -> pa.Check:
    def ok(df: pd.DataFrame) -> pd.Series:
        rows = cols.rows(table, ("meeting_id", "char_start", "char_end", column), df)
        return pd.Series(list(_slices_hold(rows, cols, contains)), index=df.index, dtype=bool)

    what = "contains" if contains else "equals"
    return _frame_check(ok, column, f"sources.text[char_start:char_end] must {what[:-1]} {column}")


def _slices_hold(rows: Iterator[tuple], cols: _Columns, contains: bool) -> Iterator[bool]:
    """For each row (meeting, start, end, value): is value the slice of the meeting's text (or in it)?"""
    meeting, text = None, None
    for of, start, end, value in rows:  # rows come meeting by meeting: look the text up when it changes
        if of != meeting:
            meeting, text = of, cols.source_text(of)
        if text is None or start is None or end is None or value is None or end <= start:
            yield False
        else:
            yield value in text[start:end] if contains else text[start:end] == value


def _named(values: pyarrow.ChunkedArray, allowed: pyarrow.ChunkedArray) -> numpy.ndarray:
    """Each value is missing or among allowed: Arrow's hash lookup, not a Python set of every key."""
    found = pc.is_in(values, value_set=allowed.combine_chunks())
    return pc.or_(pc.is_null(values), found).to_numpy(zero_copy_only=False)


def _joined(ids: pyarrow.ChunkedArray, meetings: pyarrow.ChunkedArray) -> pyarrow.ChunkedArray:
    """(id, meeting) pairs as one text each, so that a pair is looked up at once (ids hold no control characters)."""
    return pc.binary_join_element_wise(ids, meetings, "\x1f")


def _fk_checks(table: str, cols: _Columns) -> list[pa.Check]:
    out = []
    for fk in table_schema(table).get("foreignKeys", []):
        col, ref_table, ref_col = fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0]
        per_meeting = table != "meetings" and ref_table not in ("sources", "meetings", "persons")
        # en_statement_id belongs to en_meeting_id; every other key to the row's meeting_id
        own = f"{col.split('_')[0]}_meeting_id"
        meeting_col = own if own in {f["name"] for f in table_schema(table)["fields"]} else "meeting_id"
        if per_meeting:
            msg = f"{col} must name a row of {ref_table} of the same meeting"
        else:
            msg = f"{col} must name a row of {ref_table}"

        def ok(df, col=col, ref=(ref_table, ref_col), per_meeting=per_meeting, meeting_col=meeting_col):
            values, allowed = cols.arrow(table, col, df), cols.arrow(*ref)
            if values is not None and allowed is not None:
                if per_meeting:
                    values = _joined(values, cols.arrow(table, meeting_col))
                    allowed = _joined(allowed, cols.arrow(ref[0], "meeting_id"))
                return pd.Series(_named(values, allowed), index=df.index, dtype=bool)
            values = cols.of(table, col, df)
            if all(v is None for v in values):  # nothing to look up: spare building the set of keys
                return pd.Series(True, index=df.index, dtype=bool)
            allowed = set(zip(cols.of(*ref), cols.of(ref[0], "meeting_id"))) if per_meeting else set(cols.of(*ref))
            if per_meeting:
                pairs = zip(values, cols.of(table, meeting_col, df))
                return pd.Series([v is None or (v, m) in allowed for v, m in pairs], index=df.index, dtype=bool)
            return pd.Series([v is None or v in allowed for v in values], index=df.index, dtype=bool)

        out.append(_frame_check(ok, col, msg))
    return out


def _date_check() -> pa.Check:
    def ok(df: pd.DataFrame) -> pd.Series:
        day = pd.to_datetime(df["date"])
        page = pd.to_datetime(df["page_date"])
        plausible = (day >= pd.Timestamp(EARLIEST)) & (day < pd.Timestamp(LATEST))
        return (plausible & (page.isna() | (day <= page + pd.Timedelta(days=1)))).astype(bool)

    return _frame_check(ok, "date", f"date must fall between {EARLIEST} and {LATEST} and not after page_date")


def extra_checks(table: str, cols: _Columns) -> list[pa.Check]:
    checks = _fk_checks(table, cols)
    if table in ("statements", "agreements"):
        checks.append(_slice_check(table, cols, "text"))
    if table == "topics":
        checks.append(_slice_check(table, cols, "heading"))
    if table == "participants":
        checks.append(_slice_check(table, cols, "name", contains=True))
    if table == "meetings":
        checks.append(_date_check())
    if table == "mentions":
        checks.append(_slice_check(table, cols, "surface"))
        checks.append(_code_check(table, cols))
    return checks


def _code_check(table: str, cols: _Columns) -> pa.Check:
    """A mention's code is one the vocabularies know (countries.csv, mention_orgs.csv, JP)."""
    known = mention_codes()

    def ok(df: pd.DataFrame) -> pd.Series:
        codes = cols.arrow(table, "code", df)
        if codes is not None:
            known_codes = pyarrow.chunked_array([sorted(known)], pyarrow.string())
            return pd.Series(_named(codes, known_codes), index=df.index, dtype=bool)
        return pd.Series([c is None or c in known for c in cols.of(table, "code", df)], index=df.index, dtype=bool)

    return _frame_check(ok, "code", "code must be in etl/extract/rules/countries.csv or mention_orgs.csv")


def _describe(table: str, frame: pd.DataFrame, errors: SchemaErrors, frame_checks: dict[str, str]) -> list[Problem]:
    """One problem per failing row and check: table, row key, column, what failed, the value, the meeting."""
    key = key_of(table)[0]
    out, seen = [], set()
    for _, case in errors.failure_cases.iterrows():
        idx, check = case.get("index"), str(case.get("check"))
        known = idx is not None and not pd.isna(idx) and idx in frame.index
        column = frame_checks.get(check) or case.get("column") or "(table)"
        if (idx, check) in seen:
            continue
        seen.add((idx, check))
        row_key = frame.loc[idx, key] if known else "-"
        value = frame.loc[idx, column] if known and column in frame.columns else case.get("failure_case")
        meeting = frame.loc[idx, "meeting_id"] if known and "meeting_id" in frame.columns else None
        meeting = row_key if table == "meetings" and known else meeting
        out.append(Problem(table, f"{key}={row_key}", column, f"{check} (value: {value!r})", meeting))
    return out


def validate(tables: dict[str, Table]) -> None:
    """ValidationFailed listing every problem found in every table, given as rows or as Arrow tables.

    One table's frame at a time: a frame holds its own copy of every string,
    so only one table's copies are held at once.
    """
    problems: list[Problem] = []
    cols = _Columns(tables)
    for t in TABLES:
        frame = to_frame(t, tables.get(t, []))
        checks = extra_checks(t, cols)
        column_of = {c.name: c.statistics["column"] for c in checks}
        try:
            pandera_schema(t, checks).validate(frame, lazy=True)
        except SchemaErrors as exc:
            problems.extend(_describe(t, frame, exc, column_of))
        del frame
        cols.forget(keep="sources")  # every table's text is checked against its source
        pyarrow.default_memory_pool().release_unused()
    if problems:
        raise ValidationFailed(problems)
