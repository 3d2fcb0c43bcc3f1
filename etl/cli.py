"""Command line: python -m etl build|check|add|fetch|crawl|stale|validate|release|archive|site|serve.

The heavy modules (pandas, pyarrow, frictionless) are imported inside the
commands: parse workers start by importing `__main__`, and should not pay for
them.

Every failure ends in lines naming the file (and line and column) and what
to do, never in a traceback (`--debug` shows it).  Exit codes: 2 bad input,
3 validation, 4 release refused, 5 an operating-system failure (permission,
full disk, not a regular file, another build holding the lock), 130 interrupted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from etl.cli_args import parser
from etl.errors import (
    DescriptorInvalid,
    InputError,
    InputErrors,
    PathError,
    ReleaseError,
    ValidationFailed,
    path_error,
    quote,
)
from etl.run.cache import DEFAULT_FOLDER as CACHE
from etl.run.parse import readout_files

MAX_ERRORS = 200  # beyond this many input errors, only the count is printed


def _date(option: str, value: str | None) -> dt.date | None:
    """A YYYY-MM-DD option, or one line saying what is wrong with it."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise PathError(option, f"{quote(value)} is not a day ({exc})", hint="give it as YYYY-MM-DD") from None


def _cache(args: argparse.Namespace) -> Path | None:
    return None if getattr(args, "no_cache", False) else Path(args.out) / CACHE


def _corrections(args: argparse.Namespace) -> Path:
    return Path(args.corrections)


def _build(args: argparse.Namespace) -> int:
    from etl.commands.record import release_day
    from etl.run.build import build

    out = Path(args.out)
    report = build(
        Path(args.readouts),
        out,
        corrections=_corrections(args),
        cache=_cache(args),
        jobs=args.jobs,
        released=release_day(out),
    )
    fresh = f" ({report.parsed_fresh} parsed, the rest from the cache)" if _cache(args) else ""
    print(f"built {report.readouts} readout(s){fresh} into {out / 'datapackage.json'}")
    for table, n in report.rows.items():
        print(f"  {table:<13} {n:>6} rows")
    if report.warnings:
        print(f"{len(report.warnings)} warning(s):")
        for file, w in report.warnings:
            print(f"  {w.located(str(file))}")
    return 0


def _stale(args: argparse.Namespace) -> int:
    from etl.commands.stale import stale_report

    problems = stale_report(Path(args.readouts), Path(args.out), _corrections(args))
    if not problems:
        print("datapackage.json, dist/ and docs/codebook.md are up to date")
        return 0
    print("the committed package is stale: run `nox -s build` and commit the result", file=sys.stderr)
    for line in problems:
        print(line, file=sys.stderr)
    return 1


def _check_files(names: list[str]) -> list[Path]:
    files: list[Path] = []
    for name in names:
        path = Path(name)
        found = readout_files(path) if path.is_dir() else []
        files.extend(found or [path])  # a missing file or an empty folder is reported by check
    return files


def _check(args: argparse.Namespace) -> int:
    from etl.commands.check import check_files

    files = _check_files(args.files)
    if args.html and len(files) != 1:
        print(f"check --html takes one readout, not {len(files)}", file=sys.stderr)
        return 2
    result = check_files(files)
    for block in [] if args.quiet else result.summaries:
        print(block)
    for line in result.problems:
        print(line, file=sys.stderr)
    if args.html and result.parsed:
        from etl.commands.site import check_page

        check_page(result.parsed[0], Path(args.html), result.problems)
        print(f"wrote {args.html}")
    print(result.verdict(), file=sys.stderr if result.failed else sys.stdout)
    return 2 if result.failed else 0


def _add(args: argparse.Namespace) -> int:
    from etl.commands.add import add_readout, missing_provenance
    from etl.commands.summary import summary

    retrieved = _date("--retrieved", args.retrieved)
    target, parsed = add_readout(
        Path(args.file),
        Path(args.readouts),
        url=args.url,
        retrieved=retrieved,
        publisher=args.publisher,
        license=args.license,
        cache=Path(args.readouts).parent / CACHE,  # the checkout's cache, never the current folder's
    )
    print(summary(parsed))
    for w in parsed.warnings:
        print(w.located(str(target)), file=sys.stderr)
    print(f"added {target} and {target.with_suffix('.yaml')}")
    if warning := missing_provenance(target, args.url):
        print(warning, file=sys.stderr)
    print("next: nox -s build, then commit the readout, its sidecar and the rebuilt package together")
    return 0


