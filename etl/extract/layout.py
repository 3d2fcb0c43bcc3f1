"""Find the title, the page date, the lead paragraph and the body of a readout."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.extract.dates import DATE_RE
from etl.extract.furniture import is_furniture
from etl.extract.headings import enumerator
from etl.extract.lines import Line

_MEETING_WORD = re.compile(r"会談|表敬|立ち話|会合|会議|懇談|昼食会|夕食会|朝食会|ワーキング|会見|電話")
_DATE_ONLY = re.compile(rf"^[(（]?\s*(?:{DATE_RE.pattern})\s*(?:\([^)]*\))?\s*[)）]?$")
_LEAD_WORD = re.compile(
    r"概要(?:は)?以下|以下のとおり|会談を行|会談し|会談が行|電話会談|表敬を受|表敬し|立ち話|懇談を行|会見を行|"
    r"\d+分間|\d+時間|\d+時\d*分?(?:から|より)"
)
_END_MARK = re.compile(r"^[(（]?了[)）]?$")
_NOTE = re.compile(r"^(?:※|\(注\)|注:|\(参考\)|【参考】|\(別添\)|別添)")


@dataclass
class Layout:
    title: Line | None = None
    dateline: Line | None = None
    lead: Line | None = None
    body: list[Line] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)  # ※ notes, references: not statements
    dropped: list[Line] = field(default_factory=list)  # furniture


def _strip_quote(text: str) -> str:
    return text.strip('「」『』"')


def find_title(lines: list[Line]) -> int | None:
    for i, ln in enumerate(lines):
        text = _strip_quote(ln.text)
        if len(text) <= 80 and not text.endswith("。") and _MEETING_WORD.search(text) and not is_furniture(text):
            return i
    return None


def split_layout(lines: list[Line]) -> Layout:
    out = Layout()
    t = find_title(lines)
    start = 0
    if t is not None:
        out.title = lines[t]
        out.dropped.extend(lines[:t])
        start = t + 1
    rest = lines[start:]
    for ln in rest[:4]:
        if _DATE_ONLY.match(ln.text):
            out.dateline = ln
            break
    body_start = None
    for i, ln in enumerate(rest):
        if ln is out.dateline or is_furniture(ln.text):
            continue
        if _LEAD_WORD.search(ln.text) and enumerator(ln.text) is None:
            out.lead = ln
            body_start = i + 1
            break
        if i > 6:
            break
    if body_start is None:  # no lead: the body starts after the title and date
        body_start = 0
    for ln in rest[body_start:]:
        if ln is out.dateline:
            continue
        if _END_MARK.match(ln.text):
            break
        if is_furniture(ln.text):
            out.dropped.append(ln)
        elif _NOTE.match(ln.text):
            out.notes.append(ln)
        else:
            out.body.append(ln)
    return out
