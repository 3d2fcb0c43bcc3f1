"""Every shortcut taken for speed (issue 17) finds what the plain rule it replaced finds.

Each test states the plain rule here, as it was written before the shortcut,
and compares the two on the fixture readouts, on synthetic full-length
readouts and on random text.  A shortcut that drifts from its rule fails here
before it changes a published byte.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.summit import full_corpus
from etl.extract import acts, mentions, people
from etl.extract.furniture import is_furniture
from etl.extract.pipeline import language_of, normalized
from etl.extract.rules import act_patterns, act_patterns_en, furniture_patterns, office_ending, titles
from etl.extract.rules.literal import leading_literal
from etl.extract.rules.patterns import alternation
from etl.extract.rules.trie import trie_alternation
from etl.extract.sentences import depth_map, sentence_spans
from etl.source.normalize import display_width, wrap_width

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Normalised text of every fixture readout and of 40 synthetic full-length ones."""
    out = [normalized(p.read_text(encoding="utf-8")).text for p in sorted(FIXTURES.rglob("*.txt"))]
    out += [normalized(s.text).text for s in full_corpus(40, seed=9)]
    assert len(out) > 80
    return out


@pytest.fixture(scope="module")
def pieces(texts) -> list[str]:
    """Lines, and random stretches that start and end anywhere (mid-name, mid-bracket)."""
    rng = random.Random(17)
    out = [line for t in texts for line in t.split("\n")]
    for t in texts:
        for _ in range(10):
            a = rng.randrange(len(t))
            out.append(t[a : a + rng.randint(1, 120)])
    return out


def test_a_trie_matches_what_the_sorted_alternation_matches():
    rng = random.Random(3)
    for _ in range(400):
        words = ["".join(rng.choices("abc.*(", k=rng.randint(1, 4))) for _ in range(rng.randint(1, 12))]
        text = "".join(rng.choices("abc.*(x", k=60))
        for tail in ("", "b", "(?:c|x)", "a?c"):  # what follows decides which word wins, by backtracking
            plain = re.compile(f"(?:{alternation(words)}){tail}")
            trie = re.compile(f"(?:{trie_alternation(words)}){tail}")
            assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)], (words, tail)


def test_a_trie_of_the_titles_finds_each_title_as_the_list_does(texts):
    listed = [t.title for t in titles()]
    plain, trie = re.compile(alternation(listed)), re.compile(trie_alternation(listed))
    for t in texts:
        assert [m.group() for m in trie.finditer(t)] == [m.group() for m in plain.finditer(t)]


def test_mentions_searched_from_their_title_are_those_of_the_whole_pattern(pieces):
    for p in pieces:
        plain = [(m.span(), m.groupdict()) for m in people.mention_re().finditer(p)]
        assert [(m.span(), m.groupdict()) for m in people._mention_matches(p)] == plain, p


def test_find_mentions_with_an_offset_shifts_the_mentions_of_the_text(pieces):
    for p in pieces[:300]:
        at_zero = people.find_mentions(p)
        assert [(m.start + 7, m.end + 7) for m in at_zero] == [(m.start, m.end) for m in people.find_mentions(p, 7)]


def test_names_not_after_a_latin_letter_are_those_a_lookbehind_finds(pieces):
    plain = re.compile("(?<![A-Za-z])" + mentions._name_re().pattern)
    for p in [*pieces, "Japan", "xJapan", "the 日本 and aJapan, Japan"]:
        assert [m.span() for m in mentions._name_matches(p)] == [m.span() for m in plain.finditer(p)], p


def _depth_map_plain(text: str) -> list[int]:
    out, depth = [], 0
    for ch in text:
        out.append(depth)
        if ch in "「『(（[【":
            depth += 1
        elif ch in "」』)）]】" and depth:
            depth -= 1
    return out


def test_depth_map_is_the_bracket_depth_before_each_character(pieces):
    rng = random.Random(5)
    shuffled = ["".join(rng.choices("ab「」『』()（）[]【】。", k=rng.randint(0, 40))) for _ in range(2000)]
    for p in [*pieces, *shuffled]:
        assert depth_map(p) == _depth_map_plain(p), p


def test_sentences_end_at_full_stops_outside_brackets(pieces):
    for p in pieces:
        depth = _depth_map_plain(p)
        ends = [i + 1 for i, ch in enumerate(p) if ch == "。" and depth[i] == 0]
        found = [b for _, b in sentence_spans(p)]
        assert set(found) - {len(p.rstrip())} <= set(ends) and set(ends) <= set(found), p


