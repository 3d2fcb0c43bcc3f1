"""PLOVER/POLECAT event types of statements, from rules/plover.csv (first matching row wins).

A row matches a statement when its act matches (`*`: any) and its pattern, if
any, occurs in the statement's text.  PLOVER has no type for a plain statement
or explanation: those stay empty.  The codebook documents the mapping.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from etl.extract.rules import _text


@dataclass(frozen=True)
class PloverRule:
    act: str
    pattern: re.Pattern[str] | None
    plover: str


@cache
def rules() -> tuple[PloverRule, ...]:
    rows = csv.DictReader(_text("plover.csv").splitlines())
    return tuple(
        PloverRule(r["act"], re.compile(r["pattern"], re.I) if r["pattern"] else None, r["plover"]) for r in rows
    )


def plover_of(act: str, text: str) -> str | None:
    for rule in rules():
        if rule.act in ("*", act) and (rule.pattern is None or rule.pattern.search(text)):
            return rule.plover
    return None
