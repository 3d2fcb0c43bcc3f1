"""The package as a SQLite database for Datasette, made with sqlite-utils.

Every table of the package, with its types, primary key, NOT NULL columns and
foreign keys from the descriptor (so from `schemas/`), an index on every
foreign key, a `page` column linking each row to its annotated readout page,
and full-text search (trigram tokenizer, which finds any run of three or more
characters in Japanese text that has no spaces between words) on statement
and agreement text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils

from etl.site.links import page_url
from etl.site.package import Package

SQL_TYPES = {"string": str, "integer": int, "boolean": int, "date": str, "number": float}
FULL_TEXT = {"statements": ["text"], "agreements": ["text", "content"]}
PAGE_COLUMN = "page"
PAGE_DESCRIPTION = "Link to the row on its annotated readout page (site only: not a column of the data package)."


def _cell(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _key(schema: dict) -> str | tuple[str, ...]:
    key = schema["primaryKey"]
    return key[0] if len(key) == 1 else tuple(key)


def _columns(fields: str | list[str]) -> str | tuple[str, ...]:
    fields = [fields] if isinstance(fields, str) else fields
    return fields[0] if len(fields) == 1 else tuple(fields)


def foreign_keys(package: Package) -> list[tuple[str, str | tuple[str, ...], str, str | tuple[str, ...]]]:
    """(table, column(s), other table, other column(s)) for every foreign key; "" names the table itself."""
    return [
        (
            res["name"],
            _columns(fk["fields"]),
            fk["reference"]["resource"] or res["name"],
            _columns(fk["reference"]["fields"]),
        )
        for res in package.tables
        for fk in res["schema"].get("foreignKeys", [])
    ]


def write_database(package: Package, path: Path) -> None:
    """Write path afresh (an existing file is replaced)."""
    path.unlink(missing_ok=True)
    db = sqlite_utils.Database(path)
    rows = package.rows
    for res in package.tables:
        table, schema = res["name"], res["schema"]
        fields = schema["fields"]
        columns = {f["name"]: SQL_TYPES[f["type"]] for f in fields} | {PAGE_COLUMN: str}
        not_null = {f["name"] for f in fields if f.get("constraints", {}).get("required")}
        db[table].create(columns, pk=_key(schema), not_null=not_null)
        data = ({k: _cell(v) for k, v in r.items()} | {PAGE_COLUMN: page_url(table, r)} for r in rows[table])
        db[table].insert_all(data, batch_size=1000)
    fks = foreign_keys(package)
    db.add_foreign_keys(fks)
    for table, columns, _, _ in fks:
        db[table].create_index([columns] if isinstance(columns, str) else list(columns), find_unique_name=True)
    for table, columns in FULL_TEXT.items():
        if table in db.table_names():
            db[table].enable_fts(columns, tokenize="trigram")
    db.vacuum()
    db.close()
