"""A Japanese readout and its English twin: the meetings linked, the statements aligned.

Twins describe the same meeting: same date, counterpart and format.  Their
statements are aligned item by item (the numbered paragraphs line up, as
ANNOTATION says); where the English drops the labels of sub-items, topic by
topic; where the topics do not line up either, over the whole readouts.
Within a group a small dynamic programme over the order of the statements
matches a Japanese statement with one or two English ones (or two Japanese
with one English) whose length fits the readouts' overall ratio and whose
speaker and act agree.  No model, no network: length and structure.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

from etl.tables.merged import rows_where, set_cells

SKIP = 2.5  # cost of leaving a statement unaligned
BEADS = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))


def _key(meeting: dict) -> tuple:
    return meeting["date"], meeting["counterpart"], meeting["format"]


def _item(label: str | None) -> str:
    """1. / １． / (1) / 1 -> 1: the number or letter of an enumerator, whatever its style."""
    m = re.search(r"[0-9A-Za-zア-ン一-十]+", label or "")
    return m.group() if m else ""


def _groups(statements: list[dict], topic_order: dict[str, int], by_item: bool) -> dict[tuple, list[dict]]:
    out: dict[tuple, list[dict]] = defaultdict(list)
    for s in statements:
        topic = topic_order.get(s["topic_id"] or "", 0)
        out[(topic, _item(s["item_label"])) if by_item else (topic,)].append(s)
    return out


def _cost(ja: list[dict], en: list[dict], ratio: float) -> float:
    if not ja or not en:
        return SKIP
    lj, le = sum(len(s["text"]) for s in ja), sum(len(s["text"]) for s in en)
    cost = abs(math.log((le + 10) / (ratio * lj + 10)))
    sides_ja, sides_en = {s["speaker_side"] for s in ja}, {s["speaker_side"] for s in en}
    cost += 0.0 if sides_ja & sides_en else 1.0
    cost += 0.0 if {s["act"] for s in ja} & {s["act"] for s in en} else 0.3
    return cost + (0.4 if len(ja) + len(en) > 2 else 0.0)


class _Side:
    """One readout's statements as the alignment reads them: text lengths, speaker sides, acts."""

    def __init__(self, statements: list[dict]):
        self.lengths = [len(s["text"]) for s in statements]
        self.sides = [s["speaker_side"] for s in statements]
        self.acts = [s["act"] for s in statements]


def align(ja: list[dict], en: list[dict], ratio: float) -> list[tuple[dict, dict, float]]:
    """Monotonic alignment of two statement lists; (ja, en, score) for every aligned pair."""
    n, m = len(ja), len(en)
    back = _programme(_Side(ja), _Side(en), ratio)
    pairs, i, j = [], n, m
    while (i, j) != (0, 0):
        di, dj = back[i][j]
        if di and dj:
            score = math.exp(-_cost(ja[i - di : i], en[j - dj : j], ratio))
            pairs += [(x, y, round(score, 3)) for x in ja[i - di : i] for y in en[j - dj : j]]
        i, j = i - di, j - dj
    return list(reversed(pairs))


def _programme(a: _Side, b: _Side, ratio: float) -> list[list]:
    """For every i and j, the bead that ends the cheapest alignment of a[:i] with b[:j].

    Each cell tries the beads in BEADS order and a bead replaces another only when strictly cheaper,
    so ties go as they always have.  Beads are costed inline with _cost's arithmetic on the lengths,
    sides and acts read once (the same float operations in the same order); skips cost SKIP.
    """
    n, m, inf = len(a.lengths), len(b.lengths), float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        row, below = best[i], best[i + 1] if i < n else []
        for j in range(m + 1):
            here = row[j]
            if here == inf:
                continue
            if i < n and j < m:  # (1, 1)
                c = abs(math.log((b.lengths[j] + 10) / (ratio * a.lengths[i] + 10)))
                if a.sides[i] not in (b.sides[j],):  # `in`, as _cost's sets: identity, then equality
                    c += 1.0
                if a.acts[i] not in (b.acts[j],):
                    c += 0.3
                if here + c < below[j + 1]:
                    below[j + 1], back[i + 1][j + 1] = here + c, (1, 1)
            if i < n and j + 1 < m:  # (1, 2)
                c = abs(math.log((b.lengths[j] + b.lengths[j + 1] + 10) / (ratio * a.lengths[i] + 10)))
                if a.sides[i] not in (b.sides[j], b.sides[j + 1]):
                    c += 1.0
                if a.acts[i] not in (b.acts[j], b.acts[j + 1]):
                    c += 0.3
                if here + (c + 0.4) < below[j + 2]:
                    below[j + 2], back[i + 1][j + 2] = here + (c + 0.4), (1, 2)
            if i + 1 < n and j < m:  # (2, 1)
                c = abs(math.log((b.lengths[j] + 10) / (ratio * (a.lengths[i] + a.lengths[i + 1]) + 10)))
                if b.sides[j] not in (a.sides[i], a.sides[i + 1]):
                    c += 1.0
                if b.acts[j] not in (a.acts[i], a.acts[i + 1]):
                    c += 0.3
                if here + (c + 0.4) < best[i + 2][j + 1]:
                    best[i + 2][j + 1], back[i + 2][j + 1] = here + (c + 0.4), (2, 1)
            if i < n and here + SKIP < below[j]:  # (1, 0)
                below[j], back[i + 1][j] = here + SKIP, (1, 0)
            if j < m and here + SKIP < row[j + 1]:  # (0, 1)
                row[j + 1], back[i][j + 1] = here + SKIP, (0, 1)
    return back


