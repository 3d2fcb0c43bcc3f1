from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from etl.run.build import build
from etl.run.parse import parse_file
from etl.source.coverage import coverage_path, write_coverage

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
# Tests never read the checkout's readouts/ (nor its version): they build from
# these fixtures, copied to a temporary folder, so they hold whatever readouts/ holds.
SEEDS = TESTS / "fixtures" / "seeds"  # the project's two seed readouts, byte for byte; gold in tests/gold/
FIXTURES = TESTS / "fixtures" / "readouts"
# one Japanese readout and its English twin, so that every table of the package has rows
TWINS = [
    FIXTURES.parent / "ja" / "readouts" / "2021-03-10_jp-no_video.txt",
    FIXTURES.parent / "en" / "readouts" / "2021-03-10_jp-no_video_en.txt",
]
TOOLS = {
    ".git",
    ".nox",
    ".venv",
    "__pycache__",
    ".ruff_cache",
    ".import_linter_cache",
    "artifacts",
}  # not the suite's doing

# hypothesis keeps no example database, and its other files go to a temporary folder, not .hypothesis/
HYPOTHESIS_HOME = Path(tempfile.mkdtemp(prefix="etl-tests-hypothesis-"))
set_hypothesis_home_dir(HYPOTHESIS_HOME)
settings.register_profile("no-files", database=None)
settings.load_profile("no-files")


def _checkout() -> dict[str, tuple[int, int]]:
    """Every file of the checkout but tools' caches: path -> (size, modification time)."""
    out = {}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in TOOLS and not d.endswith(".egg-info")]
        for name in files:
            st = os.lstat(os.path.join(folder, name))
            out[os.path.relpath(os.path.join(folder, name), ROOT)] = (st.st_size, st.st_mtime_ns)
    return out


@pytest.fixture(scope="session", autouse=True)
def checkout_untouched():
    """The suite writes only to temporary folders: fail if it created or changed a file of the checkout."""
    before = _checkout()
    yield
    shutil.rmtree(HYPOTHESIS_HOME, ignore_errors=True)
    after = _checkout()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"the tests wrote into the checkout: {changed[:10]}"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The seed readouts and the fixture readouts built once into a temporary package."""
    src = tmp_path_factory.mktemp("readouts")
    for p in [*SEEDS.glob("*.txt"), *FIXTURES.glob("*.txt"), *TWINS]:
        shutil.copy(p, src / p.name)
    write_coverage(coverage_path(src), sample_coverage(sorted(src.glob("*.txt"))[0]))
    out = tmp_path_factory.mktemp("package")
    build(src, out)
    return out


def sample_coverage(taken: Path) -> dict[str, dict]:
    """Coverage rows of a crawl on 127.0.0.1 that took `taken` (a readout file) and skipped the rest."""
    base, day = "http://127.0.0.1:8000/mofaj", dt.date(2026, 11, 2)
    rows = [
        {
            "url": f"{base}/kaidan/index.html",
            "outcome": "listing",
            "detail": "4 links",
            "etag": '"v1"',
        },
        {
            "url": f"{base}/a/1.html",
            "outcome": "taken",
            "detail": f"taken as readouts/{taken.name}",
            "file_name": taken.name,
            "source_sha256": hashlib.sha256(taken.read_bytes()).hexdigest(),
            "link_text": "日米首脳会談",
        },
        {
            "url": f"{base}/a/2.html",
            "outcome": "not_a_readout",
            "detail": "the link's title names no meeting",
            "link_text": "採用情報",
        },
        {
            "url": f"{base}/a/3.html",
            "outcome": "http_error",
            "detail": "HTTP 404 Not Found",
            "link_text": "日加首脳会談",
        },
    ]
    for row in rows:
        row.setdefault("listing_url", None if row["outcome"] == "listing" else rows[0]["url"])
        row["checked"] = day
    return {row["url"]: row for row in rows}


@pytest.fixture
def fixture_rows():
    def parse(name: str) -> dict[str, list[dict]]:
        return parse_file(FIXTURES / name).rows

    return parse


def write_readout(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def as_never_released(root: Path, version: str = "0.1.0") -> None:
    """Make a copied project look unreleased at `version`, whatever the checkout's release is."""
    meta_path = root / "schemas" / "package.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["version"] = version
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    citation = root / "CITATION.cff"
    if citation.exists():
        text = re.sub(r'^version: ".*"$', f'version: "{version}"', citation.read_text(encoding="utf-8"), flags=re.M)
        citation.write_text(re.sub(r"^date-released: .*\n", "", text, flags=re.M), encoding="utf-8")
