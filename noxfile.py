"""Sessions: build, tests, lint, stale, r, check, add, fetch, crawl, release, archive, bench, site, serve.

Run `nox -s build` to regenerate the dataset and `nox -s tests` to test.
Dependencies are pinned in constraints.txt so that builds are byte-identical
on every machine.  The sessions that run `python -m etl` (build, stale, check,
add, release, archive) keep their environment between runs and reinstall only
when pyproject.toml or constraints.txt changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "tests", "stale"]
os.environ.setdefault("UV_COMPILE_BYTECODE", "1")


def _install(session: nox.Session, extras: str = "") -> None:
    """Install the package (editable) with the pinned dependencies, unless a reused environment has them.

    The environment remembers a digest of pyproject.toml and constraints.txt;
    when neither changed, nothing is installed (code changes need no
    reinstall: the install is editable), which keeps `nox -s check` fast.
    """
    spec = f".[{extras}]" if extras else "."
    here = f"{Path.cwd()}\0{spec}".encode()  # an editable install points at this checkout
    pins = hashlib.sha256(Path("pyproject.toml").read_bytes() + Path("constraints.txt").read_bytes() + here)
    stamp = Path(getattr(session.virtualenv, "location", "") or ".", ".mofa-installed")
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == pins.hexdigest():
        session.log("dependencies unchanged since the last install: not reinstalling")
        return
    session.install("-c", "constraints.txt", "-e", spec)
    stamp.write_text(pins.hexdigest(), encoding="utf-8")


def _etl(session: nox.Session, command: str) -> None:
    """Install the pinned package and run `python -m etl <command>` with the session's arguments."""
    _install(session)
    session.run("python", "-m", "etl", command, *session.posargs)


@nox.session(reuse_venv=True)
def build(session: nox.Session) -> None:
    """Regenerate datapackage.json and dist/ from readouts/."""
    _etl(session, "build")


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite, including `frictionless validate` of the built package and the site's browser test."""
    _install(session, "test,site")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    _install(session, "lint")
    session.run("ruff", "check", "etl", "tests", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "--diff", "etl", "tests", "benchmarks", "noxfile.py")
    session.run("lint-imports")  # the layer contract in pyproject.toml


@nox.session(reuse_venv=True)
def stale(session: nox.Session) -> None:
    """Fail with a diff when the committed dist/ or datapackage.json is not what the build gives,
    or when `frictionless validate datapackage.json` finds a problem in the committed package."""
    _etl(session, "stale")
    session.run("frictionless", "validate", "datapackage.json", silent=True)


@nox.session(reuse_venv=True)
def check(session: nox.Session) -> None:
    """Check readouts without touching dist/: nox -s check -- FILE..."""
    _etl(session, "check")


@nox.session(reuse_venv=True)
def add(session: nox.Session) -> None:
    """Take a new readout into readouts/: nox -s add -- FILE [--url URL]."""
    _etl(session, "add")


@nox.session(reuse_venv=True)
def fetch(session: nox.Session) -> None:
    """Download readouts (HTML pages, PDFs) into readouts/: nox -s fetch -- URL... [--readouts DIR]."""
    _etl(session, "fetch")


@nox.session(reuse_venv=True)
def crawl(session: nox.Session) -> None:
    """Fetch the readouts listing pages link to, recording every URL in readouts/coverage.csv: nox -s crawl -- URL..."""
    _etl(session, "crawl")


@nox.session(reuse_venv=True)
def release(session: nox.Session) -> None:
    """Cut a release: nox -s release -- major|minor|patch (see CONTRIBUTING.md for which)."""
    _etl(session, "release")


@nox.session(reuse_venv=True)
def archive(session: nox.Session) -> None:
    """Rebuild dist/<name>-<version>.zip of the current package (to check a release's SHA-256)."""
    _etl(session, "archive")


@nox.session
def bench(session: nox.Session) -> None:
    """Time and memory of the build on synthetic corpora: nox -s bench [-- --sizes 100 1000 10000]."""
    _install(session)
    session.run("python", "-m", "benchmarks.bench", *session.posargs)


@nox.session
def site(session: nox.Session) -> None:
    """SQLite database, Datasette metadata, annotated readout pages and plots in site/: nox -s site [-- --out DIR]."""
    _install(session, "site")
    session.run("python", "-m", "etl", "site", *session.posargs)


@nox.session
def serve(session: nox.Session) -> None:
    """Serve site/ with Datasette on http://127.0.0.1:8001/ (after nox -s site): nox -s serve [-- --port N]."""
    _install(session, "site")
    session.run("python", "-m", "etl", "serve", *session.posargs)


@nox.session
def r(session: nox.Session) -> None:
    """Load every CSV resource in R with readr, using the declared types, and the site's SQLite with DBI + RSQLite."""
    if shutil.which("Rscript") is None:
        session.skip(
            "Rscript not found: install r-base-core, r-cran-readr, r-cran-jsonlite, r-cran-dbi and r-cran-rsqlite"
        )
    session.run("Rscript", "tests/r/load_package.R", "datapackage.json", external=True)
    _install(session, "site")
    with tempfile.TemporaryDirectory() as out:
        session.run("python", "-m", "etl", "site", "--out", out)
        session.run(
            "Rscript", "tests/r/load_sqlite.R", os.path.join(out, "readouts.db"), "datapackage.json", external=True
        )
    # the README's R example, as written there, and what it must give
    checks = "stopifnot(nrow(meetings) > 0, inherits(meetings$date, 'Date'), is.integer(statements$char_start))"
    session.run("Rscript", "-e", f"source('tests/r/readme_example.R'); {checks}", external=True)
