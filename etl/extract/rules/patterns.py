"""Regular expressions composed from the word lists, in one place.

Every pattern here is built from a list in words.yaml or a CSV beside it, so
that a contributor extends a rule by adding a word, not by editing a regex.
"""

from __future__ import annotations

import re
from functools import cache

from etl.extract.rules import joint_subjects, words
from etl.extract.rules.trie import trie_alternation

__all__ = ["trie_alternation"]  # re-exported: the patterns' one place


def alternation(items: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first (so 我が国側 wins over 我が国)."""
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))


def word_re(key: str) -> re.Pattern[str]:
    return _compiled(alternation(words()[key]))


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def side_words(side: str) -> tuple[str, ...]:
    """Words standing for a side: side 'jp' or 'counterpart'."""
    return tuple(words()["side_words"][side])


@cache
def format_patterns(where: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(format, pattern) read from the title ('title') or the lead ('lead'), in order."""
    return tuple((name, re.compile(alternation(spec[where]))) for name, spec in words()["formats"].items())


@cache
def joint_subject_re() -> re.Pattern[str]:
    return re.compile(alternation(joint_subjects()))


@cache
def joint_outcome_re() -> re.Pattern[str]:
    """An outcome noun used as a predicate: 一致し, 確認さ, 合意に達."""
    return re.compile(rf"(?:{alternation(words()['joint_outcome_nouns'])})(?:し|さ|をみ|を見|に達|に至)")


@cache
def connector_re() -> re.Pattern[str]:
    """What may stand before a speaker at the start of a clause: a connector or nothing."""
    return re.compile(rf"^(?:{alternation(words()['clause_connectors'])})?$")


@cache
def speech_break_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(words()['speech_break_verbs'])})(?:た上で|るとともに|つつ|ました上で)?[、,]")


@cache
def not_speaker_re() -> re.Pattern[str]:
    w = words()
    generic = [*w["side_words"]["jp"], *w["side_words"]["counterpart"], *joint_subjects(), *w["not_speakers"]]
    return re.compile(rf"^(?:{alternation(generic)})")
