"""A one-line progress counter on stderr, shown only on a terminal and never in CI."""

from __future__ import annotations

import os
import sys
import time


class Progress:
    """`Progress("parsing", total)`; call `.step()` per item and `.close()` at the end.

    It stays silent for the first `delay` seconds, so quick builds print nothing.
    """

    def __init__(self, label: str, total: int, delay: float = 2.0, enabled: bool | None = None):
        self.label, self.total, self.count = label, total, 0
        self.start = time.monotonic()
        self.delay = delay
        self.enabled = shown_on(sys.stderr) if enabled is None else enabled
        self.shown = False
        self._last = 0.0

    def step(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        if not self.enabled or now - self.start < self.delay or now - self._last < 0.1:
            return
        self._last, self.shown = now, True
        rate = self.count / max(now - self.start, 1e-9)
        sys.stderr.write(f"\r{self.label}: {self.count}/{self.total} ({rate:.0f}/s)")
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write(f"\r{self.label}: {self.count}/{self.total} done\n")
            sys.stderr.flush()


def shown_on(stream) -> bool:
    """A progress bar belongs on an interactive terminal, not in CI logs or pipes."""
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")
