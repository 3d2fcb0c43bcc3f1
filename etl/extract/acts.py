"""The act of a clause comes from its main predicate: the last one in it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from etl.extract.rules import act_patterns


@dataclass(frozen=True)
class Predicate:
    act: str
    start: int
    end: int


@lru_cache(maxsize=4096)  # a sentence, then each of its clauses, asks for the same text
def main_predicate(text: str) -> Predicate | None:
    """The act pattern that ends last in text (the longer one on a tie)."""
    best: Predicate | None = None
    for p in act_patterns():
        if p.literal not in text:
            continue
        for m in p.regex.finditer(text):
            cand = Predicate(p.act, m.start(), m.end())
            if best is None or (cand.end, -cand.start) > (best.end, -best.start):
                best = cand
    return best


def act_of(text: str) -> str:
    p = main_predicate(text)
    return p.act if p else "other"
