"""Every shortcut the steps across readouts take for speed (issue 17) finds what the plain rule finds.

As in test_fast_paths.py, each test states the plain rule as it was written
before the shortcut: clustering and resolving names through an index instead
of a scan, and the twins' alignment programme costing beads inline.
"""

from __future__ import annotations

import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.tables import persons
from etl.tables.name_index import NameIndex, fits
from etl.tables.twins import BEADS, _cost, align


def test_names_clustered_through_the_index_are_clustered_as_by_a_scan():
    def plain(names: list[str]) -> list[list[str]]:
        clusters: list[list[str]] = []
        for name in sorted(set(names), key=lambda n: (-len(n), n)):
            fitting = [c for c in clusters if any(fits(name, n) for n in c)]
            if len(fitting) == 1:
                fitting[0].append(name)
            else:
                clusters.append([name])
        return clusters

    rng = random.Random(4)
    latin = ["Abe", "Shinzo Abe", "ABE Shinzo", "Kishida", "Fumio Kishida", "Biden", "Joe Biden", "安倍Abe"]
    for _ in range(3000):
        names = ["".join(rng.choices("安倍晋三岸田文雄・=", k=rng.randint(1, 5))) for _ in range(rng.randint(1, 25))]
        names += rng.sample(latin, rng.randint(0, 4))
        assert persons._clusters(names) == plain(names), names


NAME_PARTS = [
    "安倍",
    "晋三",
    "オバマ",
    "バラク",
    "林",
    "小林",
    "Abe",
    "Shinzo",
    "ABE",
    "Obama",
    "Barack",
    "O'Neill",
    "Jr",
]


@st.composite
def a_name(draw) -> str:
    """Names as readouts write them: 安倍晋三, バラク・オバマ, ABE Shinzo, Barack Obama, and odd mixtures."""
    parts = draw(st.lists(st.sampled_from(NAME_PARTS), min_size=1, max_size=3))
    return draw(st.sampled_from(["", "・", "=", " "])).join(parts)


@settings(max_examples=300, deadline=None)
@given(st.lists(a_name(), min_size=1, max_size=25), a_name())
def test_the_name_index_finds_what_comparing_every_name_finds(stored, query):
    index = NameIndex()
    for i, name in enumerate(stored):
        index.add(name, i)
    assert index.fitting(query) == {i for i, name in enumerate(stored) if fits(query, name)}


def test_names_that_fit_across_scripts_and_orders():
    assert fits("安倍", "安倍晋三") and fits("オバマ", "バラク・オバマ") and not fits("林", "小林")
    assert fits("Shinzo Abe", "ABE Shinzo") and fits("Abe", "Shinzo Abe") and not fits("Abe", "Abel")


statement = st.fixed_dictionaries(
    {
        "text": st.text(min_size=0, max_size=60),
        "speaker_side": st.sampled_from(["JP", "US", "joint", None]),
        "act": st.sampled_from(["stated", "agreed", "requested", None]),
    }
)


def _align_plain(ja: list[dict], en: list[dict], ratio: float) -> list[tuple[dict, dict, float]]:
    """The alignment as first written: every bead costed by _cost on slices of the statement dicts."""
    inf = float("inf")
    best = [[inf] * (len(en) + 1) for _ in range(len(ja) + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    best[0][0] = 0.0
    for i in range(len(ja) + 1):
        for j in range(len(en) + 1):
            if best[i][j] == inf:
                continue
            for di, dj in BEADS:
                if i + di <= len(ja) and j + dj <= len(en):
                    c = best[i][j] + _cost(ja[i : i + di], en[j : j + dj], ratio)
                    if c < best[i + di][j + dj]:
                        best[i + di][j + dj], back[(i + di, j + dj)] = c, (di, dj)
    pairs, i, j = [], len(ja), len(en)
    while (i, j) != (0, 0):
        di, dj = back[(i, j)]
        if di and dj:
            score = math.exp(-_cost(ja[i - di : i], en[j - dj : j], ratio))
            pairs += [(a, b, round(score, 3)) for a in ja[i - di : i] for b in en[j - dj : j]]
        i, j = i - di, j - dj
    return list(reversed(pairs))


@settings(max_examples=400, deadline=None)
@given(st.lists(statement, max_size=9), st.lists(statement, max_size=9), st.floats(0.2, 5.0))
def test_the_alignment_programme_finds_what_the_plain_one_finds(ja, en, ratio):
    got, want = align(ja, en, ratio), _align_plain(ja, en, ratio)
    assert [(id(a), id(b), s) for a, b, s in got] == [(id(a), id(b), s) for a, b, s in want]
