"""A Ctrl-C during a build is never lost, even if the KeyboardInterrupt it raised was.

Python raises KeyboardInterrupt wherever the main thread happens to be when
the signal's handler runs. If that is inside a finaliser or a weakref
callback (multiprocessing and concurrent.futures run some while a pool is
busy), Python prints "Exception ignored" and carries on: the build would
then finish and publish as if nobody had pressed Ctrl-C. While `remembered()`
is active, the handler also records the signal, and `raise_if_interrupted()`
raises it again at the build's checkpoints: after each parsed readout and
before publishing.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

_received = threading.Event()


def _remember_and_raise(signum: int, frame: object) -> None:
    _received.set()
    raise KeyboardInterrupt


@contextlib.contextmanager
def remembered() -> Iterator[None]:
    """Record SIGINT while inside; only in the main thread, and only over Python's own handler."""
    if threading.current_thread() is not threading.main_thread() or (
        signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    _received.clear()
    signal.signal(signal.SIGINT, _remember_and_raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _received.clear()


def raise_if_interrupted() -> None:
    """KeyboardInterrupt if a Ctrl-C came while `remembered()` was active, wherever it was swallowed."""
    if _received.is_set():
        raise KeyboardInterrupt
