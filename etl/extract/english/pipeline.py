"""One English readout's normalised text to a typed `Extraction` (ANNOTATION: English readouts).

The same steps and the same model as the Japanese pipeline, with English
rules: layout, dates, people, speakers, acts and agreements.
"""

from __future__ import annotations

import re
from functools import cache

from etl.errors import InputError, Notice
from etl.extract.english import dates
from etl.extract.english.agreements import agreements
from etl.extract.english.layout import split_layout
from etl.extract.english.people import Mention, country_code, find_mentions
from etl.extract.english.statements import find_statements
from etl.extract.headings import outline
from etl.extract.lines import split_lines
from etl.extract.meeting import meeting_level
from etl.extract.model import Extraction, Meeting
from etl.extract.participants import Participant
from etl.extract.refusals import no_statements
from etl.extract.rules import country_by_english_name, english
from etl.extract.rules.patterns import alternation
from etl.extract.world import add_world
from etl.source.normalize import Normalized

_HOST_VERB = re.compile(r"\s*(?:,[^,]*,\s*)?(?:received|held|had|met|hosted|welcomed)\b")
_PRESENT = re.compile(r"\b(?:was|were)\s+also\s+(?:present|in attendance)|\balso\s+attended\b", re.I)


def _heading(rest: str) -> tuple[str, int] | None:
    """A short line without a full stop is a heading (1. Bilateral Relations)."""
    rest = rest.strip()
    if rest and len(rest) <= 80 and not rest.endswith((".", ",", ";", ":")) and rest[0].isupper():
        return rest, len(rest)
    return None


def _counterpart(title: str, lead: str, people: list[Mention]) -> str | None:
    m = _title_pair().search(title)
    if m and (code := country_code(m.group(1).strip())):
        return code
    for p in people:
        if p.country and p.country != "JP":
            return p.country
    for name in sorted(country_by_english_name(), key=len, reverse=True):
        if re.search(rf"\b{re.escape(name)}\b", title + " " + lead):
            return country_code(name)
    return None


@cache
def _title_pair() -> re.Pattern[str]:
    """Japan-Australia Summit Telephone Talk: the country between 'Japan-' and the first word of the meeting."""
    words = [*english()["meeting_words"], *english()["title_words_after_country"]]
    return re.compile(rf"Japan\s*[-–]\s*([A-Z][\w' .]+?)(?=\s+(?:{alternation(words)})|$)")


def _format(title: str, lead: str) -> str:
    for text in (title.lower(), lead.lower()):
        for fmt, words in english()["formats"].items():
            if any(w in text for w in words):
                return fmt
    return "meeting"


def _side(m: Mention, counterpart: str | None) -> str | None:
    if m.country:
        return m.country
    if m.office.side == "jp":
        return "JP"
    return counterpart if m.office.side == "foreign" else None


def _participants(lead: str, lead_at: int, body: list, counterpart: str | None) -> list[Participant]:
    found: dict[str, Participant] = {}
    out: list[Participant] = []
    for m in find_mentions(lead):
        present = _PRESENT.search(lead, m.end)
        side = _side(m, counterpart)
        if side is None and present and m.office.side != "foreign":
            side = "JP"  # …, Minister for Foreign Affairs, was also present: the host side's attendee
        if side is None and len(found) == 1:
            side = counterpart if "JP" in found else "JP"
        if side is None and not found and _HOST_VERB.match(lead, m.end):
            side = "JP"  # Prime Minister Kishida received a courtesy call from …: the lead's subject is Japan's
        if side is None or not m.name:
            continue
        role = "principal" if side not in found else "attendee"
        if side in found and not present:
            continue
        p = Participant(side, m.name, m.title, role, m.name, lead_at + m.start, lead_at + m.end, m.office.level)
        found.setdefault(side, p)
        out.append(p)
    for ln in body:
        if _PRESENT.search(ln.text):
            for m in find_mentions(ln.text):
                side = _side(m, counterpart)
                if side and m.name and not any(q.side == side and q.name == m.name for q in out):
                    out.append(
                        Participant(
                            side,
                            m.name,
                            m.title,
                            "attendee",
                            m.name,
                            ln.start + m.start,
                            ln.start + m.end,
                            m.office.level,
                        )
                    )
    return sorted(out, key=lambda p: (p.role != "principal", p.side != "JP", p.start))


def extract_en(norm: Normalized, file: str) -> Extraction:
    text = norm.text
    layout = split_layout(split_lines(text, norm.line_origins))
    where = (layout.title or layout.lead).number if (layout.title or layout.lead) else 1
    if layout.title is None and layout.lead is None:
        raise InputError(
            file,
            "no title line and no lead sentence naming a meeting was found",
            1,
            1,
            hint="is this the text of a MOFA readout?",
        )
    title = layout.title.text.strip() if layout.title else ""
    lead = layout.lead.text if layout.lead else ""
    warnings: list[Notice] = []
    page_date = dates.find_date(layout.dateline.text) if layout.dateline else None
    day = dates.meeting_day(lead, page_date)
    if day is None:
        raise InputError(
            file,
            "no date: neither a date line nor a date in the lead",
            where,
            1,
            hint="add the date line (e.g. September 18, 2015) under the title",
        )
    if layout.title is None:
        warnings.append(Notice("no title line: the meeting is read from the lead", where, 1))
    mentions = find_mentions(lead)
    counterpart = _counterpart(title, lead, mentions)
    people = _participants(lead, layout.lead.start if layout.lead else 0, layout.body, counterpart)
    levels = [p.level for p in people if p.role == "principal"]
    level = meeting_level(title, levels) if len(levels) >= 2 else _title_level(title)
    meeting = Meeting(
        day,
        counterpart,
        _format(title, lead),
        level,
        dates.start_time(lead),
        dates.duration_minutes(lead),
        title or None,
        page_date,
        "en",
    )
    topics, paragraphs = outline(layout.body, _heading)
    statements, notices = find_statements(text, paragraphs, people)
    if not statements:
        no_statements(layout.lead is not None, file, (where, 1), warnings)
    ex = Extraction(meeting, people, topics, statements, agreements(statements), warnings + notices)
    add_world(ex, text, lead, lambda t: [(m.name, m.start, m.end) for m in find_mentions(t) if m.name])
    return ex


def _title_level(title: str) -> str:
    words = english()["level_words"]
    if any(w in title for w in words["leaders"]):
        return "leaders"
    return "ministers" if any(w in title for w in words["ministers"]) else "other"
