"""No sentence of the seed readouts may stand in the code (or the definitions): rules must be general.

The guard looks at the two seed readouts only (tests/fixtures/seeds/), not at
whatever readouts/ holds, and ignores phrases that 3 or more readouts of the
fixtures share (tests/fixtures/**/*.txt): the stock lead sentence and other
MOFA boilerplate are vocabulary, not seed text.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from etl.extract.pipeline import normalized

from .conftest import ROOT, SEEDS, TESTS

WINDOW = 16  # characters of seed text that count as copying (vocabulary words are shorter)
SHARED = 3  # a phrase found in this many fixture readouts is boilerplate


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", normalized(text).text)


def windows(text: str) -> set[str]:
    """Every WINDOW-character stretch of the text's sentences (whitespace removed)."""
    out = set()
    for sentence in re.split(r"[。\n]", normalized(text).text):
        sentence = re.sub(r"\s+", "", sentence)
        out.update(sentence[i : i + WINDOW] for i in range(len(sentence) - WINDOW + 1))
    return out


def seed_windows(seeds: list[str], fixtures: list[str]) -> set[str]:
    """Windows of the seed texts, less those that SHARED or more fixture texts have."""
    counts = Counter(w for text in fixtures for w in windows(text))
    return {w for text in seeds for w in windows(text) if counts[w] < SHARED}


def copied(code: str, seeds: set[str]) -> str | None:
    """The first seed window found in code, if any."""
    text = _squashed(code)
    return next((text[i : i + WINDOW] for i in range(len(text) - WINDOW + 1) if text[i : i + WINDOW] in seeds), None)


def _read(paths) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(paths)]


def test_code_holds_no_seed_sentence():
    seeds = seed_windows(_read(SEEDS.glob("*.txt")), _read(TESTS.joinpath("fixtures").rglob("*.txt")))
    assert len(seeds) > 100, "the seed readouts went missing from tests/fixtures/seeds/"
    code: list[Path] = [*ROOT.joinpath("etl").rglob("*.py"), *TESTS.glob("*.py"), ROOT / "docs" / "annotation.md"]
    found = [f"{p.relative_to(ROOT)}: {hit}" for p in code if (hit := copied(p.read_text(encoding="utf-8"), seeds))]
    assert not found, found


def test_the_guard_flags_a_copied_sentence_and_ignores_shared_boilerplate():
    boiler = "両国首脳はこの日の午後に会い、概要は以下のとおりである。"
    seed = "第一の点として、双方は港湾施設の共同整備を早く進めることにした。" + boiler
    others = [f"{i}日、" + boiler for i in range(1, 4)]
    seeds = seed_windows([seed], [seed, *others])
    assert copied("RULE = '港湾施設の共同整備を早く進めることにした'", seeds)
    assert copied("LEAD = '両国首脳はこの日の午後に会い、概要は以下のとおりである'", seeds) is None
    assert seed_windows([seed], [seed, *others[:1]]) >= windows(boiler)  # in 2 readouts only: still seed text
