"""Table schemas, read once from `schemas/`, and everything generated from them.

`schemas/<table>.schema.json` (Frictionless Table Schema) is the only place a
field is defined.  This module derives the Arrow schema used to write Parquet,
the pandera schema used to validate frames, and the resource descriptors of
`datapackage.json`.  (pandera's own frictionless importer turns dates into
strings and drops foreign keys, hence this small generator.)
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow as pyarrow

from etl.tables.merged import MergedTable

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
TABLES = (
    "sources",
    "meetings",
    "participants",
    "topics",
    "statements",
    "agreements",
    "statement_alignments",
    "mentions",
    "persons",
    "corrections",
    "coverage",  # fetch (issue 14)
)

_ARROW = {
    "string": pyarrow.string(),
    "integer": pyarrow.int32(),
    "boolean": pyarrow.bool_(),
    "date": pyarrow.date32(),
    "number": pyarrow.float64(),
}
_PANDAS = {
    "string": pd.StringDtype("pyarrow"),
    "integer": pd.Int32Dtype(),
    "boolean": pd.BooleanDtype(),
    "number": pd.Float64Dtype(),
}


@cache
def table_schema(table: str) -> dict:
    with open(SCHEMA_DIR / f"{table}.schema.json", encoding="utf-8") as fh:
        return json.load(fh)


@cache
def package_metadata() -> dict:
    with open(SCHEMA_DIR / "package.json", encoding="utf-8") as fh:
        return json.load(fh)


def fields(table: str) -> list[dict]:
    return table_schema(table)["fields"]


def arrow_schema(table: str) -> pyarrow.Schema:
    """Arrow types R's arrow maps cleanly (utf8, int32, bool, date32), descriptions as metadata."""
    return pyarrow.schema(
        [
            pyarrow.field(
                f["name"], _ARROW[f["type"]], nullable=not _required(f), metadata={"description": f["description"]}
            )
            for f in fields(table)
        ],
        metadata={"description": table_schema(table)["description"]},
    )


def _required(field: dict) -> bool:
    return bool(field.get("constraints", {}).get("required"))


def _checks(field: dict) -> list[pa.Check]:
    c = field.get("constraints", {})
    out = []
    if "enum" in c:
        out.append(pa.Check.isin(c["enum"]))
    if "pattern" in c:
        out.append(pa.Check.str_matches("^(?:" + c["pattern"].strip("^$") + ")$"))
    if "minimum" in c:
        out.append(pa.Check.ge(c["minimum"]))
    if "maximum" in c:
        out.append(pa.Check.le(c["maximum"]))
    return out


def pandera_schema(table: str, extra_checks: list[pa.Check] | None = None) -> pa.DataFrameSchema:
    ts = table_schema(table)
    columns = {}
    for f in ts["fields"]:
        dtype = pa.Date if f["type"] == "date" else _PANDAS[f["type"]]
        columns[f["name"]] = pa.Column(
            dtype,
            checks=_checks(f),
            nullable=not _required(f),
            unique=bool(f.get("constraints", {}).get("unique")),
            description=f["description"],
        )
    return pa.DataFrameSchema(
        columns, strict=True, ordered=True, unique=ts.get("primaryKey"), checks=extra_checks or [], name=table
    )


def arrow_table(table: str, rows: list[dict] | MergedTable) -> pyarrow.Table:
    """Column by column, which is a fifth faster than `Table.from_pylist`."""
    if isinstance(rows, MergedTable):
        return rows.to_arrow()
    schema = arrow_schema(table)
    return pyarrow.Table.from_pydict({n: [r[n] for r in rows] for n in schema.names}, schema=schema)


def to_frame(table: str, rows: list[dict] | MergedTable | pyarrow.Table) -> pd.DataFrame:
    """Rows (or their Arrow table) as a frame with the dtypes the pandera schema expects."""
    arrow = rows if isinstance(rows, pyarrow.Table) else arrow_table(table, rows)
    mapper = {_ARROW[kind]: dtype for kind, dtype in _PANDAS.items()}
    return arrow.to_pandas(types_mapper=mapper.get)


def _with_categories(field: dict) -> dict:
    """An enum also as Table Schema 2 `categories`, which R's frictionless and others read as factor
    levels; `constraints.enum` stays, since frictionless-py checks values against it."""
    enum = field.get("constraints", {}).get("enum")
    return {**field, "categories": list(enum)} if enum else field


def resource(table: str, fmt: str, path: str, digest: str, size: int) -> dict:
    """A Data Package resource for one table in one format."""
    ts = table_schema(table)
    schema = {k: v for k, v in ts.items() if k != "description"}
    schema["fields"] = [_with_categories(copy.deepcopy(f)) for f in ts["fields"]]  # frictionless edits in place
    suffix = "" if fmt == "csv" else f"-{fmt}"
    schema["foreignKeys"] = [
        {
            "fields": fk["fields"],
            "reference": {"resource": fk["reference"]["resource"] + suffix, "fields": fk["reference"]["fields"]},
        }
        for fk in ts.get("foreignKeys", [])
    ]
    if not schema["foreignKeys"]:
        del schema["foreignKeys"]
    res = {
        "$schema": RESOURCE_PROFILE,
        "name": table + suffix,
        "title": f"{table} ({fmt.upper() if fmt == 'csv' else 'Parquet'})",
        "description": ts["description"],
        "path": path,
        "type": "table",
        "scheme": "file",
        "format": fmt,
        "mediatype": "text/csv" if fmt == "csv" else "application/vnd.apache.parquet",
        "encoding": "utf-8" if fmt == "csv" else None,
        "hash": f"sha256:{digest}",
        # frictionless reads Parquet through fastparquet, which reports no byte
        # count, so `frictionless validate` would fail on `bytes` there; our own
        # tests check size and hash of every file instead.
        "bytes": size if fmt == "csv" else None,
        "schema": schema,
    }
    return {k: v for k, v in res.items() if v is not None}


def csv_text(value: object) -> str | None:
    """A value as the CSV files write it: true/false, ISO dates, None for a missing value."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def key_of(table: str) -> list[str]:
    return table_schema(table)["primaryKey"]


__all__ = ["TABLES", "arrow_schema", "fields", "key_of", "pandera_schema", "resource", "to_frame"]
