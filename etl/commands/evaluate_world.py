"""Score the joins to the world against hand-made gold (tests/fixtures/world/*.json).

Meeting host, place, occasion and PLOVER mode; the Japanese principals resolved
to the office holder of the day; each statement's PLOVER type; and the codes
and people named inside each statement (micro F1 over statements).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from etl.commands.evaluate import load_tables, squash


def _f1(tp: int, pred: int, gold: int) -> float:
    p, r = (tp / pred if pred else 1.0), (tp / gold if gold else 1.0)
    return 2 * p * r / (p + r) if p + r else 0.0


def _text_ok(got: str | None, want: str | None) -> bool:
    if not want:
        return not got
    return bool(got) and (squash(want) in squash(got) or squash(got) in squash(want))


def score_world(descriptor: Path, world: Path, readouts: dict[str, Path]) -> dict[str, float]:
    """`readouts` maps a gold file's `folder` (seeds, ja) to the folder its readout is in."""
    t = load_tables(descriptor)
    by_sha = {m["source_sha256"]: m for m in t["meetings"]}
    persons = {p["person_id"]: p for p in t["persons"]}
    c: Counter = Counter()
    for path in sorted(world.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        raw = (readouts[gold["folder"]] / gold["readout"]).read_bytes()
        m = by_sha.get(hashlib.sha256(raw).hexdigest())
        if m is None:
            continue
        for key, col in (("host", "host"), ("plover_mode", "plover_mode")):
            c["meeting_n"] += 1
            c["meeting_ok"] += (m[col] or None) == gold["meeting"][key]
        for key, col in (("place_ja", "place"), ("occasion_ja", "occasion")):
            c["meeting_n"] += 1
            c["meeting_ok"] += _text_ok(m[col], gold["meeting"][key])
        jp = [
            p
            for p in t["participants"]
            if p["meeting_id"] == m["meeting_id"] and p["side"] == "JP" and p["role"] == "principal"
        ]
        for g in gold["japan_principals"]:
            c["principal_n"] += 1
            names = [persons.get(p["person_id"], {}).get("name_ja") or "" for p in jp]
            c["principal_ok"] += any(squash(g["person"]) == squash(n) for n in names)
        _statements(c, gold, m["meeting_id"], t)
    return {
        "world_meeting_acc": c["meeting_ok"] / c["meeting_n"] if c["meeting_n"] else 0.0,
        "principal_person_acc": c["principal_ok"] / c["principal_n"] if c["principal_n"] else 0.0,
        "plover_acc": c["plover_ok"] / c["statement_n"] if c["statement_n"] else 0.0,
        "mention_codes_f1": _f1(c["code_tp"], c["code_pred"], c["code_gold"]),
        "mention_persons_f1": _f1(c["person_tp"], c["person_pred"], c["person_gold"]),
    }


def _statements(c: Counter, gold: dict, mid: str, t: dict) -> None:
    sts = [s for s in t["statements"] if s["meeting_id"] == mid]
    texts = [squash(s["text"]) for s in sts]
    used: set[int] = set()
    for g in gold["statements"]:
        i = next((i for i, x in enumerate(texts) if squash(g["snippet"]) in x and i not in used), None)
        if i is None:
            continue
        used.add(i)
        s = sts[i]
        c["statement_n"] += 1
        c["plover_ok"] += (s["plover"] or "") == g["plover"]
        ms = [x for x in t["mentions"] if x["statement_id"] == s["statement_id"]]
        codes = {x["code"] for x in ms if x["kind"] != "person"}
        c["code_pred"] += len(codes)
        c["code_gold"] += len(set(g["codes"]))
        c["code_tp"] += len(codes & set(g["codes"]))
        surfaces = [squash(x["surface"]) for x in ms if x["kind"] == "person"]
        c["person_pred"] += len(surfaces)
        c["person_gold"] += len(g["persons"])
        c["person_tp"] += sum(any(squash(n) in sf for sf in surfaces) for n in g["persons"])