def test_display_width_counts_wide_characters_twice():
    rng = random.Random(11)
    for _ in range(3000):
        s = "".join(
            chr(rng.choice([rng.randrange(0x80), rng.randrange(0x3000, 0xA000), rng.randrange(0x110000)]))
            for _ in range(rng.randint(0, 30))
        )
        s = "".join(c for c in s if not 0xD800 <= ord(c) < 0xE000)
        s = s if rng.random() < 0.5 else "".join(chr(rng.randrange(0x80)) for _ in range(len(s)))  # all ASCII
        wide = sum(0x1100 <= ord(c) < 0x40000 and unicodedata.east_asian_width(c) in "WF" for c in s)
        assert display_width(s) == len(s) + wide, s


def _wrap_choice_plain(widths: list[int]) -> int:
    counts = Counter(widths)
    return max(range(40, max(widths) + 1), key=lambda w: (sum(counts[v] for v in range(w - 4, w + 1)), w))


def test_the_wrap_width_chosen_among_occurring_widths_is_the_one_of_every_column():
    rng = random.Random(13)
    for _ in range(3000):
        widths = [rng.randint(40, rng.choice([44, 60, 90, 200])) for _ in range(rng.randint(1, 12))]
        lines = ["あ" * (w // 2) + "a" * (w % 2) for w in widths]
        chosen = wrap_width(lines)
        assert chosen is None or chosen == _wrap_choice_plain(widths), widths


def test_office_ending_is_the_longest_listed_title_the_text_ends_with(pieces):
    def plain(text: str, proper: bool) -> object:
        return next(
            (t for t in titles() if text.endswith(t.title) and not (proper and len(t.title) >= len(text))), None
        )

    for p in [*pieces, *[t.title for t in titles()]]:
        for proper in (False, True):
            assert office_ending(p, proper) == plain(p, proper), p


def test_language_is_told_as_by_counting_every_character(texts, pieces):
    def plain(text: str) -> str:
        latin = sum(ch.isascii() and ch.isalpha() for ch in text)
        japanese = sum("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)
        return "en" if latin > 20 * max(japanese, 1) else "ja"

    for t in [*texts, *pieces, "a" * 21, "a" * 20, "a" * 41 + "あ", "a" * 40 + "あ"]:
        assert language_of(t) == plain(t), t[:40]


def test_one_furniture_alternation_answers_as_the_patterns_one_by_one(pieces):
    extra = ["このページのトップへ戻る", "English", "外務省", "- 3 -", "写真提供：内閣広報室"]
    for p in [*pieces, *extra]:
        assert is_furniture(p) == any(r.match(p) for r in furniture_patterns()), p


def test_an_act_pattern_skipped_for_its_missing_stem_could_not_have_matched(pieces):
    for p in pieces:
        for pattern in (*act_patterns(), *act_patterns_en()):
            if pattern.literal not in p:
                assert pattern.regex.search(p) is None, (pattern.literal, p)
    acts.main_predicate.cache_clear()


def test_english_mention_patterns_skipped_for_a_missing_word_could_not_have_matched(pieces):
    from etl.extract.english.people import name_first_re, present_re

    for p in pieces:
        if "also" not in p:
            assert present_re().search(p) is None, p
        if "," not in p or "of" not in p:
            assert name_first_re().search(p) is None, p


def test_an_english_sentence_end_is_found_in_the_last_five_characters(pieces):
    from etl.source.normalize import _LATIN_SENTENCE_END

    for p in [*pieces, "It was agreed.", 'He said "yes."', "Mr.", "at 5 p.m."]:
        assert (_LATIN_SENTENCE_END.search(p[-5:]) is None) == (_LATIN_SENTENCE_END.search(p) is None), p


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        ("stated", "stated"),
        ("expressed (?:his |her )?welcome", "expressed "),
        ("colou?r", "colo"),
        ("ab*c", "a"),
        ("stated|said", ""),
        ("ab(?:c|d)", "ab"),
        ("[(]x|y", ""),  # the ( inside a class opens no group: the | is at the top
        ("x[|]y", "x"),
        ("[]|]a", ""),
        (r"\bfoo", ""),
        ("(?:a)b", ""),
        ("ab(?#()|cd", ""),  # a comment hides a bracket
        ("ab(?#)?", ""),  # ... or lets a quantifier reach the literal
        ("abc)|(?:xyz", ""),  # unbalanced: wrapped in a group by the caller, the | is at the top
    ],
)
def test_the_leading_literal_is_text_every_match_must_contain(pattern, literal):
    assert leading_literal(pattern) == literal
