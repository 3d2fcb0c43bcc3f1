"""Rows of every table for one readout, with IDs derived from content."""

from __future__ import annotations

import datetime as dt
from functools import cache

from etl import EXTRACTOR_VERSION
from etl.extract.model import Extraction, Meeting
from etl.extract.rules import countries
from etl.source.formats import source_format
from etl.source.normalize import Normalized
from etl.source.read import RawReadout


def _naming_parts(date: dt.date, counterpart: str | None, fmt: str, language: str) -> tuple[str, str, str, str]:
    return date.isoformat(), (counterpart or "xx").lower(), fmt, "" if language == "ja" else f"_{language}"


def meeting_id(meeting: Meeting) -> str:
    """Readable and stable: date, counterpart, format, and _en for an English readout (2013-02-22_us_meeting)."""
    day, code, fmt, lang = _naming_parts(meeting.date, meeting.counterpart, meeting.format, meeting.language)
    return f"{day}_{code}_{fmt}{lang}"


def readout_file_name(meeting_row: dict) -> str:
    """The canonical file name of a readout in readouts/: 2013-02-22_jp-us_meeting.txt (…_en.txt in English)."""
    m = meeting_row
    day, code, fmt, lang = _naming_parts(m["date"], m["counterpart"], m["format"], m["language"])
    return f"{day}_jp-{code}_{fmt}{lang}.txt"


@cache
def _country_names() -> dict[str, str]:
    return {c.code: c.name_ja for c in countries()}


def table_rows(raw: RawReadout, norm: Normalized, ex: Extraction, sidecar: dict, mid: str) -> dict[str, list[dict]]:
    m = ex.meeting
    meeting = {
        "meeting_id": mid,
        "date": m.date,
        "counterpart": m.counterpart,
        "counterpart_name_ja": _country_names().get(m.counterpart),
        "format": m.format,
        "language": m.language,
        "twin_meeting_id": None,
        "host": m.host,
        "place": m.place,
        "occasion": m.occasion,
        "plover_mode": m.plover_mode,
        "level": m.level,
        "start_time": m.start_time,
        "duration_minutes": m.duration_minutes,
        "title": m.title,
        "page_date": m.page_date,
        "source_sha256": raw.sha256,
        "warnings": " | ".join(map(str, ex.warnings)) or None,
    }
    source = {
        "source_sha256": raw.sha256,
        "meeting_id": mid,
        "file_name": raw.path.name,
        "source_format": source_format(raw.path, norm.wrapped),
        "encoding": raw.encoding,
        "language": m.language,
        "bytes": len(raw.data),
        "text": norm.text,
        "url": sidecar.get("url"),
        "publisher": sidecar.get("publisher"),
        "retrieved": sidecar.get("retrieved"),
        "license": sidecar.get("license"),
        "extractor_version": EXTRACTOR_VERSION,
    }
    participants = [
        {
            "participant_id": f"{mid}-p{i:02d}",
            "meeting_id": mid,
            "side": p.side,
            "name": p.name,
            "title": p.title or None,
            "name_en": p.name_en,
            "role": p.role,
            "person_id": None,
            "person_resolved_by": None,
            "char_start": p.start,
            "char_end": p.end,
        }
        for i, p in enumerate(ex.participants, 1)
    ]
    topic_id = {id(t): f"{mid}-t{i:02d}" for i, t in enumerate(ex.topics, 1)}
    topics = [
        {
            "topic_id": topic_id[id(t)],
            "meeting_id": mid,
            "parent_topic_id": topic_id[id(t.parent)] if t.parent else None,
            "label": t.label or None,
            "heading": t.heading,
            "depth": t.depth,
            "topic_order": i,
            "char_start": t.char_start,
            "char_end": t.char_end,
        }
        for i, t in enumerate(ex.topics, 1)
    ]
    statement_id = {id(s): f"{mid}-s{i:03d}" for i, s in enumerate(ex.statements, 1)}
    statements = [
        {
            "statement_id": statement_id[id(s)],
            "meeting_id": mid,
            "topic_id": topic_id[id(s.topic)] if s.topic else None,
            "statement_order": i,
            "speaker_side": s.speaker_side,
            "speaker_name": s.speaker_name,
            "speaker_inferred": s.speaker_inferred,
            "act": s.act,
            "text": s.text,
            "char_start": s.char_start,
            "char_end": s.char_end,
            "source_line": s.line,
            "item_label": s.item,
            "text_en": None,
            "plover": s.plover,
            "speaker_person_id": None,
        }
        for i, s in enumerate(ex.statements, 1)
    ]
    agreements = [
        {
            "agreement_id": f"{mid}-a{i:02d}",
            "meeting_id": mid,
            "statement_id": statement_id[id(a.statement)],
            "topic_id": topic_id[id(a.statement.topic)] if a.statement.topic else None,
            "text": a.statement.text,
            "content": a.content or None,
            "refers_to_statement_id": statement_id[id(a.refers_to)] if a.refers_to else None,
            "char_start": a.statement.char_start,
            "char_end": a.statement.char_end,
        }
        for i, a in enumerate(ex.agreements, 1)
    ]
    mentions = [
        {
            "mention_id": f"{mid}-m{i:03d}",
            "meeting_id": mid,
            "statement_id": statement_id[id(x.statement)],
            "kind": x.kind,
            "code": x.code,
            "person_id": None,
            "surface": x.surface,
            "_name": x.name,  # for the persons step; not a column
            "char_start": x.start,
            "char_end": x.end,
        }
        for i, x in enumerate(ex.mentions, 1)
    ]
    return {
        "mentions": mentions,
        "sources": [source],
        "meetings": [meeting],
        "participants": participants,
        "topics": topics,
        "statements": statements,
        "agreements": agreements,
    }
