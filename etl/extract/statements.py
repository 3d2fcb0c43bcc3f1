"""The speaker state machine: paragraphs to statements, each with its speaker and act.

A sentence is at least one statement; it is split where the speaker changes
and where a joint outcome follows a one-sided clause (`speakers.split_clauses`).
A clause that names no speaker continues the last one (`speaker_inferred`).
Narrative sentences (who was present) and sentences with neither a speaker nor
a speech act are not statements; they become warnings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from etl.errors import Notice
from etl.extract.acts import act_of, main_predicate
from etl.extract.headings import Paragraph
from etl.extract.model import Statement
from etl.extract.participants import Participant
from etl.extract.rules import words
from etl.extract.rules.patterns import alternation
from etl.extract.sentences import sentence_spans
from etl.extract.speakers import JOINT, SpeakerFinder, split_clauses, unknown_speaker

# Who was present, not what was said: 本会談には、日本側から…が同席した。
_NARRATIVE = re.compile(rf"(?:{alternation(words()['presence_words'])})(?:し|す|の下)")
_LEADING = " 、,"


@dataclass(frozen=True)
class Sentence:
    """A sentence of a paragraph: its text, where it starts in the readout, and its line and column."""

    para: Paragraph
    text: str
    start: int
    column: int

    def outside(self) -> Notice:
        """The warning for a sentence that is no statement."""
        return Notice(f"text outside every statement: {self.text[:30]}", self.para.line.number, self.column)


def sentences_in(
    text: str, paragraphs: list[Paragraph], spans: Callable[[str], list[tuple[int, int]]]
) -> Iterator[Sentence]:
    """Every sentence of every paragraph, as `spans` (a language's sentence splitter) cuts it."""
    for para in paragraphs:
        body = text[para.start : para.line.end]
        for s_start, s_end in spans(body):
            column = para.start + s_start - para.line.start + 1
            yield Sentence(para, body[s_start:s_end], para.start + s_start, column)


class LastSpeaker:
    """A clause that names no speaker continues the last one named (speaker_inferred)."""

    def __init__(self) -> None:
        self.side: str | None = None
        self.name: str | None = None

    def speaker(self, side: str | None, name: str | None) -> tuple[str | None, str | None, bool]:
        """(side, name, inferred) of a clause whose subject gives side and name (None: none given)."""
        inferred = side is None
        if inferred:
            side, name = self.side, self.name
        if side is not None:
            self.side, self.name = side, (name if side != JOINT else None)
        return side, name, inferred


def find_statements(
    text: str, paragraphs: list[Paragraph], people: list[Participant], counterpart: str | None
) -> tuple[list[Statement], list[Notice]]:
    finder = SpeakerFinder(people, counterpart)
    out: list[Statement] = []
    warnings: list[Notice] = []
    last = LastSpeaker()
    for sen in sentences_in(text, paragraphs, sentence_spans):
        para, sentence = sen.para, sen.text
        speakers = finder.mentions(sentence, last.side)
        if main_predicate(sentence) is None and (not speakers or _NARRATIVE.search(sentence)):
            warnings.append(sen.outside())
            continue
        unknown = unknown_speaker(sentence, speakers)
        if unknown:
            message = f"speaker {unknown!r} has a title or name not in etl/extract/rules/titles.csv"
            warnings.append(Notice(message, para.line.number, sen.column))
        for clause in split_clauses(sentence, speakers):
            a, b = sen.start + clause.start, sen.start + clause.end
            while a < b and text[a] in _LEADING:
                a += 1
            side, name, inferred = last.speaker(clause.side, clause.name)
            if side is None:
                col = a - para.line.start + 1
                warnings.append(Notice("statement with no speaker", para.line.number, col))
            out.append(
                Statement(
                    para.topic, side, name, inferred, act_of(text[a:b]), text[a:b], a, b, para.line.number, para.item
                )
            )
    return out, warnings
