"""Readouts that repeat another: the same bytes, or the same meeting.

Each `Parsed` keeps its `identity` (the values of CLASH_KEYS) after its
tables have gone to the merge, so that clashes are found without them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from etl.errors import InputError

if TYPE_CHECKING:
    from etl.run.parse import Parsed

CLASH_KEYS = ("source_sha256", "meeting_id")  # no two readouts may share one of these
_CLASH_MESSAGES = {  # what a second readout with the same key is, and what to do
    "source_sha256": ("the same readout as {other} (identical SHA-256)", "remove one of the two copies"),
    "meeting_id": ("describes the same meeting ({key}) as {other}", "keep one readout per meeting"),
}


def _remember(index: dict[str, dict[str, Path]], p: Parsed) -> None:
    src = p.identity
    for column in CLASH_KEYS:
        index[column].setdefault(src[column], p.file)


def clash_index(parsed: list[Parsed]) -> dict[str, dict[str, Path]]:
    """For each clash key: value -> the (first) file that has it."""
    index: dict[str, dict[str, Path]] = {column: {} for column in CLASH_KEYS}
    for p in parsed:
        _remember(index, p)
    return index


def first_clash(p: Parsed, index: dict[str, dict[str, Path]]) -> tuple[str, Path] | None:
    """The key p shares with a readout in index, and that readout's file."""
    src = p.identity
    for column in CLASH_KEYS:
        other = index[column].get(src[column])
        if other is not None:
            return column, other
    return None


def clashes(parsed: list[Parsed]) -> list[InputError]:
    """A readout that repeats an earlier one's SHA-256 or meeting."""
    errors = []
    index = clash_index([])
    for p in parsed:
        hit = first_clash(p, index)
        if hit is None:
            _remember(index, p)
            continue
        column, other = hit
        message, hint = _CLASH_MESSAGES[column]
        key = p.identity[column]
        errors.append(InputError(str(p.file), message.format(other=other.name, key=key), hint=hint))
    return errors
