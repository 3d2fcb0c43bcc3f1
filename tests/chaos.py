"""Helpers of the chaos tests: a throwaway checkout, its files, the CLI in this or another process."""

from __future__ import annotations

import codecs
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from etl.cli import main

from .conftest import ROOT, SEEDS

PACKAGE = ("datapackage.json", "dist", "docs", ".cache", ".etl.lock")  # what a build may write in a checkout
UNFINISHED = (".staging", ".dist-old", ".publish-pending")  # what a killed build may leave, for the next one
DRAFT = "..publish-pending."  # a marker being written (..publish-pending.<pid>.tmp), also left by a kill
NOBODY = 65534


def project(parent: Path, readouts: Path = SEEDS) -> Path:
    """A checkout with the seed readouts and files a build must never touch (.git, notes)."""
    root = parent / "checkout"
    shutil.copytree(readouts, root / "readouts")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / "notes.md").write_text("not the build's\n", encoding="utf-8")
    return root


def tree(root: Path, skip: tuple[str, ...] = (".cache", ".etl.lock")) -> dict[str, bytes]:
    """Every file under root (relative path -> bytes), links as their targets' names."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.split("/")[0] in skip or (".publish-pending" in skip and rel.startswith(DRAFT)):
            continue
        if path.is_symlink():
            out[rel] = f"-> {os.readlink(path)}".encode()
        elif path.is_file():
            out[rel] = path.read_bytes()
    return out


def outside(root: Path) -> dict[str, bytes]:
    """Everything in the checkout that is not the package (nor a killed build's leftovers): it must never change."""
    return tree(root, skip=PACKAGE + UNFINISHED)


def package(root: Path) -> dict[str, bytes]:
    """The published package: descriptor, dist/ and the codebook."""
    return {k: v for k, v in tree(root).items() if k.split("/")[0] in ("datapackage.json", "dist", "docs")}


def cli(*args: str, cwd: Path, timeout: float = 120, **popen) -> subprocess.CompletedProcess:
    """`python -m etl ARGS` in another process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "etl", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
        **popen,
    )


def run(capsys, *args: str) -> tuple[int, str, str]:
    """`python -m etl ARGS` in this process: exit code, stdout, stderr."""
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def fork(fn: Callable[[], int], *, unprivileged: bool = False) -> tuple[int, str]:
    """Run fn in a forked child (as user nobody when asked and this is root): exit code and stderr.

    Root ignores file permissions, so the permission tests drop to an
    ordinary user; the child inherits every module this process imported.
    """
    with tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 70
            try:
                os.dup2(err.fileno(), 2)
                sys.stderr = os.fdopen(2, "w", closefd=False)
                if unprivileged and os.geteuid() == 0:
                    for codec in ("ascii", "cp932", "euc_jp", "utf-16", "utf-8-sig", "latin-1"):
                        codecs.lookup(codec)  # this Python's own files may be out of nobody's reach
                    os.setgroups([])
                    os.setgid(NOBODY)
                    os.setuid(NOBODY)
                code = fn()
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        err.seek(0)
        return os.waitstatus_to_exitcode(status), err.read().decode("utf-8", errors="replace")


def give_away(root: Path) -> None:
    """Make root and everything under it belong to nobody (when this is root), so a dropped child can write."""
    if os.geteuid() != 0:
        return
    for path in [root, *root.rglob("*")]:
        os.lchown(path, NOBODY, NOBODY)


def shared_tmp() -> Path:
    """A folder an unprivileged child can reach (pytest's own are private to this user)."""
    folder = Path(tempfile.mkdtemp(prefix="etl-chaos-"))
    folder.chmod(0o755)
    return folder


def die_at_rename(step: int) -> None:
    """In this (forked) process: SIGKILL itself at the step-th os.replace, as a power cut mid-publish would."""
    real, calls = os.replace, [0]

    def dying(a, b):
        calls[0] += 1
        if calls[0] == step:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(a, b)

    os.replace = dying


def built_project(parent: Path) -> Path:
    """A project with the seed readouts, built once with its parse cache."""
    from etl.run.build import build
    from etl.run.cache import DEFAULT_FOLDER

    root = project(parent)
    build(root / "readouts", root, cache=root / DEFAULT_FOLDER)
    return root


def build_cli(capsys, root: Path, *more: str) -> tuple[int, str, str]:
    """`python -m etl build` on a project, as a user runs it: (exit code, stdout, stderr)."""
    args = ("--readouts", str(root / "readouts"), "--out", str(root), "--corrections", str(root / "corrections"))
    return run(capsys, "build", *args, *more)
