"""Twins: a Japanese readout and its English readout linked, and their statements aligned."""

from __future__ import annotations

import pyarrow.parquet as pq

from benchmarks.english import english_twin
from benchmarks.generate import write_readouts
from benchmarks.summit import summit
from etl.run.build import build


def _summit_with_sub_items(seed: int):
    """A full-length summit whose paragraphs are labelled (ア), (イ) … under each sub-section."""
    candidates = (summit(i, seed) for i in range(50))
    found = next((s for s in candidates if s.plan and any(len(p) > 1 for _, it in s.plan for _, p in it)), None)
    assert found is not None, f"no summit with sub-items among the first 50 of seed {seed}"
    return found


def test_statements_align_within_topics_when_the_english_drops_the_sub_item_labels(tmp_path):
    ja = _summit_with_sub_items(seed=11)
    en = english_twin(ja, seed=11)
    write_readouts(tmp_path / "readouts", [ja, en])
    build(tmp_path / "readouts", tmp_path / "out")
    dist = tmp_path / "out" / "dist"
    meetings = pq.read_table(dist / "meetings.parquet").to_pylist()
    assert {m["twin_meeting_id"] for m in meetings} == {m["meeting_id"] for m in meetings}
    topics = {t["topic_id"]: t["topic_order"] for t in pq.read_table(dist / "topics.parquet").to_pylist()}
    statements = {s["statement_id"]: s for s in pq.read_table(dist / "statements.parquet").to_pylist()}
    pairs = pq.read_table(dist / "statement_alignments.parquet").to_pylist()
    assert len(pairs) >= len(ja.expected.acts) // 2
    for pair in pairs:
        a, b = statements[pair["statement_id"]], statements[pair["en_statement_id"]]
        assert topics[a["topic_id"]] == topics[b["topic_id"]], (a["text"], b["text"])
