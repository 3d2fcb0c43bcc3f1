"""People as readouts name them: a name, an optional country word, an office.

鳩山総理, 安倍晋三内閣総理大臣, ドナルド・トランプ米国大統領(The Honorable
Donald Trump, President of the United States of America), 藤﨑駐米大使.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from etl.extract.rules import Title, country_alternation, country_by_name, office_ending, title_by_name, titles, words
from etl.extract.rules.trie import trie_alternation

KATAKANA = r"[ァ-ヴー・=]"
KANJI = r"[一-龥々〆ヵヶ\uf900-\ufaff]"


@dataclass(frozen=True)
class Mention:
    name: str  # may be empty: 総理より
    title: str  # as written, country word included: 米国大統領
    office: Title  # the vocabulary entry the title ends with
    country: str | None  # alpha-2 of a country word in the title
    name_en: str | None
    start: int
    end: int


@cache
def title_alternation() -> str:
    """Every title of titles.csv as one trie-compiled alternation (see rules/trie.py)."""
    return trie_alternation([t.title for t in titles()])


@cache
def mention_re() -> re.Pattern[str]:
    """Name, reading, country word, office (or offices joined by 兼), English name in brackets.

    After a country word an office may carry a qualifier the vocabulary does not
    list (カナダ下院議長, 南アフリカ共和国国際関係・協力大臣): it ends in a known title.
    """
    title_alt = title_alternation()
    return re.compile(
        rf"(?P<name>{KATAKANA}{{2,}}|{KANJI}{{1,5}})?"
        r"(?P<reading>\s?\([ぁ-ゖァ-ヺー・\s]+\))?"  # 王毅(おう・き), 文在寅(ムン・ジェイン)
        rf"(?:(?P<prefix>駐?(?:{country_alternation()})(?:国)?)(?P<qual>(?:[一-龥][一-龥ァ-ヴー・A-Z]{{0,15}})?))?"
        rf"(?P<title>(?:{title_alt})(?:兼(?:{title_alt}))*)"
        r"(?P<en>\s?\([A-Z][^)()]*\))?"
    )


@cache
def _title_re() -> re.Pattern[str]:
    return re.compile(title_alternation())


@cache
def _before_title_re() -> re.Pattern[str]:
    """Runs of the characters that may come before a title inside a mention (name, reading, country, qualifier)."""
    country_chars = "".join(sorted({ch for name in country_by_name() for ch in name}))
    return re.compile(rf"[ァ-ヺー・=ぁ-ゖ一-龥々〆ヵヶ\uf900-\ufaffA-Z()\s駐国{re.escape(country_chars)}]+")


def _mention_matches(text: str) -> Iterator[re.Match[str]]:
    """What mention_re().finditer(text) finds, without trying the whole pattern at every position.

    Every match holds a title.  From `pos`, the first title is found with a
    plain trie; a match that starts before it runs up to it through characters
    a name, reading, country word or qualifier may have, so the full pattern
    need only be tried from the start of that run.  It matches at the title if
    not before, so each search is short.
    """
    runs = [(m.start(), m.end()) for m in _before_title_re().finditer(text)]
    ends = [b for _, b in runs]
    pos = 0
    while (title := _title_re().search(text, pos)) is not None:
        at = title.start()
        i = bisect.bisect_left(ends, at)  # the run that reaches up to the title, if any
        start = runs[i][0] if i < len(runs) and runs[i][0] < at else at
        m = mention_re().search(text, max(pos, start))
        if m is None:  # cannot happen: the title alone matches
            return
        yield m
        pos = m.end()


@cache
def same_person_re() -> re.Pattern[str]:
    """同大統領, 同外相: the person with that office named just before."""
    return re.compile(rf"同(?P<title>{title_alternation()})")


_HONORIFIC = re.compile(
    r"^(?:(?:Senator|The|the|Rt\.?|Right|Hon\.?|Honorable|Honourable|H\.E\.|His|Her|Excellency|Majesty|Highness|"
    r"Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Sir|Dame|Prof\.?)\s+)+"
)


def english_name(bracket: str) -> str | None:
    """(The Rt Hon Theresa May MP, Prime Minister of ...) -> Theresa May MP."""
    inner = bracket.strip().strip("()").split(",")[0]
    name = _HONORIFIC.sub("", inner).strip()
    return name or None


@cache
def _country_at_end_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?:駐(?:{country_alternation()})(?:{country_alternation(False)})?|(?:{country_alternation(False)}))$"
    )


@cache
def _katakana_country_at_end_re() -> re.Pattern[str]:
    return re.compile(rf"・?({country_alternation(single_characters=False)})$")


def _split_kanji_prefix(name: str) -> tuple[str, str]:
    """藤﨑駐米 -> (藤﨑, 駐米); a full country name at the end moves to the title."""
    m = _country_at_end_re().search(name)
    if m and m.start() > 0:
        return name[: m.start()], m.group()
    return name, ""


def _split_katakana_country(name: str) -> tuple[str, str]:
    """ドゥテルテ・フィリピン or ヒエンルクセンブルク -> the name and the country word after it."""
    m = _katakana_country_at_end_re().search(name)
    if m and m.start() >= 2:
        return name[: m.start()], m.group(1)
    return name, ""


def _country_of(prefix: str) -> str | None:
    word = prefix.removeprefix("駐")
    if prefix.startswith("駐"):  # 駐米大使 is an envoy *to* that country; 駐日中国大使 one *of* China
        at = re.match(country_alternation(), word)
        return _country_of(word[at.end() :]) if at and at.end() < len(word) else None
    word = word.removesuffix("国") if word not in country_by_name() else word
    c = country_by_name().get(word)
    return c.code if c else None


_NOT_NAMES = ("両", "同", "各", "歴代")


def _longest_office(name: str, office: str) -> tuple[str, str]:
    """田中外務 + 大臣 -> 田中 + 外務大臣: the longest office the words end with."""
    full = name + office
    t = office_ending(full, proper=True)
    if t and len(t.title) > len(office):
        return full[: -len(t.title)], t.title
    return name, office


@cache
def _titles_inside_countries() -> frozenset[str]:
    """Titles that are part of a country name: 首長 in アラブ首長国連邦."""
    names = [w for w in country_by_name() if len(w) >= 2]
    return frozenset(t.title for t in titles() if any(t.title in w for w in names))


@cache
def _title_after_country_re() -> re.Pattern[str]:
    return re.compile(rf"(?P<title>{title_alternation()})(?P<en>\s?\([A-Z][^)()]*\))?")


def _across_country(text: str, m: re.Match[str]) -> tuple[str, str, re.Match[str]] | None:
    """Name, country and the title after it, when the title m found is inside a country name.

    ナヒヤーン・アラブ首長国連邦大統領 first matches as ナヒヤーン・アラブ + 首長.
    """
    title_at = m.start("title")
    for c in re.finditer(country_alternation(single_characters=False), text[m.start() : title_at + 12]):
        start, end = m.start() + c.start(), m.start() + c.end()
        if start < title_at < end:
            after = _title_after_country_re().match(text, end)
            if after:
                return text[m.start() : start], c.group(), after
    return None


def _office(title: str) -> Title:
    """The vocabulary entry of a title; of offices joined by 兼 the highest (首相兼外務大臣: a leader)."""
    parts = [title_by_name()[t] for t in title.split("兼") if t in title_by_name()]
    rank = {"leader": 0, "org_head": 1, "minister": 2, "official": 3}
    return min(parts, key=lambda t: rank.get(t.level, 9)) if parts else title_by_name()[title]


def _katakana_before(text: str, at: int) -> str:
    """A katakana name that ends right before `at` (the kanji after it qualify an office)."""
    m = re.search(f"{KATAKANA}{{2,}}$", text[max(0, at - 30) : at])
    return m.group().lstrip("・=") if m else ""


def _inside_noun(text: str, m: re.Match[str]) -> bool:
    """大統領府, 外相会談: an office word followed by a kanji is part of a longer noun, not a person."""
    after = text[m.end() : m.end() + 1]
    return bool(re.match(KANJI, after)) and after not in words()["kanji_after_person"] and not m.group("en")


def find_mentions(text: str, offset: int = 0) -> list[Mention]:
    """Every person the text names (offsets shifted by offset)."""
    found = _mentions_in(text)
    return [replace(m, start=m.start + offset, end=m.end + offset) for m in found] if offset else list(found)


@lru_cache(maxsize=2048)  # a readout asks again for a lead, a sentence and its clauses
def _mentions_in(text: str) -> tuple[Mention, ...]:
    out, skip_to = [], 0
    for m in _mention_matches(text):
        if m.start() < skip_to or (m.group("name") or "").startswith(_NOT_NAMES):
            continue  # 両外相, 同大臣: not a person named here
        name, prefix, office = m.group("name") or "", m.group("prefix") or "", m.group("title")
        qual, en, end = m.group("qual") or "", m.group("en"), m.end()
        start = m.start()
        if name and not prefix and re.fullmatch(f"{KANJI}+", name) and (kana := _katakana_before(text, start)):
            name, qual, start = kana, name, start - len(kana)  # エアラー|外務担当|国務大臣
        if name.endswith("兼") and (first := office_ending(name[:-1])):  # 副首相兼 + 外相: one compound office
            name, office = name[: -len(first.title) - 1], name[-len(first.title) - 1 :] + office
        longest = office_ending(prefix + qual + office)  # 欧州理事会議長, not 欧州 + 理事会 + 議長
        if longest and len(longest.title) > len(office) and "兼" not in office:
            rest = (prefix + qual + office)[: -len(longest.title)]
            office = longest.title
            prefix, qual = (rest, "") if rest in country_by_name() or not rest else (prefix, rest[len(prefix) :])
        across = _across_country(text, m) if office in _titles_inside_countries() else None
        if not across and _inside_noun(text, m):
            continue
        if across:
            name, prefix, after = across
            office, en, end = after.group("title"), after.group("en"), after.end()
            skip_to = end
        elif name and re.fullmatch(f"{KANJI}+", name) and not prefix:
            name, office = _longest_office(name, office)
            name, prefix = _split_kanji_prefix(name)
        elif name and not prefix:
            name, prefix = _split_katakana_country(name)
        name = name.rstrip("・=")  # ジョコ・ウィドド・インドネシア大統領: the dot joins name and country
        out.append(
            Mention(
                name=name,
                title=prefix + qual + office,
                office=_office(office),
                country=_country_of(prefix) if prefix else None,
                name_en=english_name(en) if en else None,
                start=start,
                end=end,
            )
        )
    return tuple(out)


def split_name_title(item: str) -> tuple[str, str] | None:
    """An attendee-list item: サマーズ米国家経済会議議長 -> (サマーズ, 米国家経済会議議長)."""
    item = item.strip()
    m = re.match(rf"({KATAKANA}{{2,}})(.+)$", item)
    if m:
        return m.group(1), m.group(2)
    t = office_ending(item, proper=True)
    if t is None:
        return None
    name, prefix = _split_kanji_prefix(item[: -len(t.title)])
    return name, prefix + t.title
