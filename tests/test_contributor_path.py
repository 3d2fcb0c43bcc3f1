"""A contribution made as CONTRIBUTING.md says keeps everything green, in a fresh clone.

The clone is of the current HEAD (committed work only). In it, as a
contributor would: `add` a fixture readout that the clone does not hold yet
(with --url), `build`, write a correction of one of its statements, `build`
again and cut a release (`release minor`). Then what CI runs must pass there:
`check` of every readout, `stale`, `frictionless validate datapackage.json`,
and a fast subset of the test suite (SUBSET below: every test module that
once depended on what readouts/ holds or on the version, plus the gold and
package tests; the whole suite takes about 100 s, too long to run twice in
CI). The clone's own copy of this module is not run (MOFA_IN_CLONE).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from etl.commands.release import bump
from etl.tables.schema import TABLES

from .conftest import FIXTURES, ROOT

INSIDE = "MOFA_IN_CLONE"
URL = "https://www.mofa.go.jp/mofaj/example/page_000001.html"
SUBSET = [
    "tests/test_no_seed_text.py",
    "tests/test_release.py",
    "tests/test_corrections.py",
    "tests/test_contribute.py",
    "tests/test_docs.py",
    "tests/test_gold.py",
    "tests/test_package.py",
    "tests/test_bad_input.py::test_odd_file_names_and_links",
]


def _env(clone: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["PYTHONPATH"] = str(clone)  # the clone's etl/, not this checkout's
    env[INSIDE] = "1"
    return env


def _run(clone: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, *args], cwd=clone, env=_env(clone), capture_output=True, text=True, check=False
    )
    if ok:
        assert proc.returncode == 0, f"{' '.join(args)}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def _rows(root: Path, table: str) -> list[dict]:
    with open(root / "dist" / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _version(root: Path) -> str:
    return json.loads((root / "schemas" / "package.json").read_text(encoding="utf-8"))["version"]


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    if os.environ.get(INSIDE):
        pytest.skip("this is the clone made by this test: not cloning again")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing to clone")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
    dst = tmp_path_factory.mktemp("clone") / "repo"
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(dst)], check=True)
    subprocess.run(["git", "checkout", "--quiet", "--detach", head.stdout.strip()], cwd=dst, check=True)
    return dst


@pytest.fixture(scope="module")
def contributed(clone: Path, tmp_path_factory) -> dict:
    """The clone after a contributor's add, build, correction and minor release."""
    incoming = tmp_path_factory.mktemp("incoming") / "readout.txt"
    meetings_before = {r["meeting_id"] for r in _rows(clone, "meetings")}
    version_before = _version(clone)
    for candidate in sorted(FIXTURES.glob("*.txt")):
        shutil.copy(candidate, incoming)
        added = _run(clone, "-m", "etl", "add", str(incoming), "--url", URL, ok=False)
        if added.returncode == 0:
            break
        assert "already" in added.stderr, added.stderr  # only a readout the clone holds may be refused
    else:
        pytest.fail("every fixture readout is in readouts/ already: add a new one to tests/fixtures/readouts/")
    _run(clone, "-m", "etl", "build")
    (meeting,) = {r["meeting_id"] for r in _rows(clone, "meetings")} - meetings_before
    statement = next(s for s in _rows(clone, "statements") if s["meeting_id"] == meeting and s["act"] != "explained")
    (source,) = [s for s in _rows(clone, "sources") if s["meeting_id"] == meeting]
    correction = {
        "readout_sha256": source["source_sha256"],
        "table": "statements",
        "id": statement["statement_id"],
        "field": "act",
        "old": statement["act"],
        "new": "explained",
        "who": "A. Contributor",
        "why": "the clause explains a position",
    }
    path = clone / "corrections" / f"{meeting}.yaml"
    path.write_text(yaml.safe_dump([correction], allow_unicode=True, sort_keys=False), encoding="utf-8")
    _run(clone, "-m", "etl", "build")
    released = _run(clone, "-m", "etl", "release", "minor")
    return {
        "meeting": meeting,
        "statement": statement["statement_id"],
        "before": version_before,
        "after": _version(clone),
        "released": released.stdout,
        "added": added.stdout + added.stderr,
    }


def test_a_contribution_keeps_the_clone_green(clone, contributed):
    assert contributed["after"] == bump(contributed["before"], "minor")
    assert f"released {contributed['after']}" in contributed["released"]
    assert "no --url" not in contributed["added"]
    sidecar = next((clone / "readouts").glob(f"{contributed['meeting'][:10]}*.yaml"))
    assert yaml.safe_load(sidecar.read_text(encoding="utf-8"))["url"] == URL
    fixed = {s["statement_id"]: s for s in _rows(clone, "statements")}[contributed["statement"]]
    assert fixed["act"] == "explained"
    assert f"## {contributed['after']} (" in (clone / "CHANGELOG.md").read_text(encoding="utf-8")
    descriptor = json.loads((clone / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == contributed["after"]

    etl_file = _run(clone, "-c", "import etl; print(etl.__file__)").stdout.strip()
    assert Path(etl_file).is_relative_to(clone), etl_file  # the clone's code was under test
    _run(clone, "-m", "etl", "check", "--quiet", "readouts")
    _run(clone, "-m", "etl", "stale")
    _run(clone, "-m", "frictionless", "validate", "datapackage.json")
    suite = _run(clone, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUBSET, ok=False)
    assert suite.returncode == 0, suite.stdout[-6000:] + suite.stderr[-2000:]


def test_datasets_loads_every_table_of_the_clone(clone, contributed, tmp_path, monkeypatch):
    """Through the dataset card in README.md (after the contribution, every table has rows:
    `datasets` refuses an empty table)."""
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    datasets = pytest.importorskip(
        "datasets", reason="Hugging Face `datasets` is not installed (pip install datasets to run this check)"
    )
    import pyarrow.parquet as pq

    for table in TABLES:
        want = pq.read_table(clone / "dist" / f"{table}.parquet")
        if want.num_rows == 0:  # datasets cannot load a table with no rows (README says so)
            continue
        data = datasets.load_dataset(str(clone), table, split="train", cache_dir=str(tmp_path / "hf"))
        assert (data.num_rows, data.column_names) == (want.num_rows, want.column_names), table
