"""Command line: python -m etl build|check|stale.

The heavy modules (pandas, pyarrow, frictionless) are imported inside the
commands: parse workers start by importing `__main__`, and should not pay for
them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import DescriptorInvalid, InputError, InputErrors, ValidationFailed


def _build(args: argparse.Namespace) -> int:
    from .build import CACHE, build

    out = Path(args.out)
    cache = None if args.no_cache else out / CACHE
    report = build(Path(args.readouts), out, cache=cache, jobs=args.jobs)
    fresh = f" ({report.parsed_fresh} parsed, the rest from the cache)" if cache else ""
    print(f"built {report.readouts} readout(s){fresh} into {out / 'datapackage.json'}")
    for table, n in report.rows.items():
        print(f"  {table:<13} {n:>6} rows")
    if report.warnings:
        print(f"{len(report.warnings)} warning(s):")
        for file, w in report.warnings:
            print(f"  {file}: warning: {w}")
    return 0


def _stale(args: argparse.Namespace) -> int:
    from .stale import stale_report

    problems = stale_report(Path(args.readouts), Path(args.out))
    if not problems:
        print("datapackage.json and dist/ are up to date")
        return 0
    print("the committed package is stale: run `nox -s build` and commit the result", file=sys.stderr)
    for line in problems:
        print(line, file=sys.stderr)
    return 1


def _check(args: argparse.Namespace) -> int:
    from .parse import parse_file
    from .report import summary

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
    b.add_argument("--jobs", type=int, help="processes that parse readouts (default: one per core)")
    b.add_argument("--no-cache", action="store_true", help="parse every readout again, ignoring .cache/")
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
    except (ValidationFailed, DescriptorInvalid) as exc:
        for p in exc.problems:
            print(f"validation: {p}", file=sys.stderr)
        print("build failed: validation; the published package is unchanged", file=sys.stderr)
        return 3
