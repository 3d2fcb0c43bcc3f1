"""In a real browser: Datasette serving the site on 127.0.0.1, its home page, a full-text search and
every annotated readout page, with screenshots and an accessibility check (axe-core, from the
axe-playwright-python wheel, so offline).

Skipped where playwright or Chromium is missing (.ci/run installs Debian's chromium).  Screenshots go
to artifacts/screenshots/ in the checkout when CI is set (CI keeps them), else to a temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("datasette", reason="the site extra is not installed (pip install -e '.[site]')")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium to drive: apt-get install chromium (playwright's own download is not used)"
)
STATEMENTS_JS = """() => [...document.querySelectorAll('[data-statement-id]')].map(el => {
  const box = el.getBoundingClientRect(), tag = el.querySelector('.tag'), style = getComputedStyle(el);
  return {id: el.dataset.statementId, text: el.querySelector('.st-text').textContent,
          side: [...el.classList].find(c => c.startsWith('side-')), background: style.backgroundColor,
          visible: box.width > 0 && box.height > 0 && style.visibility === 'visible' && style.display !== 'none',
          label: tag.textContent, href: tag.getAttribute('href')};
})"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(site, tmp_path_factory):
    from etl.site.build import datasette_command

    port = _free_port()
    log = tmp_path_factory.mktemp("datasette") / "log.txt"
    with open(log, "wb") as out:
        proc = subprocess.Popen(datasette_command(site, "127.0.0.1", port), stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Datasette did not start:\n{log.read_text(errors='replace')}")
                time.sleep(0.25)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    if os.environ.get("CI"):
        folder = ROOT / "artifacts" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("screenshots")


def _follow(page, link) -> None:
    """Click a link and wait until the page it opens has loaded: a check made right after the click
    can see the new document half parsed (a CI run counted 55 of 61 table rows that way)."""
    with page.expect_navigation():
        link.click()
    page.wait_for_load_state("load")


def test_home_page_links_the_tables_pages_and_plots(server, page, shots, package_rows):
    page.goto(server + "/")
    assert page.inner_text("h1") == "Japan MOFA meeting readouts as data"
    assert page.get_by_role("link", name="Creative Commons Attribution 4.0 (data)").count() >= 1
    page.screenshot(path=shots / "home.png", full_page=True)
    _follow(page, page.get_by_role("link", name="Annotated readouts"))
    sync_api.expect(page.locator("main tbody tr")).to_have_count(len(package_rows["meetings"]))
    _follow(page, page.get_by_role("link", name="Plots", exact=True).first)
    for img in page.locator("figure img").all():
        assert img.evaluate("i => i.complete && i.naturalWidth > 0")
    page.screenshot(path=shots / "plots.png", full_page=True)


def test_table_page_full_text_search_links_to_the_annotated_page(server, page, shots, package_rows):
    needle = (
        "日米同盟"
        if any("日米同盟" in s["text"] for s in package_rows["statements"])
        else package_rows["statements"][0]["text"][:4]
    )
    want = sorted(s["statement_id"] for s in package_rows["statements"] if needle in s["text"])
    page.goto(f"{server}/readouts/statements?_search={needle}&_sort=statement_id")
    shown = page.locator("table.rows-and-columns tbody td.col-statement_id").all_inner_texts()
    assert sorted(shown) == want
    page.screenshot(path=shots / "search.png", full_page=False)
    _follow(page, page.locator("td.col-page a", has_text="annotated page").first)
    assert page.url.endswith(f".html#{want[0]}")
    selected = page.locator(".st.selected")
    assert selected.get_attribute("data-statement-id") == want[0]
    assert want[0] in page.inner_text("#row-body")


def test_every_statement_is_visible_highlighted_and_linked(server, page, shots, package_rows):
    by_meeting: dict[str, list[dict]] = {}
    for s in package_rows["statements"]:
        by_meeting.setdefault(s["meeting_id"], []).append(s)
    colours: dict[str, set[str]] = {}
    for i, m in enumerate(sorted(package_rows["meetings"], key=lambda m: m["meeting_id"])):
        page.goto(f"{server}/pages/{m['meeting_id']}.html")
        shown = {x["id"]: x for x in page.evaluate(STATEMENTS_JS)}
        rows = by_meeting.get(m["meeting_id"], [])
        assert sorted(shown) == sorted(s["statement_id"] for s in rows)
        for s in rows:
            x = shown[s["statement_id"]]
            assert x["visible"] and x["text"] == s["text"] and s["act"] in x["label"]
            assert x["background"] not in ("rgba(0, 0, 0, 0)", "transparent", "rgb(255, 255, 255)")
            assert x["href"] == f"/readouts/statements/{s['statement_id']}"
            colours.setdefault(x["side"], set()).add(x["background"])
        if i < 3 or m["warnings"]:
            page.screenshot(path=shots / f"readout-{m['meeting_id']}.png", full_page=True)
    assert all(len(c) == 1 for c in colours.values()) and len(set().union(*colours.values())) == len(colours)


def test_hover_shows_the_row_and_the_label_opens_it_in_datasette(server, page, package_rows):
    s = package_rows["statements"][0]
    page.goto(f"{server}/pages/{s['meeting_id']}.html")
    page.locator(f'[data-statement-id="{s["statement_id"]}"] .st-text').hover()
    panel = page.inner_text("#row-body")
    assert s["statement_id"] in panel and s["act"] in panel
    _follow(page, page.locator(f'[data-statement-id="{s["statement_id"]}"] a.tag'))
    assert page.url.endswith(f"/readouts/statements/{s['statement_id']}")
    assert s["text"][:20] in page.inner_text("body")
    _follow(page, page.get_by_role("link", name="annotated page").first)
    selected = page.locator(f'[data-statement-id="{s["statement_id"]}"]')
    sync_api.expect(selected).to_have_class(re.compile(r"\bselected$"))


def _axe(page, url: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(url)
    violations = Axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} ({len(v['nodes'])} elements)" for v in violations]


def test_pages_pass_an_automated_accessibility_check(server, page, shots, package_rows):
    m = max(package_rows["meetings"], key=lambda m: bool(m["warnings"]))
    problems = []
    for path in ("/pages/index.html", "/pages/plots.html", f"/pages/{m['meeting_id']}.html"):
        problems += [f"{path}: {p}" for p in _axe(page, server + path)]
    assert problems == []
    # Datasette's own pages are its templates and CSS: their findings are kept with the screenshots, not
    # asserted, except the page language, which the site's base.html override adds
    report = []
    for path in ("/", "/readouts/statements?_search=%E6%97%A5%E7%B1%B3%E5%90%8C%E7%9B%9F"):
        found = _axe(page, server + path)
        assert not [p for p in found if p.startswith("html-has-lang")]
        report += [f"{path}: {p}" for p in found]
    (shots / "axe-datasette.txt").write_text("\n".join(report) + "\n", encoding="utf-8")


def test_check_html_page_works_as_a_file(page, shots, tmp_path):
    from etl.cli import main
    from etl.run.parse import parse_file
    from tests.site.conftest import READOUTS

    target = tmp_path / "preview.html"
    assert main(["check", str(READOUTS[2]), "--html", str(target)]) == 0
    page.goto(target.as_uri())
    rows = parse_file(READOUTS[2]).rows["statements"]
    shown = {x["id"]: x for x in page.evaluate(STATEMENTS_JS)}
    assert sorted(shown) == sorted(s["statement_id"] for s in rows)
    assert all(shown[s["statement_id"]]["visible"] and shown[s["statement_id"]]["text"] == s["text"] for s in rows)
    last = rows[-1]["statement_id"]
    page.locator(f'[data-statement-id="{last}"] button.tag').click()
    assert last in page.inner_text("#row-body")
    page.screenshot(path=shots / "check-html.png", full_page=True)
    assert _axe(page, target.as_uri()) == []
