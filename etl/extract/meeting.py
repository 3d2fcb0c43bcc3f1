"""Meeting facts from the title and the lead: counterpart, format, level."""

from __future__ import annotations

import re

from etl.extract.rules import Country, country_alternation, country_by_name

TITLE_FORMATS = (  # first match wins; the title names the format loosely (日EUテレビ首脳会談)
    ("video", re.compile(r"テレビ|ビデオ|オンライン")),
    ("telephone", re.compile(r"電話")),
    ("courtesy_call", re.compile(r"表敬")),
)
LEAD_FORMATS = (  # the lead is read only when the title says nothing, and more strictly
    ("video", re.compile(r"テレビ会談|テレビ会議|ビデオ会議|ビデオ会談|オンライン(?:で|形式|会談|会議)")),
    ("telephone", re.compile(r"電話会談|電話会議|電話で")),
    ("courtesy_call", re.compile(r"表敬を受け|表敬し|表敬訪問")),
)
_LEADERS = re.compile(r"首脳")
_MINISTERS = re.compile(r"外相|外務大臣|外務相|閣僚|大臣|防衛相|外交部長|国務長官")
_LEVEL_RANK = {"leader": 0, "minister": 1, "official": 2}


def meeting_format(title: str, lead: str) -> str:
    for formats, text in ((TITLE_FORMATS, title), (LEAD_FORMATS, lead)):
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
    if _LEADERS.search(title):
        return "leaders"
    if len(principal_levels) == 2:
        worst = max(principal_levels, key=_LEVEL_RANK.__getitem__)
        return {"leader": "leaders", "minister": "ministers"}.get(worst, "other")
    return "ministers" if _MINISTERS.search(title) else "other"
