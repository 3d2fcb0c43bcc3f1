"""Rows of every table for one readout, with IDs derived from content."""

from __future__ import annotations

from etl import EXTRACTOR_VERSION
from etl.extract.pipeline import Extraction
from etl.extract.rules import countries
from etl.source.normalize import Normalized
from etl.source.read import RawReadout


def meeting_id(meeting: dict) -> str:
    """Readable and stable: date, counterpart, format (2013-02-22_us_meeting)."""
    code = (meeting["counterpart"] or "xx").lower()
    return f"{meeting['date'].isoformat()}_{code}_{meeting['format']}"


def table_rows(raw: RawReadout, norm: Normalized, ex: Extraction, sidecar: dict, mid: str) -> dict[str, list[dict]]:
    names = {c.code: c.name_ja for c in countries()}
    m = ex.meeting
    meeting = {
        "meeting_id": mid,
        "date": m["date"],
        "counterpart": m["counterpart"],
        "counterpart_name_ja": names.get(m["counterpart"]),
        "format": m["format"],
        "level": m["level"],
        "start_time": m["start_time"],
        "duration_minutes": m["duration_minutes"],
        "title_ja": m["title_ja"],
        "page_date": m["page_date"],
        "source_sha256": raw.sha256,
        "warnings": " | ".join(map(str, ex.warnings)) or None,
    }
    source = {
        "source_sha256": raw.sha256,
        "meeting_id": mid,
        "file_name": raw.path.name,
        "source_format": "pdf_text" if norm.wrapped else "page_text",
        "encoding": raw.encoding,
        "bytes": len(raw.data),
        "text_ja": norm.text,
        "url": sidecar.get("url"),
        "publisher": sidecar.get("publisher"),
        "retrieved": sidecar.get("retrieved"),
        "license": sidecar.get("license"),
        "extractor_version": EXTRACTOR_VERSION,
    }
    participants = [
        {"participant_id": f"{mid}-p{i:02d}", "meeting_id": mid, **p} for i, p in enumerate(ex.participants, 1)
    ]
    topic_id = {t["index"]: f"{mid}-t{t['index'] + 1:02d}" for t in ex.topics}
    topics = [
        {
            "topic_id": topic_id[t["index"]],
            "meeting_id": mid,
            "parent_topic_id": topic_id.get(t["parent"]),
            "label": t["label"] or None,
            "heading_ja": t["heading_ja"],
            "depth": t["depth"],
            "topic_order": t["index"] + 1,
            "char_start": t["char_start"],
            "char_end": t["char_end"],
        }
        for t in ex.topics
    ]
    statement_id = [f"{mid}-s{i:03d}" for i in range(1, len(ex.statements) + 1)]
    statements = [
        {
            "statement_id": statement_id[i],
            "meeting_id": mid,
            "topic_id": topic_id.get(s["topic"]),
            "statement_order": i + 1,
            "speaker_side": s["speaker_side"],
            "speaker_name_ja": s["speaker_name_ja"],
            "speaker_inferred": s["speaker_inferred"],
            "act": s["act"],
            "text_ja": s["text_ja"],
            "char_start": s["char_start"],
            "char_end": s["char_end"],
            "source_line": s["line"],
        }
        for i, s in enumerate(ex.statements)
    ]
    agreements = []
    for i, a in enumerate(ex.agreements, 1):
        st = statements[a["statement"]]
        agreements.append(
            {
                "agreement_id": f"{mid}-a{i:02d}",
                "meeting_id": mid,
                "statement_id": st["statement_id"],
                "topic_id": st["topic_id"],
                "text_ja": st["text_ja"],
                "content_ja": a["content_ja"],
                "char_start": st["char_start"],
                "char_end": st["char_end"],
            }
        )
    return {
        "sources": [source],
        "meetings": [meeting],
        "participants": participants,
        "topics": topics,
        "statements": statements,
        "agreements": agreements,
    }
