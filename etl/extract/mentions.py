"""Countries, organisations and people named inside a statement, with offsets.

Countries and organisations come from the vocabularies (countries.csv,
mention_orgs.csv, words.yaml: japan_names); a one-character abbreviation
counts inside a compound (日米豪印 → JP, US, AU, IN; 訪日, 米軍).  Regions and
seas that contain a country name (インド洋) do not.  People are the persons
the readout names in the statement other than its speaker.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from etl.extract.model import Statement
from etl.extract.rules import _text, countries, words
from etl.extract.rules.trie import trie_alternation


@dataclass(frozen=True)
class Mention:
    statement: Statement
    kind: str  # country | org | person
    code: str | None  # alpha-2 or acronym; None for a person
    surface: str
    start: int
    end: int
    name: str | None = None  # a person's name as written (surface holds the title too)


@cache
def _names() -> dict[str, tuple[str, str]]:
    """Every name of a country or organisation (2+ characters) -> (kind, code)."""
    out: dict[str, tuple[str, str]] = {}
    for c in countries():
        for n in (*c.names, *c.names_en):
            if len(n) >= 2:
                out.setdefault(n, (c.kind if c.kind == "org" else "country", c.code))
    for row in csv.DictReader(_text("mention_orgs.csv").splitlines()):
        for n in (*row["names_ja"].split("|"), *row["names_en"].split("|")):
            out.setdefault(n, ("org", row["code"]))
    for n in words()["japan_names"]:
        out.setdefault(n, ("country", "JP"))
    return out


def mention_codes() -> frozenset[str]:
    """Every code a mention may carry."""
    return frozenset(code for _, code in _names().values()) | frozenset(_abbreviations().values())


@cache
def _name_re() -> re.Pattern[str]:
    stop = words()["not_country_mentions"]
    alt = trie_alternation([*stop, *_names()])
    return re.compile(rf"(?:{alt})(?![a-z])")  # and no Latin letter before it: see _name_matches


def _name_matches(text: str) -> Iterator[re.Match[str]]:
    """Names not preceded by a Latin letter, as a leading (?<![A-Za-z]) would find them.

    A pattern that opens with a lookbehind has no first characters for re to
    skip ahead to, which made it nine times slower; the condition is checked here.
    """
    pos = 0
    while (m := _name_re().search(text, pos)) is not None:
        if m.start() and ("A" <= text[m.start() - 1] <= "Z" or "a" <= text[m.start() - 1] <= "z"):
            pos = m.start() + 1  # no match may start here: try the next position
            continue
        yield m
        pos = max(m.end(), m.start() + 1)


@cache
def _abbreviations() -> dict[str, str]:
    table = {c.abbrev: c.code for c in countries() if c.abbrev}
    table["日"] = "JP"
    return table


@cache
def _compound_re() -> re.Pattern[str]:
    ab = "".join(re.escape(a) for a in _abbreviations())
    w = words()
    pre = "|".join(map(re.escape, w["abbreviation_prefixes"]))
    suf = "|".join(map(re.escape, w["abbreviation_suffixes"]))
    return re.compile(rf"日[・]?[{ab}]{{1,4}}(?=[^{ab}]|$)|(?<=[{pre}])[{ab}](?![{ab}])|[{ab}](?=(?:{suf}))")


def _codes(text: str) -> list[tuple[str, str, int, int]]:
    found: list[tuple[str, str, int, int]] = []
    taken: list[tuple[int, int]] = []
    for m in _name_matches(text):
        if m.group() in _names():
            kind, code = _names()[m.group()]
            found.append((kind, code, m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in _compound_re().finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        for i, ch in enumerate(m.group()):
            if ch in _abbreviations():
                found.append(("country", _abbreviations()[ch], m.start() + i, m.start() + i + 1))
    return sorted(found, key=lambda f: f[2])


def statement_mentions(s: Statement, people: list[tuple[str, int, int]]) -> list[Mention]:
    """Codes named in the statement and `people` (name, start, end within the statement's text)."""
    out = [
        Mention(s, kind, code, s.text[a:b], s.char_start + a, s.char_start + b) for kind, code, a, b in _codes(s.text)
    ]
    out += [Mention(s, "person", None, s.text[a:b], s.char_start + a, s.char_start + b, n) for n, a, b in people]
    return sorted(out, key=lambda m: m.start)
