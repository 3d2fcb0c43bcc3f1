"""Vocabularies and word lists kept as data files in this folder, loaded once.

CSV files hold tables (titles, countries, act verbs, furniture, joint
subjects); `words.yaml` the word lists of single rules and `enumerators.yaml`
the numbering styles.  `patterns.py` composes regular expressions from them.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from etl.extract.rules.literal import leading_literal
from etl.extract.rules.trie import trie_alternation


def _text(name: str) -> str:
    """A rules file of this folder; ETL_RULES_DIR names another folder (for trying a change to the rules)."""
    other = os.environ.get("ETL_RULES_DIR")
    if other:
        return Path(other, name).read_text(encoding="utf-8")
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_text(name).splitlines()))


@cache
def words() -> dict[str, Any]:
    """The word lists of words.yaml (package data, loaded with the safe loader)."""
    return yaml.safe_load(_text("words.yaml"))


@cache
def enumerator_styles() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(style, pattern anchored at the start) in the order they are tried."""
    return tuple((e["style"], re.compile("^" + e["pattern"])) for e in yaml.safe_load(_text("enumerators.yaml")))


@dataclass(frozen=True)
class Country:
    code: str
    kind: str  # country | org
    name_ja: str
    names: tuple[str, ...]  # name_ja and aliases, longest first
    abbrev: str
    names_en: tuple[str, ...] = ()  # English names, longest first


@dataclass(frozen=True)
class Title:
    title: str
    side: str  # jp | foreign | any
    level: str  # leader | minister | official | org_head (the head of an international organisation)


@dataclass(frozen=True)
class ActPattern:
    regex: re.Pattern[str]
    act: str
    literal: str = ""  # text every match contains: where it is absent the regex need not run


@cache
def countries() -> tuple[Country, ...]:
    out = []
    for row in _rows("countries.csv"):
        names = [row["name_ja"], *filter(None, row["aliases"].split("|"))]
        out.append(
            Country(
                row["code"],
                row["kind"],
                row["name_ja"],
                tuple(sorted(names, key=len, reverse=True)),
                row["abbrev"],
                tuple(sorted(filter(None, (row.get("names_en") or "").split("|")), key=len, reverse=True)),
            )
        )
    return tuple(out)


@cache
def country_by_name() -> dict[str, Country]:
    """Every full name, alias and one-character abbreviation to its country."""
    table: dict[str, Country] = {}
    for c in countries():
        for name in (*c.names, c.abbrev):
            if name:
                table.setdefault(name, c)
    return table


@cache
def country_alternation(single_characters: bool = True) -> str:
    """Regex alternation of country names, longest first; optionally without 米, 中, … ."""
    names = [w for w in country_by_name() if w and (single_characters or len(w) >= 2)]
    return trie_alternation(names)


@cache
def titles() -> tuple[Title, ...]:
    rows = [Title(r["title"], r["side"], r["level"]) for r in _rows("titles.csv")]
    return tuple(sorted(rows, key=lambda t: len(t.title), reverse=True))


def office_ending(text: str, proper: bool = False) -> Title | None:
    """The longest title text ends with; with proper, only titles shorter than text."""
    by_name = title_by_name()
    longest = min(len(titles()[0].title) if titles() else 0, len(text) - 1 if proper else len(text))
    for size in range(longest, 0, -1):
        t = by_name.get(text[-size:])
        if t is not None:
            return t
    return None


@cache
def title_by_name() -> dict[str, Title]:
    """Each title to its entry (the first one listed, as `office_ending` finds them)."""
    table: dict[str, Title] = {}
    for t in titles():
        table.setdefault(t.title, t)
    return table


@cache
def act_patterns() -> tuple[ActPattern, ...]:
    out = []
    verbal = "(?:" + "|".join(map(re.escape, words()["verbal_endings"])) + ")"
    for row in _rows("acts.csv"):
        stem = re.escape(row["pattern"])
        # a noun such as 提案 or 一致 is a predicate only with a verbal ending after it
        rx = f"{stem}(?={verbal})" if row["kind"] == "noun" else stem
        out.append(ActPattern(re.compile(rx), row["act"], row["pattern"]))
    return tuple(out)


@cache
def furniture_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r["pattern"]) for r in _rows("furniture.csv"))


@cache
def joint_subjects() -> tuple[str, ...]:
    return tuple(sorted((r["subject"] for r in _rows("joint_subjects.csv")), key=len, reverse=True))


@cache
def english() -> dict[str, Any]:
    """The word lists of english.yaml."""
    return yaml.safe_load(_text("english.yaml"))


@cache
def titles_en() -> tuple[Title, ...]:
    rows = [Title(r["title"], r["side"], r["level"]) for r in _rows("titles_en.csv")]
    return tuple(sorted(rows, key=lambda t: len(t.title), reverse=True))


@cache
def act_patterns_en() -> tuple[ActPattern, ...]:
    """English act verbs as whole-word patterns (acts_en.csv)."""
    return tuple(
        ActPattern(re.compile(rf"\b(?:{r['pattern']})\b"), r["act"], leading_literal(r["pattern"]))
        for r in _rows("acts_en.csv")
    )


@cache
def country_by_english_name() -> dict[str, Country]:
    return {name: c for c in countries() for name in c.names_en}
