"""`python -m etl check`: what would the build make of these readouts?  Touches nothing.

Readouts are parsed as the build parses them, checked against each other
(the same file twice, the same meeting twice) and their rows validated with
the package's schemas.  The result is a readable summary per readout, then
every error and warning as `file:line:column: …`, errors first, so that a
failing readout is named at the top of a CI log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl.commands.summary import summary
from etl.errors import InputError, ValidationFailed
from etl.run.clashes import clashes
from etl.run.parse import Parsed, parse_many


@dataclass
class CheckResult:
    checked: int
    summaries: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed_files: set[str] = field(default_factory=set)
    warned_files: set[str] = field(default_factory=set)
    parsed: list[Parsed] = field(default_factory=list)  # for check --html

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    @property
    def problems(self) -> list[str]:
        return self.errors + self.warnings

    def verdict(self) -> str:
        fine = self.checked - len(self.failed_files | self.warned_files)
        warned = len(self.warned_files - self.failed_files)
        return (
            f"checked {self.checked} readout(s): {fine} fine, {warned} with warnings, "
            f"{len(self.failed_files)} with errors"
        )


def _validation_errors(parsed: list[Parsed]) -> list[tuple[str, str]]:
    """(file, problem) for every row that breaks the package's schemas."""
    from etl.run.build import merge_rows
    from etl.tables.validate import validate

    try:
        validate(merge_rows(parsed))
    except ValidationFailed as exc:
        files = {p.identity["meeting_id"]: str(p.file) for p in parsed}
        return [(files.get(problem.meeting_id, "(package)"), str(problem)) for problem in exc.problems]
    return []


def _missing(path: Path) -> InputError | None:
    if path.is_file():
        return None
    what = "a folder with no readouts (*.txt) in it" if path.is_dir() else "no such file or folder"
    return InputError(str(path), what, hint="give readout .txt files, or folders of them")


def check_files(files: list[Path]) -> CheckResult:
    """Parse and validate files; a missing file or a clash is one error, and its rows are not validated."""
    missing = [e for e in map(_missing, files) if e]
    results = parse_many([f for f in files if f.is_file()])
    parsed = [r for r in results if isinstance(r, Parsed)]
    result = CheckResult(len(files), parsed=parsed)
    clashing = clashes(parsed)
    for err in missing + [r for r in results if isinstance(r, InputError)] + clashing:
        result.errors.append(str(err))
        result.failed_files.add(err.file)
    apart = [p for p in parsed if str(p.file) not in {e.file for e in clashing}]
    for file, problem in _validation_errors(apart) if apart else []:
        line = f"{file}: error: validation: {problem}"
        if line not in result.errors:
            result.errors.append(line)
        result.failed_files.add(file)
    for p in parsed:
        result.summaries.append(summary(p))
        for w in p.warnings:
            result.warnings.append(w.located(str(p.file)))
            result.warned_files.add(str(p.file))
    return result
