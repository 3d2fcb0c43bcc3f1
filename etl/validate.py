"""Validate all tables at once with pandera, reporting every failure with its row key.

The table schemas say types, enums, patterns and keys; the checks here add what
a table schema cannot: text equals the slice of its source, foreign keys hold
(including same-meeting rules), dates are plausible.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa
import pyarrow
from pandera.errors import SchemaErrors

from .errors import ValidationFailed
from .schema import TABLES, key_of, pandera_schema, table_schema, to_frame

EARLIEST = dt.date(1945, 9, 2)
LATEST = dt.date(2100, 1, 1)


_COLUMN_OF: dict[str, str] = {}  # message of a row-wise check -> the column it reports on


def _frame_check(fn, column: str, message: str) -> pa.Check:
    """A row-wise check over the whole frame, reported against `column`."""
    _COLUMN_OF[message] = column
    return pa.Check(fn, name=message, error=message)


def _values(df: pd.DataFrame, column: str) -> list:
    """A column as Python values, missing ones as None (iterating Arrow-backed columns is slow)."""
    series = df[column]
    return [None if v is pd.NA else v for v in series.tolist()] if series.hasnans else series.tolist()


def _slice_check(frames: dict[str, pd.DataFrame], column: str, contains: bool = False) -> pa.Check:
    src = frames["sources"]
    texts = dict(zip(_values(src, "meeting_id"), _values(src, "text_ja")))

    def ok(df: pd.DataFrame) -> pd.Series:
        def one(meeting: str, start: int | None, end: int | None, value: str | None) -> bool:
            text = texts.get(meeting)
            if text is None or start is None or end is None or value is None or end <= start:
                return False
            piece = text[start:end]
            return value in piece if contains else piece == value

        cols = [_values(df, c) for c in ("meeting_id", "char_start", "char_end", column)]
        return pd.Series([one(*row) for row in zip(*cols)], index=df.index, dtype=bool)

    what = "contains" if contains else "equals"
    return _frame_check(ok, column, f"sources.text_ja[char_start:char_end] must {what[:-1]} {column}")


def _fk_checks(table: str, frames: dict[str, pd.DataFrame]) -> list[pa.Check]:
    out = []
    for fk in table_schema(table).get("foreignKeys", []):
        col, ref_table, ref_col = fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0]
        ref = frames[ref_table]
        if "meeting_id" in ref.columns and table != "meetings" and ref_table != "sources":
            allowed = set(zip(_values(ref, ref_col), _values(ref, "meeting_id")))

            def ok(df, col=col, allowed=allowed):
                pairs = zip(_values(df, col), _values(df, "meeting_id"))
                return pd.Series([v is None or (v, m) in allowed for v, m in pairs], index=df.index, dtype=bool)

            msg = f"{col} must name a row of {ref_table} of the same meeting"
        else:
            values = set(_values(ref, ref_col))

            def ok(df, col=col, values=values):
                return df[col].isna() | df[col].isin(values)

            msg = f"{col} must name a row of {ref_table}"
        out.append(_frame_check(ok, col, msg))
    return out


def _date_check() -> pa.Check:
    def ok(df: pd.DataFrame) -> pd.Series:
        day = pd.to_datetime(df["date"])
        page = pd.to_datetime(df["page_date"])
        plausible = (day >= pd.Timestamp(EARLIEST)) & (day < pd.Timestamp(LATEST))
        return (plausible & (page.isna() | (day <= page + pd.Timedelta(days=1)))).astype(bool)

    return _frame_check(ok, "date", f"date must fall between {EARLIEST} and {LATEST} and not after page_date")


def extra_checks(table: str, frames: dict[str, pd.DataFrame]) -> list[pa.Check]:
    checks = _fk_checks(table, frames)
    if table in ("statements", "agreements"):
        checks.append(_slice_check(frames, "text_ja"))
    if table == "topics":
        checks.append(_slice_check(frames, "heading_ja"))
    if table == "participants":
        checks.append(_slice_check(frames, "name_ja", contains=True))
    if table == "meetings":
        checks.append(_date_check())
    return checks


def _describe(table: str, frame: pd.DataFrame, errors: SchemaErrors, frame_checks: dict[str, str]) -> list[str]:
    """One line per failing row and check: table, row key, column, what failed, the value."""
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
        out.append(f"{table} [{key}={row_key}] {column}: {check} (value: {value!r})")
    return out


def validate(rows: dict[str, list[dict]], arrow: dict[str, pyarrow.Table] | None = None) -> dict[str, pd.DataFrame]:
    """Frames of every table, or ValidationFailed listing every problem found."""
    frames = {t: to_frame(t, arrow[t] if arrow else rows.get(t, [])) for t in TABLES}
    problems: list[str] = []
    for t in TABLES:
        checks = extra_checks(t, frames)
        try:
            pandera_schema(t, checks).validate(frames[t], lazy=True)
        except SchemaErrors as exc:
            problems.extend(_describe(t, frames[t], exc, _COLUMN_OF))
    if problems:
        raise ValidationFailed(problems)
    return frames
