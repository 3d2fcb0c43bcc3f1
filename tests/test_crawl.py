"""`crawl` on a listing served on 127.0.0.1: readouts taken, the rest skipped with reasons, coverage kept and built."""

from __future__ import annotations

import datetime as dt

import pyarrow.parquet as pq
import pytest

from etl.commands.fetch import crawl_listings
from etl.fetch.client import Policy
from etl.run.build import build
from etl.source.coverage import COLUMNS, coverage_path, read_coverage

from .local_site import Reply, Site
from .readout_pages import readouts

POLICY = Policy(timeout=0.5, tries=2, backoff=0.01, interval=0.01, max_bytes=200_000)
DAY, LATER = dt.date(2026, 11, 2), dt.date(2026, 12, 1)
LISTING = "/mofaj/kaidan/index.html"
NOTICE = "<html><body><h1>日米首脳会談の開催について</h1><p>来週，日米首脳会談が行われる予定です。</p></body></html>"
PAGES = {f"/mofaj/area/r{i}.html" if r.name != "PDF" else "/mofaj/files/r.pdf": r for i, r in enumerate(readouts())}
LINKS = [  # path, title on the listing, expected outcome
    *[(path, r.txt.splitlines()[0], "taken") for path, r in PAGES.items()],
    ("/mofaj/mirror/r0.html", "日英首脳会談（概要）（再掲）", "already_present"),
    ("/mofaj/area/notice.html", "日米首脳会談の開催について", "not_a_readout"),
    ("/mofaj/area/photo.html", "日英首脳会談（写真）", "not_a_readout"),
    ("/mofaj/recruit.html", "採用情報", "not_a_readout"),
    ("/mofaj/area/gone.html", "日加首脳会談", "http_error"),
    ("/mofaj/area/slow.html", "日加外相電話会談", "fetch_failed"),
    ("/mofaj/area/huge.html", "日米首脳会談（全文）", "fetch_failed"),
    ("/mofaj/area/loop.html", "日露首脳会談", "fetch_failed"),
    ("/private/talk.html", "日伊外相会談", "robots_refused"),
]


def _listing(links: list[tuple[str, str, str]]) -> bytes:
    items = "\n".join(f'<li><a href="{path}">{title}</a></li>' for path, title, _ in links)
    page = f"""<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>会談・訪問</title></head>
<body><nav><a href="/mofaj/">ホーム</a></nav><main><h1>会談・訪問</h1><ul>
{items}
</ul><p><a href="#top">このページのトップへ戻る</a></p></main></body></html>"""
    return page.encode()


