"""Title, date line, lead and body of an English readout."""

from __future__ import annotations

import re
from functools import cache

from etl.extract.english.dates import DATE_RE
from etl.extract.headings import enumerator
from etl.extract.layout import Layout
from etl.extract.lines import Line
from etl.extract.rules import english
from etl.extract.rules.patterns import alternation

LEAD_WITHIN = 40


@cache
def _furniture() -> re.Pattern[str]:
    return re.compile(rf"^(?:{'|'.join(english()['furniture'])})$", re.I)


@cache
def _meeting_word() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(english()['meeting_words'])})\b")


@cache
def _lead_word() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(english()['lead_words'])})", re.I)


def is_furniture(text: str) -> bool:
    return bool(_furniture().match(text.strip()))


def _is_date_line(text: str) -> bool:
    m = DATE_RE.search(text)
    return bool(m) and len(text.strip()) <= len(m.group()) + 4


def _is_lead(text: str) -> bool:
    return len(text) > 40 and bool(_lead_word().search(text)) and enumerator(text) is None and not is_furniture(text)


def _is_title(text: str) -> bool:
    return (
        len(text) <= 160
        and not text.endswith(".")
        and bool(_meeting_word().search(text))
        and not is_furniture(text)
        and not _is_date_line(text)
    )


def split_layout(lines: list[Line]) -> Layout:
    out = Layout()
    lead = next((i for i, ln in enumerate(lines[:LEAD_WITHIN]) if _is_lead(ln.text)), None)
    top = lead if lead is not None else min(len(lines), LEAD_WITHIN)
    title = next((i for i, ln in enumerate(lines[:top]) if _is_title(ln.text)), None)
    out.title = lines[title] if title is not None else None
    out.dateline = next((ln for ln in lines[:top] if _is_date_line(ln.text)), None)
    out.lead = lines[lead] if lead is not None else None
    out.dropped.extend(ln for ln in lines[:top] if ln is not out.title and ln is not out.dateline)
    for ln in lines[lead + 1 if lead is not None else (title or 0) + 1 :]:
        if ln is out.dateline:
            continue
        if re.fullmatch(
            r"\(?end\)?|related (?:links?|information|articles?)|back to .*|page top", ln.text.strip(), re.I
        ):
            break  # what follows is links and navigation
        (out.dropped if is_furniture(ln.text) else out.body).append(ln)
    return out
