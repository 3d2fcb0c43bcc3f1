"""Validate all tables at once with pandera, reporting every failure with its row key.

The table schemas say types, enums, patterns and keys; the checks here add what
a table schema cannot: text equals the slice of its source, foreign keys hold
(including same-meeting rules), dates are plausible.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from .schema import TABLES, key_of, pandera_schema, table_schema, to_frame

EARLIEST = dt.date(1945, 9, 2)
LATEST = dt.date(2100, 1, 1)


class ValidationFailed(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} validation problem(s):\n" + "\n".join(problems))


_COLUMN_OF: dict[str, str] = {}  # message of a row-wise check -> the column it reports on


def _frame_check(fn, column: str, message: str) -> pa.Check:
    """A row-wise check over the whole frame, reported against `column`."""
    _COLUMN_OF[message] = column
    return pa.Check(fn, name=message, error=message)


def _slice_check(frames: dict[str, pd.DataFrame], column: str, contains: bool = False) -> pa.Check:
    texts = dict(zip(frames["sources"]["meeting_id"], frames["sources"]["text_ja"]))

    def ok(df: pd.DataFrame) -> pd.Series:
        def one(row) -> bool:
            src = texts.get(row["meeting_id"])
            if src is None or row["char_end"] <= row["char_start"]:
                return False
            piece = src[row["char_start"] : row["char_end"]]
            return row[column] in piece if contains else piece == row[column]

        return df.apply(one, axis=1).astype(bool)

    what = "contains" if contains else "equals"
    return _frame_check(ok, column, f"sources.text_ja[char_start:char_end] must {what[:-1]} {column}")


def _fk_checks(table: str, frames: dict[str, pd.DataFrame]) -> list[pa.Check]:
    out = []
    for fk in table_schema(table).get("foreignKeys", []):
        col, ref_table, ref_col = fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0]
        ref = frames[ref_table]
        if "meeting_id" in ref.columns and table != "meetings" and ref_table != "sources":
            allowed = set(zip(ref[ref_col], ref["meeting_id"]))

            def ok(df, col=col, allowed=allowed):
                return pd.Series(
                    [pd.isna(v) or (v, m) in allowed for v, m in zip(df[col], df["meeting_id"])], index=df.index
                )

            msg = f"{col} must name a row of {ref_table} of the same meeting"
        else:
            values = set(ref[ref_col])

            def ok(df, col=col, values=values):
                return df[col].isna() | df[col].isin(values)

            msg = f"{col} must name a row of {ref_table}"
        out.append(_frame_check(ok, col, msg))
    return out


def _date_check() -> pa.Check:
    def ok(df: pd.DataFrame) -> pd.Series:
        def one(row) -> bool:
            d, page = row["date"], row["page_date"]
            if not (EARLIEST <= d < LATEST):
                return False
            return page is None or pd.isna(page) or d <= page + dt.timedelta(days=1)

        return df.apply(one, axis=1).astype(bool)

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


def validate(rows: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """Frames of every table, or ValidationFailed listing every problem found."""
    frames = {t: to_frame(t, rows[t]) for t in TABLES}
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
