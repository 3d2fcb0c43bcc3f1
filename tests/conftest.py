from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from etl.run.build import build
from etl.run.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
READOUTS = ROOT / "readouts"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readouts"
TOOLS = {".git", ".nox", ".venv", "__pycache__", ".ruff_cache", ".import_linter_cache"}  # not the suite's doing

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
    """The seed readouts and the fixtures built once into a temporary package."""
    src = tmp_path_factory.mktemp("readouts")
    for p in [*READOUTS.glob("*.txt"), *FIXTURES.glob("*.txt")]:
        shutil.copy(p, src / p.name)
    out = tmp_path_factory.mktemp("package")
    build(src, out)
    return out


@pytest.fixture
def fixture_rows():
    def parse(name: str) -> dict[str, list[dict]]:
        return parse_file(FIXTURES / name).rows

    return parse


def write_readout(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
