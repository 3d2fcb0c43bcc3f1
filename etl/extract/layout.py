"""Find the title, the page date, the lead paragraph and the body of a readout.

Real pages put many things around a readout: breadcrumbs, the country page's
name, photo captions, a host site's header and commentary.  The lead is the
anchor: the first sentence that says a meeting took place.  The title is the
first line before it that names a meeting and is neither a breadcrumb nor a
caption; a readout may have no title at all (a mirror of the news feed), and
then the lead alone names the meeting.  A readout quoted by a third party
(「…」) ends where the quote closes.
"""

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
_PUBLISHED = re.compile(rf"(?:{DATE_RE.pattern})\s*(?:掲載|発表|公表|更新)")
_LEAD_WORD = re.compile(rf"{alternation(words()['lead_words'])}|\d+分間|\d+時間|\d+時\d*分?(?:から|より)")
_END_MARK = re.compile(rf"^[(（]?(?:{alternation(words()['end_marks'])})[)）]?$")
_NOTE = re.compile(rf"^(?:{alternation(words()['note_starts'])})")
_CAPTION = re.compile(r"写真|\d$|^[^、。]{0,30}に臨む")  # 日伊外相会談1, 会談に臨む両外相 …
_PATH = re.compile(r"\s[>＞]\s|[>＞].*[>＞]")  # トップページ > 会談・訪問 > 外務大臣
LEAD_WITHIN = 40  # lines from the top in which the lead is looked for


@dataclass
class Layout:
    title: Line | None = None
    dateline: Line | None = None
    lead: Line | None = None
    body: list[Line] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)  # ※ notes, references: not statements
    dropped: list[Line] = field(default_factory=list)  # furniture


def strip_quotes(text: str) -> str:
    return text.strip('「」『』"')


def _is_title(text: str) -> bool:
    text = strip_quotes(text)
    if len(text) > 80 or text.endswith("。") or not word_re("meeting_words").search(text):
        return False
    return not (is_furniture(text) or _CAPTION.search(text) or _PATH.search(text) or _PUBLISHED.search(text))


_LEAD_WHEN = re.compile(r"\d+日|\d+時|正午")


def _is_lead(text: str) -> bool:
    """A sentence (not a heading or title) that says a meeting took place.

    A numbered line is the lead only when it also says when (1　2月10日…電話会談を行いました。).
    """
    sentence_like = "、" in text or "," in text or text.endswith("。") or len(text) > 40
    numbered = enumerator(text) is not None
    says = bool(_LEAD_WORD.search(text)) and (not numbered or bool(_LEAD_WHEN.search(text)))
    return sentence_like and says and not is_furniture(text)


def find_lead(lines: list[Line]) -> int | None:
    for i, ln in enumerate(lines[:LEAD_WITHIN]):
        if _is_lead(strip_quotes(ln.text)):
            return i
    return None


def find_title(lines: list[Line], before: int | None = None) -> int | None:
    for i, ln in enumerate(lines[: before if before is not None else len(lines)]):
        if _is_title(ln.text):
            return i
    return None


def _find_dateline(lines: list[Line], start: int, stop: int) -> Line | None:
    """A date-only line near the title, else a publication line (2021年3月2日掲載) before the lead."""
    for ln in lines[start : min(stop, start + 6)]:
        if _DATE_ONLY.match(strip_quotes(ln.text)):
            return ln
    for ln in lines[:stop]:
        if _PUBLISHED.search(ln.text) or _DATE_ONLY.match(strip_quotes(ln.text)):
            return ln
    return None


def _opens_quote(line: Line) -> bool:
    return line.text.count("「") > line.text.count("」")


def _quote_opens(lines: list[Line]) -> int:
    """Where a third party's quote of the readout opens (「日豪外相電話会談 …), else 0."""
    for i, ln in enumerate(lines[:LEAD_WITHIN]):
        if ln.text.startswith("「") and _opens_quote(ln):
            return i
    return 0


def split_layout(lines: list[Line]) -> Layout:
    out = Layout()
    host = _quote_opens(lines)  # a host site's header and introduction come before it
    out.dropped.extend(lines[:host])
    lines = lines[host:]
    lead = find_lead(lines)
    title = find_title(lines, lead)
    if title is None and lead is None:
        title = find_title(lines)
    if title is not None:
        out.title = lines[title]
    top = title + 1 if title is not None else 0
    stop = lead if lead is not None else min(len(lines), top + 6)
    out.dateline = _find_dateline(lines, top, stop)
    out.lead = lines[lead] if lead is not None else None
    out.dropped.extend(ln for ln in lines[: lead if lead is not None else top] if ln is not out.dateline)
    quoted = any(_opens_quote(ln) for ln in lines[: (lead if lead is not None else top) + 1])
    for ln in lines[lead + 1 if lead is not None else top :]:
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
        if quoted and ln.text.rstrip().endswith("」") and ln.text.count("」") > ln.text.count("「"):
            break  # the third party's quote of the readout closes here
    return out
