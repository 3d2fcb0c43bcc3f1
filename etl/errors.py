"""Errors about input files, reported to users without a traceback."""

from __future__ import annotations

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


class ValidationFailed(Exception):
    """The tables broke a schema or a cross-table rule; every problem is listed."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} validation problem(s):\n" + "\n".join(problems))


class DescriptorInvalid(Exception):
    """frictionless rejects the descriptor the build made: a bug in schemas/ or in the build."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("datapackage.json is not a valid descriptor:\n" + "\n".join(problems))


class ReleaseError(Exception):
    """A release cannot be made as asked (for instance a patch bump for new readouts)."""
