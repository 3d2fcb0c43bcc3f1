"""A package built from the fixture readouts (never readouts/), with one reviewed correction, and its site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl.run.build import build
from etl.run.parse import parse_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
READOUTS = [*sorted((FIXTURES / "readouts").glob("*.txt")), *sorted((FIXTURES / "ja" / "readouts").glob("*.txt"))]


def _correction(readout: Path, folder: Path) -> None:
    rows = parse_file(readout).rows
    s = rows["statements"][0]
    new = "other" if s["act"] != "other" else "stated"
    (folder / "site-test.yaml").write_text(
        f"- readout_sha256: {rows['sources'][0]['source_sha256']}\n"
        f"  table: statements\n  id: {s['statement_id']}\n  field: act\n"
        f"  old: {s['act']}\n  new: {new}\n  who: Site Test\n  why: shows a correction on the annotated page\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="session")
def site_package(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("site-readouts")
    for p in READOUTS:
        shutil.copy(p, src / p.name)
    corrections = tmp_path_factory.mktemp("site-corrections")
    _correction(READOUTS[0], corrections)
    out = tmp_path_factory.mktemp("site-package")
    build(src, out, corrections=corrections)
    return out


@pytest.fixture(scope="session")
def site(site_package, tmp_path_factory) -> Path:
    pytest.importorskip("sqlite_utils", reason="the site extra is not installed (pip install -e '.[site]')")
    from etl.site.build import build_site

    out = tmp_path_factory.mktemp("site")
    build_site(site_package, out)
    return out


@pytest.fixture(scope="session")
def package_rows(site_package) -> dict[str, list[dict]]:
    from etl.site.package import Package

    return Package.read(site_package).rows
