"""Meeting facts from the title and the lead: counterpart, format, level."""

from __future__ import annotations

import re

from etl.extract.rules import Country, country_alternation, country_by_name, words
from etl.extract.rules.patterns import alternation, format_patterns

_LEADERS = re.compile(alternation(words()["level_words"]["leaders"]))
_MINISTERS = re.compile(alternation(words()["level_words"]["ministers"]))


def meeting_format(title: str, lead: str) -> str:
    # the title names the format loosely (日EUテレビ首脳会談); the lead is read only
    # when the title says nothing, and more strictly
    for formats, text in ((format_patterns("title"), title), (format_patterns("lead"), lead)):
        for name, rx in formats:
            if rx.search(text):
                return name
    return "meeting"


def counterpart_in_title(title: str) -> Country | None:
    """日米首脳会談 -> US; 日・フィリピン外相会談 -> PH; グテーレス国連事務総長… -> UN."""
    m = re.search(rf"日・?(?P<c>{country_alternation()})(?:首脳|外相|外務|電話|会談|首相|大統領|間|・|両)", title)
    if m:
        return country_by_name()[m.group("c")]
    m = re.search(country_alternation(single_characters=False), title)
    return country_by_name()[m.group()] if m else None


def meeting_level(title: str, principal_levels: list[str]) -> str:
    """leaders when both principals are heads of state or government, ministers when both are ministers.

    Every other pairing is `other` (a leader with the UN Secretary-General, a
    minister with a party official).  When the readout does not give both
    principals, the title's meeting word decides (首脳会談, 外相会談).
    """
    if len(principal_levels) >= 2:  # two, or three at a summit with the EU's two presidents
        if len(set(principal_levels)) == 1:
            return {"leader": "leaders", "minister": "ministers"}.get(principal_levels[0], "other")
        return "other"
    if _LEADERS.search(title):
        return "leaders"
    return "ministers" if _MINISTERS.search(title) else "other"
