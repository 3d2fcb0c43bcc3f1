"""The corpus the table snapshot tests build, and what they compare."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.generate import write_corpus
from etl.run.build import build
from tests.test_package import _tree

N = 12


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, N, seed=5)
    return folder


@pytest.fixture
def readouts(corpus_dir, tmp_path) -> Path:
    folder = tmp_path / "readouts"
    shutil.copytree(corpus_dir, folder)
    return folder


def _clean_tree(readouts: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "clean"
    shutil.rmtree(out, ignore_errors=True)
    build(readouts, out, jobs=1)
    return _tree(out)


def _edit(readout: Path) -> None:
    text = readout.read_text(encoding="utf-8")
    readout.write_text(text + "両首脳は，引き続き連携していくことで一致した。\n", encoding="utf-8")
