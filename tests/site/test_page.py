"""The annotated readout page: every statement shown, highlighted, labelled and linked; agreements,
topics, participants, warnings and corrections on it; text escaped; check --html for a new readout."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import markupsafe
import pytest

from etl.cli import main
from etl.run.parse import parse_file
from etl.site.links import Links
from etl.site.page import meeting_rows, plain, readout_page, side_class
from tests.site.conftest import READOUTS
from tests.site.html import read_page

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pages(site, package_rows):
    """meeting_id -> (its rows, the page the site wrote for it)."""
    out = {}
    for m in package_rows["meetings"]:
        mid = m["meeting_id"]
        html = (site / "pages" / f"{mid}.html").read_text(encoding="utf-8")
        out[mid] = (meeting_rows(package_rows, mid), read_page(html), html)
    return out


def test_every_statement_is_shown_highlighted_labelled_and_linked(pages):
    checked = 0
    for rows, page, _ in pages.values():
        assert set(page.statements) == {s["statement_id"] for s in rows["statements"]}
        for s in rows["statements"]:
            shown = page.statements[s["statement_id"]]
            assert shown.text == s["text"]
            assert f"side-{side_class(s['speaker_side'])}" in shown.attrs["class"].split()
            assert json.loads(shown.attrs["data-row"]) == plain(s)
            assert shown.attrs["data-act"] == s["act"] and shown.attrs["data-side"] == (s["speaker_side"] or "")
            assert s["act"] in shown.label and (s["speaker_side"] or "speaker unknown") in shown.label
            assert shown.href == f"/readouts/statements/{s['statement_id']}"
            assert s["statement_id"] in shown.attrs["title"]  # the row, on hover, without script
            checked += 1
    assert checked > 300


def test_statements_appear_in_text_order_inside_the_source_text(pages):
    for rows, _, html in pages.values():
        positions = [html.index(f'data-statement-id="{s["statement_id"]}"') for s in rows["statements"]]
        order = [s["statement_id"] for s in sorted(rows["statements"], key=lambda s: s["char_start"])]
        assert [s["statement_id"] for _, s in sorted(zip(positions, rows["statements"]))] == order


def test_agreed_content_is_marked_inside_its_statement(pages):
    marked = 0
    for rows, page, _ in pages.values():
        for a in rows["agreements"]:
            mark = page.ids[a["agreement_id"]]
            assert mark.tag == "mark" and mark.text == a["content"]
            assert mark.parent_statement == a["statement_id"]
            st = page.statements[a["statement_id"]]
            assert json.loads(st.attrs["data-agreement"]) == plain(a)
            if a["refers_to_statement_id"]:
                assert "taking up " + a["refers_to_statement_id"].rsplit("-", 1)[-1] in st.label
            marked += 1
    assert marked > 50


def test_topics_are_headings_and_participants_are_listed(pages):
    headings = 0
    for rows, page, _ in pages.values():
        for t in rows["topics"]:
            el = page.ids[t["topic_id"]]
            assert t["heading"] in el.text
            headings += el.tag in {"h3", "h4", "h5", "h6"}
        for p in rows["participants"]:
            row = page.ids[p["participant_id"]]
            assert row.tag == "tr" and p["name"] in row.text
    assert headings > 50


def test_warnings_and_corrections_are_shown(pages, package_rows):
    warned = [(rows, html) for rows, _, html in pages.values() if rows["meetings"][0]["warnings"]]
    assert warned, "the fixtures should include a readout with warnings"
    for rows, html in warned:
        for w in rows["meetings"][0]["warnings"].split(" | "):
            assert f"<li>{markupsafe.escape(w)}</li>" in html
    (c,) = package_rows["corrections"]
    _, page, html = pages[c["meeting_id"]]
    assert f'href="#{c["row_id"]}"' in html and c["row_id"] in page.ids
    assert markupsafe.escape(c["reason"]) in html


def test_text_is_escaped(package_rows):
    rows = meeting_rows(package_rows, package_rows["statements"][0]["meeting_id"])
    rows = {t: [dict(r) for r in rs] for t, rs in rows.items()}
    evil = "<script>alert(1)</script>"
    s = rows["statements"][0]
    src = rows["sources"][0]
    src["text"] = src["text"][: s["char_start"]] + evil + src["text"][s["char_end"] :]
    s["text"], s["char_end"] = evil, s["char_start"] + len(evil)
    rows["statements"] = [s]
    rows["participants"][0]["name"] = '"><b>x'
    html = readout_page(rows, Links(served=False))
    assert "<script>alert" not in html and '"><b>x' not in html
    assert read_page(html).statements[s["statement_id"]].text == evil


def test_check_html_writes_the_page_of_a_readout_outside_readouts(tmp_path, capsys):
    readout = tmp_path / "elsewhere" / READOUTS[1].name
    readout.parent.mkdir()
    shutil.copy(READOUTS[1], readout)
    target = tmp_path / "preview.html"
    assert main(["check", str(readout), "--html", str(target)]) == 0
    assert f"wrote {target}" in capsys.readouterr().out
    rows = parse_file(readout).rows
    page = read_page(target.read_text(encoding="utf-8"))
    assert set(page.statements) == {s["statement_id"] for s in rows["statements"]}
    for s in rows["statements"]:
        shown = page.statements[s["statement_id"]]
        assert shown.text == s["text"] and shown.href is None  # no server to link to
    html = target.read_text(encoding="utf-8")
    assert "check --html" in html and "src=" not in html  # one self-contained file


def test_check_html_takes_one_readout(tmp_path, capsys):
    assert main(["check", str(READOUTS[0]), str(READOUTS[1]), "--html", str(tmp_path / "x.html")]) == 2
    assert "one readout" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_check_html_needs_no_site_extra(tmp_path):
    """`nox -s check` installs the package without the `site` extra: the page must not need sqlite-utils."""
    target = tmp_path / "preview.html"
    code = (
        "import sys\n"
        "sys.modules.update(sqlite_utils=None, datasette=None)  # importing either now fails\n"
        "from etl.cli import main\n"
        f"sys.exit(main(['check', {str(READOUTS[0])!r}, '--html', {str(target)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert 'class="st ' in target.read_text(encoding="utf-8")
