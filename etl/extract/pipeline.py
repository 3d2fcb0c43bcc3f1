"""One readout's normalised text to a typed `Extraction`.

The steps, each in its own module: normalise -> strip page furniture and find
the layout (title, date, lead, body) -> headings (the topic tree) -> meeting
facts (date, format, counterpart, level) -> participants -> statements (the
speaker state machine, acts) -> agreements.  Offsets always index the
normalised text.
"""

from __future__ import annotations

import re

from etl.errors import InputError, Notice
from etl.extract import dates
from etl.extract.agreements import agreements
from etl.extract.english.pipeline import extract_en
from etl.extract.english.text import ends_sentence
from etl.extract.headings import outline, starts_item
from etl.extract.layout import Layout, split_layout, strip_quotes
from etl.extract.lines import split_lines
from etl.extract.meeting import counterpart_in_title, meeting_format, meeting_level
from etl.extract.model import Extraction, Meeting
from etl.extract.participants import Participant, attendees_in_body, attendees_in_lead, merge, principals
from etl.extract.people import find_mentions
from etl.extract.refusals import no_statements
from etl.extract.statements import find_statements
from etl.extract.world import add_world
from etl.source.normalize import Normalized, normalize


def normalized(decoded: str) -> Normalized:
    """The normalised text of a decoded readout, with wrapped lines joined except before a new item
    and after an English sentence's end."""
    return normalize(decoded, starts_item, ends_sentence)


def _counterpart(title: str, lead: str) -> str | None:
    c = counterpart_in_title(title)
    if c:
        return c.code
    for m in find_mentions(lead):
        if m.country:
            return m.country
    c = counterpart_in_title(lead)
    return c.code if c else None


def _where(layout: Layout) -> tuple[int, int]:
    """The line and column errors about the whole readout point at: the title, else the lead, else the top."""
    first = layout.title or layout.lead
    return (first.number, 1) if first else (1, 1)


def _page_date(layout: Layout, file: str, warnings: list[Notice]):
    """The date line's date; else the first full date above the lead (a host site's header), with a warning."""
    lines = [layout.dateline] if layout.dateline else []
    lines += [ln for ln in layout.dropped if layout.lead is None or ln.start < layout.lead.start]
    for ln in lines:
        try:
            found = dates.find_date(ln.text)
        except dates.DateError as exc:
            raise InputError(file, str(exc), ln.number, 1) from exc
        if found:
            if ln is not layout.dateline:
                warnings.append(Notice("no date line: the year is taken from a date above the lead", ln.number, 1))
            return found.date
    return None


def _meeting_day(layout: Layout, text: str, file: str, warnings: list[Notice]):
    lead = layout.lead.text if layout.lead else ""
    page_date = _page_date(layout, file, warnings)
    try:
        day = dates.meeting_day(lead, page_date)
    except dates.DateError as exc:
        raise InputError(file, str(exc), *((layout.lead.number, 1) if layout.lead else ())) from exc
    if day is None and (era := dates.unknown_era(text)):
        raise InputError(
            file, f"unknown era {era!r} in a date", *_where(layout), hint=f"known eras: {', '.join(dates.ERA_START)}"
        )
    if day is None:
        raise InputError(
            file,
            "no date: neither a page date nor a date in the lead",
            *_where(layout),
            hint="add the date line (e.g. 令和5年1月13日) under the title",
        )
    if layout.lead is not None and dates.lead_day(lead) is None and page_date is not None:
        warnings.append(Notice("the lead gives no date: the page date is used", layout.lead.number, 1))
    return day, page_date


def _meeting(layout: Layout, people: list[Participant], counterpart: str | None, day, page_date) -> Meeting:
    title = strip_quotes(layout.title.text) if layout.title else None
    lead = layout.lead.text if layout.lead else ""
    fmt = meeting_format(title or "", lead)
    level = meeting_level(title or lead, [p.level for p in people if p.role == "principal"])
    return Meeting(day, counterpart, fmt, level, dates.start_time(lead), dates.duration_minutes(lead), title, page_date)


_LATIN = re.compile(r"[A-Za-z]+")  # runs of what str.isascii() and str.isalpha() both accept
_JAPANESE = re.compile("[\u3040-\u30ff\u4e00-\u9fff]+")


def language_of(text: str) -> str:
    """en when Latin letters far outnumber Japanese characters, else ja."""
    latin = sum(map(len, _LATIN.findall(text)))
    if latin <= 20:  # not more than 20 × max(japanese, 1), whatever japanese is
        return "ja"
    japanese = sum(map(len, _JAPANESE.findall(text)))
    return "en" if latin > 20 * max(japanese, 1) else "ja"


def extract(norm: Normalized, file: str) -> Extraction:
    if language_of(norm.text) == "en":
        return extract_en(norm, file)
    text = norm.text
    layout = split_layout(split_lines(text, norm.line_origins))
    if layout.title is None and layout.lead is None:
        raise InputError(
            file,
            "no title line and no lead sentence naming a meeting (会談, 電話会談, 表敬, …) was found",
            1,
            1,
            hint="is this the text of a MOFA readout?",
        )
    lead = layout.lead.text if layout.lead else ""
    lead_at = layout.lead.start if layout.lead else 0
    warnings: list[Notice] = []
    day, page_date = _meeting_day(layout, text, file, warnings)
    if layout.title is None:
        warnings.append(Notice("no title line: the meeting is read from the lead", *_where(layout)))
    if layout.lead is None:
        warnings.append(Notice("no lead paragraph found", *_where(layout)))
    counterpart = _counterpart(strip_quotes(layout.title.text) if layout.title else "", lead)
    if counterpart is None:
        message = "counterpart country not recognised (is it in etl/extract/rules/countries.csv?)"
        warnings.append(Notice(message, *_where(layout)))
    people = principals(lead, lead_at, counterpart)
    people += attendees_in_lead(lead, lead_at, counterpart)
    people += attendees_in_body(lead, lead_at, counterpart)
    for ln in layout.body:
        people += attendees_in_body(ln.text, ln.start, counterpart)
    people = merge(people)
    meeting = _meeting(layout, people, counterpart, day, page_date)
    topics, paragraphs = outline(layout.body)
    statements, notices = find_statements(text, paragraphs, people, counterpart)
    warnings += notices
    if not statements:
        no_statements(layout.lead is not None, file, _where(layout), warnings)
    if layout.body and not layout.body[-1].text.rstrip().endswith(("。", "」", ")")):
        last = layout.body[-1]
        warnings.append(Notice("the text ends mid-sentence: truncated?", last.number, len(last.text)))
    ex = Extraction(meeting, people, topics, statements, agreements(statements), warnings)
    add_world(ex, text, lead, _people_in)
    return ex


def _people_in(text: str) -> list[tuple[str, int, int]]:
    return [(m.name, m.start, m.end) for m in find_mentions(text) if m.name]


__all__ = ["Extraction", "extract", "normalized"]
