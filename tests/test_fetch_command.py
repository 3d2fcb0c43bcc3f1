"""`python -m etl fetch` and `crawl` from the command line: one line per URL, exit codes, atomic writes, word list."""

from __future__ import annotations

import csv
import os

import pytest
import yaml

from etl.cli import main
from etl.commands import store as store_module
from etl.extract.rules.patterns import word_re
from etl.fetch.listing import WORDS, links, meeting_words, names_meeting
from etl.run.parse import parse_file

from .local_site import Reply, Site
from .readout_pages import readouts

SJIS, EUC = readouts()[0], readouts()[1]


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def test_fetch_takes_a_page_whose_server_declares_the_wrong_charset(tmp_path, capsys):
    wrong = Reply(body=SJIS.body, content_type="text/html; charset=UTF-8", etag='"s1"')
    with Site({"/a.html": wrong}) as site:
        code = main(["fetch", site.url("/a.html"), "--readouts", str(tmp_path)])
        out = capsys.readouterr().out.splitlines()
        assert code == 0
        warning = f"{site.url('/a.html')}: warning: the HTTP header declares utf-8, but byte "
        assert [line for line in out if line.startswith(warning)], out
        assert f"{site.url('/a.html')}: taken as readouts/2005-07-06_jp-gb_meeting.html, HTML (cp932)" in out[1]
        side = yaml.safe_load((tmp_path / "2005-07-06_jp-gb_meeting.yaml").read_text(encoding="utf-8"))
        assert side["content_type"] == "text/html; charset=UTF-8" and side["etag"] == '"s1"'
        # the build reads it as the fetch did: the wrong header recorded in the sidecar gives way to <meta>
        rows = parse_file(tmp_path / "2005-07-06_jp-gb_meeting.html").rows
        assert rows["sources"][0]["encoding"] == "cp932" and rows["statements"]

        before = _files(tmp_path)
        assert main(["fetch", site.url("/a.html"), "--readouts", str(tmp_path)]) == 0
        assert site.requests[-1].headers["if-none-match"] == '"s1"'  # asked conditionally: the sidecar's ETag
        assert (
            f"{site.url('/a.html')}: unchanged since taken as 2005-07-06_jp-gb_meeting.html" in capsys.readouterr().out
        )
        assert _files(tmp_path) == before


def test_a_taken_readout_stays_when_its_page_changes_or_disappears(tmp_path, capsys):
    with Site({"/b.html": Reply(body=EUC.body, content_type=EUC.content_type)}) as site:
        assert main(["fetch", site.url("/b.html"), "--readouts", str(tmp_path)]) == 0
        before = _files(tmp_path)
        site.routes["/b.html"] = Reply(
            body=EUC.body.replace(b"</body>", "<p>追記</p></body>".encode("euc_jp")), content_type=EUC.content_type
        )
        assert main(["fetch", site.url("/b.html"), "--readouts", str(tmp_path)]) == 0
        changed = capsys.readouterr().out.splitlines()
        site.routes["/b.html"] = Reply(410)
        assert main(["fetch", site.url("/b.html"), "--readouts", str(tmp_path)]) == 1
        gone = capsys.readouterr().out.splitlines()
    name = "2013-10-08_jp-de_meeting.html"
    assert (
        changed[-3]
        == f"{site.url('/b.html')}: warning: the page has changed since it was taken as {name}, which stays; compare them"
    )
    assert gone[0] == f"{site.url('/b.html')}: error: HTTP 410 Gone (the readout taken from it stays: {name})"
    assert _files(tmp_path) == before  # coverage.csv included: the URL's readout is still taken


