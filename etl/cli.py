"""Command line: python -m etl build|check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import build, parse_file
from .errors import InputError, InputErrors
from .report import summary
from .stale import stale_report
from .validate import ValidationFailed


def _build(args: argparse.Namespace) -> int:
    report = build(Path(args.readouts), Path(args.out))
    print(f"built {report.readouts} readout(s) into {Path(args.out) / 'datapackage.json'}")
    for table, n in report.rows.items():
        print(f"  {table:<13} {n:>6} rows")
    if report.warnings:
        print(f"{len(report.warnings)} warning(s):")
        for file, w in report.warnings:
            print(f"  {file}: warning: {w}")
    return 0


def _stale(args: argparse.Namespace) -> int:
    problems = stale_report(Path(args.readouts), Path(args.out))
    if not problems:
        print("datapackage.json and dist/ are up to date")
        return 0
    print("the committed package is stale: run `nox -s build` and commit the result", file=sys.stderr)
    for line in problems:
        print(line, file=sys.stderr)
    return 1


def _check(args: argparse.Namespace) -> int:
    parsed, errors = [], []
    for name in args.files:
        try:
            parsed.append(parse_file(Path(name)))
        except InputError as exc:
            errors.append(exc)
    for p in parsed:
        print(summary(p))
    for e in errors:
        print(e, file=sys.stderr)
    return 2 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the data package from a folder of readouts")
    b.add_argument("--readouts", default="readouts", help="folder of readout .txt files (default: readouts)")
    b.add_argument("--out", default=".", help="folder to write datapackage.json and dist/ into (default: .)")
    b.set_defaults(func=_build)
    st = sub.add_parser("stale", help="fail when the committed package differs from a fresh build")
    st.add_argument("--readouts", default="readouts")
    st.add_argument("--out", default=".", help="folder holding the committed datapackage.json")
    st.set_defaults(func=_stale)
    c = sub.add_parser("check", help="parse readouts and print what was extracted, touching nothing")
    c.add_argument("files", nargs="+")
    c.set_defaults(func=_check)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InputErrors as exc:
        for e in exc.errors:
            print(e, file=sys.stderr)
        print(f"build failed: {len(exc.errors)} input error(s); the published package is unchanged", file=sys.stderr)
        return 2
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    except ValidationFailed as exc:
        for p in exc.problems:
            print(f"validation: {p}", file=sys.stderr)
        print("build failed: validation; the published package is unchanged", file=sys.stderr)
        return 3
