"""A readout's table held column by column: one list per column, not one dict per row.

A dict per row costs a hash table per statement; columns cost a list slot
per cell, are cheaper to send from a worker, and are what the parse cache
stores and the build turns into Arrow (`etl.tables.merged`).
"""

from __future__ import annotations

Columns = dict[str, list]  # column name -> its values, all of one length


def to_columns(rows: list[dict]) -> Columns:
    """Rows with the same keys, in the same order, to columns ({} for no rows)."""
    names = list(rows[0]) if rows else []
    if any(len(r) != len(names) or list(r) != names for r in rows):
        raise ValueError("rows differ in their columns: they cannot be held column by column")
    return {name: [r[name] for r in rows] for name in names}


def to_rows(columns: Columns) -> list[dict]:
    return [dict(zip(columns, values)) for values in zip(*columns.values())]
