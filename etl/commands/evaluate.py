"""Score a built package against hand-made gold files (see tests/gold/).

The definitions are those of docs/annotation.md: text is compared after NFKC with all
whitespace removed; names match when one contains the other; statements are
matched one-to-one through a snippet of gold text.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import json
import re
import unicodedata
from pathlib import Path

from etl.tables.schema import TABLES

CONTENT_RATIO = 0.8  # what was agreed matches at this similarity, as in ANNOTATION.md


def squash(text: object) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def load_tables(descriptor: Path) -> dict[str, list[dict]]:
    pkg = json.loads(descriptor.read_text(encoding="utf-8"))
    out = {}
    for res in pkg["resources"]:
        if res["format"] == "csv" and res["name"] in TABLES:
            with open(descriptor.parent / res["path"], encoding="utf-8", newline="") as fh:
                out[res["name"]] = list(csv.DictReader(fh))
    return out


def _f1(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> float:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _paths(topics: list[dict]) -> dict[str, tuple[str, ...]]:
    by_id = {t["topic_id"]: t for t in topics}
    out = {}
    for tid, t in by_id.items():
        path, cur = [], t
        while cur is not None:
            path.append(squash(cur["heading"]))
            cur = by_id.get(cur["parent_topic_id"])
        out[tid] = tuple(reversed(path))
    return out


class _Counts(dict):
    def __missing__(self, key: str) -> int:
        return 0


def score(descriptor: Path, gold_dir: Path, readouts: Path) -> dict[str, float]:
    tables = load_tables(descriptor)
    by_sha = {m["source_sha256"]: m for m in tables["meetings"]}
    paths = _paths(tables["topics"])
    c = _Counts()
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        sha = hashlib.sha256((readouts / gold["readout"]).read_bytes()).hexdigest()
        m = by_sha.get(sha)
        for k in ("participants", "topics", "statements", "agreements"):
            c[f"{k}_gold"] += len(gold[k])
        c["fields"] += len(gold["meeting"])
        c["content_gold"] += sum("content" in g or "refers_to" in g for g in gold["agreements"])
        if m is None:
            continue
        mid = m["meeting_id"]
        c["fields_ok"] += sum(
            (m.get(k) or None) == (str(v) if v is not None else None) for k, v in gold["meeting"].items()
        )
        _score_participants(c, gold, [p for p in tables["participants"] if p["meeting_id"] == mid])
        mine = {paths[t["topic_id"]] for t in tables["topics"] if t["meeting_id"] == mid}
        want = {tuple(squash(h) for h in t["path"]) for t in gold["topics"]}
        c["topics_pred"] += len(mine)
        c["topics_tp"] += len(mine & want)
        sts = [s for s in tables["statements"] if s["meeting_id"] == mid]
        _score_statements(c, gold, sts, paths)
        _score_agreements(c, gold, [a for a in tables["agreements"] if a["meeting_id"] == mid], sts)
    return {
        "meeting_field_acc": c["fields_ok"] / c["fields"] if c["fields"] else 0.0,
        "participants_f1": _f1(
            c["participants_tp"], c["participants_pred"], c["participants_tp"], c["participants_gold"]
        ),
        "topics_f1": _f1(c["topics_tp"], c["topics_pred"], c["topics_tp"], c["topics_gold"]),
        "statements_f1": _f1(c["statements_pred_tp"], c["statements_pred"], c["statements_tp"], c["statements_gold"]),
        "speaker_acc": c["speaker_ok"] / c["statements_gold"] if c["statements_gold"] else 0.0,
        "act_acc": c["act_ok"] / c["statements_gold"] if c["statements_gold"] else 0.0,
        "statement_topic_acc": c["topic_ok"] / c["statements_gold"] if c["statements_gold"] else 0.0,
        "agreements_f1": _f1(c["agreements_pred_tp"], c["agreements_pred"], c["agreements_tp"], c["agreements_gold"]),
        "agreement_content_acc": c["content_ok"] / c["content_gold"] if c["content_gold"] else 1.0,
        "participant_title_acc": c["title_ok"] / c["participants_gold"] if c["participants_gold"] else 0.0,
    }


def _score_agreements(c: _Counts, gold: dict, ags: list[dict], sts: list[dict]) -> None:
    """Found through their text; what was agreed as a close match of content, or as the right refers_to link."""
    st_text = {s["statement_id"]: squash(s["text"]) for s in sts}
    texts = [squash(a["text"]) for a in ags]
    snips = [squash(g["snippet"]) for g in gold["agreements"]]
    c["agreements_pred"] += len(ags)
    c["agreements_pred_tp"] += sum(any(s in t for s in snips) for t in texts)
    for g, snip in zip(gold["agreements"], snips):
        hit = next((a for a, t in zip(ags, texts) if snip in t), None)
        if hit is None:
            continue
        c["agreements_tp"] += 1
        if "refers_to" in g:
            ref = st_text.get(hit.get("refers_to_statement_id") or "", "")
            c["content_ok"] += bool(ref) and squash(g["refers_to"]) in ref
        elif "content" in g:
            ratio = difflib.SequenceMatcher(None, squash(hit["content"]), squash(g["content"]), autojunk=False).ratio()
            c["content_ok"] += ratio >= CONTENT_RATIO


def _score_participants(c: _Counts, gold: dict, parts: list[dict]) -> None:
    c["participants_pred"] += len(parts)
    unused = list(parts)
    for g in gold["participants"]:
        name = squash(g.get("name_ja") or g.get("name"))
        hit = next(
            (
                p
                for p in unused
                if p["side"] == g["side"]
                and squash(p["name"])
                and (name in squash(p["name"]) or squash(p["name"]) in name)
            ),
            None,
        )
        if hit is not None:
            unused.remove(hit)
            c["participants_tp"] += 1
            want, got = squash(g.get("title_ja") or g.get("title")), squash(hit["title"])
            c["title_ok"] += bool(got) and (want in got or got in want)


def _score_statements(c: _Counts, gold: dict, sts: list[dict], paths: dict[str, tuple[str, ...]]) -> None:
    c["statements_pred"] += len(sts)
    texts = [squash(s["text"]) for s in sts]
    used: set[int] = set()
    for g in gold["statements"]:
        snip = squash(g["snippet"])
        free = [i for i, t in enumerate(texts) if snip in t and i not in used]
        if not free:
            continue
        i = free[0]
        used.add(i)
        s = sts[i]
        c["statements_tp"] += 1
        c["speaker_ok"] += s["speaker_side"] == g["speaker"]
        c["act_ok"] += s["act"] == g["act"]
        c["topic_ok"] += paths.get(s["topic_id"], ()) == tuple(squash(h) for h in g["topic"])
    c["statements_pred_tp"] += len(used)


def score_alignments(descriptor: Path, alignments: Path, readouts: Path) -> dict[str, float]:
    """Precision and recall of statement_alignments against gold pairs (tests/fixtures/en/alignments)."""
    tables = load_tables(descriptor)
    by_sha = {m["source_sha256"]: m["meeting_id"] for m in tables["meetings"]}
    texts = {s["statement_id"]: (s["meeting_id"], squash(s["text"])) for s in tables["statements"]}
    predicted = {(a["statement_id"], a["en_statement_id"]) for a in tables["statement_alignments"]}

    def statement(meeting: str | None, snippet: str) -> str | None:
        want = squash(snippet)
        return next((sid for sid, (mid, t) in texts.items() if mid == meeting and want in t), None)

    gold: set[tuple[str | None, str | None]] = set()
    meetings: set[str | None] = set()
    for path in sorted(alignments.glob("*.json")):
        pair = json.loads(path.read_text(encoding="utf-8"))
        ja, en = (by_sha.get(hashlib.sha256((readouts / pair[k]).read_bytes()).hexdigest()) for k in ("ja", "en"))
        meetings.add(ja)
        gold |= {(statement(ja, p["ja"]), statement(en, p["en"])) for p in pair["pairs"]}
    mine = {p for p in predicted if texts[p[0]][0] in meetings}
    hit = len(mine & gold)
    return {
        "alignment_precision": hit / len(mine) if mine else 0.0,
        "alignment_recall": hit / len(gold) if gold else 0.0,
    }
