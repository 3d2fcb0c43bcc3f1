"""Bad input gets a clear error naming the file and line, and never reaches the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etl.errors import InputError, InputErrors
from etl.run.build import build
from etl.run.parse import parse_file, readout_files
from etl.source.sidecar import load_sidecar

from .conftest import FIXTURES, SEEDS

GOOD = (FIXTURES / "2016-09-21_jp-ph_meeting.txt").read_text(encoding="utf-8")


def _write(tmp_path: Path, data: bytes, name: str = "r.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp", "utf-16", "utf-8-sig"])
def test_japanese_encodings_are_decoded_and_recorded(tmp_path, encoding):
    rows = parse_file(_write(tmp_path, GOOD.encode(encoding))).rows
    assert rows["sources"][0]["encoding"] in (encoding, "utf-16")
    assert rows["meetings"][0]["counterpart"] == "PH"


def test_mojibake_is_refused(tmp_path):
    garbled = GOOD.encode("utf-8").decode("cp932", errors="ignore")
    with pytest.raises(InputError, match="mojibake"):
        parse_file(_write(tmp_path, garbled.encode("utf-8")))


def test_undecidable_bytes_ask_for_utf8(tmp_path):
    with pytest.raises(InputError, match="UTF-8"):
        parse_file(_write(tmp_path, bytes(range(0x80, 0xFF)) * 4))


@pytest.mark.parametrize("variant", ["crlf", "cr", "tabs", "zero_width", "nbsp"])  # controls: refused (test_chaos)
def test_line_ends_and_invisible_characters_change_nothing(tmp_path, variant):
    text = {
        "crlf": GOOD.replace("\n", "\r\n"),
        "cr": GOOD.replace("\n", "\r"),
        "tabs": GOOD.replace("、", "、\t"),
        "zero_width": GOOD.replace("総理", "総\u200b理"),
        "nbsp": GOOD.replace("\n", "\u00a0\n"),
    }[variant]
    want = parse_file(FIXTURES / "2016-09-21_jp-ph_meeting.txt").rows["statements"]
    got = parse_file(_write(tmp_path, text.encode("utf-8"))).rows["statements"]
    assert [(s["speaker_side"], s["act"]) for s in got] == [(s["speaker_side"], s["act"]) for s in want]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t\n  ", "white space"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("<!DOCTYPE html>\n<html><body><p>日米首脳会談</p></body></html>".encode(), "HTML"),
        (b"x" * 10_000_000, "too large"),
    ],
)
def test_files_that_are_not_readout_text(tmp_path, data, message):
    with pytest.raises(InputError, match=message) as err:
        parse_file(_write(tmp_path, data))
    assert str(err.value).startswith(str(tmp_path / "r.txt"))


def test_html_error_names_line_and_column(tmp_path):
    with pytest.raises(InputError) as err:
        parse_file(_write(tmp_path, "日米首脳会談\n  <div>本文</div>\n".encode()))
    assert (err.value.line, err.value.column) == (2, 3)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("2016年9月21日\n", "").replace("現地時間21日", "現地時間"), "no date"),
        (
            lambda t: t.replace("2016年9月21日", "天平3年9月21日").replace("現地時間21日", "現地時間"),
            "unknown era '天平'",
        ),
        (lambda t: t.replace("2016年9月21日", "平成31年13月40日"), "impossible date"),
        (lambda t: "\n".join(t.split("\n")[:2]) + "\n", "no statements"),  # a title and a date, no lead
    ],
)
def test_readouts_missing_what_a_readout_needs(tmp_path, edit, message):
    with pytest.raises(InputError, match=message):
        parse_file(_write(tmp_path, edit(GOOD).encode()))


def test_a_readout_cut_off_after_its_lead_is_kept_with_a_warning(tmp_path):
    parsed = parse_file(_write(tmp_path, GOOD.split("（1）")[0].encode()))
    assert parsed.rows["meetings"] and not parsed.rows["statements"]
    assert any("no statements" in str(w) for w in parsed.warnings)


def test_no_lead_and_truncation_are_warnings(tmp_path):
    text = GOOD.replace(
        "現地時間21日午後2時45分頃から約10分間，ニューヨーク滞在中の安倍総理は，ドゥテルテ大統領と立ち話を行ったところ，概要以下のとおり。\n",
        "",
    )
    parsed = parse_file(_write(tmp_path, text[:-12].encode()))
    assert "no lead paragraph found" in [w.message for w in parsed.warnings]
    assert any("mid-sentence" in w.message for w in parsed.warnings)
    assert "mid-sentence" in (parsed.rows["meetings"][0]["warnings"] or "")


def _folder(tmp_path: Path) -> Path:
    src = tmp_path / "readouts"
    shutil.copytree(SEEDS, src)
    return src


def test_same_readout_twice_and_same_meeting_twice(tmp_path):
    src = _folder(tmp_path)
    shutil.copy(src / "2009-11-13_jp-us_summit.txt", src / "copy.txt")
    (src / "other.txt").write_bytes((src / "2013-02-22_jp-us_summit.txt").read_bytes() + "\n追記。\n".encode())
    with pytest.raises(InputErrors) as err:
        build(src, tmp_path / "out")
    text = str(err.value)
    assert "identical SHA-256" in text and "same meeting (2013-02-22_us_meeting)" in text
    assert not (tmp_path / "out" / "datapackage.json").exists()


def test_sidecar_problems(tmp_path):
    path = _write(tmp_path, GOOD.encode())
    side = tmp_path / "r.yaml"
    side.write_text("url: 5\n", encoding="utf-8")
    with pytest.raises(InputError, match="url must be text") as err:
        load_sidecar(path)
    assert err.value.line == 1
    side.write_text("url: https://example.org\ncolour: blue\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown key 'colour'") as err:
        load_sidecar(path)
    assert err.value.line == 2
    marker = tmp_path / "executed"
    side.write_text(f"url: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        load_sidecar(path)
    assert not marker.exists()
    side.write_text("url: https://example.org/x\nretrieved: 2026-11-01\n", encoding="utf-8")
    assert str(load_sidecar(path)["retrieved"]) == "2026-11-01"


def test_odd_file_names_and_links(tmp_path):
    src = _folder(tmp_path)
    files = readout_files(src)
    os.rename(files[0], src / "日米 首脳会談 2009.txt")
    report = build(src, tmp_path / "out")
    assert report.readouts == len(files)
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(GOOD, encoding="utf-8")
    (src / "link.txt").symlink_to(outside)
    with pytest.raises(InputErrors, match="outside"):
        build(src, tmp_path / "out")


def test_cli_reports_every_bad_file_without_traceback(tmp_path):
    bad1 = _write(tmp_path, b"", "empty.txt")
    bad2 = _write(tmp_path, "<html>日米</html>".encode(), "page.txt")
    good = FIXTURES / "2016-09-21_jp-ph_meeting.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "etl", "check", str(bad1), str(good), str(bad2)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"{bad1}: error: the file is empty" in proc.stderr
    assert f"{bad2}:1:1: error: an HTML source page" in proc.stderr
    assert "2016-09-21_ph_meeting" in proc.stdout


@pytest.mark.parametrize(
    ("data", "where", "what"),
    [
        ("日米\n".encode() + b"\xff\xfe\xfd abc", ":2:1:", "not UTF-8 (from here on)"),
        (b"abc\ndef\x00x", ":2:4:", "binary data (NUL bytes)"),
    ],
)
def test_undecodable_bytes_are_located_by_line_and_column(tmp_path, data, where, what):
    path = _write(tmp_path, data)
    with pytest.raises(InputError) as err:
        parse_file(path)
    assert str(err.value).startswith(f"{path}{where} error: {what}")
