"""The readouts' tables, in input order, into one `TableBuilder`.

A readout parsed or read from its cache entry comes as columns; runs of
readouts the table snapshot holds come as one Arrow slice each.  The feed
also records each readout's key, warnings, identity and row counts: what a
new snapshot needs.
"""

from __future__ import annotations

from etl.run.parse import Parsed
from etl.run.snapshot import Snapshot
from etl.run.snapshot_write import Record
from etl.tables.merged import MergedTable, TableBuilder


class Feed:
    def __init__(self, builder: TableBuilder, snapshot: Snapshot | None = None):
        self.builder, self.snapshot = builder, snapshot
        self.records: list[Record] = []
        self.reused = 0  # readouts taken from the snapshot
        self._run: tuple[int, int] | None = None  # snapshot positions first..stop-1, not yet handed over

    def add(self, parsed: Parsed) -> None:
        if parsed.reused is None:
            self._hand_over()
            self.builder.add(parsed.tables)
            rows = {table: len(next(iter(columns.values()))) for table, columns in parsed.tables.items() if columns}
        else:
            rows = self._take(parsed.reused)
        self.records.append(Record(parsed.cache_key or "", parsed.warnings, parsed.identity, rows))

    def _take(self, position: int) -> dict[str, int]:
        """Add a snapshot readout to the run; its row count per table."""
        if self.snapshot is None:
            raise ValueError("a readout from a snapshot, but there is none")
        if self._run and self._run[1] == position:
            self._run = (self._run[0], position + 1)
        else:
            self._hand_over()
            self._run = (position, position + 1)
        self.reused += 1
        starts = self.snapshot.starts
        return {table: starts[table][position + 1] - starts[table][position] for table in starts}

    def _hand_over(self) -> None:
        if self._run and self.snapshot:
            self.builder.add_arrow(self.snapshot.rows(*self._run))
        self._run = None

    def finish(self) -> dict[str, MergedTable]:
        self._hand_over()
        return self.builder.finish()
