"""Writing the table snapshot (the format is described in etl.run.snapshot).

It is written to a temporary file beside it and renamed, so it is whole or
absent; temporary files of killed writers are removed by the next build.  It
is only a cache: one that cannot be written is a warning, not a failed build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow
import pyarrow.ipc

from etl.errors import Notice
from etl.run import cache
from etl.run.snapshot import FILE, FORMAT, LENGTH, MAGIC, Problems

_TEMPORARY = re.compile(r"\." + re.escape(FILE) + r"\.(\d+)\.tmp")  # fullmatch; the number is the writer's pid


@dataclass(frozen=True)
class Record:
    """What a new snapshot records of one readout: its key, warnings, identity and row count per table."""

    key: str
    warnings: list[Notice]
    identity: dict[str, str]
    rows: dict[str, int]


class _Hashing:
    """A file that hashes what is written to it, for pyarrow to write one part into."""

    def __init__(self, file):
        self.file, self.digest, self.closed = file, hashlib.sha256(), False

    def write(self, data) -> int:
        self.digest.update(data)
        return self.file.write(data)

    def tell(self) -> int:
        return self.file.tell()

    def flush(self) -> None:
        pass

    def close(self) -> None:  # the part is done; the file goes on
        self.closed = True


def _write_parts(file, tables: dict[str, pyarrow.Table]) -> dict[str, dict]:
    parts = {}
    for name, table in tables.items():
        file.write(b"\0" * (-file.tell() % 64))  # every part starts aligned, as Arrow's buffers want
        offset, sink = file.tell(), _Hashing(file)
        with pyarrow.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        parts[name] = {"offset": offset, "length": file.tell() - offset, "sha256": sink.digest.hexdigest()}
    return parts


def remove_abandoned(folder: Path) -> None:
    """Temporary files of writers that were killed (their process is gone)."""
    for path in folder.glob(f".{FILE}.*.tmp"):
        match = _TEMPORARY.fullmatch(path.name)
        if match and not _alive(int(match[1])):
            with contextlib.suppress(OSError):
                path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's process
        return True
    return True


def write(folder: Path, records: list[Record], tables: dict[str, pyarrow.Table], problems: Problems) -> None:
    """Write the snapshot of these readouts (in order) and their tables (as built) into folder.

    It is only a cache: when it cannot be written (a full disk, a folder in
    its place) the problem is added to problems and the build goes on.
    """
    path = folder / FILE
    tmp = folder / f".{FILE}.{os.getpid()}.tmp"
    starts: dict[str, list[int]] = {name: [0] for name in tables}
    for record in records:
        for name in tables:
            starts[name].append(starts[name][-1] + record.rows.get(name, 0))
    if any(starts[name][-1] != table.num_rows for name, table in tables.items()):
        raise ValueError("the readouts' row counts do not add up to their tables")
    readouts = [[r.key, cache.warnings_as_data(r.warnings), r.identity] for r in records]
    footer = {"format": FORMAT, "fingerprint": cache.extractor_fingerprint(), "starts": starts, "readouts": readouts}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_abandoned(folder)
        with open(tmp, "wb") as file:
            footer["tables"] = _write_parts(file, tables)
            data = json.dumps(footer, ensure_ascii=False, separators=(",", ":")).encode()
            file.write(data + hashlib.sha256(data).digest() + len(data).to_bytes(LENGTH, "little") + MAGIC)
        os.replace(tmp, path)
    except OSError as exc:
        problems.append(
            (
                path,
                Notice(f"the table snapshot was not written ({exc.strerror or exc}): a rebuild reads the parse cache"),
            )
        )
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
