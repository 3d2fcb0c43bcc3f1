"""Speakers, clauses and acts of an English readout.

The speaker is the subject at the start of a clause (`Prime Minister Abe
stated…`, `In response, President X…`, `The two leaders…` → joint); `He
also…` continues the last speaker.  A sentence is split where a new subject
starts a clause after a comma (`…, and Prime Minister Turnbull agreed.`).
The act comes from the subject's own verbs, before any `that` clause; of
several, the last decides.
"""

from __future__ import annotations

import re
from functools import cache

from etl.errors import Notice
from etl.extract.english.people import Mention, find_mentions, same_person
from etl.extract.english.text import clause_breaks, sentence_spans
from etl.extract.headings import Paragraph
from etl.extract.model import Statement
from etl.extract.participants import Participant
from etl.extract.rules import act_patterns_en, english
from etl.extract.rules.patterns import alternation
from etl.extract.speakers import JOINT
from etl.extract.statements import LastSpeaker, sentences_in


@cache
def _opening() -> re.Pattern[str]:
    """Connectors and conjunctions that may stand before a clause's subject."""
    return re.compile(rf"^(?:(?:and|while|whereas|but)\s+)?(?:(?:{alternation(english()['connectors'])}),?\s+)*", re.I)


@cache
def _joint() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(english()['joint_subjects'])})\b(?!\s+(?:countries|nations|sides'))", re.I)


@cache
def _continuing() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(english()['continuing_subjects'])})\b")


def main_act(clause: str) -> tuple[str, int, int] | None:
    """(act, start, end) of the subject's last verb before any that-clause; the longer pattern wins a tie."""
    cut = re.search(r"\bthat\b", clause)
    first = None
    found: list[tuple[int, int, str]] = []
    for p in act_patterns_en():
        if p.literal not in clause:
            continue
        for m in p.regex.finditer(clause):
            found.append((m.start(), m.end(), p.act))
    if not found:
        return None
    first = min(s for s, _, _ in found)
    limit = cut.start() if cut and cut.start() > first else len(clause)
    # a verb after the that-clause joined by "and" is the subject's again: stated that …, and welcomed …
    top = [f for f in found if f[0] < limit or re.search(r",?\s+and\s+(?:also\s+)?$", clause[: f[0]])]
    start, end, act = max(top, key=lambda f: (f[0], f[1] - f[0]))
    return act, start, end


class Speakers:
    def __init__(self, people: list[Participant]):
        self.people = people

    def _resolve(self, m: Mention) -> tuple[str | None, str | None]:
        for p in self.people:
            if m.name and same_person(m.name, p.name):
                return p.side, p.name
        if m.country:
            return m.country, m.name or None
        hits = {p.side: p.name for p in self.people if m.title and m.title.lower() in (p.title or "").lower()}
        return next(iter(hits.items())) if len(hits) == 1 else (None, None)

    def subject(self, clause: str) -> tuple[str | None, str | None, bool] | None:
        """(side, name, continues) of the subject opening a clause, or None when it names none."""
        rest = clause[_opening().match(clause).end() :]
        if _joint().match(rest):
            return JOINT, None, False
        if _continuing().match(rest):
            return None, None, True
        mentions = [
            m for m in find_mentions(rest[:120]) if m.start == 0 or rest[: m.start].strip() in ("", "the", "The")
        ]
        if mentions:
            side, name = self._resolve(mentions[0])
            if side:
                return side, name, False
        return None


def split_clauses(sentence: str, speakers: Speakers) -> list[tuple[int, tuple | None]]:
    """Start offsets of clauses, each with its subject (or None)."""
    starts = [(0, speakers.subject(sentence))]
    for b in clause_breaks(sentence):
        subject = speakers.subject(sentence[b:])
        new_side = bool(subject and subject[0] and not subject[2])
        changes = new_side and (starts[-1][1] is None or subject[0] != starts[-1][1][0])
        if changes and (re.match(r"(?:and|while|whereas|but)\s", sentence[b:]) or subject[0] == JOINT):
            starts.append((b, subject))
    return starts


def find_statements(
    text: str, paragraphs: list[Paragraph], people: list[Participant]
) -> tuple[list[Statement], list[Notice]]:
    speakers = Speakers(people)
    out: list[Statement] = []
    warnings: list[Notice] = []
    last = LastSpeaker()
    for sen in sentences_in(text, paragraphs, sentence_spans):
        para, sentence = sen.para, sen.text
        clauses = split_clauses(sentence, speakers)
        if main_act(sentence) is None and all(c[1] is None for c in clauses):
            warnings.append(sen.outside())
            continue
        for i, (c_start, subject) in enumerate(clauses):
            c_end = clauses[i + 1][0] if i + 1 < len(clauses) else len(sentence)
            a, b = sen.start + c_start, sen.start + c_end
            while b > a and text[b - 1] in " ,;":
                b -= 1
            side, name, inferred = last.speaker(*(subject[:2] if subject and subject[0] else (None, None)))
            act = main_act(text[a:b])
            kind = act[0] if act else "other"
            out.append(Statement(para.topic, side, name, inferred, kind, text[a:b], a, b, para.line.number, para.item))
    return out, warnings
