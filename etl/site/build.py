"""Build the site folder from a published package, and the command line that serves it.

    <out>/readouts.db          SQLite database (database.py)
    <out>/metadata.json        Datasette metadata and canned queries (metadata.py)
    <out>/templates/           Datasette template overrides (the `page` column as a link, overrides.py)
    <out>/pages/               annotated readout pages, their index, the plots page
    <out>/pages/plots/         each plot as SVG and as a Vega-Lite spec

Only these are replaced, so --out may name a folder that holds other files.
Everything but the database is byte-identical for the same package.
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from etl.site.database import write_database
from etl.site.links import DATABASE, PAGES, Links, page_name
from etl.site.metadata import datasette_metadata
from etl.site.overrides import write_overrides
from etl.site.package import Package
from etl.site.page import meeting_rows, readout_page
from etl.site.plots import charts
from etl.site.render import render

DB_FILE = f"{DATABASE}.db"
METADATA = "metadata.json"
DATASETTE_TEMPLATES = "templates"


@dataclass
class SiteReport:
    out: Path
    pages: int
    rows: dict[str, int]


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def _acts(package: Package) -> list[str]:
    field = next(f for f in package.resource("statements")["schema"]["fields"] if f["name"] == "act")
    return field["constraints"]["enum"]


def _index_rows(rows: dict[str, list[dict]]) -> list[dict]:
    counts: dict[str, int] = {}
    for s in rows["statements"]:
        counts[s["meeting_id"]] = counts.get(s["meeting_id"], 0) + 1
    meetings = sorted(rows["meetings"], key=lambda m: (m["date"], m["meeting_id"]), reverse=True)
    return [
        m
        | {
            "page": page_name(m["meeting_id"]),
            "statements": counts.get(m["meeting_id"], 0),
            "warning_count": len(m["warnings"].split(" | ")) if m["warnings"] else 0,
        }
        for m in meetings
    ]


def write_pages(package: Package, pages: Path) -> int:
    rows, links = package.rows, Links(served=True)
    if pages.exists():
        shutil.rmtree(pages)
    (pages / "plots").mkdir(parents=True)
    for m in rows["meetings"]:
        html = readout_page(meeting_rows(rows, m["meeting_id"]), links)
        (pages / page_name(m["meeting_id"])).write_text(html, encoding="utf-8")
    (pages / "index.html").write_text(render("index.html.j2", meetings=_index_rows(rows), links=links), "utf-8")
    drawn = charts(rows, _acts(package))
    for c in drawn:
        (pages / "plots" / f"{c.name}.svg").write_text(c.svg, encoding="utf-8")
        (pages / "plots" / f"{c.name}.vl.json").write_text(_json(c.spec), encoding="utf-8")
    (pages / "plots.html").write_text(render("plots.html.j2", charts=drawn, links=links), encoding="utf-8")
    return len(rows["meetings"])


def build_site(package_folder: Path, out: Path) -> SiteReport:
    package = Package.read(package_folder)
    out.mkdir(parents=True, exist_ok=True)
    write_database(package, out / DB_FILE)
    (out / METADATA).write_text(_json(datasette_metadata(package)), encoding="utf-8")
    templates = out / DATASETTE_TEMPLATES
    if templates.exists():
        shutil.rmtree(templates)
    write_overrides(templates)
    pages = write_pages(package, out / PAGES)
    return SiteReport(out, pages, {t: len(r) for t, r in package.rows.items()})


def datasette_command(site: Path, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """The command that serves a built site with Datasette (read-only)."""
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "--immutable",
        str(site / DB_FILE),
        "--metadata",
        str(site / METADATA),
        "--template-dir",
        str(site / DATASETTE_TEMPLATES),
        "--static",
        f"{PAGES}:{site / PAGES}",
        "--host",
        host,
        "--port",
        str(port),
    ]
