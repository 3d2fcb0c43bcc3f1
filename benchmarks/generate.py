"""A deterministic generator of synthetic readouts, for the benchmark and for tests.

Each readout recombines the variations real readouts show: page text or PDF
text with hard wraps, every numbering style the outline reader knows, dates in
the Western calendar, Heisei and Reiwa (kanji or digits), many counterparts
from the project's own vocabulary, the four formats, leaders or foreign
ministers, plain (だ・である) or polite (です・ます) style, and 1 to 60
statements.  The text is assembled from phrase lists, so it reads like a
readout without copying one.  Every readout comes with what an extractor
should find in it (`Expected`), so tests can use the generator as a fixture
source.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.forms import FULL_WIDTH_DIGITS, NUMBERING, date_line, label, wrap
from etl.extract.rules import countries

SURNAMES = [
    "山田",
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "松本",
    "井上",
    "木村",
    "林",
    "清水",
]
GIVEN = ["太郎", "一郎", "健二", "誠", "浩", "直子", "洋子", "修", "明", "実", "聡", "恵"]
SYLLABLES = list("カキクケコサシスセソタテトナニノハヒフマミムメモラリルレロアイウエオ")
AREAS = [
    "経済関係",
    "安全保障協力",
    "気候変動対策",
    "地域情勢",
    "人的交流",
    "エネルギー協力",
    "海洋秩序",
    "保健協力",
    "科学技術協力",
    "貿易投資",
    "防災協力",
    "開発協力",
    "サイバー分野",
    "宇宙分野",
    "文化交流",
    "インフラ整備",
]
CLAIMS = (
    "を一層強化していきたい",
    "について緊密に連携していきたい",
    "の重要性は増している",
    "に関する協力を具体化したい",
    "について引き続き意思疎通を図りたい",
)
JOINT_OUTCOMES = ("ことで一致", "ことを確認", "ことで合意")
ONE_SIDED = (  # (clause, speech act)
    ("{area}{claim}旨述べ", "stated"),
    ("{area}{claim}旨説明し", "explained"),
    ("{area}での新たな協力を提案し", "proposed"),
    ("{area}での一層の協力を要請し", "requested"),
    ("{area}に関する先方の取組を歓迎し", "welcomed"),
    ("これまでの{area}での協力に謝意を表明し", "thanked"),
)
CONNECTORS = ("", "", "", "また，", "さらに，", "これに対し，")
FIRST_DAY = dt.date(1990, 1, 1)
DAYS = 13_000  # to 2025
FORMATS = ("meeting", "telephone", "video", "courtesy_call")


@dataclass(frozen=True)
class Expected:
    """What a correct extraction finds in a synthetic readout."""

    date: dt.date
    counterpart: str
    format: str
    level: str
    sides: tuple[str, ...]  # speaker side of every statement, in order
    acts: tuple[str, ...]  # speech act of every statement, in order
    agreements: int
    topics: int


@dataclass(frozen=True)
class Synthetic:
    name: str
    text: str
    expected: Expected
    traits: dict[str, str]  # which variation of each kind this readout shows
    sidecar: dict = field(default_factory=dict)
    plan: tuple = ()  # full-length readouts: (section, ((heading, ((side, act), ...) per paragraph), ...)), ...


def _foreign_name(rng: random.Random) -> tuple[str, str]:
    given = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 3)))
    family = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) + "ン"
    return f"{given}・{family}", family


@dataclass
class _Cast:
    jp_full: str
    jp_title: str
    jp_short: str
    cp_full: str
    cp_title: str
    cp_short: str
    joint: str


def _cast(level: str, rng: random.Random) -> _Cast:
    surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
    full, family = _foreign_name(rng)
    if level == "leaders":
        cp_title = rng.choice(("大統領", "首相"))
        return _Cast(surname + given, "内閣総理大臣", surname + "総理", full, cp_title, family + cp_title, "両首脳")
    cp_title = rng.choice(("外相", "外務大臣"))
    return _Cast(surname + given, "外務大臣", surname + "大臣", full, cp_title, family + cp_title, "両外相")


def _speaker(cast: _Cast, side: str, rng: random.Random) -> str:
    """How the speaker of a clause is named: より, から, からは, or は at the start of a clause."""
    # 同<office> only where the office is one side's alone: 総理 (Japan), 大統領 (the counterpart)
    if side == "JP":
        same = ["同総理"] if cast.jp_title == "内閣総理大臣" else []
        who = rng.choice([cast.jp_short, cast.jp_short, cast.jp_short, "我が方", *same])
    else:
        same = ["同大統領"] if cast.cp_title == "大統領" else []
        who = rng.choice([cast.cp_short, cast.cp_short, cast.cp_short, "先方", *same])
    return who + rng.choice(("から", "より", "からは", "は"))


def _statements(cast: _Cast, rng: random.Random, polite: bool, previous: str | None) -> list[tuple[str, str, str]]:
    """One sentence as (text, side, act) per statement in it: side is 'JP', 'CP' or 'joint'."""
    area, claim = rng.choice(AREAS), rng.choice(CLAIMS)
    end = "ました。" if polite else "た。"
    roll = rng.random()
    if roll < 0.12:
        what = rng.choice(("を推進していく", "で協力していく"))
        return [(f"{cast.joint}は，{area}{what}{rng.choice(JOINT_OUTCOMES)}し{end}", "joint", "agreed")]
    if roll < 0.18:
        return [
            (f"{cast.joint}は，{area}について意見交換を{'行いました' if polite else '行った'}。", "joint", "discussed")
        ]
    if roll < 0.26 and previous in ("JP", "CP"):  # the speaker of the sentence before goes on
        clause, act = rng.choice(ONE_SIDED[:2])
        return [(f"また，{clause.format(area=area, claim=claim)}{end}", previous, act)]
    if roll < 0.34:  # one sentence, two speakers
        first, second = rng.sample(["JP", "CP"], 2)
        (c1, a1), (c2, a2) = rng.choice(ONE_SIDED[:2]), rng.choice(ONE_SIDED)
        one = f"{_speaker(cast, first, rng)}，{c1.format(area=area, claim=claim)}たのに対し，"
        two = f"{_speaker(cast, second, rng)}，{c2.format(area=rng.choice(AREAS), claim=rng.choice(CLAIMS))}{end}"
        return [(one, first, a1), (two, second, a2)]
    if roll < 0.38:  # no subject, ending in a joint outcome
        return [(f"{area}を推進していくことで一致し{end}", "joint", "agreed")]
    if roll < 0.43:  # a one-sided clause, then a joint outcome
        side = rng.choice(["JP", "CP"])
        said = f"{_speaker(cast, side, rng)}，{area}{claim}旨述べ，"
        return [
            (said, side, "stated"),
            (f"{rng.choice(AREAS)}で緊密に協力していくことで一致し{end}", "joint", "agreed"),
        ]
    if roll < 0.47:  # an outcome word inside reported speech is not an agreement
        side = rng.choice(["JP", "CP"])
        return [(f"{_speaker(cast, side, rng)}，{area}で一致結束して対応する必要がある旨述べ{end}", side, "stated")]
    if roll < 0.51 and previous in ("JP", "CP"):  # the other side accepts
        other = "CP" if previous == "JP" else "JP"
        who = cast.cp_short if other == "CP" else cast.jp_short
        return [(f"{who}は，これに{rng.choice(('同意', '賛同'))}し{end}", other, "agreed")]
    clause, act = rng.choice(ONE_SIDED)
    side = "JP" if roll < 0.75 else "CP"
    return [
        (
            f"{rng.choice(CONNECTORS)}{_speaker(cast, side, rng)}，{clause.format(area=area, claim=claim)}{end}",
            side,
            act,
        )
    ]


def _title(country, fmt: str, level: str, cast: _Cast) -> str:
    who = f"日{country.abbrev}" if country.abbrev else f"日・{country.name_ja}"
    if fmt == "courtesy_call":
        return f"{country.name_ja}{cast.cp_title}による{cast.jp_short}表敬"
    kind = "首脳" if level == "leaders" else "外相"
    return {"meeting": f"{who}{kind}会談", "telephone": f"{who}{kind}電話会談", "video": f"{who}{kind}テレビ会談"}[fmt]


def _lead(day: dt.date, country, fmt: str, cast: _Cast, rng: random.Random, polite: bool) -> str:
    minutes = rng.choice((10, 15, 20, 25, 30, 40, 45, 50))
    clock = f"午後{rng.randint(1, 9)}時{rng.choice(('', '30分'))}から約{minutes}分間，"
    jp = f"{cast.jp_full}{cast.jp_title}"
    cp = f"{cast.cp_full}{country.name_ja}{cast.cp_title}"
    act = {"meeting": "会談", "telephone": "電話会談", "video": "テレビ会談", "courtesy_call": "表敬"}[fmt]
    if fmt == "courtesy_call":
        body = f"{jp}は，{cp}による表敬を受け"
    else:
        body = f"{jp}は，{cp}と{act}を行"
    body += (
        ("ました" if fmt == "courtesy_call" else "いました") if polite else ("た" if fmt == "courtesy_call" else "った")
    )
    tail = "。概要は以下のとおりです。" if polite else "ところ，概要以下のとおり。"
    return f"{day.day}日{clock}{body}{tail}"


def synthetic(index: int, seed: int = 0) -> Synthetic:
    """The index-th readout of the corpus for this seed; the same arguments give the same readout."""
    rng = random.Random(f"{seed}:{index}")
    # (date, counterpart, format) must differ between readouts: every slot gets its own day,
    # and readouts beyond DAYS reuse the days with the next counterpart
    states = [c for c in countries() if c.kind == "country"]
    round_, slot = divmod(index, DAYS)
    day = FIRST_DAY + dt.timedelta(days=(slot * 7919) % DAYS)
    country = states[(random.Random(slot).randrange(len(states)) + round_) % len(states)]
    fmt = rng.choice(FORMATS)
    level = "leaders" if fmt == "courtesy_call" or rng.random() < 0.7 else "ministers"
    polite = rng.random() < 0.5
    cast = _cast(level, rng)
    n_statements = 1 + int(59 * rng.random() ** 2.5)
    top, sub = rng.choice(NUMBERING)

    paragraphs, sides, acts = [], [], []
    said: list[tuple[str, str, str]] = []
    n_topics = min(max(1, n_statements // 4), 12)
    per_topic = [n_statements // n_topics + (i < n_statements % n_topics) for i in range(n_topics)]
    for t, count in enumerate(per_topic, 1):
        heading = AREAS[(index + t) % len(AREAS)]
        paragraphs.append(label(top, t, heading) + ("" if top.startswith("【") else heading))
        for s in range(1, count + 1):
            said = _statements(cast, rng, polite, said[-1][1] if s > 1 else None)
            paragraphs.append(label(sub, s, heading) + "".join(text for text, _, _ in said))
            sides += [country.code if side == "CP" else side for _, side, _ in said]
            acts += [act for _, _, act in said]

    title = _title(country, fmt, level, cast)
    lead = _lead(day, country, fmt, cast, rng, polite)
    dateline, era = date_line(day, rng)
    shape = "pdf_text" if rng.random() < 0.4 else "page_text"
    if shape == "pdf_text":  # full-width digits, a spaced publisher line, hard wraps
        width = 2 * rng.randint(34, 40)
        head = [title, dateline.translate(FULL_WIDTH_DIGITS), "外    務    省", ""]
        text = "\n".join(head + [line for p in [lead, *paragraphs] for line in wrap(p, width)]) + "\n"
    else:
        furniture = ["このページのトップへ戻る"] if rng.random() < 0.5 else []
        text = "\n".join([title, dateline, lead, *paragraphs, "", *furniture]) + "\n"
    if rng.random() < 0.5:  # the ideographic comma of newer readouts instead of the full-width one
        text = text.replace("，", "、")
    name = f"{day.isoformat()}_jp-{country.code.lower()}_{fmt}_{index:05d}.txt"
    expected = Expected(day, country.code, fmt, level, tuple(sides), tuple(acts), acts.count("agreed"), n_topics)
    traits = {"shape": shape, "numbering": top, "era": era, "style": "polite" if polite else "plain"}
    sidecar = {"url": f"https://example.org/readouts/{index:05d}", "publisher": "synthetic", "license": "CC0-1.0"}
    return Synthetic(name, text, expected, traits, sidecar)


def corpus(n: int, seed: int = 0) -> Iterator[Synthetic]:
    for i in range(n):
        yield synthetic(i, seed)


def write_corpus(folder: Path, n: int, seed: int = 0) -> list[Synthetic]:
    """Write n readouts (and their sidecars) into folder; return what was written."""
    return write_readouts(folder, corpus(n, seed))


def write_readouts(folder: Path, readouts: Iterable[Synthetic]) -> list[Synthetic]:
    """Write each readout and its sidecar into folder; return them."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for s in readouts:
        (folder / s.name).write_text(s.text, encoding="utf-8")
        (folder / s.name).with_suffix(".yaml").write_text(yaml.safe_dump(s.sidecar), encoding="utf-8")
        out.append(s)
    return out
