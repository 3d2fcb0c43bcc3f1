from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl.run.build import build
from etl.run.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
# Tests never read the checkout's readouts/ (nor its version): they build from
# these fixtures, copied to a temporary folder, so they hold whatever readouts/ holds.
SEEDS = TESTS / "fixtures" / "seeds"  # the project's two seed readouts, byte for byte; gold in tests/gold/
FIXTURES = TESTS / "fixtures" / "readouts"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The seed readouts and the fixture readouts built once into a temporary package."""
    src = tmp_path_factory.mktemp("readouts")
    for p in [*SEEDS.glob("*.txt"), *FIXTURES.glob("*.txt")]:
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
