"""Dates, clock times and durations as English readouts write them."""

from __future__ import annotations

import datetime as dt
import re

_MONTH_NAMES = "january february march april may june july august september october november december"
MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES.split(), 1)}
_MONTH = "|".join(m.capitalize() for m in MONTHS)
DATE_RE = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b")
_DAY_RE = re.compile(
    rf"\b(?:On\s+)?(?:(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month2>{_MONTH}))\b"
)
_CLOCK = re.compile(
    r"\b(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<ampm>[ap])\.?\s?m\.?|\b(?P<noon>noon|midday)\b", re.I
)
_NUMBER = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_DURATION = re.compile(
    r"\bfor\s+(?:approximately|about|around|some|roughly|nearly|over|more than)?\s*"
    r"(?:(?P<half>half an hour)|(?P<hours>\d+|an?|one|two|three|four|five)(?P<andhalf>\s+and\s+a\s+half)?\s+hours?"
    r"(?:\s+(?:and\s+)?(?P<hmin>\d+)\s+minutes?)?|(?P<minutes>\d+)\s+minutes?)",
    re.I,
)


def find_date(text: str) -> dt.date | None:
    m = DATE_RE.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day")))
    except ValueError:
        return None


def meeting_day(lead: str, page_date: dt.date | None) -> dt.date | None:
    """A full date in the lead, else its month and day read against the page date's year."""
    full = find_date(lead)
    if full:
        return full
    m = _DAY_RE.search(_local_first(lead))
    if not m or page_date is None:
        return page_date
    month = MONTHS[(m.group("month") or m.group("month2")).lower()]
    day = int(m.group("day") or m.group("day2"))
    year = page_date.year - (1 if month > page_date.month else 0)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return page_date


def _local_first(lead: str) -> str:
    """A bracketed local time moves in front of the Japan time outside it."""
    m = re.search(r"\(([^()]*local time[^()]*)\)", lead, re.I)
    return m.group(1) + " " + lead if m and "japan time" in lead[: m.start()].lower() else lead


def start_time(lead: str) -> str | None:
    """The local start time: a time marked local, else the first one given."""
    text = _local_first(lead)
    marked = re.search(r"([^;()]*?)\(?\s*local time", text, re.I)
    m = _CLOCK.search(marked.group(1)) if marked else None
    m = m or _CLOCK.search(text)
    if not m:
        return None
    if m.group("noon"):
        return "12:00"
    hour, minute = int(m.group("hour")), int(m.group("minute") or 0)
    if m.group("ampm").lower() == "p" and hour < 12:
        hour += 12
    if m.group("ampm").lower() == "a" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def duration_minutes(lead: str) -> int | None:
    m = _DURATION.search(lead)
    if not m:
        return None
    if m.group("half"):
        return 30
    if m.group("minutes"):
        return int(m.group("minutes"))
    hours = m.group("hours").lower()
    total = 60 * (int(hours) if hours.isdigit() else _NUMBER[hours])
    return total + (30 if m.group("andhalf") else 0) + int(m.group("hmin") or 0)
