"""One exclusive lock per checkout: `build`, `add` and `release` never run at the same time on one folder.

The lock is `<folder>/.etl.lock`, held with `flock` through the `filelock`
library, so the kernel releases it when its holder dies, even by `kill -9`:
a crash never leaves a stale lock.  The holder writes its process ID into
the file; a second command waits `WAIT_SECONDS`, then stops with "another
build is running (pid …)".  Taking the lock again inside the same process
(a release runs a build) just counts.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from etl.errors import PathError, path_error

LOCK = ".etl.lock"
WAIT_SECONDS = 2.0
_held: dict[Path, int] = {}  # lock file -> depth, in this process


def _holder(path: Path) -> str:
    with contextlib.suppress(OSError, ValueError):
        pid = int(path.read_text(encoding="utf-8").strip() or "x")
        return f"pid {pid}"
    return "pid unknown"


@contextlib.contextmanager
def checkout_lock(folder: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the checkout's lock for the block; PathError when another process keeps it past `wait` seconds."""
    path = (folder / LOCK).absolute()
    if _held.get(path):
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    lock = FileLock(path)
    try:
        lock.acquire(timeout=WAIT_SECONDS if wait is None else wait)
    except Timeout:  # a TimeoutError, so an OSError: first
        raise PathError(
            str(folder),
            f"another build is running ({_holder(path)})",
            hint="wait for it to finish, then run again",
        ) from None
    except OSError as exc:
        raise path_error(exc, path) from exc
    _held[path] = 1
    try:
        with contextlib.suppress(OSError):  # who holds it is information for others, not a condition
            path.write_text(f"{os.getpid()}\n", encoding="utf-8")
        yield
    finally:
        _held.pop(path, None)
        lock.release()
