"""The command line's arguments: one subcommand per command, no logic (etl.cli runs them)."""

from __future__ import annotations

import argparse


def parser(description: str) -> argparse.ArgumentParser:
    """Every command, its options and the name of its handler in etl.cli (`func`)."""
    debug = argparse.ArgumentParser(add_help=False)
    debug.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks of failures")
    parser = argparse.ArgumentParser(prog="python -m etl", description=description, parents=[debug])
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser, corrections: bool = True) -> None:
        p.add_argument("--readouts", default="readouts", help="folder of readout .txt files (default: readouts)")
        p.add_argument("--out", default=".", help="folder of datapackage.json, dist/ and docs/ (default: .)")
        if corrections:
            p.add_argument("--corrections", default="corrections", help="folder of corrections (default: corrections)")

    b = sub.add_parser("build", parents=[debug], help="build the data package from a folder of readouts")
    common(b)
    b.add_argument("--jobs", type=int, help="processes that parse readouts (default: one per core)")
    b.add_argument("--no-cache", action="store_true", help="parse every readout again, ignoring .cache/")
    b.set_defaults(func="build")

    c = sub.add_parser("check", parents=[debug], help="parse readouts and show what was extracted, touching nothing")
    c.add_argument("files", nargs="+", help="readout files, or folders of them")
    c.add_argument("--quiet", action="store_true", help="print only warnings, errors and the verdict")
    c.add_argument("--html", metavar="FILE", help="also write the annotated page of the (one) readout to FILE")
    c.set_defaults(func="check")

    a = sub.add_parser(
        "add", parents=[debug], help="copy a new readout into readouts/ under its canonical name, with a sidecar"
    )
    a.add_argument("file")
    a.add_argument("--url", help="where the readout is published")
    a.add_argument("--retrieved", help="day it was retrieved, YYYY-MM-DD (default: today)")
    a.add_argument("--publisher", help="default: 外務省 for a mofa.go.jp address")
    a.add_argument("--license", help="default: 政府標準利用規約（第2.0版） for a mofa.go.jp address")
    a.add_argument("--readouts", default="readouts")
    a.set_defaults(func="add")

    fetch_parsers(sub)

    st = sub.add_parser("stale", parents=[debug], help="fail when the committed package differs from a fresh build")
    common(st)
    st.set_defaults(func="stale")

    v = sub.add_parser("validate", parents=[debug], help="validate the built package's rows with frictionless")
    v.add_argument("--out", default=".")
    v.add_argument("--parquet", action="store_true", help="also the Parquet resources (slow)")
    v.set_defaults(func="validate")

    r = sub.add_parser(
        "release", parents=[debug], help="bump the version, write CHANGELOG.md and dist/<name>-<version>.zip"
    )
    r.add_argument("part", choices=("major", "minor", "patch"))
    common(r)
    r.add_argument("--date", help="release date, YYYY-MM-DD (default: today)")
    r.add_argument("--force", action="store_true", help="allow a smaller bump than the changes need")
    r.set_defaults(func="release")

    z = sub.add_parser("archive", parents=[debug], help="rebuild dist/<name>-<version>.zip of the current package")
    z.add_argument("--out", default=".")
    z.set_defaults(func="archive")

    si = sub.add_parser("site", help="build the SQLite database, Datasette metadata, readout pages and plots")
    si.add_argument("--package", default=".", help="folder of datapackage.json and dist/ (default: .)")
    si.add_argument("--out", default="site", help="folder of the site (default: site)")
    si.set_defaults(func="site")

    sv = sub.add_parser("serve", help="serve the built site with Datasette")
    sv.add_argument("--out", default="site", help="folder of the site (default: site)")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8001)
    sv.set_defaults(func="serve")
    return parser


def fetch_parsers(sub: argparse._SubParsersAction) -> None:
    for name, urls, what in (
        ("fetch", "URL", "download readouts (HTML pages or PDFs) into readouts/, with a sidecar of provenance"),
        ("crawl", "INDEX_URL", "read listing pages and fetch the readouts they link to that are not taken yet"),
    ):
        p = sub.add_parser(name, help=what)
        p.add_argument("urls", nargs="+", metavar=urls)
        p.add_argument("--readouts", default="readouts", help="folder of readouts (default: readouts)")
        p.add_argument("--publisher", help="default: 外務省 for a mofa.go.jp address")
        p.add_argument("--license", help="default: 政府標準利用規約（第2.0版） for a mofa.go.jp address")
        p.set_defaults(func="fetch")
