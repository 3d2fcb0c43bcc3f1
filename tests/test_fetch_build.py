"""`fetch` then `build` on pages served locally gives the same rows as the .txt of the same readout."""

from __future__ import annotations

import datetime as dt
import hashlib

import pyarrow.parquet as pq
import pytest
import yaml

from etl.commands.fetch import fetch
from etl.fetch.client import Policy
from etl.run.build import build
from etl.tables.schema import TABLES

from .local_site import Reply, Site
from .readout_pages import readouts

FAST = Policy(timeout=2, tries=2, backoff=0.01, interval=0.01)
DAY = dt.date(2026, 11, 2)
# what differs between a readout's raw file and its .txt copy: the file itself, not what it says
SOURCE_IDENTITY = {"source_sha256", "file_name", "source_format", "encoding", "bytes", "url", "retrieved"}
LAYOUTS = [r.name for r in readouts()]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """Every readout fetched from a local site and built; and the same readouts as .txt files, built."""
    pages = {f"/page/{i}": r for i, r in enumerate(readouts())}
    routes = {path: Reply(body=r.body, content_type=r.content_type) for path, r in pages.items()}
    fetched, typed = tmp_path_factory.mktemp("fetched"), tmp_path_factory.mktemp("typed")
    lines: list[str] = []
    with Site(routes) as site:
        outcome = fetch(
            [site.url(p) for p in pages], fetched, policy=FAST, today=DAY, say=lines.append, trust_env=False
        )
    assert outcome.failures == 0, lines
    for r in readouts():
        (typed / f"{r.file_name}.txt").write_text(r.txt, encoding="utf-8")
    folders, packages = {"fetched": fetched, "typed": typed}, {}
    for name, folder in folders.items():
        pkg = tmp_path_factory.mktemp(f"package-{name}")
        build(folder, pkg)
        packages[name] = {t: pq.read_table(pkg / "dist" / f"{t}.parquet").to_pylist() for t in TABLES}
    return folders, packages, lines, site


def _by_meeting(rows: list[dict], mid: str, drop: set[str]) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in drop} for r in rows if r.get("meeting_id") == mid]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_fetched_page_gives_the_rows_of_its_txt(both, layout):
    _folders, packages, _, _ = both
    r = next(r for r in readouts() if r.name == layout)
    mid = next(s["meeting_id"] for s in packages["typed"]["sources"] if s["file_name"] == f"{r.file_name}.txt")
    for table in ("meetings", "participants", "topics", "statements", "agreements"):
        fetched = _by_meeting(packages["fetched"][table], mid, {"source_sha256"})
        typed = _by_meeting(packages["typed"][table], mid, {"source_sha256"})
        assert fetched == typed, table
        assert fetched or table == "topics", f"no {table} rows for {layout}"
    src_fetched = _by_meeting(packages["fetched"]["sources"], mid, SOURCE_IDENTITY)
    src_typed = _by_meeting(packages["typed"]["sources"], mid, SOURCE_IDENTITY)
    assert src_fetched == src_typed  # text_ja included: the offsets point into the same text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_sources_record_the_raw_format_and_its_hash(both, layout):
    folders, packages, _, _ = both
    r = next(r for r in readouts() if r.name == layout)
    suffix = ".pdf" if layout == "PDF" else ".html"
    raw = folders["fetched"] / f"{r.file_name}{suffix}"
    assert raw.read_bytes() == r.body  # the raw bytes as served, not a copy of their text
    row = next(s for s in packages["fetched"]["sources"] if s["file_name"] == raw.name)
    assert row["source_sha256"] == hashlib.sha256(r.body).hexdigest()
    assert row["source_format"] == ("pdf" if layout == "PDF" else "html")
    expected_encoding = {"2000s Shift_JIS table": "cp932", "2010s EUC-JP XHTML": "euc_jp", "PDF": "pdf"}
    assert row["encoding"] == expected_encoding.get(layout, "utf-8")
    typed = next(s for s in packages["typed"]["sources"] if s["file_name"] == f"{r.file_name}.txt")
    assert typed["source_format"] == ("pdf_text" if layout == "PDF" else "page_text")


def test_sidecar_records_the_response(both):
    folders, _, _, site = both
    side = yaml.safe_load((folders["fetched"] / "2013-10-08_jp-de_meeting.yaml").read_text(encoding="utf-8"))
    assert side["url"] == side["final_url"] == site.url("/page/1")
    assert side["http_status"] == 200
    assert side["content_type"] == "text/html; charset=EUC-JP"
    assert side["retrieved"] == DAY
    assert "publisher" not in side  # not a mofa.go.jp address: no publisher or licence is assumed


def test_every_url_gets_one_line_and_coverage_lists_them(both):
    _folders, packages, lines, site = both
    assert len(lines) == 4 and all(
        line.startswith(site.url("/page/")) and ": taken as readouts/" in line for line in lines
    )
    coverage = packages["fetched"]["coverage"]
    assert [(c["outcome"], c["file_name"]) for c in coverage] == [
        ("taken", f"{r.file_name}{'.pdf' if r.name == 'PDF' else '.html'}") for r in readouts()
    ]
    assert packages["typed"]["coverage"] == []
