"""The annotated readout page: the normalised source text with the extraction drawn on it.

The text is cut into paragraphs (one per line of `sources.text`); each
statement becomes an element carrying its row, highlighted by speaker side
and labelled with side, speaker and act; the agreed content is marked inside
its statement; topic headings become headings.  Participants, warnings and
corrections are listed beside it.  The page is built from rows (a table name
to a list of dicts), so the same code draws a published meeting and a readout
parsed by `check --html`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from etl.site.links import Links
from etl.site.render import render

WARNING_SEPARATOR = " | "  # how meetings.warnings joins the warnings


def side_class(side: str | None) -> str:
    """CSS class of a speaker side: JP, joint, unknown, or the counterpart (any other code)."""
    if side is None:
        return "unknown"
    return {"JP": "jp", "joint": "joint"}.get(side, "other")


def plain(row: dict) -> dict:
    """A row with JSON values: dates as YYYY-MM-DD."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}


def row_text(row: dict) -> str:
    return "\n".join(f"{k}: {v}" for k, v in plain(row).items() if v is not None)


@dataclass
class Statement:
    row: dict
    agreement: dict | None
    pieces: list[tuple[str, bool]]  # (text, is the agreed content)
    url: str | None
    kind: str = "statement"

    @property
    def side(self) -> str:
        return side_class(self.row["speaker_side"])

    @property
    def label(self) -> str:
        r = self.row
        who = r["speaker_side"] or "speaker unknown"
        if r["speaker_name"]:
            who += f" {r['speaker_name']}"
        if r["speaker_inferred"]:
            who += " (inferred)"
        short = r["statement_id"].rsplit("-", 1)[-1]
        text = f"{short} · {who} · {r['act']}"
        if self.agreement:
            text += " · agreement"
            if self.agreement["refers_to_statement_id"]:
                text += f" taking up {self.agreement['refers_to_statement_id'].rsplit('-', 1)[-1]}"
        return text

    @property
    def data_row(self) -> str:
        return json.dumps(plain(self.row), ensure_ascii=False, sort_keys=False)

    @property
    def data_agreement(self) -> str:
        return json.dumps(plain(self.agreement), ensure_ascii=False) if self.agreement else ""

    @property
    def title(self) -> str:
        return row_text(self.row)


@dataclass
class Mention:
    kind: str  # "topic" or "person"
    row: dict
    text: str


@dataclass
class Block:
    kind: str  # "heading" or "para"
    parts: list[str | Statement | Mention] = field(default_factory=list)
    topic: dict | None = None

    @property
    def level(self) -> int:
        return min(6, 2 + (self.topic["depth"] if self.topic else 1))

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts if not isinstance(p, Statement))


def _statement(row: dict, agreement: dict | None, links: Links) -> Statement:
    text = row["text"]
    pieces = [(text, False)]
    if agreement:
        i = text.find(agreement["content"])
        if i >= 0:
            j = i + len(agreement["content"])
            pieces = [(p, marked) for p, marked in ((text[:i], False), (text[i:j], True), (text[j:], False)) if p]
    return Statement(row, agreement, pieces, links.row("statements", row["statement_id"]))


def _placed(rows: dict[str, list[dict]], links: Links) -> list[tuple[int, int, Statement | Mention]]:
    """Statements, then topic headings and mentions of people where they overlap nothing placed."""
    by_statement = {a["statement_id"]: a for a in rows["agreements"]}
    placed = [
        (s["char_start"], s["char_end"], _statement(s, by_statement.get(s["statement_id"]), links))
        for s in rows["statements"]
    ]
    text = rows["sources"][0]["text"]
    extra = [(t, "topic") for t in rows["topics"]] + [(p, "person") for p in rows["participants"]]
    for row, kind in extra:
        a, b = row["char_start"], row["char_end"]
        if all(b <= s or e <= a for s, e, _ in placed):
            placed.append((a, b, Mention(kind, row, text[a:b])))
    return sorted(placed, key=lambda x: x[0])


def blocks(rows: dict[str, list[dict]], links: Links) -> list[Block]:
    """Paragraphs of the source text, with statements and mentions in place; heading lines as headings."""
    text = rows["sources"][0]["text"]
    out, current, pos = [], Block("para"), 0

    def add_text(chunk: str) -> None:
        nonlocal current
        lines = chunk.split("\n")
        for i, line in enumerate(lines):
            if i:
                out.append(current)
                current = Block("para")
            if line:
                current.parts.append(line)

    for start, end, item in _placed(rows, links):
        add_text(text[pos:start])
        current.parts.append(item)
        pos = end
    add_text(text[pos:])
    out.append(current)
    for b in out:
        topics = [p for p in b.parts if isinstance(p, Mention) and p.kind == "topic"]
        others = [p for p in b.parts if not (isinstance(p, str) and (not p.strip() or _is_label(p, topics)))]
        if len(topics) == 1 and others == topics:
            b.kind, b.topic = "heading", topics[0].row
    return [b for b in out if b.parts]


def _is_label(chunk: str, topics: list[Mention]) -> bool:
    return any(chunk.strip() == (t.row["label"] or "") for t in topics)


def _meeting_facts(m: dict) -> list[tuple[str, str]]:
    facts = [
        ("Meeting", m["meeting_id"]),
        ("Date", plain(m)["date"]),
        ("Counterpart", " ".join(x for x in (m["counterpart"], m["counterpart_name_ja"]) if x) or "unknown"),
        ("Format", m["format"]),
        ("Level", m["level"]),
        ("Start", m["start_time"] or "not given"),
        ("Duration", f"{m['duration_minutes']} minutes" if m["duration_minutes"] else "not given"),
    ]
    return facts


def meeting_rows(rows: dict[str, list[dict]], meeting_id: str) -> dict[str, list[dict]]:
    """The rows of one meeting, from the rows of a whole package."""
    return {t: [r for r in rs if r.get("meeting_id") == meeting_id] for t, rs in rows.items()}


def readout_page(rows: dict[str, list[dict]], links: Links, note: str | None = None) -> str:
    """The annotated page of the one meeting in rows (see meeting_rows)."""
    meeting, source = rows["meetings"][0], rows["sources"][0]
    statements = rows["statements"]
    rank = {"jp": 0, "other": 1, "joint": 2, "unknown": 3}
    sides = sorted(
        {(side_class(s["speaker_side"]), s["speaker_side"] or "unknown") for s in statements},
        key=lambda x: (rank[x[0]], x[1]),
    )
    return render(
        "readout.html.j2",
        meeting=meeting,
        source=plain(source),
        lang=source.get("language") or "ja",
        facts=_meeting_facts(meeting),
        blocks=blocks(rows, links),
        participants=rows["participants"],
        topics=rows["topics"],
        agreements=rows["agreements"],
        corrections=rows.get("corrections", []),
        warnings=meeting["warnings"].split(WARNING_SEPARATOR) if meeting["warnings"] else [],
        sides=sides,
        counts={"statements": len(statements), "agreements": len(rows["agreements"])},
        links=links,
        note=note,
        row_text=row_text,
    )
