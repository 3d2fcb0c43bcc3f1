"""Issue 12, findings 6 and 8 to 10: one line instead of a traceback or a hang; clean text; no stray processes or files."""

from __future__ import annotations

import csv
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.generate import write_corpus
from etl.cli import main
from etl.package.swap import MARKER
from etl.run.build import build

from .chaos import fork, give_away, package, project, run, shared_tmp
from .conftest import FIXTURES

PH = FIXTURES / "2016-09-21_jp-ph_meeting.txt"
GOOD = PH.read_text(encoding="utf-8")


def _build(capsys, src: Path, out: Path, *more: str) -> tuple[int, str, str]:
    return run(capsys, "build", "--readouts", str(src), "--out", str(out), "--corrections", str(out / "c"), *more)


def _etl(*args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "etl", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen
    )


# 6. a read-only dist/ -----------------------------------------------------------------------------


def test_6_a_read_only_dist_stops_the_build_before_the_marker_and_every_later_build_works():
    base = shared_tmp()
    try:
        root = project(base)
        build(root / "readouts", root)
        give_away(root)
        (root / "dist").chmod(0o555)
        (root / "readouts" / "2009-11-13_jp-us_summit.txt").unlink()
        old = package(root)
        args = ["build", "--readouts", str(root / "readouts"), "--out", str(root)]
        code, err = fork(lambda: main(args), unprivileged=True)
        assert (code, err) == (
            5,
            f"{root / 'dist'}: error: not writable (make it writable (chmod u+w), then run again)\n",
        )
        assert not (root / MARKER).exists() and package(root) == old
        (root / "dist").chmod(0o755)
        for _ in range(2):
            assert fork(lambda: main(args), unprivileged=True) == (0, "")
        assert package(root) != old and not (root / ".dist-old").exists()
    finally:
        shutil.rmtree(base)


# 8. one line, never a traceback or a hang ----------------------------------------------------------


def test_8_files_that_are_not_readouts_are_each_named_and_nothing_hangs(tmp_path):
    src = tmp_path / "readouts"
    src.mkdir()
    (src / "bom.txt").write_bytes(b"\xef\xbb\xbf" + "日米首脳会談\n".encode() + b"\xff\xfe rest")
    (src / "loop.txt").symlink_to(src / "loop.txt")
    (src / "folder.txt").mkdir()
    os.mkfifo(src / "fifo.txt")
    (src / "ph.txt").write_text(GOOD, encoding="utf-8")
    proc = _etl("build", "--readouts", str(src), "--out", str(tmp_path / "out"), cwd=tmp_path)
    _, err = proc.communicate(timeout=120)
    hint = "only regular files are read: move or rename it"
    assert proc.returncode == 2 and err.splitlines() == [
        f"{src / 'bom.txt'}:2:1: error: starts with a UTF-8 byte-order mark but is not UTF-8 from here on "
        "(save the file as UTF-8)",
        f"{src / 'fifo.txt'}: error: a FIFO (named pipe), not a regular file ({hint})",
        f"{src / 'folder.txt'}: error: a folder, not a regular file ({hint})",
        f"{src / 'loop.txt'}: error: a loop of symbolic links (fix or remove the link)",
        "failed: 4 input error(s); the published package is unchanged",
    ]


def test_8_an_unreadable_readout_is_one_line(tmp_path):
    base = shared_tmp()
    try:
        root = project(base)
        build(root / "readouts", tmp_path / "warm")  # every lazy import and vocabulary, before dropping to nobody
        give_away(root)
        (root / "readouts" / "2009-11-13_jp-us_summit.txt").chmod(0)
        code, err = fork(
            lambda: main(["build", "--readouts", str(root / "readouts"), "--out", str(root)]), unprivileged=True
        )
        assert code == 2 and err.splitlines()[0] == (
            f"{root / 'readouts' / '2009-11-13_jp-us_summit.txt'}: error: cannot be read: Permission denied "
            "(check its permissions: it must be readable (and for output writable) by you)"
        )
    finally:
        shutil.rmtree(base)


def test_8_a_full_disk_is_one_line_and_the_package_stays(tmp_path):
    root = project(tmp_path)
    build(root / "readouts", root)
    old = package(root)
    (root / "readouts" / "2009-11-13_jp-us_summit.txt").unlink()

    def small_files() -> None:  # in the child: a write past 20 kB fails with EFBIG instead of killing it
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    proc = _etl("build", "--no-cache", cwd=root, preexec_fn=small_files)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 5 and len(err.splitlines()) == 1, err
    assert err.startswith(".staging/") and ": error: File too large (a file grew past the size limit" in err
    assert package(root) == old and not (root / ".staging").exists()
    assert build(root / "readouts", root).readouts == 1


@pytest.mark.parametrize(
    ("args", "code", "line"),
    [
        (["build", "--out", "{file}"], 5, "{file}: error: not a folder (the output is a folder (of datapackage.json, "),
        (["add", "{ph}", "--retrieved", "2026-13-01"], 5, "--retrieved: error: '2026-13-01' is not a day (month must"),
        (["add", "{tmp}/missing.txt"], 2, "{tmp}/missing.txt: error: cannot be read: No such file or directory (no"),
        (
            ["release", "minor", "--date", "13/01/2026"],
            5,
            "--date: error: '13/01/2026' is not a day (Invalid isoformat",
        ),
    ],
)
def test_8_bad_paths_and_arguments_are_one_line(tmp_path, capsys, monkeypatch, args, code, line):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    values = {"file": str(tmp_path / "file"), "ph": str(PH), "tmp": str(tmp_path)}
    got, _, err = run(capsys, *[a.format(**values) for a in args])
    assert got == code and len(err.splitlines()) == 1 and err.startswith(line.format(**values))


