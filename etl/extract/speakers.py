"""Who says what: speaker mentions, clause splits and the speaker of each clause.

A speaker is named before より, から (optionally with は or も), or before は
or も at the start of a clause (安倍総理から, オバマ大統領よりは, 菅総理大臣は,
メイ首相もこれに賛同した).  両首脳, 双方 and the like make a joint subject.
A sentence is split where the speaker changes, and where a joint outcome
(…で一致した) follows a one-sided clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.extract.acts import main_predicate
from etl.extract.participants import Participant, side_of
from etl.extract.people import Mention, find_mentions, same_person_re
from etl.extract.rules import country_alternation, country_by_name, title_by_name
from etl.extract.rules.patterns import (
    alternation,
    connector_re,
    joint_outcome_re,
    joint_subject_re,
    not_speaker_re,
    side_words,
    speech_break_re,
)
from etl.extract.sentences import commas, depth_map

JOINT = "joint"
_STRONG = re.compile(r"^(?:より|から)(?:は|も)?(?!の)")
_WEAK = re.compile(r"^(?:は|も)(?!じめ)")
_JOINT_MARK = re.compile(r"^(?:は|も|とも|間で|の間で)(?!の)")
_COORD = re.compile(r"^(?:及び|並びに|と)(?:同席の)?")


@dataclass(frozen=True)
class SpeakerMention:
    side: str  # alpha-2 or "joint"
    name: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    side: str | None  # None: not named here
    name: str | None


def _shares_office(m: Mention, p: Participant) -> bool:
    """副首相兼外相 names the participant whose title holds one of its offices (副首相兼外務大臣)."""
    return "兼" in m.title and any(len(c) >= 2 and c in p.title for c in m.title.split("兼"))


class SpeakerFinder:
    def __init__(self, participants: list[Participant], counterpart: str | None):
        self.participants = participants
        self.counterpart = counterpart
        self._generic = self._generic_subjects()

    def _generic_subjects(self) -> list[tuple[re.Pattern[str], str]]:
        out = [(joint_subject_re(), JOINT)]
        out.append((re.compile(alternation(side_words("jp"))), "JP"))
        if self.counterpart:
            out.append((re.compile(alternation(side_words("counterpart"))), self.counterpart))
        out.append((re.compile(rf"(?:{country_alternation()})側"), "country"))
        return out

    def resolve(self, m: Mention) -> tuple[str | None, str | None]:
        """The side and name of the participant a mention refers to."""
        for p in self.participants:
            if m.name and p.name and (m.name in p.name or p.name in m.name):
                return p.side, p.name
        if not m.name:
            hits = {
                p.side: p.name
                for p in self.participants
                if p.title and (m.title in p.title or p.title.endswith(m.office.title) or _shares_office(m, p))
            }
            if len(hits) == 1:
                return next(iter(hits.items()))
            if m.office.side in ("jp", "foreign"):
                return side_of(m, self.counterpart), None
            return None, None
        return side_of(m, self.counterpart), m.name

    def mentions(self, text: str, recent: str | None = None) -> list[SpeakerMention]:
        """Speakers named in a sentence; `recent` is the side of the speaker before it."""
        depth = depth_map(text)
        found: list[SpeakerMention] = []
        for m in find_mentions(text):
            if depth[m.start]:
                continue
            side, name = self.resolve(m)
            end = m.end
            co = _COORD.match(text[end:])
            if co:  # メイ首相及び同席のジョンソン外相は
                nxt = [n for n in find_mentions(text[end + co.end() :]) if n.start == 0]
                if nxt:
                    other, _ = self.resolve(nxt[0])
                    side = side if other == side else JOINT
                    end = end + co.end() + nxt[0].end
            if side and self._marked(text, m.start, end):
                found.append(SpeakerMention(side, name, m.start, end))
        for rx, side in self._generic:
            for g in rx.finditer(text):
                if depth[g.start()]:
                    continue
                real = side
                if side == "country":
                    c = country_by_name().get(g.group()[:-1])
                    real = "JP" if g.group()[:-1] in ("日本", "日") else (c.code if c else None)
                if real is None:
                    continue
                after = text[g.end() :]
                ok = _JOINT_MARK.match(after) if real == JOINT else self._marked(text, g.start(), g.end())
                if ok:
                    found.append(SpeakerMention(real, None, g.start(), g.end()))
        found.sort(key=lambda s: s.start)
        for m in same_person_re().finditer(text):
            if depth[m.start()] or not self._marked(text, m.start(), m.end()):
                continue
            before = [s.side for s in found if s.end <= m.start()]
            side = self._same_person(m.group("title"), before[-1] if before else recent)
            if side:
                found.append(SpeakerMention(side, None, m.start(), m.end()))
        return sorted(found, key=lambda s: s.start)

    def _same_person(self, office: str, recent: str | None) -> str | None:
        """The side of 同<office>: the only participant with that office, else the one just named.

        An office matches a participant's title that contains it (同総理: 内閣総理大臣), or else one
        of the same level in the titles vocabulary (同外相: 外務大臣).
        """
        sides = {p.side for p in self.participants if p.title and office in p.title}
        if not sides:
            level = title_by_name()[office].level
            sides = {p.side for p in self.participants if p.role == "principal" and p.level == level}
        if len(sides) == 1:
            return next(iter(sides))
        return recent if recent in sides else None

    def _marked(self, text: str, start: int, end: int) -> bool:
        after = text[end:]
        if _STRONG.match(after):
            return True
        return bool(_WEAK.match(after)) and clause_start(text, start)


_NAMED_SPEAKER = re.compile(
    r"(?:^|[、,]\s*)(?P<who>[ァ-ヴー・=]{2,}[一-龥ァ-ヴー]{0,10}|[一-龥々]{2,4}[一-龥]{1,8})(?:より|から)(?:は|も)?[、,]"
)


def unknown_speaker(sentence: str, speakers: list[SpeakerMention]) -> str | None:
    """A name-like phrase before より/から that is no known person or title (ビロン首席報道官より、)."""
    for m in _NAMED_SPEAKER.finditer(sentence):
        who = m.group("who")
        if not_speaker_re().match(who) or not clause_start(sentence, m.start("who")):
            continue
        if not any(s.start <= m.start("who") < s.end or m.start("who") <= s.start < m.end("who") for s in speakers):
            return who
    return None


def clause_start(text: str, pos: int) -> bool:
    before = [c for c in commas(text) if c <= pos]
    prefix = text[before[-1] if before else 0 : pos].strip()
    prefix = re.sub(r"^\([^)]{1,3}\)", "", prefix)
    return bool(connector_re().match(prefix))


def split_clauses(text: str, speakers: list[SpeakerMention]) -> list[Clause]:
    """Split a sentence where the speaker changes, then where a joint outcome follows."""
    cuts: list[tuple[int, SpeakerMention | None]] = [(0, None)]
    current: str | None = None
    for sp in speakers:
        if current is None:
            current = sp.side
            cuts[0] = (0, sp)
            continue
        if sp.side == current:
            continue
        before = [c for c in commas(text) if cuts[-1][0] < c <= sp.start]
        if not before:
            continue
        cuts.append((before[-1], sp))
        current = sp.side
    clauses = []
    for i, (start, sp) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else len(text)
        clauses.extend(_split_outcome(text, start, end, sp))
    return clauses


def _split_outcome(text: str, start: int, end: int, sp: SpeakerMention | None) -> list[Clause]:
    side, name = (sp.side, sp.name) if sp else (None, None)
    clause = Clause(start, end, side, name)
    if side == JOINT:
        return [clause]
    pred = main_predicate(text[start:end])
    if pred is None or pred.act != "agreed":
        return [clause]
    if not joint_outcome_re().match(text, start + pred.start):
        return [clause]
    if side is None:
        return [Clause(start, end, JOINT, None)]
    breaks = [m.end() for m in speech_break_re().finditer(text, start, start + pred.start)]
    breaks = [b for b in breaks if not sp or b > sp.end]
    if not breaks:
        return [clause]
    return [Clause(start, breaks[-1], side, name), Clause(breaks[-1], end, JOINT, None)]
