"""Wall time and peak memory of each stage of a build, for the benchmark and `--timings`."""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    scale = 1 / 1024 / 1024 if sys.platform == "darwin" else 1 / 1024  # bytes on macOS, kB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


@dataclass
class Stage:
    name: str
    seconds: float
    peak_mb: float  # this process, peak so far at the end of the stage


@dataclass
class Stages:
    """Collects one `Stage` per `with stages.run(name):` block, plus per-readout step times from workers."""

    done: list[Stage] = field(default_factory=list)
    worker_seconds: dict[str, float] = field(default_factory=dict)
    worker_peak_mb: float = 0.0

    @contextmanager
    def run(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.done.append(Stage(name, time.perf_counter() - start, peak_rss_mb()))

    def add_worker(self, seconds: dict[str, float], peak_mb: float) -> None:
        """Step times and peak memory reported by the process that parsed one readout."""
        for step, s in seconds.items():
            self.worker_seconds[step] = self.worker_seconds.get(step, 0.0) + s
        self.worker_peak_mb = max(self.worker_peak_mb, peak_mb)
