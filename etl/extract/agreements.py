"""Agreements: what was agreed, and the statement a pronoun takes up.

What was agreed (`content`) is the proposition alone: the clause without its
subject, without clauses completed before the outcome (…意見を交換し、 …上で、),
without the framing (…との認識, …ことで) and the outcome predicate (一致した).
When only a pronoun is left (これに同意した, これらについて確認された), the
agreement refers to the statement before it: the proposal accepted, or the
points just listed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from etl.extract.acts import main_predicate
from etl.extract.model import Agreement, Statement
from etl.extract.people import find_mentions
from etl.extract.rules import words
from etl.extract.rules.patterns import alternation, joint_subject_re, side_words
from etl.extract.sentences import commas

_CLAUSE_ENDS = {"し"}  # a clause done before the outcome: 反対し、 (not 踏まえ、 or に加え、, which qualify it)
_VERB_TAIL = re.compile(r"(?:を行|が行|し|を)?[ぁ-ゖ]{0,4}")  # 意見交換|を行い、 懸念を共有|し、
_PARTICLE = r"(?:について|に関し(?:て)?|との間で|の間で|間で|では|で|を|が|は|も|に|の)"


@cache
def _tail_re() -> re.Pattern[str]:
    """One layer of framing at the end of what was agreed; stripped until nothing changes."""
    w = words()
    return re.compile(
        rf"(?:(?:{alternation(w['outcome_adverbs'])})|(?:との|という|とする)?(?:{alternation(w['outcome_framing_nouns'])})"
        rf"|(?:両?首脳|両国|双方|両者|両?外相|両大臣)間|{_PARTICLE}|[、,\s])$"
    )


@cache
def _completed_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(words()['completed_clause_endings'])})$")


@cache
def _pronoun_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(words()['agreement_pronouns'])})")


def _strip_tail(text: str) -> str:
    while True:
        shorter = _tail_re().sub("", text)
        people = find_mentions(shorter[-30:])
        if people and people[-1].end == len(shorter[-30:]):  # …オバマ大統領との間で確認された
            shorter = shorter[: len(shorter) - len(shorter[-30:]) + people[-1].start]
        if shorter == text or not shorter:
            return text
        text = shorter


def _after_completed_clauses(text: str) -> str:
    """The text after the last clause that was completed before the outcome."""
    cut = 0
    for c in commas(text):
        before = text[: c - 1].rstrip()
        pred = main_predicate(before)
        done_act = pred is not None and bool(_VERB_TAIL.fullmatch(before[pred.end :]))
        if done_act or _completed_re().search(before):
            cut = c
    return text[cut:]


@cache
def _joint_subject_start_re() -> re.Pattern[str]:
    return re.compile(rf"^.{{0,20}}?(?:{joint_subject_re().pattern})(?:は|も|の間で|間で|が)[、,]?")


@cache
def _side_subject_start_re() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation([*side_words('jp'), *side_words('counterpart')])})(?:は|も|から|より)[、,]?")


def _without_subject(text: str) -> str:
    text = text.lstrip("、, ")
    joint = _joint_subject_start_re().match(text)
    if joint:
        return text[joint.end() :]
    side = _side_subject_start_re().match(text)
    if side:  # 先方はこれに同意した
        return text[side.end() :]
    for m in find_mentions(text[:40]):
        if m.start == 0:
            after = re.match(r"(?:との間で|と|は|も|から|より)[、,]?", text[m.end :])
            if after:
                return text[m.end + after.end() :]
    return text


def agreed_content(text: str) -> str:
    """What was agreed in one agreement statement."""
    body = text.rstrip("。 ")
    pred = main_predicate(body)
    if pred is not None and pred.act == "agreed":
        body = body[: pred.start]
    body = _after_completed_clauses(body)
    body = _without_subject(body)
    body = _strip_tail(body)
    body = _without_subject(body)  # a subject after a completed clause: …上で、両首脳は
    body = _noun_phrase_alone(body.strip("、, "))
    return body or text.rstrip("。")


def _noun_phrase_alone(content: str) -> str:
    """A shared concern or view is a noun phrase: clauses before it were done first (…に反対し、…懸念を共有).

    A verb phrase (…を強化し、…進めていく) keeps its clauses: they are what was agreed.
    """
    if not re.search(r"[一-龥ァ-ヴー々A-Za-z0-9)）]$", content):
        return content
    cuts = [c for c in commas(content) if content[c - 2 : c - 1] in _CLAUSE_ENDS]
    return content[cuts[-1] :].strip() if cuts else content


def is_pronoun(content: str) -> bool:
    return bool(_pronoun_re().fullmatch(content))


def agreements(
    statements: list[Statement],
    content_of: Callable[[str], str] | None = None,
    pronoun: Callable[[str], bool] | None = None,
) -> list[Agreement]:
    """One agreement per agreed statement; a pronoun's agreement refers to the statement before it."""
    content_of, pronoun = content_of or agreed_content, pronoun or is_pronoun
    out = []
    for i, s in enumerate(statements):
        if s.act != "agreed":
            continue
        content = content_of(s.text)
        out.append(Agreement(s, content, statements[i - 1] if pronoun(content) and i > 0 else None))
    return out
