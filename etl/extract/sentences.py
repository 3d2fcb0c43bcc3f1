"""Sentences and clause boundaries, aware of brackets and quotes."""

from __future__ import annotations

import re

_OPEN, _CLOSE = "「『(（[【", "」』)）]】"
COMMA = re.compile(r"[、]|,(?!\d)")


_PERIOD = re.compile("。")
_BRACKET = re.compile(f"[{re.escape(_OPEN + _CLOSE)}]")


def depth_map(text: str) -> list[int]:
    """Bracket depth before each character.

    Filled a stretch at a time between brackets: most clauses have none, and a
    loop over every character was the extractor's costliest line.
    """
    out: list[int] = []
    depth = done = 0
    for m in _BRACKET.finditer(text):
        at = m.start()
        out += [depth] * (at + 1 - done)  # up to and including the bracket: the depth before it
        done = at + 1
        if m.group() in _OPEN:
            depth += 1
        elif depth:
            depth -= 1
    out += [depth] * (len(text) - done)
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of sentences ending in 。 outside brackets; a tail without 。 is one too."""
    spans, start = [], 0
    depth = depth_map(text)
    for m in _PERIOD.finditer(text):
        i = m.start()
        if depth[i] == 0:
            spans.append((start, i + 1))
            start = i + 1
    if text[start:].strip():
        spans.append((start, len(text)))
    return [_trim(text, a, b) for a, b in spans if text[a:b].strip()]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def commas(text: str) -> list[int]:
    """Positions just after each top-level comma."""
    depth = depth_map(text)
    return [m.end() for m in COMMA.finditer(text) if depth[m.start()] == 0]
