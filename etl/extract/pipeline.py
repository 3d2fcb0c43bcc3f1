"""One readout's normalised text to rows of every table.

The steps, each in its own module: normalise -> strip page furniture and
find the layout -> headings -> lead facts -> participants -> sentences and
clauses -> speakers -> acts -> agreements.  Offsets always index the
normalised text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.errors import InputError, Notice
from etl.extract import dates
from etl.extract.acts import act_of, agreed_content, main_predicate
from etl.extract.headings import Outline, enumerator, heading_split, starts_item
from etl.extract.layout import split_layout
from etl.extract.lines import Line, split_lines
from etl.extract.meeting import counterpart_in_title, meeting_format, meeting_level
from etl.extract.participants import Participant, attendees_in_body, attendees_in_lead, merge, principals
from etl.extract.people import find_mentions
from etl.extract.rules import words
from etl.extract.rules.patterns import alternation
from etl.extract.sentences import sentence_spans
from etl.extract.speakers import JOINT, SpeakerFinder, split_clauses, unknown_speaker
from etl.source.normalize import Normalized, normalize

# Who was present, not what was said: 本会談には、日本側から…が同席した。
_NARRATIVE = re.compile(rf"(?:{alternation(words()['presence_words'])})(?:し|す|の下)")


@dataclass
class Extraction:
    meeting: dict
    participants: list[dict] = field(default_factory=list)
    topics: list[dict] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)
    agreements: list[dict] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)


@dataclass
class _Paragraph:
    line: Line
    start: int  # offset of the text after enumerator and heading
    topic: int | None


def _counterpart(title: str, lead: str) -> str | None:
    c = counterpart_in_title(title)
    if c:
        return c.code
    for m in find_mentions(lead):
        if m.country:
            return m.country
    c = counterpart_in_title(lead)
    return c.code if c else None


def _outline(body: list[Line]) -> tuple[list[dict], list[_Paragraph]]:
    """Topics (with parent index) and the paragraphs that carry statements."""
    topics: list[dict] = []
    paragraphs: list[_Paragraph] = []
    outline = Outline()
    for ln in body:
        en = enumerator(ln.text)
        rest_at = en.length if en else 0
        if en is not None:
            head = heading_split(ln.text[rest_at:])
        else:  # only a bracketed heading (【北朝鮮】) stands without an enumerator
            head = heading_split(ln.text) if ln.text.startswith(("【", "〈", "<", "≪")) else None
        if head is not None:
            heading, length = head
            style = en.style if en else "bracket"
            parent = outline.enter(style)
            h_start = ln.text.find(heading, rest_at)
            topics.append(
                {
                    "index": len(topics),
                    "parent": parent,
                    "label": en.label if en else "",
                    "heading_ja": heading,
                    "depth": 0,
                    "char_start": ln.start + h_start,
                    "char_end": ln.start + h_start + len(heading),
                }
            )
            outline.push(style, len(topics) - 1)
            if rest_at + length < len(ln.text):
                paragraphs.append(_Paragraph(ln, ln.start + rest_at + length, len(topics) - 1))
            continue
        if en is not None:
            outline.enter(en.style)
            outline.push(en.style, None)
        paragraphs.append(_Paragraph(ln, ln.start + rest_at, outline.current()))
    for t in topics:
        t["depth"] = 1 if t["parent"] is None else topics[t["parent"]]["depth"] + 1
    return topics, paragraphs


def normalized(decoded: str) -> Normalized:
    """The normalised text of a decoded readout, with wrapped lines joined except before a new item."""
    return normalize(decoded, starts_item)


def extract(norm: Normalized, file: str) -> Extraction:
    text = norm.text
    lines = split_lines(text, norm.line_origins)
    layout = split_layout(lines)
    if layout.title is None:
        raise InputError(
            file,
            "no title line naming a meeting (会談, 電話会談, 表敬, …) was found",
            1,
            1,
            hint="is this the text of a MOFA readout?",
        )
    title = layout.title.text.strip('「」『』"')
    lead = layout.lead.text if layout.lead else ""
    lead_at = layout.lead.start if layout.lead else 0
    warnings: list[Notice] = []
    page_date = None
    if layout.dateline:
        try:
            found = dates.find_date(layout.dateline.text)
        except dates.DateError as exc:
            raise InputError(file, str(exc), layout.dateline.number, 1) from exc
        page_date = found.date if found else None
    try:
        day = dates.meeting_day(lead, page_date)
    except dates.DateError as exc:
        raise InputError(file, str(exc), *((layout.lead.number, 1) if layout.lead else ())) from exc
    if day is None and (era := dates.unknown_era(text)):
        raise InputError(
            file,
            f"unknown era {era!r} in a date",
            layout.title.number,
            1,
            hint=f"known eras: {', '.join(dates.ERA_START)}",
        )
    if day is None:
        raise InputError(
            file,
            "no date: neither a page date nor a date in the lead",
            layout.title.number,
            1,
            hint="add the date line (e.g. 令和5年1月13日) under the title",
        )
    if layout.lead is None:
        warnings.append(Notice("no lead paragraph found", layout.title.number, 1))
    elif dates.lead_day(lead) is None and page_date is not None:
        warnings.append(Notice("the lead gives no date: the page date is used", layout.lead.number, 1))
    counterpart = _counterpart(title, lead)
    if counterpart is None:
        warnings.append(
            Notice(
                "counterpart country not recognised (is it in etl/extract/rules/countries.csv?)", layout.title.number, 1
            )
        )
    people = principals(lead, lead_at, counterpart)
    people += attendees_in_lead(lead, lead_at, counterpart)
    for ln in layout.body:
        people += attendees_in_body(ln.text, ln.start, counterpart)
    people = merge(people)
    fmt = meeting_format(title, lead)
    level = meeting_level(title, [p.level for p in people if p.role == "principal"])
    meeting = {
        "date": day,
        "counterpart": counterpart,
        "format": fmt,
        "level": level,
        "start_time": dates.start_time(lead),
        "duration_minutes": dates.duration_minutes(lead),
        "title_ja": title,
        "page_date": page_date,
    }
    topics, paragraphs = _outline(layout.body)
    statements = _statements(text, paragraphs, people, counterpart, warnings)
    if not statements:
        raise InputError(
            file,
            "no statements: no sentence says who said or agreed what",
            layout.title.number,
            1,
            hint="is the body of the readout missing?",
        )
    if layout.body and not layout.body[-1].text.rstrip().endswith(("。", "」", ")")):
        last = layout.body[-1]
        warnings.append(Notice("the text ends mid-sentence: truncated?", last.number, len(last.text)))
    return Extraction(
        meeting, [_participant_row(p) for p in people], topics, statements, _agreements(statements), warnings
    )


def _participant_row(p: Participant) -> dict:
    return {
        "side": p.side,
        "name_ja": p.name_ja,
        "title_ja": p.title_ja or None,
        "name_en": p.name_en,
        "role": p.role,
        "char_start": p.start,
        "char_end": p.end,
    }


def _statements(
    text: str, paragraphs: list[_Paragraph], people: list[Participant], counterpart: str | None, warnings: list[Notice]
) -> list[dict]:
    finder = SpeakerFinder(people, counterpart)
    out: list[dict] = []
    last: tuple[str | None, str | None] = (None, None)
    for para in paragraphs:
        body = text[para.start : para.line.end]
        for s_start, s_end in sentence_spans(body):
            sentence = body[s_start:s_end]
            column = para.start + s_start - para.line.start + 1
            speakers = finder.mentions(sentence, last[0])
            if main_predicate(sentence) is None and (not speakers or _NARRATIVE.search(sentence)):
                warnings.append(Notice(f"text outside every statement: {sentence[:30]}", para.line.number, column))
                continue
            unknown = unknown_speaker(sentence, speakers)
            if unknown:
                message = f"speaker {unknown!r} has a title or name not in etl/extract/rules/titles.csv"
                warnings.append(Notice(message, para.line.number, column))
            for clause in split_clauses(sentence, speakers):
                a = para.start + s_start + clause.start
                b = para.start + s_start + clause.end
                while a < b and text[a] in " 、,":
                    a += 1
                side, name, inferred = clause.side, clause.name, False
                if side is None:
                    side, name, inferred = last[0], last[1], True
                    if side is None:
                        col = a - para.line.start + 1
                        warnings.append(Notice("statement with no speaker", para.line.number, col))
                if side is not None:
                    last = (side, name if side != JOINT else None)
                out.append(
                    {
                        "topic": para.topic,
                        "speaker_side": side,
                        "speaker_name_ja": name,
                        "speaker_inferred": inferred,
                        "act": act_of(text[a:b]),
                        "text_ja": text[a:b],
                        "char_start": a,
                        "char_end": b,
                        "line": para.line.number,
                    }
                )
    return out


def _agreements(statements: list[dict]) -> list[dict]:
    return [
        {"statement": i, "content_ja": agreed_content(s["text_ja"])}
        for i, s in enumerate(statements)
        if s["act"] == "agreed"
    ]


__all__ = ["Extraction", "extract"]
