"""Contributing a readout: `check` tells what was extracted and what is wrong, `add` takes it in."""

from __future__ import annotations

import shutil

import yaml

from etl.cli import main

from .conftest import FIXTURES, SEEDS

GOOD = FIXTURES / "2016-09-21_jp-ph_meeting.txt"
MOFA_URL = "https://www.mofa.go.jp/mofaj/s_sa/sea2/ph/page3_001825.html"
UNKNOWN_TITLE = (
    "日米首脳電話会談\n"
    "令和3年1月28日\n"
    "28日、菅総理大臣は、バイデン米国大統領と電話会談を行ったところ、概要は以下のとおり。\n"
    "1.菅総理から、協力を進めたい旨述べた。\n"
    "2.サキ報道官から、会談の意義を説明した。\n"
)


def test_check_a_good_readout_prints_what_was_extracted(capsys):
    assert main(["check", str(GOOD)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{GOOD}: 2016-09-21_ph_meeting\n  2016-09-21 PH meeting/leaders start=14:45 duration=10\n")
    assert "    JP principal 安倍" in out
    assert "    L4   JP    stated     " in out
    assert out.endswith("checked 1 readout(s): 1 fine, 0 with warnings, 0 with errors\n")


def test_check_a_bad_readout_names_file_line_and_what_is_wrong(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("日米首脳会談\n本文のみ。\n", encoding="utf-8")
    assert main(["check", str(bad), str(GOOD)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{bad}:1:1: error: no date: neither a page date nor a date in the lead "
        "(add the date line (e.g. 令和5年1月13日) under the title)",
        "checked 2 readout(s): 1 fine, 0 with warnings, 1 with errors",
    ]


def test_check_warns_of_an_unknown_title_with_line_and_column(tmp_path, capsys):
    path = tmp_path / "call.txt"
    path.write_text(UNKNOWN_TITLE, encoding="utf-8")
    assert main(["check", "--quiet", str(path)]) == 0
    out = capsys.readouterr()
    assert out.err.splitlines() == [
        f"{path}:5:3: warning: speaker 'サキ報道官' has a title or name not in etl/extract/rules/titles.csv"
    ]
    assert out.out == "checked 1 readout(s): 0 fine, 1 with warnings, 0 with errors\n"


def test_check_warns_when_the_lead_gives_no_date(tmp_path, capsys):
    path = tmp_path / "lead.txt"
    path.write_text(UNKNOWN_TITLE.replace("28日、", "").replace("2.サキ報道官から", "2.バイデン大統領から"), "utf-8")
    main(["check", "--quiet", str(path)])
    assert capsys.readouterr().err == f"{path}:3:1: warning: the lead gives no date: the page date is used\n"


def test_check_a_folder_checks_every_readout_and_finds_the_same_meeting_twice(tmp_path, capsys):
    shutil.copy(GOOD, tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(GOOD.read_bytes() + "追記。\n".encode())
    assert main(["check", "--quiet", str(tmp_path)]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert errors == [  # once, and no validation dump of the rows the two share
        f"{tmp_path / 'b.txt'}: error: describes the same meeting (2016-09-21_ph_meeting) as a.txt "
        "(keep one readout per meeting)"
    ]


def test_check_a_missing_file_or_an_empty_folder_is_one_line_each(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["check", "--quiet", str(tmp_path / "nope.txt"), str(tmp_path / "empty"), str(GOOD)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{tmp_path / 'nope.txt'}: error: no such file or folder (give readout .txt files, or folders of them)",
        f"{tmp_path / 'empty'}: error: a folder with no readouts (*.txt) in it (give readout .txt files, or folders of them)",
        "checked 3 readout(s): 1 fine, 0 with warnings, 2 with errors",
    ]


def test_add_of_a_missing_file_is_one_line(tmp_path, capsys):
    assert main(["add", str(tmp_path / "nope.txt"), "--readouts", str(tmp_path / "readouts")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"{tmp_path / 'nope.txt'}: error:") and "no such file" in err.lower()


def _incoming(tmp_path, data: bytes, name: str = "download.txt"):
    path = tmp_path / "incoming" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def test_add_copies_the_readout_under_its_canonical_name_with_a_sidecar(tmp_path, capsys):
    readouts = tmp_path / "readouts"
    shutil.copytree(SEEDS, readouts)
    new = _incoming(tmp_path, GOOD.read_bytes())
    code = main(["add", str(new), "--url", MOFA_URL, "--retrieved", "2026-11-01", "--readouts", str(readouts)])
    assert code == 0
    target = readouts / "2016-09-21_jp-ph_meeting.txt"
    assert target.read_bytes() == GOOD.read_bytes()
    assert yaml.safe_load(target.with_suffix(".yaml").read_text(encoding="utf-8")) == {
        "url": MOFA_URL,
        "publisher": "外務省",
        "retrieved": __import__("datetime").date(2026, 11, 1),
        "license": "政府標準利用規約（第2.0版）",
    }
    assert f"added {target}" in capsys.readouterr().out
    assert main(["check", "--quiet", str(readouts)]) == 0


def test_add_refuses_a_copy_of_a_readout_already_there(tmp_path, capsys):
    readouts = tmp_path / "readouts"
    shutil.copytree(SEEDS, readouts)
    seed = sorted(SEEDS.glob("*.txt"))[0]
    new = _incoming(tmp_path, seed.read_bytes())
    assert main(["add", str(new), "--readouts", str(readouts)]) == 2
    assert capsys.readouterr().err == f"{new}: error: already in readouts/ as {seed.name} (same SHA-256)\n"
    assert sorted(p.name for p in readouts.iterdir()) == sorted(p.name for p in SEEDS.iterdir())


def test_add_refuses_a_second_readout_of_the_same_meeting(tmp_path, capsys):
    readouts = tmp_path / "readouts"
    readouts.mkdir()
    shutil.copy(GOOD, readouts / "ph.txt")
    new = _incoming(tmp_path, GOOD.read_bytes() + "追記。\n".encode())
    assert main(["add", str(new), "--readouts", str(readouts)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{new}: error: readouts/ph.txt already describes this meeting (2016-09-21_ph_meeting)")
    assert [p.name for p in readouts.iterdir()] == ["ph.txt"]


def test_add_refuses_what_check_refuses_and_copies_nothing(tmp_path, capsys):
    readouts = tmp_path / "readouts"
    new = _incoming(tmp_path, "日米首脳会談\n本文のみ。\n".encode())
    assert main(["add", str(new), "--readouts", str(readouts)]) == 2
    assert "error: no date" in capsys.readouterr().err
    assert not readouts.exists()


def test_add_without_url_records_only_the_day_and_says_how_to_add_the_url(tmp_path, capsys):
    readouts = tmp_path / "readouts"
    new = _incoming(tmp_path, GOOD.read_bytes())
    assert main(["add", str(new), "--retrieved", "2026-01-02", "--readouts", str(readouts)]) == 0
    side = readouts / "2016-09-21_jp-ph_meeting.yaml"
    assert side.read_text(encoding="utf-8") == "retrieved: 2026-01-02\n"
    (warning,) = [line for line in capsys.readouterr().err.splitlines() if "warning: no --url" in line]
    assert warning.startswith(f"{readouts / '2016-09-21_jp-ph_meeting.txt'}: warning: no --url given")
    assert f"add the line `url: https://www.mofa.go.jp/...` to {side}" in warning


def test_add_with_url_gives_no_provenance_warning(tmp_path, capsys):
    new = _incoming(tmp_path, GOOD.read_bytes())
    assert main(["add", str(new), "--url", MOFA_URL, "--readouts", str(tmp_path / "readouts")]) == 0
    assert "no --url" not in capsys.readouterr().err
