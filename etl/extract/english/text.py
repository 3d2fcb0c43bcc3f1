"""English sentences and clause boundaries: abbreviation-aware, bracket-aware."""

from __future__ import annotations

import re
from functools import cache

from etl.extract.rules import english
from etl.extract.sentences import depth_map
from etl.source import normalize

_END = re.compile(r"[.?!][\"”’']?(?=\s+[\"'“(\[A-Z0-9]|\s*$)")


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(a.lower() for a in english()["abbreviations"])


def _last_word(text: str) -> str:
    """The word a full stop ends, lower-cased, without what opens it ((approx. -> approx.)."""
    return re.split(r"[-/(\"'“]", text.rsplit(None, 1)[-1].lower())[-1] if text.strip() else ""


def ends_sentence(line: str) -> bool:
    """normalize's rule for a line that ends a sentence, except after an abbreviation of english.yaml (etc.)."""
    return normalize.ends_sentence(line) and _last_word(line) not in _abbreviations()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences end at . ? ! before a capital, a digit or the end, unless the word is an abbreviation (Mr.)."""
    depth = depth_map(text)
    spans, start = [], 0
    for m in _END.finditer(text):
        word = _last_word(text[: m.end()])
        if depth[m.start()] or word in _abbreviations() or re.fullmatch(r"(?:[a-z]\.)+", word):
            continue
        spans.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        if a < b:
            out.append((a, b))
    return out


def clause_breaks(text: str) -> list[int]:
    """Positions after a top-level ', ' or '; ' where another clause may start."""
    depth = depth_map(text)
    return [m.end() for m in re.finditer(r"[,;][\"”’']?\s+", text) if not depth[m.start()]]
