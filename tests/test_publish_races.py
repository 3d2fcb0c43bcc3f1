"""Property: kill a build at a random moment, or race two, and the package is the old one or the new one.

Builds run in forked children of this process (everything is imported
already, so a build takes a fraction of a second and a kill can land in any
stage: parsing, writing, validating or the swap itself).  Hypothesis picks
when to kill (a delay, or the n-th rename of the swap) or whether to race
two builds.  After each run, a reader finds the old package or the new
one: at once when no publish is pending, and after `recover` (what the next
build does first) when one is.  Nothing outside the package changes.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.package.swap import MARKER, recover
from etl.run.build import build

from .chaos import die_at_rename as kill_at_rename
from .chaos import outside, package, project
from .conftest import FIXTURES

NEW_READOUT = FIXTURES / "2016-09-21_jp-ph_meeting.txt"


class States(tuple):
    def __repr__(self) -> str:  # hypothesis prints the arguments of a failing example: not the packages' bytes
        return f"States({self[0]})"


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> States:
    """A checkout with the old package published and a new readout added, and both packages."""
    root = project(tmp_path_factory.mktemp("template"))
    build(root / "readouts", root)
    old = package(root)
    shutil.copy(NEW_READOUT, root / "readouts" / NEW_READOUT.name)
    fresh = tmp_path_factory.mktemp("fresh")
    build(root / "readouts", fresh)
    return States((root, old, package(fresh)))


def _start(root: Path, die_at_rename: int | None = None) -> int:
    """A forked child building root; with die_at_rename, it kills itself at that os.replace."""
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        if die_at_rename is not None:
            kill_at_rename(die_at_rename)
        build(root / "readouts", root)
        code = 0
    except BaseException as exc:  # the lock held too long by the other racer, say
        code = 5 if "another build is running" in str(exc) else 1
    finally:
        os._exit(code)


runs = st.one_of(
    st.tuples(st.just("kill after"), st.floats(0, 0.8)),
    st.tuples(st.just("kill at rename"), st.integers(1, 8)),
    st.tuples(st.just("race"), st.floats(0, 0.3)),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(run=runs)
def test_killed_or_raced_builds_leave_the_old_or_the_new_package(states, tmp_path_factory, run):
    template, old, new = states
    root = tmp_path_factory.mktemp("run") / "checkout"
    shutil.copytree(template, root, symlinks=True)
    untouched = outside(root)
    kind, value = run
    if kind == "kill after":
        pid = _start(root)
        time.sleep(value)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    elif kind == "kill at rename":
        os.waitpid(_start(root, die_at_rename=value), 0)
    else:
        first = _start(root)
        time.sleep(value)
        second = _start(root)
        codes = [os.waitstatus_to_exitcode(os.waitpid(p, 0)[1]) for p in (first, second)]
        assert 0 in codes and set(codes) <= {0, 5}, codes
    if (root / MARKER).exists():
        recover(root)  # what the next build does first
        assert package(root) == new
    assert package(root) in (old, new)
    assert outside(root) == untouched
    build(root / "readouts", root)
    assert package(root) == new and outside(root) == untouched
    assert sorted(p.name for p in root.iterdir()) == [
        ".etl.lock",
        ".git",
        "datapackage.json",
        "dist",
        "docs",
        "notes.md",
        "readouts",
    ]
