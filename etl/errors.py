"""Errors about input files, reported to users without a traceback."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class InputError(Exception):
    """A problem with one input file that the contributor must fix."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: error: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def __reduce__(self):  # travels back from worker processes
        return (InputError, (self.file, self.message, self.line, self.column, self.hint))


@dataclass(frozen=True)
class Notice:
    """A warning about one place in a readout: the build goes on, but a person should look.

    `line` is the line of the raw file; `column` counts characters of that
    line after normalisation (full-width characters folded, hard wraps joined).
    """

    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        """As stored in `meetings.warnings`: line 6: text outside every statement: …"""
        return f"line {self.line}: {self.message}" if self.line is not None else self.message

    def located(self, file: str) -> str:
        """As a compiler prints it: file:line:column: warning: message."""
        where = file + "".join(f":{n}" for n in (self.line, self.column) if n is not None)
        return f"{where}: warning: {self.message}"


class InputErrors(Exception):
    """Several input errors collected before failing."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class Problem:
    """One row that broke one check: where it is as data (table, key, meeting), and what failed."""

    table: str
    key: str
    column: str
    message: str
    meeting_id: str | None = None

    def __str__(self) -> str:
        return f"{self.table} [{self.key}] {self.column}: {self.message}"


class ValidationFailed(Exception):
    """The tables broke a schema or a cross-table rule; every problem is listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} validation problem(s):\n" + "\n".join(map(str, problems)))


class DescriptorInvalid(Exception):
    """frictionless rejects the descriptor the build made: a bug in schemas/ or in the build."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("datapackage.json is not a valid descriptor:\n" + "\n".join(problems))


class ReleaseError(Exception):
    """A release cannot be made as asked (for instance a patch bump for new readouts)."""


@dataclass
class PathError(Exception):
    """An operating-system failure on one path (permission, full disk, not a regular file, a lock held
    elsewhere): reported as one line naming the path and what to do, never as a traceback."""

    path: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        return f"{self.path}: error: {self.message}" + (f" ({self.hint})" if self.hint else "")

    def __reduce__(self):  # travels back from worker processes
        return (PathError, (self.path, self.message, self.hint))


_OS_HINTS = {
    errno.EACCES: "check its permissions: it must be readable (and for output writable) by you",
    errno.EPERM: "check its permissions: it must be readable (and for output writable) by you",
    errno.ENOSPC: "the disk is full: free some space and run again",
    errno.EDQUOT: "the disk quota is used up: free some space and run again",
    errno.EFBIG: "a file grew past the size limit (or the disk is full): free space or raise the limit, then run again",
    errno.EROFS: "the file system is read-only: choose a writable folder",
    errno.ENOENT: "no such file or folder: check the path",
    errno.ENOTDIR: "a part of this path is a file, not a folder: check the path",
    errno.EISDIR: "this is a folder, not a file: check the path",
    errno.EEXIST: "it exists already: move it away or choose another path",
    errno.ELOOP: "a loop of symbolic links: fix or remove the link",
    errno.ENAMETOOLONG: "the path is too long: choose a shorter one",
    errno.EIO: "the disk reported an input/output error: check it",
}


def path_error(exc: OSError, path: object = None) -> PathError:
    """One located line for an OSError; `path` names the file when the error itself does not."""
    where = exc.filename if exc.filename is not None else path
    message = exc.strerror or str(exc) or type(exc).__name__
    hint = _OS_HINTS.get(exc.errno, "check the path and run again") if exc.errno else None
    return PathError(str(where) if where is not None else "(unknown path)", message, hint)


@contextmanager
def on_path(path: object) -> Iterator[None]:
    """Turn an OSError raised while working on path into a PathError that names it."""
    try:
        yield
    except PathError:
        raise
    except OSError as exc:
        raise path_error(exc, path) from exc


def quote(value: object, limit: int = 40) -> str:
    """repr() of a value cut to about `limit` characters: messages never echo a whole hostile input."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
