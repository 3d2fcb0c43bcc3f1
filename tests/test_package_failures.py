"""A build that fails or is killed leaves the package it found, or the new one whole."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from etl.errors import InputErrors
from etl.package import publish
from etl.run.build import build
from etl.tables.validate import ValidationFailed

from .conftest import SEEDS
from .test_package import _tree


def test_failed_build_leaves_package_untouched(tmp_path, monkeypatch):
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    build(src, tmp_path)
    before = _tree(tmp_path)
    (src / "zz_broken.txt").write_text("これは会談の記録ではない。\n", encoding="utf-8")
    with pytest.raises(InputErrors) as err:
        build(src, tmp_path)
    assert [Path(e.file).name for e in err.value.errors] == ["zz_broken.txt"]
    assert _tree(tmp_path) == before
    (src / "zz_broken.txt").unlink()

    calls = {"n": 0}
    real = publish.write_parquet

    def failing(*args, **kwargs):  # fail half way through writing
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(publish, "write_parquet", failing)
    (src / "2009-11-13_jp-us_summit.txt").unlink()
    with pytest.raises(OSError):
        build(src, tmp_path)
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("fail_at", [2, 3, 4, 5])  # 1 is the marker's own rename: killed before publishing
def test_a_publish_killed_half_way_is_finished_by_recover(tmp_path, monkeypatch, fail_at):
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    build(src, tmp_path)
    old = _tree(tmp_path)
    (src / "2009-11-13_jp-us_summit.txt").unlink()
    real, calls = os.replace, {"n": 0}

    def dying(a, b):
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise KeyboardInterrupt("killed")
        return real(a, b)

    monkeypatch.setattr(os, "replace", dying)
    with pytest.raises(KeyboardInterrupt):
        build(src, tmp_path)
    monkeypatch.setattr(os, "replace", real)
    publish.recover(tmp_path)
    new_dir = tmp_path / "fresh"
    build(src, new_dir)
    assert _tree(tmp_path) in (old, _tree(new_dir))
    assert _tree(tmp_path) == _tree(new_dir)  # the staged package was complete: rolled forward


def test_a_validation_failure_discards_the_files_written_meanwhile(tmp_path, monkeypatch):
    import etl.run.build

    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    out = tmp_path / "pkg"
    build(src, out)
    before = _tree(out)

    def fail(rows, arrow=None):
        raise ValidationFailed(["statements [statement_id=x] act: injected"])

    monkeypatch.setattr(etl.run.build, "validate", fail)
    with pytest.raises(ValidationFailed):
        build(src, out)
    assert _tree(out) == before
    assert not (out / publish.STAGING).exists()
