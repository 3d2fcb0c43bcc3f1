"""The progress bar of a build (tqdm) on stderr: shown only on a terminal, never in CI or a pipe."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from tqdm import tqdm


def progress(label: str, total: int, *, stream: TextIO | None = None, enabled: bool | None = None, delay=2.0) -> tqdm:
    """`with progress("parsing readouts", n) as bar:` then `bar.update()` per item.

    It stays silent for the first `delay` seconds, so quick builds print nothing.
    """
    stream = stream or sys.stderr
    return tqdm(
        total=total,
        desc=label,
        unit=" readouts",
        file=stream,
        disable=not (shown_on(stream) if enabled is None else enabled),
        delay=delay,
        mininterval=0.1,
    )


def shown_on(stream) -> bool:
    """A progress bar belongs on an interactive terminal, not in CI logs or pipes."""
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")
