"""Full-length synthetic readouts: long summits with sections, and short telephone talks.

The short corpus of `generate.py` averages about 17 statements a readout.
Real summit readouts are longer: a lead naming who was present, numbered
sections with numbered sub-sections, and paragraphs of two or three reported
clauses each.  `full_length(i)` writes readouts of that shape (about 40
statements and 13 KB on average, as the seed readouts are), mixed with short
telephone talks from `generate.synthetic`, so the benchmark can measure the
build on text as long as the real one.  As in `generate.py`, every readout
comes with what an extractor should find in it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from benchmarks.forms import FULL_WIDTH_DIGITS, KANA, date_line, wrap
from benchmarks.generate import (
    AREAS,
    CLAIMS,
    Expected,
    Synthetic,
    _Cast,
    _cast,
    _lead,
    _speaker,
    _statements,
    _title,
    synthetic,
    write_readouts,
)
from etl.extract.rules import countries

SHORT_SHARE = 0.3  # telephone talks and short meetings, as the short corpus makes them
SECTIONS = ("二国間関係", "経済", "安全保障", "地域情勢", "国際社会の課題", "人的交流")
SCOPES = ("二国間の", "地域における", "国際社会での", "今後の", "次世代の", "官民による", "長期的な")
REASONS = (
    "両国の長年の友好関係を踏まえ",
    "昨年来の情勢の変化を受けて",
    "国際社会の関心が高まる中で",
    "先般の首脳間の合意に基づき",
)


def _long_clause(area: str, rng: random.Random) -> str:
    """A claim with a scope and a reason in front: the length of a real reported clause."""
    return f"{rng.choice(REASONS)}{rng.choice(SCOPES)}{area}{rng.choice(CLAIMS)}"


def _paragraph(cast: _Cast, rng: random.Random, polite: bool, previous: str | None) -> list[tuple[str, str, str]]:
    """One paragraph: a statement of two to five reported clauses, or one of the short corpus's sentences."""
    if rng.random() < 0.3:
        return _statements(cast, rng, polite, previous)
    side = rng.choice(["JP", "CP"])
    clauses = [_long_clause(rng.choice(AREAS), rng) for _ in range(rng.randint(2, 5))]
    end = "ました。" if polite else "た。"
    text = f"{_speaker(cast, side, rng)}，{'旨，'.join(clauses)}旨述べ{end}"
    return [(text, side, "stated")]


def _attendees(rng: random.Random) -> str:
    jp = "，".join(f"{rng.choice(('山本', '中川', '石井', '森'))}{t}" for t in ("内閣官房副長官", "外務審議官"))
    return f"（我が方より{jp}他，先方より駐日大使他が同席）"


def summit(index: int, seed: int = 0) -> Synthetic:
    """The index-th readout of the full-length corpus for this seed; the same arguments give the same readout."""
    rng = random.Random(f"summit:{seed}:{index}")
    if rng.random() < SHORT_SHARE:
        return synthetic(index, seed)
    base = synthetic(index, seed)  # its date, counterpart and name keep meetings distinct across the corpus
    e = base.expected
    country = next(c for c in countries() if c.code == e.counterpart)
    fmt = "meeting"
    polite = rng.random() < 0.5
    cast = _cast("leaders", rng)
    paragraphs, sides, acts, topics, plan = [], [], [], 0, []
    for s, section in enumerate(rng.sample(SECTIONS, rng.randint(4, 6)), 1):
        paragraphs.append(f"{s}．{section}")
        topics += 1
        items = []
        for u in range(1, rng.randint(2, 4) + 1):
            heading = AREAS[(index + s * 7 + u) % len(AREAS)]
            paragraphs.append(f"（{u}）{heading}")
            topics += 1
            said: list[tuple[str, str, str]] = []
            shapes = []
            for k in range(rng.randint(1, 5)):
                said = _paragraph(cast, rng, polite, said[-1][1] if k else None)
                paragraphs.append(f"（{KANA[k]}）" + "".join(text for text, _, _ in said))
                sides += [country.code if side == "CP" else side for _, side, _ in said]
                acts += [act for _, _, act in said]
                shapes.append(tuple((side, act) for _, side, act in said))
            items.append((heading, tuple(shapes)))
        plan.append((section, tuple(items)))
    title = _title(country, fmt, "leaders", cast)
    lead = _lead(e.date, country, fmt, cast, rng, polite) + _attendees(rng)
    dateline, _ = date_line(e.date, rng)
    if rng.random() < 0.4:  # PDF text
        head = [title, dateline.translate(FULL_WIDTH_DIGITS), "外    務    省", ""]
        width = 2 * rng.randint(34, 40)
        text = "\n".join(head + [line for p in [lead, *paragraphs] for line in wrap(p, width)]) + "\n"
    else:
        text = "\n".join([title, dateline, lead, *paragraphs, ""]) + "\n"
    name = base.name.replace(f"_{e.format}_", f"_{fmt}_") if e.format != fmt else base.name
    expected = Expected(e.date, e.counterpart, fmt, "leaders", tuple(sides), tuple(acts), acts.count("agreed"), topics)
    traits = {**base.traits, "shape": "summit"}
    return Synthetic(name, text, expected, traits, base.sidecar, tuple(plan))


def full_corpus(n: int, seed: int = 0) -> Iterator[Synthetic]:
    for i in range(n):
        yield summit(i, seed)


def write_full_corpus(folder: Path, n: int, seed: int = 0) -> list[Synthetic]:
    """Write n full-length readouts (and their sidecars) into folder; return what was written."""
    return write_readouts(folder, full_corpus(n, seed))
