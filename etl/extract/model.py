"""What the extractor makes of one readout: typed objects with offsets, linked by reference.

Offsets index the normalised text (`sources.text`).  Objects point at each
other (a statement at its topic, an agreement at its statement and at the
statement its pronoun takes up); `etl.tables.rows` turns the references into
IDs.  Nothing here knows about pandas or Arrow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from etl.errors import Notice
from etl.extract.participants import Participant


@dataclass
class Meeting:
    date: dt.date
    counterpart: str | None
    format: str
    level: str
    start_time: str | None
    duration_minutes: int | None
    title: str | None
    page_date: dt.date | None
    language: str = "ja"
    host: str | None = None  # the side in whose country it took place
    place: str | None = None
    occasion: str | None = None
    plover_mode: str | None = None  # mode of the PLOVER CONSULT event: phone, video, host, visit, third_party


@dataclass(eq=False)
class Topic:
    label: str
    heading: str
    char_start: int
    char_end: int
    parent: Topic | None = None

    @property
    def depth(self) -> int:
        return 1 if self.parent is None else self.parent.depth + 1


@dataclass(eq=False)
class Statement:
    topic: Topic | None
    speaker_side: str | None
    speaker_name: str | None
    speaker_inferred: bool
    act: str
    text: str
    char_start: int
    char_end: int
    line: int
    item: str | None = None  # the enumerator of its numbered paragraph, as written
    plover: str | None = None  # PLOVER event type, when one fits the act (rules/plover.csv)


@dataclass(eq=False)
class Agreement:
    statement: Statement
    content: str
    refers_to: Statement | None = None  # the statement a pronoun (これに同意した) takes up


@dataclass
class Extraction:
    meeting: Meeting
    participants: list[Participant] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    mentions: list = field(default_factory=list)  # etl.extract.mentions.Mention
