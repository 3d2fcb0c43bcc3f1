"""English twins of full-length synthetic readouts, as MOFA publishes for many real summits.

A twin describes the same meeting as its Japanese readout: the same date,
counterpart and format, the same numbered sections and sub-sections, and a
paragraph for each Japanese paragraph whose statements have the same speakers
and speech acts in the same order.  The build pairs the two readouts and
aligns their statements (etl/tables/twins.py), so a corpus with twins measures
that step as real corpora exercise it.  The English is assembled from phrase
lists, as the Japanese is; names are made up.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from itertools import count
from pathlib import Path

from benchmarks.generate import Expected, Synthetic, write_readouts
from benchmarks.summit import summit
from etl.extract.rules import countries

SECTIONS_EN = {
    "二国間関係": "Bilateral relations",
    "経済": "Economy",
    "安全保障": "Security",
    "地域情勢": "Regional affairs",
    "国際社会の課題": "Global challenges",
    "人的交流": "People-to-people exchanges",
}
AREAS_EN = (
    "economic relations",
    "security cooperation",
    "measures against climate change",
    "the regional situation",
    "people-to-people exchanges",
    "energy cooperation",
    "the maritime order",
    "health cooperation",
    "science and technology cooperation",
    "trade and investment",
    "disaster risk reduction",
    "development cooperation",
    "the cyber domain",
    "the space domain",
    "cultural exchanges",
    "infrastructure development",
)
TWIN_SHARE = 0.4  # of the full-length summits; short telephone talks get none
SAID = {  # what a side's statement of each act says about an area
    "stated": "stated that the two countries should further strengthen {area}",
    "explained": "explained the recent efforts in {area}",
    "proposed": "proposed new cooperation in {area}",
    "requested": "requested further cooperation in {area}",
    "welcomed": "welcomed the progress made in {area}",
    "thanked": "expressed gratitude for the cooperation so far in {area}",
    "agreed": "agreed to this",
}
JOINT = {
    "agreed": "The two leaders agreed to promote {area}",
    "discussed": "The two leaders exchanged views on {area}",
}
SURNAMES_EN = ("Yamada", "Sato", "Suzuki", "Takahashi", "Tanaka", "Ito", "Watanabe", "Nakamura", "Kobayashi", "Kato")
GIVEN_EN = ("Taro", "Ichiro", "Kenji", "Makoto", "Hiroshi", "Naoko", "Yoko", "Osamu", "Akira", "Minoru")
SYLLABLES_EN = ("ka", "ri", "to", "ma", "ne", "lo", "sa", "vi", "de", "ru", "mi", "no", "ta", "el", "an")


def _latin_name(rng: random.Random) -> str:
    return "".join(rng.choices(SYLLABLES_EN, k=rng.randint(2, 3))).capitalize()


def _sentence(shape: tuple[str, str], jp: str, cp: str, rng: random.Random) -> str:
    side, act = shape
    area = rng.choice(AREAS_EN)
    if side == "joint":
        return JOINT.get(act, JOINT["agreed"]).format(area=area) + "."
    return f"{jp if side == 'JP' else cp} {SAID[act].format(area=area)}."


def _lead(day: dt.date, country_en: str, jp_name: str, cp_name: str, cp_title: str, rng: random.Random) -> str:
    minutes = rng.choice((30, 40, 45, 50, 60, 70))
    clock = f"{rng.randint(1, 8)}:{rng.choice(('00', '15', '30', '45'))} p.m."
    return (
        f"On {day:%B} {day.day}, commencing at {clock} for approximately {minutes} minutes, Mr. {jp_name}, "
        f"Prime Minister of Japan, held a summit meeting with H.E. Mr. {cp_name}, {cp_title} of {country_en}. "
        "The overview of the meeting is as follows."
    )


def english_twin(ja: Synthetic, seed: int = 0) -> Synthetic:
    """The English readout of a full-length Japanese one (it needs its plan); deterministic."""
    if not ja.plan:
        raise ValueError(f"{ja.name} has no plan: only full-length summits get English twins")
    rng = random.Random(f"english:{seed}:{ja.name}")
    e = ja.expected
    country = next(c for c in countries() if c.code == e.counterpart)
    country_en = country.names_en[-1] if country.names_en else country.code
    surname, given = rng.choice(SURNAMES_EN), rng.choice(GIVEN_EN)
    cp_family, cp_title = _latin_name(rng), rng.choice(("President", "Prime Minister"))
    jp, cp = f"Prime Minister {surname}", f"{cp_title} {cp_family}"
    lines = [f"Japan-{country_en} Summit Meeting", "", f"{e.date:%B} {e.date.day}, {e.date.year}", ""]
    lines += [_lead(e.date, country_en, f"{surname.upper()} {given}", f"{_latin_name(rng)} {cp_family}", cp_title, rng)]
    sides, acts = [], []
    for s, (section, items) in enumerate(ja.plan, 1):
        lines += ["", f"{s}. {SECTIONS_EN[section]}"]
        for u, (_, paragraphs) in enumerate(items, 1):
            heading = AREAS_EN[rng.randrange(len(AREAS_EN))]
            lines += ["", f"({u}) {heading[0].upper()}{heading[1:]}"]
            for shapes in paragraphs:
                lines.append(" ".join(_sentence(shape, jp, cp, rng) for shape in shapes))
                sides += [e.counterpart if side == "CP" else side for side, _ in shapes]
                acts += [act for _, act in shapes]
    name = ja.name.removesuffix(".txt") + "_en.txt"
    expected = Expected(
        e.date, e.counterpart, e.format, e.level, tuple(sides), tuple(acts), acts.count("agreed"), e.topics
    )
    sidecar = {**ja.sidecar, "url": ja.sidecar.get("url", "") + "/en"}
    return Synthetic(name, "\n".join(lines) + "\nPage Top\n", expected, {**ja.traits, "language": "en"}, sidecar)


def twins_corpus(n: int, seed: int = 0) -> Iterator[Synthetic]:
    """n readouts of the full-length corpus, where a share of the summits is followed by its English twin."""
    made = 0
    for i in count():
        ja = summit(i, seed)
        for readout in (ja, english_twin(ja, seed)) if ja.plan and _twinned(ja, seed) else (ja,):
            if made == n:
                return
            yield readout
            made += 1


def _twinned(ja: Synthetic, seed: int) -> bool:
    return random.Random(f"twinned:{seed}:{ja.name}").random() < TWIN_SHARE


def write_twins_corpus(folder: Path, n: int, seed: int = 0) -> list[Synthetic]:
    """Write n readouts, Japanese and English twins, (and their sidecars) into folder; return them."""
    return write_readouts(folder, twins_corpus(n, seed))
