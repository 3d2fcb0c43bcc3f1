"""Reading input files safely, writing output files atomically.

Inputs (readouts, sidecars, corrections): only regular files are read.  A
FIFO, a folder or a device that happens to be named `*.txt` is refused and
never blocks (it is opened non-blocking and checked with fstat before a byte
is read); a symbolic link must lead to a file inside its root folder; the
size is capped before reading.  Every problem is an `InputError` naming the
file, so the other files' errors are still reported.

Outputs: written to a temporary file beside the target, flushed to disk
(`durable`), then renamed over the target, so a reader or a crash sees the
old file or the new one, never a part.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from etl.errors import InputError, on_path, path_error, quote
from etl.source.hygiene import describe, value_problem

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}
NOT_REGULAR_HINT = "only regular files are read: move or rename it"


def lexists(path: Path) -> bool:
    """True for anything at path, a broken link or a link loop included (those are then refused by name)."""
    return os.path.lexists(path)


def check_name(path: Path) -> None:
    """Refuse a file name holding control or direction characters: it would reach `sources.file_name`."""
    problem = value_problem(path.name) or next((f"holds {describe(c)}" for c in path.name if c in "\t\n\r"), None)
    if problem:
        raise InputError(str(path.parent), f"the file name {quote(path.name)} {problem}", hint="rename the file")


def check_link(path: Path, root: Path | None) -> None:
    """Refuse a symbolic link that loops, leads nowhere or leads out of root."""
    if not path.is_symlink():
        return
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # RuntimeError: Python 3.11's report of a loop
        loop = isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP
        what = "a loop of symbolic links" if loop else "a symbolic link to nothing"
        raise InputError(str(path), what, hint="fix or remove the link") from exc
    if root is not None and root.resolve() not in target.parents:
        raise InputError(
            str(path),
            f"a link to {target}, outside {root}",
            hint="copy the file into the folder instead of linking it",
        )


def read_input(path: Path, root: Path | None, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; InputError for anything else."""
    check_link(path, root)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        err = path_error(exc, path)
        raise InputError(str(path), f"cannot be read: {err.message}", hint=err.hint) from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
            raise InputError(str(path), f"{kind}, not a regular file", hint=NOT_REGULAR_HINT)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        err = path_error(exc, path)
        raise InputError(str(path), f"cannot be read: {err.message}", hint=err.hint) from exc
    finally:
        os.close(fd)
    if size > limit:
        raise InputError(str(path), f"too large (more than {limit:,} bytes)", hint="this is not a file the build reads")
    return b"".join(chunks)


def _write_fd(fd: int, data: bytes, durable: bool) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    if durable:
        os.fsync(fd)


def sync_folder(folder: Path) -> None:
    """Make a rename in folder durable (where the platform allows opening a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Replace path by data: temporary file, fsync, rename; errors name path (PathError)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with on_path(path):
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o644)
            try:
                _write_fd(fd, data, durable)
            finally:
                os.close(fd)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        if durable:
            sync_folder(path.parent)


def create_exclusive(path: Path, data: bytes) -> None:
    """Create path holding data; FileExistsError when anything is there already (a link included)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        _write_fd(fd, data, durable=True)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    os.close(fd)
