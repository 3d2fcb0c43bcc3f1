"""A Ctrl-C whose KeyboardInterrupt is swallowed (in a finaliser, say) still stops the build unpublished."""

from __future__ import annotations

import os
import signal
import time

import pytest

from etl.run import interrupts, parse
from etl.run.build import build

from .conftest import FIXTURES


def _swallowed_ctrl_c() -> None:
    """What Python does with a KeyboardInterrupt raised inside a finaliser: print it and carry on."""
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)  # the handler runs here, at the latest
    except KeyboardInterrupt:
        pass


def test_a_swallowed_ctrl_c_stops_the_build_and_nothing_is_published(tmp_path, monkeypatch):
    real, calls = parse.extract, []

    def extract(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            _swallowed_ctrl_c()
        return real(*args, **kwargs)

    monkeypatch.setattr(parse, "extract", extract)
    with pytest.raises(KeyboardInterrupt):
        build(FIXTURES, tmp_path / "out", jobs=1)
    assert len(calls) == 2  # stopped after the readout during which it came
    assert not (tmp_path / "out" / "datapackage.json").exists()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Python's own handler is back


def test_without_a_ctrl_c_nothing_is_raised_and_a_handler_set_by_others_is_left_alone():
    with interrupts.remembered():
        interrupts.raise_if_interrupted()

    def theirs(*_):
        return None

    previous = signal.signal(signal.SIGINT, theirs)
    try:
        with interrupts.remembered():
            assert signal.getsignal(signal.SIGINT) is theirs
    finally:
        signal.signal(signal.SIGINT, previous)
