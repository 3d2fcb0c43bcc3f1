"""Parse workers start with Ctrl-C held back, so an interrupt cannot kill one half-imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SIGINT_BIT = 1 << 1  # signal 2, in the masks of /proc/PID/status

# Run in a fresh interpreter: the forkserver is one per process, and another test may have started it.
PROBE = """
import json, os
from multiprocessing import forkserver
from pathlib import Path
from etl.run import workers

def mask(pid, field):
    line = next(x for x in Path(f"/proc/{pid}/status").read_text().splitlines() if x.startswith(field + ":"))
    return int(line.split()[1], 16)

def me():
    return os.getpid()

if __name__ == "__main__":
    before = mask(os.getpid(), "SigBlk")
    pool = workers.pool(1, [])
    with workers.no_interrupt_while_starting():
        worker = pool.submit(me).result(timeout=60)
        server = forkserver._forkserver._forkserver_pid
        seen = {"server": mask(server, "SigBlk"), "worker_blocked": mask(worker, "SigBlk"),
                "worker_ignored": mask(worker, "SigIgn")}
    pool.shutdown()
    print(json.dumps(seen | {"before": before, "after": mask(os.getpid(), "SigBlk")}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; forkserver")
def test_the_forkserver_and_its_workers_start_with_sigint_blocked_and_the_parent_gets_it_back(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, str(probe)], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["server"] & SIGINT_BIT, "the forkserver started with Ctrl-C unblocked"
    assert seen["worker_blocked"] & SIGINT_BIT and seen["worker_ignored"] & SIGINT_BIT
    assert seen["after"] == seen["before"]


ORPHAN = """
import os, sys
from etl.run import workers
workers._server = int(sys.argv[1]) if sys.argv[1] != "parent" else os.getppid()
workers.die_with_parent()
print("alive")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG")
@pytest.mark.parametrize(("server", "lives"), [("parent", True), ("1", False)])
def test_a_worker_whose_forkserver_died_before_it_started_exits(server, lives):
    """A worker's rightful parent is the forkserver: if its parent is anyone else by the time it asks to
    die with its parent (the server was killed between fork and initializer), it exits at once."""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", ORPHAN, server], capture_output=True, text=True, cwd=root)
    assert (done.returncode == 0 and done.stdout == "alive\n") is lives, done