def test_fetch_failures_are_one_line_each_and_exit_1(tmp_path, capsys):
    routes = {"/gone.html": Reply(404), "/image.png": Reply(body=b"\x89PNG", content_type="image/png")}
    with Site(routes) as site:
        code = main(["fetch", site.url("/gone.html"), site.url("/image.png"), "--readouts", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 1 and "Traceback" not in captured.err
    lines = captured.out.splitlines()
    assert lines[0] == f"{site.url('/gone.html')}: error: HTTP 404 Not Found"
    assert lines[1] == f"{site.url('/image.png')}: not a readout: content type image/png is neither HTML nor PDF"
    assert lines[2].startswith("fetch: 3 request(s), 2 failed or held no readout")
    assert set(_files(tmp_path)) == {"coverage.csv"}


def test_a_url_that_is_no_http_address_is_one_line(tmp_path, capsys):
    assert main(["fetch", "file:///etc/passwd", "--readouts", str(tmp_path)]) == 1
    assert (
        capsys.readouterr().out.splitlines()[0]
        == "file:///etc/passwd: error: file:///etc/passwd is not an http(s) address"
    )


def test_a_failed_write_leaves_readouts_as_it_was(tmp_path, capsys, monkeypatch):
    real_replace = os.replace

    def failing(src, dst):
        if str(dst).endswith(".html"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(store_module.os, "replace", failing)
    (tmp_path / "2000-01-01_jp-us_meeting.txt").write_text("x", encoding="utf-8")
    before = _files(tmp_path)
    with Site({"/b.html": Reply(body=EUC.body, content_type=EUC.content_type)}) as site:
        code = main(["fetch", site.url("/b.html"), "--readouts", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and err.strip().endswith("No space left on device") and len(err.strip().splitlines()) == 1
    assert _files(tmp_path) == before  # neither the page, nor its sidecar, nor a temporary file


def test_files_left_by_a_killed_run_are_removed_and_never_built(tmp_path):
    (tmp_path / ".fetch-0123456789abcdef.html").write_bytes(EUC.body[:100])
    (tmp_path / ".fetch-0123456789abcdef.yaml").write_text("url: x\n", encoding="utf-8")
    with Site({"/b.html": Reply(body=EUC.body, content_type=EUC.content_type)}) as site:
        assert main(["fetch", site.url("/b.html"), "--readouts", str(tmp_path)]) == 0
    assert sorted(_files(tmp_path)) == [
        "2013-10-08_jp-de_meeting.html",
        "2013-10-08_jp-de_meeting.yaml",
        "coverage.csv",
    ]


def test_crawl_from_the_command_line(tmp_path, capsys):
    listing = (
        '<meta charset="utf-8"><ul><li><a href="/b.html">日独外相会談</a></li><li><a href="/x">お知らせ</a></li></ul>'
    )
    routes = {
        "/": Reply(body=listing.encode(), etag='"1"'),
        "/b.html": Reply(body=EUC.body, content_type=EUC.content_type),
    }
    with Site(routes) as site:
        assert main(["crawl", site.url("/"), "--readouts", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        f"{site.url('/')}: listing with 2 links",
        f"{site.url('/b.html')}: taken as readouts/2013-10-08_jp-de_meeting.html, HTML (euc_jp), {len(EUC.body):,} bytes",
    ]
    assert out[2] == f"crawl: 3 request(s); {tmp_path}/coverage.csv updated"
    assert "/x" not in site.paths()


# --- the words that make a link's title a readout ---


def test_the_word_list_is_well_formed():
    with open(WORDS, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["word"] and r["takes"] in ("yes", "no") and r["note"] for r in rows)
    words = [r["word"] for r in rows]
    assert len(words) == len(set(words))


def test_every_word_that_takes_a_link_names_a_meeting_for_the_extractor_too():
    takes, _ = meeting_words()
    assert all(word_re("meeting_words").search(f"日米{w}") for w in takes)


@pytest.mark.parametrize(
    ("title", "takes"),
    [
        ("日米首脳会談", True),
        ("日・ベトナム外相電話会談", True),
        ("グテーレス国連事務総長による岸田総理大臣への表敬", True),
        ("日EU首脳テレビ会議", True),
        ("日英外相懇談", True),
        ("G7外相会合", True),
        ("日米首脳会談後の共同記者会見", False),
        ("日米首脳会談（写真）", False),
        ("外務大臣談話", False),
        ("採用情報", False),
    ],
)
def test_titles_that_name_a_meeting(title, takes):
    assert names_meeting(title) is takes


def test_listing_links_are_absolute_once_each_and_without_fragments():
    page = """<html><head><base href="http://127.0.0.1/mofaj/"></head><body>
    <a href="kaidan/a.html#p1">日米
    首脳会談</a><a href="kaidan/a.html">again</a><a href="mailto:x@example.org">mail</a>
    <a href="javascript:void(0)">js</a><a href="/b.html" title="日英首脳会談"><img src="b.png"></a></body></html>"""
    found = links(page, "http://127.0.0.1/other/")
    assert [(link.url, link.text) for link in found] == [
        ("http://127.0.0.1/mofaj/kaidan/a.html", "日米首脳会談"),
        ("http://127.0.0.1/b.html", "日英首脳会談"),
    ]