# --- fetch (issue 14): readouts from the web ---
def _fetch(args: argparse.Namespace) -> int:
    from etl.commands.fetch import crawl_listings, fetch

    run = fetch if args.command == "fetch" else crawl_listings
    cache = Path(args.readouts).parent / CACHE  # the checkout's cache, never the current folder's
    options = {"publisher": args.publisher, "license": args.license, "cache": cache}
    outcome = run(args.urls, Path(args.readouts), **options)
    failed = f", {outcome.failures} failed or held no readout" if outcome.failures else ""
    coverage = "updated" if outcome.coverage_changed else "unchanged"
    print(f"{args.command}: {outcome.requests} request(s){failed}; {args.readouts}/coverage.csv {coverage}")
    if outcome.coverage_changed or not failed:
        print("next: nox -s build, then commit the new readouts, their sidecars, coverage.csv and the package")
    return 1 if outcome.failures and args.command == "fetch" else 0


# --- end fetch ---


def _validate(args: argparse.Namespace) -> int:
    from etl.package.frictionless_check import validate_package

    formats = ("csv", "parquet") if args.parquet else ("csv",)
    problems = validate_package(Path(args.out), formats)
    for p in problems:
        print(f"frictionless: {p}", file=sys.stderr)
    print(f"frictionless: {len(problems)} problem(s) in the {' and '.join(formats)} resources")
    return 3 if problems else 0


def _release(args: argparse.Namespace) -> int:
    from etl.commands.release import cut_release

    released_on = _date("--date", args.date) or dt.date.today()
    out = Path(args.out)
    r = cut_release(
        out,
        args.part,
        readouts=Path(args.readouts),
        corrections=_corrections(args),
        cache=out / CACHE,
        released_on=released_on,
        force=args.force,
    )
    print(f"released {r.version} (previous: {r.previous or 'none'})")
    for table, t in r.diff.tables.items():
        print(f"  {table:<13} {t.rows:>6} rows: +{len(t.added)} -{len(t.removed)} ~{len(t.changed)}")
    print(f"archive: {r.archive} (sha256 {r.sha256})")
    print(f'next: git add -A && git commit -m "Release {r.version}" && git tag v{r.version}')
    return 0


def _archive(args: argparse.Namespace) -> int:
    from etl.commands.archive import make_archive
    from etl.run.lock import checkout_lock
    from etl.tables.schema import package_metadata

    meta = package_metadata()
    with checkout_lock(Path(args.out)):
        path, digest = make_archive(Path(args.out), meta["name"], meta["version"])
    print(f"{digest}  {path}")
    return 0


def _site(args: argparse.Namespace) -> int:
    from etl.commands.site import site

    report = site(Path(args.package), Path(args.out))
    print(f"built the site in {report.out}: {report.pages} annotated page(s), {sum(report.rows.values())} rows")
    print("next: nox -s serve (python -m etl serve), then open http://127.0.0.1:8001/")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from etl.commands.site import serve

    return serve(Path(args.out), args.host, args.port)


def _report(exc: BaseException) -> int:
    """Print what went wrong as located lines; the exit code."""
    if isinstance(exc, InputErrors):
        for e in exc.errors[:MAX_ERRORS]:
            print(e, file=sys.stderr)
        if len(exc.errors) > MAX_ERRORS:
            print(f"… and {len(exc.errors) - MAX_ERRORS} more input error(s)", file=sys.stderr)
        print(f"failed: {len(exc.errors)} input error(s); the published package is unchanged", file=sys.stderr)
        return 2
    if isinstance(exc, InputError):
        print(exc, file=sys.stderr)
        return 2
    if isinstance(exc, (ValidationFailed, DescriptorInvalid)):
        for p in exc.problems:
            print(f"validation: {p}", file=sys.stderr)
        print("failed: validation; the published package is unchanged", file=sys.stderr)
        return 3
    if isinstance(exc, ReleaseError):
        print(f"release refused: {exc}", file=sys.stderr)
        return 4
    if isinstance(exc, (PathError, OSError)):
        print(exc if isinstance(exc, PathError) else path_error(exc), file=sys.stderr)
        return 5
    print(
        "interrupted: the published package is unchanged, or completed by the next build if it was being swapped in",
        file=sys.stderr,
    )
    return 130


HANDLERS = {
    "build": _build,
    "check": _check,
    "add": _add,
    "fetch": _fetch,
    "stale": _stale,
    "validate": _validate,
    "release": _release,
    "archive": _archive,
    "site": _site,
    "serve": _serve,
}


def main(argv: list[str] | None = None) -> int:
    args = parser(__doc__.split("\n")[0]).parse_args(argv)
    try:
        return HANDLERS[args.func](args)
    except (InputErrors, InputError, ValidationFailed, DescriptorInvalid, ReleaseError, PathError, OSError) as exc:
        if getattr(args, "debug", False):
            raise
        return _report(exc)
    except KeyboardInterrupt as exc:
        if getattr(args, "debug", False):
            raise
        return _report(exc)
