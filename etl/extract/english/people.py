"""People as English readouts name them.

Two shapes: a name then its office (`Mr. Malcolm Turnbull, Prime Minister of
Australia`), usually in the lead, and an office then a name (`Prime Minister
Abe`, `Minister Eriksen Søreide`), everywhere.  Names are capitalised words;
`ABE Shinzo` and `Shinzo Abe` are the same person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from etl.extract.rules import Title, country_by_english_name, english, titles_en
from etl.extract.rules.patterns import alternation

_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w'’.\-]*|(?:bin|bint|al|de|da|van|von|der|le|la|du|dos|del)\b)"
_NAME = rf"(?:{_WORD}\s+){{0,4}}[A-ZÀ-ÖØ-Þ][\w'’\-]*"


@dataclass(frozen=True)
class Mention:
    name: str
    title: str
    office: Title
    country: str | None
    start: int
    end: int


@cache
def _honorifics() -> str:
    return rf"(?:(?i:{alternation(english()['honorifics'])})\s+)*"


@cache
def _countryalternation() -> str:
    return alternation([*country_by_english_name(), "Japan"])


@cache
def name_first_re() -> re.Pattern[str]:
    """Mr. Malcolm Turnbull MP, Prime Minister of Australia"""
    return re.compile(
        rf"{_honorifics()}(?P<name>{_NAME}(?:,\s+(?:Jr|Sr)\.)?)(?:\s+(?:MP|KC|QC))?,\s+(?P<title>[A-Z][^,;()]*?)\s+of\s+(?:the\s+)?"
        rf"(?P<country>{_countryalternation()})\b"
    )


@cache
def title_first_re() -> re.Pattern[str]:
    """Prime Minister Abe, Foreign Minister Hayashi, Secretary-General Guterres."""
    return re.compile(
        rf"(?:(?P<adj>Japanese|Japan's|the)\s+)?(?P<title>{alternation(t.title for t in titles_en())})"
        rf"(?:\s+of\s+(?:the\s+)?(?P<country>{_countryalternation()}))?\s+(?P<name>{_NAME})"
    )


@cache
def _office_by_title() -> dict[str, Title]:
    return {t.title: t for t in titles_en()}


def office_of(title: str) -> Title:
    """The vocabulary office a written title ends with or contains (Minister for Foreign Affairs of Japan)."""
    for t in titles_en():
        if t.title in title:
            return t
    return Title(title, "any", "official")


def country_code(name: str | None) -> str | None:
    if not name:
        return None
    if name == "Japan":
        return "JP"
    c = country_by_english_name().get(name)
    return c.code if c else None


def _clean_name(name: str) -> str:
    name = re.sub(rf"^{_honorifics()}", "", name).strip()
    return re.sub(r"\s+(?:MP|KC|QC)$", "", name)


@cache
def present_re() -> re.Pattern[str]:
    """Mr. HAYASHI Yoshimasa, Minister for Foreign Affairs, was also present."""
    return re.compile(
        rf"{_honorifics()}(?P<name>{_NAME}),\s+(?P<title>[A-Z][^,;()]*?),"
        r"\s+(?:was|were)\s+also\s+(?:present|in attendance)"
    )


def find_mentions(text: str) -> list[Mention]:
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    # the literal words each pattern needs, checked first: most clauses have neither shape
    present = present_re().finditer(text) if "also" in text else ()
    name_first = name_first_re().finditer(text) if "," in text and "of" in text else ()
    for m in present:
        out.append(
            Mention(
                _clean_name(m.group("name")),
                m.group("title"),
                office_of(m.group("title")),
                None,
                m.start("name"),
                m.end("title"),
            )
        )
        taken.append((m.start(), m.end()))
    for m in name_first:
        if any(a <= m.start("name") < b for a, b in taken):
            continue
        out.append(
            Mention(
                _clean_name(m.group("name")),
                m.group("title"),
                office_of(m.group("title")),
                country_code(m.group("country")),
                m.start("name"),
                m.end(),
            )
        )
        taken.append((m.start(), m.end()))
    for m in title_first_re().finditer(text):
        if any(a <= m.start("title") < b for a, b in taken):
            continue
        taken.append((m.start(), m.end()))
        name = _clean_name(m.group("name"))
        name = re.split(r"\s+(?:and|of|to|with|for|on|in|at|by|from)\s+", name)[0]
        country = country_code(m.group("country")) or ("JP" if m.group("adj") in ("Japanese", "Japan's") else None)
        out.append(
            Mention(
                name,
                m.group("title"),
                _office_by_title()[m.group("title")],
                country,
                m.start("title"),
                m.start("name") + len(name),
            )
        )
    for m in honorific_re().finditer(text):  # Mr. González-Olaechea: a name with no office
        if not any(a <= m.start() < b for a, b in taken):
            name = re.split(r"\s+(?:and|of|to|with|for|on|in|at|by|from)\s+", m.group("name"))[0]
            out.append(Mention(name, "", Title("", "any", "official"), None, m.start(), m.start("name") + len(name)))
    return sorted(out, key=lambda x: x.start)


@cache
def honorific_re() -> re.Pattern[str]:
    return re.compile(rf"\b(?:Mr|Ms|Mrs|Dr)\.\s+(?P<name>{_NAME})")


def name_words(name: str) -> set[str]:
    """The words of a name, lower-cased: what same_person compares (ABE Shinzo -> abe, shinzo)."""
    return {w.lower() for w in re.findall(r"[\w'’\-]+", name)}


def same_person(a: str, b: str) -> bool:
    """Abe ~ Shinzo Abe ~ ABE Shinzo: one name's words are all in the other's."""
    wa, wb = name_words(a), name_words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)
