"""Row-by-row validation of a built package with frictionless, the reference implementation.

frictionless checks every cell against the Table Schema in pure Python, and
reads Parquet through fastparquet, which is slower still (about ten times the
CSV).  The build therefore validates the rows with pandera and only the
descriptor with frictionless; this module is the full check, run by the tests,
by CI on the committed package and by `python -m etl validate`.  The CSV and
Parquet files are written from the same Arrow tables, and a test compares
them, so checking the CSV rows checks the content of both.
"""

from __future__ import annotations

import json
from pathlib import Path

from frictionless import Package

from etl.package.publish import DESCRIPTOR


def validate_package(folder: Path, formats: tuple[str, ...] = ("csv",)) -> list[str]:
    """Every problem frictionless finds in the resources of the given formats; empty when valid."""
    descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["format"] in formats]
    report = Package(descriptor, basepath=str(folder)).validate()
    problems = [f"{e.type}: {e.message}" for e in report.errors]
    for task in report.tasks:
        problems += [f"{task.name}: {e.type}: {e.message}" for e in task.errors]
    return problems
