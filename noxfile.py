"""Sessions: build, tests, lint, stale, r, check, add, fetch, crawl, release, archive, bench, site, serve.

Run `nox -s build` to regenerate the dataset and `nox -s tests` to test.
Dependencies are pinned in constraints.txt so that builds are byte-identical
on every machine.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "tests", "stale"]
os.environ.setdefault("UV_COMPILE_BYTECODE", "1")


def _install(session: nox.Session, extras: str = "") -> None:
    spec = f".[{extras}]" if extras else "."
    session.install("-c", "constraints.txt", "-e", spec)


def _etl(session: nox.Session, command: str) -> None:
    """Install the pinned package and run `python -m etl <command>` with the session's arguments."""
    _install(session)
    session.run("python", "-m", "etl", command, *session.posargs)


@nox.session
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


@nox.session
def stale(session: nox.Session) -> None:
    """Fail with a diff when the committed dist/ or datapackage.json is not what the build gives."""
    _etl(session, "stale")


@nox.session
def check(session: nox.Session) -> None:
    """Check readouts without touching dist/: nox -s check -- FILE..."""
    _etl(session, "check")


@nox.session
def add(session: nox.Session) -> None:
    """Take a new readout into readouts/: nox -s add -- FILE [--url URL]."""
    _etl(session, "add")


@nox.session
def fetch(session: nox.Session) -> None:
    """Download readouts (HTML pages, PDFs) into readouts/: nox -s fetch -- URL... [--readouts DIR]."""
    _etl(session, "fetch")


@nox.session
def crawl(session: nox.Session) -> None:
    """Fetch the readouts listing pages link to, recording every URL in readouts/coverage.csv: nox -s crawl -- URL..."""
    _etl(session, "crawl")


@nox.session
def release(session: nox.Session) -> None:
    """Cut a release: nox -s release -- major|minor|patch (see CONTRIBUTING.md for which)."""
    _etl(session, "release")


@nox.session
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