def test_8_debug_shows_the_traceback(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    proc = _etl("--debug", "build", "--out", str(tmp_path / "file"), cwd=tmp_path)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1 and "Traceback" in err and "PathError" in err


# 8 and 10: interrupts and kills leave no workers -------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 2500, seed=5)
    return folder


def _group(pgid: int) -> list[int]:
    """Live processes of a process group (Linux /proc)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


def _as_from_a_terminal() -> None:
    """In the child: Ctrl-C at its default, as a terminal starts a command.  A suite run as a background
    job of a shell inherits SIGINT ignored, and so would the build (which then rightly ignores it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start_parsing(corpus: Path, out: Path) -> subprocess.Popen:
    proc = _etl(
        "build",
        "--readouts",
        str(corpus),
        "--out",
        str(out),
        "--jobs",
        "2",
        cwd=out.parent,
        start_new_session=True,
        preexec_fn=_as_from_a_terminal,
    )
    deadline = time.monotonic() + 60
    while len(_group(proc.pid)) < 5 and time.monotonic() < deadline:  # build, tracker, forkserver, 2 workers
        time.sleep(0.05)
    assert len(_group(proc.pid)) >= 5, "the parse workers never started"
    return proc


def _gone(pgid: int, seconds: float = 30) -> bool:  # generous: a loaded 2-core machine is slow to reap
    deadline = time.monotonic() + seconds
    while _group(pgid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not _group(pgid)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_8_ctrl_c_is_one_line_and_stops_every_worker(corpus, tmp_path):
    proc = _start_parsing(corpus, tmp_path / "out")
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err
    assert err.splitlines()[-1].startswith("interrupted: the published package is unchanged")
    assert _gone(proc.pid) and not (tmp_path / "out" / "datapackage.json").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; PR_SET_PDEATHSIG")
def test_10_a_killed_build_leaves_no_workers(corpus, tmp_path):
    proc = _start_parsing(corpus, tmp_path / "out")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert _gone(proc.pid)


def test_10_add_writes_its_cache_beside_the_readouts_not_where_it_runs(tmp_path, capsys, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    root = project(tmp_path)
    assert run(capsys, "add", str(PH), "--readouts", str(root / "readouts"))[0] == 0
    assert list(elsewhere.iterdir()) == [] and (root / ".cache" / "parse").is_dir()


# 9. what reaches the CSVs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "where"),
    [
        (
            "r.txt",
            GOOD.replace("。\n", "。\x07\n", 1),
            "/r.txt:3:69: error: the text holds U+0007 (a control character)",
        ),
        (
            "r.txt",
            GOOD.replace("安倍", "安\u202e倍", 1),
            "/r.txt:3:35: error: the text holds U+202E (RIGHT-TO-LEFT OVERRIDE)",
        ),
        (
            "r.txt",
            GOOD.replace("日", "\u2066日", 1),
            "/r.txt:1:1: error: the text holds U+2066 (LEFT-TO-RIGHT ISOLATE)",
        ),
        ("r\nx.txt", GOOD, ": error: the file name 'r\\nx.txt' holds U+000A (a control character) (rename the file)"),
    ],
)
def test_9_control_and_direction_characters_in_readouts_are_refused_where_they_are(tmp_path, capsys, name, data, where):
    src = tmp_path / "readouts"
    src.mkdir()
    (src / name).write_text(data, encoding="utf-8")
    code, _, err = _build(capsys, src, tmp_path / "out")
    assert code == 2 and err.splitlines()[0].startswith(f"{src}{where}")


@pytest.mark.parametrize(
    ("sidecar", "line"),
    [
        (
            'url: "https://www.mofa.go.jp/a\\nb"\n',
            ":1: error: url must be an http(s) address (no white space or control",
        ),
        ("url: https:///mofaj/page.html\n", ":1: error: url must be an http(s) address (it names no host), not 'https"),
        ("url: javascript:alert(1)\n", ":1: error: url must be an http(s) address (it must start with http:// or "),
        ("notes: ok\ntitle: a\u202eb\n", ":2:9: error: the text holds U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ('notes: "a\\u0000b"\n', ":1: error: notes holds U+0000 (a control character)"),
    ],
)
def test_9_sidecar_urls_and_text_are_checked(tmp_path, capsys, sidecar, line):
    src = tmp_path / "readouts"
    src.mkdir()
    (src / PH.name).write_text(GOOD, encoding="utf-8")
    (src / PH.with_suffix(".yaml").name).write_text(sidecar, encoding="utf-8")
    code, _, err = _build(capsys, src, tmp_path / "out")
    assert code == 2 and err.startswith(f"{src / PH.with_suffix('.yaml').name}{line}")


def test_9_cells_are_written_verbatim_not_as_formulas(tmp_path):
    src = tmp_path / "readouts"
    src.mkdir()
    (src / PH.name).write_text(GOOD, encoding="utf-8")
    (src / PH.with_suffix(".yaml").name).write_text("license: '=HYPERLINK(\"x\")'\npublisher: '+1'\n", "utf-8")
    build(src, tmp_path / "out")
    with open(tmp_path / "out" / "dist" / "sources.csv", encoding="utf-8", newline="") as fh:
        (row,) = csv.DictReader(fh)
    assert (row["license"], row["publisher"]) == ('=HYPERLINK("x")', "+1")
