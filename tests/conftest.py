from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl.run.build import build
from etl.run.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
READOUTS = ROOT / "readouts"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readouts"
# one Japanese readout and its English twin, so that every table of the package has rows
TWINS = [
    FIXTURES.parent / "ja" / "readouts" / "2021-03-10_jp-no_video.txt",
    FIXTURES.parent / "en" / "readouts" / "2021-03-10_jp-no_video_en.txt",
]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The seed readouts and the fixtures built once into a temporary package."""
    src = tmp_path_factory.mktemp("readouts")
    for p in [*READOUTS.glob("*.txt"), *FIXTURES.glob("*.txt"), *TWINS]:
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
