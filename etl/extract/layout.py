"""Find the title, the page date, the lead paragraph and the body of a readout."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.extract.dates import DATE_RE
from etl.extract.furniture import is_furniture
from etl.extract.headings import enumerator
from etl.extract.lines import Line
from etl.extract.rules import words
from etl.extract.rules.patterns import alternation, word_re

_DATE_ONLY = re.compile(rf"^[(（]?\s*(?:{DATE_RE.pattern})\s*(?:\([^)]*\))?\s*[)）]?$")
_LEAD_WORD = re.compile(rf"{alternation(words()['lead_words'])}|\d+分間|\d+時間|\d+時\d*分?(?:から|より)")
_END_MARK = re.compile(rf"^[(（]?(?:{alternation(words()['end_marks'])})[)）]?$")
_NOTE = re.compile(rf"^(?:{alternation(words()['note_starts'])})")


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
        if (
            len(text) <= 80
            and not text.endswith("。")
            and word_re("meeting_words").search(text)
            and not is_furniture(text)
        ):
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