def _site() -> Site:
    routes: dict = {
        "/robots.txt": Reply(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
        LISTING: Reply(body=_listing(LINKS), etag='"L1"'),
        "/mofaj/mirror/r0.html": Reply(body=readouts()[0].body, content_type="text/html"),
        "/mofaj/area/notice.html": Reply(body=NOTICE.encode()),
        "/mofaj/area/slow.html": Reply(body=b"late", delay=1.2),
        "/mofaj/area/huge.html": Reply(body=b"<p>" * 100_000),
        "/mofaj/area/loop.html": Reply(302, headers={"Location": "/mofaj/area/loop.html?again"}),
        "/mofaj/area/loop.html?again": Reply(302, headers={"Location": "/mofaj/area/loop.html"}),
        "/private/talk.html": Reply(body=readouts()[1].body),
    }
    routes.update({path: Reply(body=r.body, content_type=r.content_type) for path, r in PAGES.items()})
    return Site(routes)


def _tree(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readouts")
    site = _site().__enter__()
    lines: list[str] = []
    outcome = crawl_listings([site.url(LISTING)], folder, policy=POLICY, today=DAY, say=lines.append, trust_env=False)
    yield site, folder, lines, outcome
    site.__exit__(None, None, None)


def test_a_crawl_takes_the_readouts_and_skips_the_rest_with_reasons(crawled):
    site, folder, _, outcome = crawled
    coverage = read_coverage(coverage_path(folder))
    assert {url: row["outcome"] for url, row in coverage.items()} == {
        site.url(LISTING): "listing",  # its link to itself (#top) is not seen twice
        site.url("/mofaj/"): "not_a_readout",  # the navigation is seen too: every link is accounted for
        **{site.url(path): outcome for path, _, outcome in LINKS},
    }
    taken = sorted(row["file_name"] for row in coverage.values() if row["outcome"] == "taken")
    assert taken == sorted(p.name for p in folder.iterdir() if p.suffix in (".html", ".pdf"))
    assert len(taken) == 4 and outcome.failures == 6  # notice, 404, time-out, huge, loop, robots.txt
    assert outcome.requests == 14  # robots.txt, the listing, 8 pages, 2 tries of the slow one, 2 hops of the loop
    mirror = coverage[site.url("/mofaj/mirror/r0.html")]
    assert mirror["detail"] == "already in readouts/ as 2005-07-06_jp-gb_meeting.html (same SHA-256)"
    assert mirror["source_sha256"] == coverage[site.url("/mofaj/area/r0.html")]["source_sha256"]
    assert coverage[site.url("/mofaj/recruit.html")]["detail"] == "the link's title names no meeting"
    assert all(row["checked"] == DAY for row in coverage.values())
    assert all(row["listing_url"] == site.url(LISTING) for url, row in coverage.items() if url != site.url(LISTING))
    asked = set(site.paths())
    assert (
        "/mofaj/recruit.html" not in asked
        and "/mofaj/area/photo.html" not in asked
        and "/private/talk.html" not in asked
    )


def test_every_skipped_or_failed_url_is_one_line_naming_it_and_the_reason(crawled):
    site, _, lines, _ = crawled
    by_url = {line.split(": ", 1)[0]: line for line in lines}
    expected = {
        "/mofaj/area/notice.html": ": not a readout: ",
        "/mofaj/area/gone.html": ": error: HTTP 404 Not Found",
        "/mofaj/area/slow.html": ": error: no answer within 0.5 s, 2 tries",
        "/mofaj/area/huge.html": ": error: too large: ",
        "/mofaj/area/loop.html": ": error: redirect loop: ",
        "/private/talk.html": ": error: refused by robots.txt of 127.0.0.1",
        "/mofaj/mirror/r0.html": ": already present: already in readouts/ as ",
    }
    for path, words in expected.items():
        assert f"{site.url(path)}{words}" in by_url[site.url(path)], by_url[site.url(path)]
    assert all("\n" not in line for line in lines)


def test_nothing_half_written_is_left_in_readouts(crawled):
    _, folder, _, _ = crawled
    names = {p.name for p in folder.iterdir()}
    assert not [n for n in names if n.startswith(".")]
    readout_files = {n for n in names if n.endswith((".html", ".pdf"))}
    assert {n.rsplit(".", 1)[0] + ".yaml" for n in readout_files} | readout_files | {"coverage.csv"} == names


def test_a_second_crawl_makes_only_conditional_requests_and_changes_nothing(crawled):
    site, folder, _, _ = crawled
    before, asked_before = _tree(folder), len(site.requests)
    lines: list[str] = []
    outcome = crawl_listings([site.url(LISTING)], folder, policy=POLICY, today=LATER, say=lines.append, trust_env=False)
    again = site.requests[asked_before:]
    assert [r.path for r in again if r.path != "/robots.txt"] == [LISTING]
    assert all(r.conditional for r in again if r.path != "/robots.txt")
    assert again[-1].headers["if-none-match"] == '"L1"'
    assert _tree(folder) == before and not outcome.coverage_changed and outcome.failures == 0
    assert lines == [f"{site.url(LISTING)}: listing not modified since {DAY}"]


def test_a_changed_listing_fetches_only_its_new_links(crawled, tmp_path):
    site, folder, _, _ = crawled
    copy = tmp_path / "readouts"
    copy.mkdir()
    for name, data in _tree(folder).items():
        (copy / name).write_bytes(data)
    site.routes[LISTING] = Reply(body=_listing([*LINKS, ("/mofaj/area/new.html", "日印首脳会談", "")]), etag='"L2"')
    asked_before = len(site.requests)
    crawl_listings([site.url(LISTING)], copy, policy=POLICY, today=LATER, say=lambda _: None, trust_env=False)
    again = [r.path for r in site.requests[asked_before:] if r.path != "/robots.txt"]
    assert again == [LISTING, "/mofaj/area/new.html"]
    coverage = read_coverage(coverage_path(copy))
    assert coverage[site.url("/mofaj/area/new.html")]["outcome"] == "http_error"
    assert coverage[site.url("/mofaj/area/new.html")]["checked"] == LATER
    assert coverage[site.url("/mofaj/area/r0.html")]["checked"] == DAY  # known URLs are left as they were


def test_the_build_publishes_the_coverage_table(crawled, tmp_path):
    _, folder, _, _ = crawled
    build(folder, tmp_path)
    table = pq.read_table(tmp_path / "dist" / "coverage.parquet").to_pylist()
    sources = pq.read_table(tmp_path / "dist" / "sources.parquet").to_pylist()
    assert table == sorted(read_coverage(coverage_path(folder)).values(), key=lambda r: r["url"])
    assert list(table[0]) == list(COLUMNS)
    assert {r["source_sha256"] for r in table if r["source_sha256"]} == {s["source_sha256"] for s in sources}
    assert sorted(s["source_format"] for s in sources) == ["html", "html", "html", "pdf"]
