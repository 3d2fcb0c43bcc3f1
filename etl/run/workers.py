"""Worker processes that never outlive the build that started them.

Workers are forked by a forkserver, which the build's process starts.
Both ask the kernel to kill them when their parent dies
(`PR_SET_PDEATHSIG`, Linux): the forkserver when the build dies (it
preloads `etl.run.orphans`, which asks), the workers when the forkserver
does.  Without that, a `kill -9` of a build left both waiting for each
other for ever.  SIGINT is blocked while they start and ignored afterwards:
Ctrl-C reaches the whole process group, and it is the build's process that
stops the work, cancels what is queued and reports one line.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_server: int | None = None  # the forkserver's pid, set in it (etl.run.orphans); the workers it forks inherit it


def mark_server() -> None:
    """In the forkserver: remember its pid, which is every worker's rightful parent."""
    global _server
    _server = os.getpid()


def die_with_parent() -> None:
    """Worker initializer: be killed with the parent process; leave SIGINT to the parent.

    A worker compares its parent with the forkserver's pid, not with its
    parent of the moment: if the server died between the fork and this
    call, the worker's parent is already the reaper, and it must go.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not sys.platform.startswith("linux"):
        return
    parent = _server if _server not in (None, os.getpid()) else os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


@contextlib.contextmanager
def no_interrupt_while_starting() -> Iterator[None]:
    """Block SIGINT in this thread while processes start: they inherit the mask, so Ctrl-C cannot strike
    them half-imported; a Ctrl-C meanwhile is delivered here once the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def pool(jobs: int, preload: list[str]) -> ProcessPoolExecutor:
    """A pool of `jobs` workers: forked from a server process that preloads `preload` where possible."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["etl.run.orphans", *preload])  # orphans first: it guards the rest
    else:
        ctx = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(jobs, mp_context=ctx, initializer=die_with_parent)


def stop(executor: ProcessPoolExecutor) -> None:
    """On an error or Ctrl-C: drop the queued work and do not wait for it (running chunks end on their own)."""
    executor.shutdown(wait=False, cancel_futures=True)
