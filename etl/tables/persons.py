"""One row per person across all readouts, and the person behind every participant, speaker and mention.

Japan's prime ministers, foreign ministers and chief cabinet secretaries come
from a vocabulary with their terms (etl/extract/rules/office_holders.csv):
`総理` or `外務大臣` without a name resolves to whoever held the office on the
meeting's date (`person_resolved_by = office_on_date`), and a name the readout
gives is checked against it (a warning on the meeting when they disagree).
Everyone else is known by name within a side: 安倍 and 安倍晋三 are one person,
and so are オバマ and バラク・オバマ, unless a short name would fit two people.
An English name comes only from a source: the vocabulary, the English readout,
or the bracket a Japanese readout gives ((H.E. Mr. Malcolm Turnbull, …)).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from etl.extract.rules import _text
from etl.tables.name_index import NameIndex, index_of

_OFFICES = {  # words of a title -> the office of the vocabulary
    "prime_minister": ("総理", "総理大臣", "首相", "Prime Minister"),
    "foreign_minister": ("外務大臣", "外相", "Minister for Foreign Affairs", "Foreign Minister"),
    "chief_cabinet_secretary": ("官房長官", "Chief Cabinet Secretary"),
}
_NOT_OFFICE = ("副", "政務官", "補佐官", "Vice", "Deputy", "State Minister", "Parliamentary")


@dataclass
class Person:
    person_id: str
    side: str | None
    names: list[str] = field(default_factory=list)
    name_en: str | None = None
    offices: str | None = None
    source: str = "readouts"


@dataclass(frozen=True)
class Holder:
    office: str
    name_ja: str
    surname_ja: str
    name_en: str
    start: dt.date
    end: dt.date | None
    source: str


@cache
def holders() -> tuple[Holder, ...]:
    out = []
    for r in csv.DictReader(_text("office_holders.csv").splitlines()):
        end = dt.date.fromisoformat(r["end"]) if r["end"] else None
        out.append(
            Holder(
                r["office"],
                r["name_ja"],
                r["surname_ja"],
                r["name_en"],
                dt.date.fromisoformat(r["start"]),
                end,
                r["source"],
            )
        )
    return tuple(out)


@lru_cache(maxsize=4096)  # asked for every participant of every meeting; titles repeat
def office_of(title: str | None) -> str | None:
    if not title or any(w in title for w in _NOT_OFFICE):
        return None
    return next((office for office, words in _OFFICES.items() if any(title.endswith(w) for w in words)), None)


def holder_on(office: str, day: dt.date) -> Holder | None:
    return next(
        (h for h in holders() if h.office == office and h.start <= day and (h.end is None or day < h.end)), None
    )


def _slug(name_en: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name_en.lower()).strip("-")


def _vocabulary_person(h: Holder) -> Person:
    offices = "; ".join(f"{x.office} {x.start}/{x.end or ''}" for x in holders() if x.name_ja == h.name_ja)
    return Person(f"jp-{_slug(h.name_en)}", "JP", [h.name_ja], h.name_en, offices, h.source)


def _clusters(names: list[str]) -> list[list[str]]:
    """Names of one side grouped by person: longest first, a name joins the one cluster it fits."""
    clusters: list[list[str]] = []
    index = NameIndex()  # name -> its cluster
    for name in sorted(set(names), key=lambda n: (-len(n), n)):
        fitting = index.fitting(name)
        cluster = next(iter(fitting)) if len(fitting) == 1 else len(clusters)
        if cluster == len(clusters):
            clusters.append([])
        clusters[cluster].append(name)
        index.add(name, cluster)
    return clusters


def _merge_linked(clusters: list[list[str]], side: str | None, english: dict) -> list[list[str]]:
    """A Japanese name and the English name its readout gives are one person: join their clusters."""
    for (s, ja), en in sorted(english.items(), key=str):
        if s != side:
            continue
        a = next((c for c in clusters if ja in c), None)
        b = next((c for c in clusters if en in c), None)
        if a is not None and b is not None and a is not b:
            a.extend(b)
            clusters.remove(b)
    return clusters


def _person_id(side: str | None, canonical: str) -> str:
    digest = hashlib.sha1(f"{side}|{canonical}".encode(), usedforsecurity=False).hexdigest()[:10]  # an ID, not a secret
    return f"{(side or 'xx').lower()}-{digest}"


class Registry:
    """Every person of the corpus: office holders from the vocabulary, the rest clustered by name within a side."""

    def __init__(self, named: dict[str | None, list[str]], english: dict[tuple[str | None, str], str]):
        self.people: dict[str, Person] = {}
        self._sided: NameIndex | None = None  # the names of people of a known side, built when anyone() is asked
        self._anyone: dict[str, Person | None] = {}  # anyone()'s answers while that index stands
        self.by_name: dict[tuple[str | None, str], Person] = {}
        for side, names in sorted(named.items(), key=lambda kv: kv[0] or ""):
            names = names + [english[(side, n)] for n in names if (side, n) in english]
            for cluster in _merge_linked(_clusters(names), side, english):
                person = Person(_person_id(side, cluster[0]), side, cluster)
                person.name_en = next((english[(side, n)] for n in cluster if (side, n) in english), None)
                self.people[person.person_id] = person
                self.by_name.update({(side, n): person for n in cluster})

    def holder(self, h: Holder, name: str | None) -> Person:
        person = self.people.setdefault(f"jp-{_slug(h.name_en)}", _vocabulary_person(h))
        if name and name not in person.names:
            person.names.append(name)
        self._sided, self._anyone = None, {}  # anyone's index is built again when next asked
        return person

    def named(self, side: str | None, name: str) -> Person | None:
        return self.by_name.get((side, name))

    def anyone(self, name: str) -> Person | None:
        """The one person of a known side whose names fit `name`."""
        if self._sided is None:
            self._sided = index_of((n, p.person_id) for p in self.people.values() if p.side for n in p.names)
        if name not in self._anyone:  # a corpus mentions the same names over and over
            hits = self._sided.fitting(name)
            self._anyone[name] = self.people[hits.pop()] if len(hits) == 1 else None
        return self._anyone[name]