def _pairs_of_meetings(ja_sts: list[dict], en_sts: list[dict], order: dict[str, int]) -> list[tuple[dict, dict, float]]:
    ratio = sum(len(s["text"]) for s in en_sts) / max(1, sum(len(s["text"]) for s in ja_sts))
    for by_item in (True, False):  # items, else topics (English readouts often drop the sub-items' labels)
        gj, ge = _groups(ja_sts, order, by_item), _groups(en_sts, order, by_item)
        if set(gj) == set(ge):
            return [p for key in sorted(gj) for p in align(gj[key], ge[key], ratio)]
    return align(ja_sts, en_sts, ratio)  # neither lines up: the whole readouts


def _twins(meetings) -> list[tuple[dict, dict]]:
    """(Japanese, English) meeting rows that describe the same meeting."""
    by_key: dict[tuple, dict[str, dict]] = defaultdict(dict)
    for m in meetings:
        by_key[_key(m)][m["language"]] = m
    return [(pair["ja"], pair["en"]) for pair in by_key.values() if "ja" in pair and "en" in pair]


STATEMENT_COLUMNS = ("meeting_id", "statement_id", "topic_id", "item_label", "text", "speaker_side", "act")


PAIRS_AT_ONCE = 200  # twin pairs whose statements are read into Python together: memory stays bounded


def link_twins(rows: dict) -> None:
    """Fill meetings.twin_meeting_id, statements.text_en and the statement_alignments rows, in place.

    Tables are lists of rows or `MergedTable`s.  Only the statements and
    topics of twinned meetings are read, PAIRS_AT_ONCE pairs at a time, and
    only the columns the alignment needs: the texts of every other readout,
    and of the pairs not being aligned, stay in Arrow.
    """
    twins = _twins(rows["meetings"])
    alignments, text_en = [], {}
    for start in range(0, len(twins), PAIRS_AT_ONCE):
        _align_pairs(rows, twins[start : start + PAIRS_AT_ONCE], alignments, text_en)
    if text_en:
        set_cells(rows["statements"], "text_en", text_en)
    rows["statement_alignments"] = sorted(alignments, key=lambda r: (r["statement_id"], r["en_statement_id"]))


def _align_pairs(rows: dict, twins: list[tuple[dict, dict]], alignments: list[dict], text_en: dict) -> None:
    """Link and align some twin pairs: alignment rows and English texts (by statement row) are added."""
    twinned = {m["meeting_id"] for pair in twins for m in pair}
    statements: dict[str, list[dict]] = defaultdict(list)
    for i, s in rows_where(rows["statements"], "meeting_id", twinned, STATEMENT_COLUMNS).items():
        statements[s["meeting_id"]].append(s | {"row": i})
    topics = rows_where(rows["topics"], "meeting_id", twinned, ("topic_id", "topic_order")).values()
    order = {t["topic_id"]: t["topic_order"] for t in topics}
    for ja, en in twins:
        ja["twin_meeting_id"], en["twin_meeting_id"] = en["meeting_id"], ja["meeting_id"]
        english: dict[str, list[str]] = defaultdict(list)
        for a, b, score in _pairs_of_meetings(statements[ja["meeting_id"]], statements[en["meeting_id"]], order):
            alignments.append(
                {
                    "meeting_id": ja["meeting_id"],
                    "statement_id": a["statement_id"],
                    "en_meeting_id": en["meeting_id"],
                    "en_statement_id": b["statement_id"],
                    "score": score,
                }
            )
            english[a["statement_id"]].append(b["text"])
        for s in statements[ja["meeting_id"]]:
            text_en[s["row"]] = " ".join(english[s["statement_id"]]) or None
