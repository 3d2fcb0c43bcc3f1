"""The benchmark's memory figure counts the build's worker processes with the build's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.memory import TreeMemory, others_mb, tree_rss_mb

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")

HOLD = "import sys; block = bytearray(200 * 1024 * 1024); sys.stdout.write('ready\\n'); sys.stdout.flush(); sys.stdin.read()"


def test_a_child_holding_memory_is_counted_with_its_parent():
    me = os.getpid()
    before = tree_rss_mb(me)
    child = subprocess.Popen([sys.executable, "-c", HOLD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "ready\n"
        with TreeMemory(interval=0.01) as tree:
            during = tree_rss_mb(me)
    finally:
        child.communicate("")
    assert during - before > 150
    assert tree.peak_mb is not None and tree.peak_mb > before + 150
    assert tree_rss_mb(me) < during - 150  # the child has gone


def test_the_processes_below_are_counted_without_their_parent():
    before = others_mb(os.getpid())  # a forkserver of an earlier test may live on
    child = subprocess.Popen([sys.executable, "-c", HOLD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "ready\n"
        below = others_mb(os.getpid())
    finally:
        child.communicate("")
    assert 150 < below - before < 300  # the child's 200 MB and an interpreter, not this process's memory
