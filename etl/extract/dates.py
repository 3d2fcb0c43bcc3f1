"""Dates, clock times and durations as MOFA readouts write them.

Era conversion is a fixed offset per era, and kanji numerals are a dozen lines,
so no library is needed (japanera raises on full-width digits and pulls in
its own dependencies for what is a lookup table here).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

ERA_START = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_KANJI_DIGITS["零"] = 0
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = r"[0-9〇零一二三四五六七八九十百千]+|元"

DATE_RE = re.compile(
    rf"(?:(?P<era>{'|'.join(ERA_START)})\s*(?P<eyear>{_NUM})|(?P<year>\d{{4}}))\s*年\s*"
    rf"(?P<month>{_NUM})\s*月\s*(?P<day>{_NUM})\s*日"
)
# 13日, 本20日, 2月22日, 1月28日(土曜日); a bare day is what the lead usually gives.
LEAD_DAY_RE = re.compile(r"(?:(?P<month>\d{1,2})月)?(?P<day>\d{1,2})日(?!本|間|程)")
CLOCK_RE = re.compile(
    r"(?P<noon>正午)|(?P<ampm>午前|午後)?\s*(?P<hour>\d{1,2})時(?:(?P<minute>\d{1,2})分|(?P<half>半))?(?!間)"
)
DURATION_RE = re.compile(
    r"(?<![時\d])約?\s*(?:(?P<hours>\d{1,2})時間(?:(?P<minutes>\d{1,2})分|(?P<half>半))?|(?P<only>\d{1,3})分(?:間)?)"
    r"(?=間|にわたり|にわたって|程度|弱|強|余り|、|,|\s|の|会談|電話|\)|）|$)"
)


class DateError(ValueError):
    """A date that cannot exist or cannot be read."""


_ANY_ERA = re.compile(
    r"(?<![\u4e00-\u9fff])(?P<era>[\u4e00-\u9fff]{2})[ \t]*(?:元|[0-9〇零一二三四五六七八九十]{1,3})[ \t]*年[ \t]*"
    r"(?:[0-9〇零一二三四五六七八九十]{1,3})[ \t]*月"
)


def unknown_era(text: str) -> str | None:
    """The name of an era we do not know in a date-like string (天平3年1月…)."""
    for m in _ANY_ERA.finditer(text):
        if m.group("era") not in ERA_START:
            return m.group("era")
    return None


def kanji_number(text: str) -> int:
    """Read 21, 二十一, 二一, 元 (year one of an era) as an integer."""
    if text == "元":
        return 1
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _KANJI_DIGITS:
            current = current * 10 + _KANJI_DIGITS[ch]
        elif ch in _KANJI_UNITS:
            total += (current or 1) * _KANJI_UNITS[ch]
            current = 0
        else:
            raise DateError(f"not a number: {text}")
    return total + current


@dataclass(frozen=True)
class FoundDate:
    date: dt.date
    start: int
    end: int


def find_date(text: str) -> FoundDate | None:
    """The first full date (era or Gregorian) in text."""
    m = DATE_RE.search(text)
    if not m:
        return None
    if m.group("era"):
        year = ERA_START[m.group("era")] + kanji_number(m.group("eyear"))
    else:
        year = int(m.group("year"))
    month, day = kanji_number(m.group("month")), kanji_number(m.group("day"))
    try:
        return FoundDate(dt.date(year, month, day), m.start(), m.end())
    except ValueError as exc:
        raise DateError(f"impossible date {m.group()!r}: {exc}") from exc


def outside_brackets(text: str) -> str:
    """Blank out bracketed text (the second clock, weekdays) keeping offsets."""
    out, depth = [], 0
    for ch in text:
        if ch in "(（":
            depth += 1
        out.append(" " if depth else ch)
        if ch in ")）" and depth:
            depth -= 1
    return "".join(out)


# A bracket that gives the local time after Japan time: 日本時間5日午前9時30分(現地時間4日午後8時30分)
_LOCAL_IN_BRACKETS = re.compile(r"[(（]\s*(?!日本|東京)(?P<local>[^()（）\s\d]{0,10}?時間\s*\d[^()（）]*)[)）]")


def local_first(lead: str) -> str:
    """The lead with a bracketed local time moved out of its brackets, so that it is read first."""
    m = _LOCAL_IN_BRACKETS.search(lead)
    if m is None:
        return lead
    return m.group("local") + " " + outside_brackets(lead[: m.start()] + lead[m.end() :])


def lead_day(lead: str) -> str | None:
    """The date as the lead writes it (a full date or a day), or None when it gives none."""
    full = DATE_RE.search(lead)
    if full:
        return full.group()
    m = LEAD_DAY_RE.search(outside_brackets(lead))
    return m.group() if m else None


def meeting_day(lead: str, page_date: dt.date | None) -> dt.date | None:
    """The meeting day: a full date in the lead, else its day read against the page date."""
    full = find_date(lead)
    if full:
        return full.date
    if page_date is None:
        return None
    m = LEAD_DAY_RE.search(outside_brackets(local_first(lead)))
    if not m:
        return page_date
    day = int(m.group("day"))
    year, month = page_date.year, int(m.group("month") or page_date.month)
    if m.group("month") is None and day > page_date.day:
        month -= 1
    if month > page_date.month and m.group("month"):
        year -= 1
    if month == 0:
        year, month = year - 1, 12
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DateError(f"impossible day {m.group()!r} in the lead: {exc}") from exc


def start_time(lead: str) -> str | None:
    """Local start time as HH:MM: the first clock outside brackets, else the first in them.

    Outside first, because a bracket usually holds the other time zone
    (現地時間21日午後2時45分(日本時間22日午前3時45分)); a lead that gives its
    time only in brackets ((午後2時30分から約3時間)) still has one.
    """
    lead = local_first(lead)
    m = CLOCK_RE.search(outside_brackets(lead)) or CLOCK_RE.search(lead)
    if not m:
        return None
    if m.group("noon"):
        return "12:00"
    hour, minute = int(m.group("hour")), int(m.group("minute") or (30 if m.group("half") else 0))
    if m.group("ampm") == "午後" and hour < 12:
        hour += 12
    if hour > 24 or minute > 59:
        return None
    return f"{hour % 24:02d}:{minute:02d}"


def duration_minutes(lead: str) -> int | None:
    """Length of the meeting in minutes: outside brackets first, as for the start time."""
    outside = outside_brackets(lead)
    for m in [*DURATION_RE.finditer(outside), *DURATION_RE.finditer(lead)]:
        if m.group("only"):
            return int(m.group("only"))
        minutes = int(m.group("hours")) * 60 + int(m.group("minutes") or (30 if m.group("half") else 0))
        return minutes
    return None
