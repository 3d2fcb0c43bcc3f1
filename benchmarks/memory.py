"""Peak memory of a process and all its descendants together, sampled while they run.

The sum of each process's own peak overstates the peak of the whole: the
workers have exited before the build process reaches its own peak. This
samples the resident memory of the process tree every `interval` seconds, on
a thread, and keeps the largest sum (Linux: /proc; elsewhere it reports None).
Resident memory counts pages a worker shares with its forkserver once per
process, so the figure errs high, never low, except for spikes shorter than
the interval.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

PROC = Path("/proc")


def _parents() -> dict[int, int]:
    out = {}
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process has gone
        fields = text[text.rindex(")") + 2 :].split()
        out[int(stat.parent.name)] = int(fields[1])
    return out


def _rss_kb(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def others_mb(root: int) -> float:
    """Resident memory of the processes below root (a pool's forkserver and resource tracker outlive it)."""
    return tree_rss_mb(root) - _rss_kb(root) / 1024


def tree_rss_mb(root: int) -> float:
    """Resident memory of root and every process below it, in MB."""
    parents = _parents()
    tree, grew = {root}, True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= below
        grew = bool(below)
    return sum(_rss_kb(pid) for pid in tree) / 1024


class TreeMemory:
    """`with TreeMemory() as m: …` then `m.peak_mb` (None where /proc is missing)."""

    def __init__(self, interval: float = 0.1):
        self.interval = interval
        self.peak_mb: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        root = os.getpid()
        while True:
            self.peak_mb = max(self.peak_mb or 0.0, tree_rss_mb(root))
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> TreeMemory:
        if (PROC / "self" / "status").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._thread.is_alive():
            self._stop.set()
            self._thread.join()
