"""The package's tables while the build merges them: Arrow columns, Python lists where a step works.

Held as Python objects, the rows of 10,000 full-length readouts take more
than a gigabyte (an object per cell); as Arrow they take the size of their
text.  `TableBuilder` turns the readouts' columns into Arrow a batch of
readouts at a time, as they arrive, so that only one batch is ever held as
Python objects.  The corpus-level steps (twins, persons, corrections) read
and write `row["column"]`: a `MergedTable` turns a column into a Python list
the first time a step reads it, and back into Arrow, if it was written, when
the table is finished.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy
import pyarrow
import pyarrow.compute as pc

from etl.tables.columns import Columns, to_columns, to_rows

LONG = 64  # bytes: text columns whose values are this long on average are not looked for repeats
BATCH = 256  # readouts turned into Arrow at once: large enough that the per-call cost vanishes


def python_values(values: pyarrow.ChunkedArray | pyarrow.Array) -> list:
    """A column's values as a Python list in which equal values are one object.

    `to_pylist` makes an object per cell: 400,000 statements' meeting_id would
    be 400,000 strings.  Through a dictionary they are the 10,000 distinct ones.
    """
    if isinstance(values, pyarrow.ChunkedArray):
        return [v for chunk in values.chunks for v in python_values(chunk)]
    if not pyarrow.types.is_string(values.type) or len(values) < 2 or values.nbytes > LONG * len(values):
        return values.to_pylist()  # not text, or long texts, which seldom repeat
    encoded = values.dictionary_encode()
    distinct = encoded.dictionary.to_pylist()
    return [None if i is None else distinct[i] for i in encoded.indices.to_pylist()]


class Row:
    """Row i of a MergedTable: reading or writing a cell goes to its column."""

    __slots__ = ("_i", "_table")

    def __init__(self, table: MergedTable, i: int):
        self._table, self._i = table, i

    def __getitem__(self, name: str):
        return self._table.column(name)[self._i]

    def __setitem__(self, name: str, value: object) -> None:
        self._table.column_to_change(name)[self._i] = value

    def get(self, name: str, default: object = None):
        return self[name] if name in self._table else default

    def __contains__(self, name: str) -> bool:
        return name in self._table


class MergedTable:
    """One table of every readout: Arrow columns, a Python list for every column a step has read.

    Columns outside the schema (a step's helper, such as mentions._name) are
    kept as Python lists and left out of the finished table.
    """

    def __init__(self, schema: pyarrow.Schema, length: int, arrow: dict, python: dict[str, list] | None = None):
        self.schema, self.length = schema, length
        self._arrow: dict[str, pyarrow.ChunkedArray] = arrow
        self._python: dict[str, list] = python or {}
        self._changed: set[str] = set(self._python) - set(arrow)
        self._order: list[int] | None = None  # the row order of the Arrow columns, once sorted

    @classmethod
    def from_rows(cls, schema: pyarrow.Schema, rows: list[dict]) -> MergedTable:
        """A table a step made anew, from its rows (every column of the schema, even without rows)."""
        return cls(schema, len(rows), {}, to_columns(rows) or {name: [] for name in schema.names})

    def __len__(self) -> int:
        return self.length

    def __contains__(self, name: str) -> bool:
        return name in self._python or name in self._arrow

    def __iter__(self) -> Iterator[Row]:
        return (Row(self, i) for i in range(self.length))

    def __getitem__(self, i: int) -> Row:
        if not -self.length <= i < self.length:
            raise IndexError(i)
        return Row(self, i % self.length)

    @property
    def python_columns(self) -> set[str]:
        """The columns a step has made Python lists (what the table holds twice)."""
        return set(self._python)

    def column(self, name: str) -> list:
        """A column's values as a Python list (made from Arrow on first use, then kept)."""
        values = self._python.get(name)
        if values is None:
            values = python_values(self._arrow[name])
            if self._order is not None:
                values = [values[i] for i in self._order]
            self._python[name] = values
        return values

    def where_in(self, name: str, values: set) -> list[int]:
        """The rows whose `name` is one of values, found in Arrow while the column is not a Python list."""
        if not values:
            return []
        if name in self._python or self._order is not None:
            return [i for i, v in enumerate(self.column(name)) if v in values]
        found = pc.is_in(self._arrow[name], value_set=pyarrow.array(sorted(values), self._arrow[name].type))
        return pc.indices_nonzero(pc.fill_null(found, False)).to_pylist()

    def rows_at(self, rows: list[int], names: tuple[str, ...]) -> list[dict]:
        """Some rows as plain dicts of some columns, without making whole columns Python lists."""
        columns = {}
        for name in names:
            if name in self._python or self._order is not None:
                values = self.column(name)
                columns[name] = [values[i] for i in rows]
            else:
                columns[name] = self._arrow[name].take(pyarrow.array(rows, pyarrow.int64())).to_pylist()
        return to_rows(columns) if names else [{} for _ in rows]

    def column_to_change(self, name: str) -> list:
        self._changed.add(name)
        return self.column(name)

    def sort_by(self, name: str) -> None:
        """Reorder every column by one column's values, as a stable `list.sort` would."""
        if self.length < 2:
            return
        order = self._sorted_order(name)
        if order is None:
            return  # already in order, as the readouts' own tables mostly are
        self._python = {n: [values[i] for i in order] for n, values in self._python.items()}
        if self._order is not None:  # sorted before: compose the two orders
            order = [self._order[i] for i in order]
        self._order = order  # the Arrow columns are reordered when the table is finished

    def _sorted_order(self, name: str) -> list[int] | None:
        """The rows in order of `name` (None: they are in order already).

        A text column still in Arrow is sorted there: UTF-8 bytes sort as code
        points do, and Arrow's sort is stable, so the order is list.sort's.
        """
        arrow = self._arrow.get(name)
        in_arrow = arrow is not None and name not in self._python and self._order is None
        if in_arrow and pyarrow.types.is_string(arrow.type) and not arrow.null_count:
            indices = pc.sort_indices(arrow).to_numpy()
            return None if bool((indices == numpy.arange(self.length)).all()) else indices.tolist()
        key = self.column(name)
        order = sorted(range(self.length), key=key.__getitem__)
        return None if order == list(range(self.length)) else order

    def as_built(self) -> pyarrow.Table:
        """The table as the builder made it, before any step: the schema's columns, then the helper columns."""
        if self._changed & set(self.schema.names) or self._order is not None:
            raise ValueError("a step has changed this table: it is no longer as built")
        columns = [self._arrow[f.name] for f in self.schema]
        helpers = {n: pyarrow.array(v) for n, v in self._python.items() if n not in self.schema.names}
        schema = pyarrow.schema(list(self.schema) + [pyarrow.field(n, a.type) for n, a in helpers.items()])
        return pyarrow.Table.from_arrays(columns + list(helpers.values()), schema=schema)

    def to_arrow(self, release: bool = False) -> pyarrow.Table:
        """The finished table: the schema's columns, written ones made Arrow again.

        With `release`, each column is let go as soon as its finished copy is
        made, so that at most one column is held twice; the table is then of
        no further use.
        """
        arrays = []
        order = None if self._order is None else pyarrow.array(self._order, type=pyarrow.int64())
        for field in self.schema:
            arrow = self._arrow.pop(field.name, None) if release else self._arrow.get(field.name)
            if arrow is not None and field.name not in self._changed:
                array = arrow.combine_chunks()
                del arrow
                if release:  # the chunks are gone: hand their memory back before the next copy
                    pyarrow.default_memory_pool().release_unused()
                arrays.append(array if order is None else array.take(order))
                del array
            else:
                arrays.append(pyarrow.array(self.column(field.name), type=field.type))
            if release:
                self._python.pop(field.name, None)
        return pyarrow.Table.from_arrays(arrays, schema=self.schema)


def column_of(table: MergedTable | list[dict], name: str) -> list:
    """A column of a table given either way, as a list (a step that reads a whole column reads it so)."""
    return table.column(name) if isinstance(table, MergedTable) else [row[name] for row in table]


def set_column(table: MergedTable | list[dict], name: str, values: list) -> None:
    if len(values) != len(table):
        raise ValueError(f"{len(values)} values for {len(table)} rows")
    if isinstance(table, MergedTable):
        table.column_to_change(name)[:] = values
    else:
        for row, value in zip(table, values):
            row[name] = value


def rows_where(table: MergedTable | list[dict], name: str, values: set, names: tuple[str, ...]) -> dict[int, dict]:
    """Row number -> a dict of some columns, for the rows whose `name` is in values (in table order)."""
    if isinstance(table, MergedTable):
        at = table.where_in(name, values)
        return dict(zip(at, table.rows_at(at, names)))
    return {i: {n: row[n] for n in names} for i, row in enumerate(table) if row[name] in values}


def set_cells(table: MergedTable | list[dict], name: str, values: dict[int, object]) -> None:
    """Write some cells of a column: row number -> value."""
    column = table.column_to_change(name) if isinstance(table, MergedTable) else None
    for i, value in values.items():
        if column is None:
            table[i][name] = value
        else:
            column[i] = value


class TableBuilder:
    """Collects the readouts' tables, in order; every BATCH readouts the pending columns become Arrow."""

    def __init__(self, schemas: dict[str, pyarrow.Schema], batch: int = BATCH):
        self.schemas, self.batch = schemas, batch
        self._pending: dict[str, list[Columns]] = {t: [] for t in schemas}
        self._waiting = 0
        self._chunks: dict[str, dict[str, list[pyarrow.Array]]] = {t: {} for t in schemas}
        self._extra: dict[str, dict[str, list]] = {t: {} for t in schemas}
        self._length = dict.fromkeys(schemas, 0)

    def add(self, tables: dict[str, Columns]) -> None:
        unknown = set(tables) - set(self.schemas)
        if unknown:
            raise ValueError(f"no such table: {', '.join(sorted(unknown))}")
        for table, columns in tables.items():
            if columns:
                self._pending[table].append(columns)
        self._waiting += 1
        if self._waiting >= self.batch:
            self._flush()

    def add_arrow(self, tables: dict[str, pyarrow.Table]) -> None:
        """Readouts' tables already in Arrow (as `MergedTable.as_built` gives them), after those added before."""
        self._flush()
        for table, arrow in tables.items():
            if not arrow.num_rows:
                continue
            for name in arrow.column_names:
                if name in self.schemas[table].names:
                    self._chunks[table].setdefault(name, []).extend(arrow.column(name).chunks)
                else:
                    self._extra[table].setdefault(name, []).extend(python_values(arrow.column(name)))
            self._length[table] += arrow.num_rows

    def _flush(self) -> None:
        for table, parts in self._pending.items():
            if parts:
                self._convert(table, parts)
            self._pending[table] = []
        self._waiting = 0

    def _convert(self, table: str, parts: list[Columns]) -> None:
        names = list(parts[0])
        if any(list(p) != names for p in parts):
            raise ValueError(f"readouts' {table} tables differ in their columns")
        for name in names:
            values = [v for p in parts for v in p[name]]
            field = self.schemas[table].field(name) if name in self.schemas[table].names else None
            if field is None:
                self._extra[table].setdefault(name, []).extend(values)
            else:
                self._chunks[table].setdefault(name, []).append(pyarrow.array(values, type=field.type))
        self._length[table] += sum(len(p[names[0]]) for p in parts)

    def finish(self) -> dict[str, MergedTable]:
        """The tables; the builder hands over what it holds and is empty again."""
        self._flush()
        out = {}
        for table, schema in self.schemas.items():
            chunks = self._chunks[table]
            arrow = {f.name: pyarrow.chunked_array(chunks.get(f.name, []), type=f.type) for f in schema}
            out[table] = MergedTable(schema, self._length[table], arrow, self._extra[table])
            self._chunks[table], self._extra[table], self._length[table] = {}, {}, 0
        return out
