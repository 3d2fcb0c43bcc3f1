"""No sentence of the seed readouts may stand in the code: rules must be general."""

from __future__ import annotations

import re

from etl.extract.pipeline import normalized

from .conftest import READOUTS, ROOT

WINDOW = 16  # characters of seed text that count as copying (vocabulary words are shorter)


def _seed_windows() -> set[str]:
    out = set()
    for path in READOUTS.glob("*.txt"):
        text = re.sub(r"\s+", "", normalized(path.read_text(encoding="utf-8")).text)
        for sentence in re.split(r"[。\n]", text):
            for i in range(len(sentence) - WINDOW + 1):
                out.add(sentence[i : i + WINDOW])
    return out


def test_code_holds_no_seed_sentence():
    seeds = _seed_windows()
    code = [*ROOT.joinpath("etl").rglob("*.py"), *ROOT.joinpath("tests").glob("*.py")]
    found = []
    for path in code:
        text = re.sub(r"\s+", "", normalized(path.read_text(encoding="utf-8")).text)
        for i in range(len(text) - WINDOW + 1):
            if text[i : i + WINDOW] in seeds:
                found.append(f"{path.relative_to(ROOT)}: {text[i : i + WINDOW]}")
                break
    assert not found, found
