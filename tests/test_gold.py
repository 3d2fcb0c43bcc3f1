"""Extraction figures on the hand-made gold, computed with the project's own evaluator."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.commands.evaluate import score

from .conftest import SEEDS

GOLD = Path(__file__).resolve().parent / "gold"
TARGETS = {
    "meeting_field_acc": 0.95,
    "participants_f1": 0.95,
    "topics_f1": 0.95,
    "statements_f1": 0.95,
    "speaker_acc": 0.95,
    "agreements_f1": 0.95,
    "act_acc": 0.9,
    "statement_topic_acc": 0.9,
    "agreement_content_acc": 0.95,
    "participant_title_acc": 0.95,
}


@pytest.fixture(scope="module")
def figures(built):
    return score(built / "datapackage.json", GOLD, SEEDS)


@pytest.mark.parametrize("metric", sorted(TARGETS))
def test_gold_figure_meets_target(figures, metric):
    assert figures[metric] >= TARGETS[metric], figures


def test_the_evaluator_can_fail(built, tmp_path):
    """A gold file that disagrees with the package lowers the figures."""
    import json

    gold = json.loads((GOLD / "2013-02-22_jp-us_summit.json").read_text(encoding="utf-8"))
    gold["meeting"]["counterpart"] = "CN"
    for s in gold["statements"]:
        s["speaker"] = "CN"
    (tmp_path / "g.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    bad = score(built / "datapackage.json", tmp_path, SEEDS)
    assert bad["speaker_acc"] == 0.0 and bad["meeting_field_acc"] < 1.0
