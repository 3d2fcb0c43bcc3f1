"""Extraction figures on every fixture readout that has hand-made gold (tests/fixtures/*/gold).

The fixtures imitate what real readouts look like on the web (no title line,
breadcrumbs, photo captions, third-party copies, flattened table pages, two
time zones, offices joined by 兼, nominal predicates ...).  Each set is built
into a temporary package and scored with the project's evaluator, which
follows the shared scorer's definitions.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from etl.commands.evaluate import score, score_alignments
from etl.run.build import build

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SETS = sorted(p.parent for p in FIXTURES.glob("*/gold") if any(p.glob("*.json")))
TARGET = 0.95
METRICS = (
    "meeting_field_acc",
    "participants_f1",
    "participant_title_acc",
    "topics_f1",
    "statements_f1",
    "speaker_acc",
    "act_acc",
    "statement_topic_acc",
    "agreements_f1",
    "agreement_content_acc",
)


def _gold_readouts(folder: Path) -> list[Path]:
    return [
        folder / "readouts" / json.loads(g.read_text(encoding="utf-8"))["readout"]
        for g in (folder / "gold").glob("*.json")
    ]


@pytest.fixture(scope="module", params=[s.name for s in SETS])
def figures(request, tmp_path_factory):
    folder = FIXTURES / request.param
    src = tmp_path_factory.mktemp(f"{request.param}-readouts")
    for path in _gold_readouts(folder):
        shutil.copy(path, src / path.name)
    out = tmp_path_factory.mktemp(f"{request.param}-package")
    build(src, out)
    return request.param, score(out / "datapackage.json", folder / "gold", src)


def test_every_fixture_set_has_gold_for_each_readout():
    assert SETS, "no fixture gold found"
    for folder in SETS:
        assert all(p.exists() for p in _gold_readouts(folder)), folder


@pytest.mark.parametrize("metric", METRICS)
def test_fixture_gold_meets_target(figures, metric):
    name, got = figures
    assert got[metric] >= TARGET, f"{name}: {metric}={got[metric]:.3f} ({got})"


def test_japanese_statements_are_aligned_with_their_english_twins(tmp_path):
    """Gold pairs (tests/fixtures/en/alignments) against statement_alignments: precision and recall."""
    src = tmp_path / "readouts"
    src.mkdir()
    for path in sorted((FIXTURES / "en" / "alignments").glob("*.json")):
        pair = json.loads(path.read_text(encoding="utf-8"))
        shutil.copy(FIXTURES / "ja" / "readouts" / pair["ja"], src)
        shutil.copy(FIXTURES / "en" / "readouts" / pair["en"], src)
    build(src, tmp_path / "package")
    got = score_alignments(tmp_path / "package" / "datapackage.json", FIXTURES / "en" / "alignments", src)
    assert got["alignment_precision"] >= TARGET and got["alignment_recall"] >= TARGET, got


def test_joins_to_the_world_meet_their_gold(tmp_path):
    """Host, place, occasion, PLOVER mode, principals resolved by office and date, PLOVER types, mentions."""
    from etl.commands.evaluate_world import score_world

    folders = {"seeds": FIXTURES / "seeds", "ja": FIXTURES / "ja" / "readouts"}
    if not folders["seeds"].is_dir():  # the seed readouts are kept in readouts/ until they move to tests/fixtures/seeds
        folders["seeds"] = Path(__file__).resolve().parents[1] / "readouts"
    src = tmp_path / "readouts"
    src.mkdir()
    for path in sorted((FIXTURES / "world").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        shutil.copy(folders[gold["folder"]] / gold["readout"], src)
    build(src, tmp_path / "package")
    got = score_world(tmp_path / "package" / "datapackage.json", FIXTURES / "world", folders)
    assert all(v >= TARGET for v in got.values()), got
