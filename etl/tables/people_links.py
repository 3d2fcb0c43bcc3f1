"""Fill person_id on participants, statements and mentions, and build the persons table (corpus-level step)."""

from __future__ import annotations

from collections import defaultdict

from etl.extract.english.people import same_person
from etl.extract.participants import same_name
from etl.tables.columns import to_rows
from etl.tables.merged import column_of, set_column
from etl.tables.persons import Registry, holder_on, office_of


def _jp_holder(p: dict, day):
    office = office_of(p["title"])
    return holder_on(office, day) if office and p["side"] == "JP" else None


def _agrees(name: str | None, h) -> bool:
    """The name a readout gives is the holder's: part of the Japanese name, or the English one in any order
    (Shinzo Abe, ABE Shinzo)."""
    return not name or name in h.name_ja or h.name_ja in name or same_person(name, h.name_en)


PARTICIPANT_COLUMNS = ("meeting_id", "side", "role", "name", "name_en", "title")  # what the step reads


def link_persons(rows: dict[str, list[dict]]) -> None:
    """In place: participants.person_id and person_resolved_by, statements.speaker_person_id,
    mentions.person_id, the persons rows, and a meeting warning where a named holder disagrees."""
    meeting_ids = column_of(rows["meetings"], "meeting_id")
    day = dict(zip(meeting_ids, column_of(rows["meetings"], "date")))
    participants = to_rows({n: column_of(rows["participants"], n) for n in PARTICIPANT_COLUMNS})  # read many times
    holders = [_jp_holder(p, day[p["meeting_id"]]) for p in participants]
    named: dict[str | None, list[str]] = defaultdict(list)
    english: dict[tuple[str | None, str], str] = {}
    for p, h in zip(participants, holders):
        if not h and p["name"]:
            named[p["side"]].append(p["name"])
            if p["name_en"]:
                english[(p["side"], p["name"])] = p["name_en"]
    for x in rows["mentions"]:
        if x["kind"] == "person" and x.get("_name"):
            named[None].append(x["_name"])
    registry = Registry(named, english)
    notes: dict[str, list[str]] = defaultdict(list)  # meeting -> warnings to add
    by_meeting: dict[str, list[dict]] = defaultdict(list)
    for p, h in zip(participants, holders):
        if h is not None:
            agrees = _agrees(p["name"], h)
            person = registry.holder(h, p["name"] if agrees else None)  # a wrong name is not theirs
            p["person_resolved_by"] = "name" if p["name"] else "office_on_date"
            if not agrees:
                when = day[p["meeting_id"]]
                notes[p["meeting_id"]].append(
                    f"{p['name']} {p['title']}: the office holder on {when} is {h.name_ja} (office_holders.csv)"
                )
        else:
            person = registry.named(p["side"], p["name"]) if p["name"] else None
            p["person_resolved_by"] = "name" if person else None
        p["person_id"] = person.person_id if person else None
        by_meeting[p["meeting_id"]].append(p)
    for column in ("person_id", "person_resolved_by"):
        set_column(rows["participants"], column, [p[column] for p in participants])
    if notes:
        _add_warnings(rows["meetings"], meeting_ids, notes)
    speakers: dict[tuple, str | None] = {}  # a meeting's speakers recur statement after statement
    statements = rows["statements"]
    found = []
    for who in zip(*(column_of(statements, c) for c in ("meeting_id", "speaker_side", "speaker_name"))):
        if who not in speakers:
            speakers[who] = _speaker(who[1], who[2], by_meeting[who[0]])
        found.append(speakers[who])
    set_column(statements, "speaker_person_id", found)
    for x in rows["mentions"]:
        if x["kind"] == "person":
            x["person_id"] = _mentioned(x, by_meeting[x["meeting_id"]], registry)
    rows["persons"] = [_row(p) for p in sorted(registry.people.values(), key=lambda p: p.person_id)]


def _add_warnings(meetings, meeting_ids: list[str], notes: dict[str, list[str]]) -> None:
    warnings = list(column_of(meetings, "warnings"))
    for i, meeting in enumerate(meeting_ids):
        for note in notes.get(meeting, []):
            warnings[i] = f"{warnings[i]} | {note}" if warnings[i] else note
    set_column(meetings, "warnings", warnings)


def _speaker(side: str | None, name: str | None, participants: list[dict]) -> str | None:
    same_side = [p for p in participants if p["side"] == side and p["person_id"]]
    if name:
        hit = [p for p in same_side if p["name"] and same_name(name, p["name"])]
    else:  # 総理より, 先方から: the principal of that side
        hit = [p for p in same_side if p["role"] == "principal"]
    return hit[0]["person_id"] if len(hit) == 1 else None


def _mentioned(x: dict, participants: list[dict], registry: Registry) -> str | None:
    surface = x["surface"]
    hit = [p for p in participants if p["person_id"] and p["name"] and p["name"] in surface]
    if len(hit) == 1:
        return hit[0]["person_id"]
    name = x.get("_name") or surface
    person = registry.anyone(name) or registry.named(None, name)
    return person.person_id if person else None


def _row(p) -> dict:
    ja = next((n for n in p.names if not n.isascii()), None)
    return {
        "person_id": p.person_id,
        "side": p.side,
        "name": max(p.names, key=len) if p.names else None,
        "name_ja": max((n for n in p.names if not n.isascii()), key=len, default=ja),
        "name_en": p.name_en or next((n for n in p.names if n.isascii()), None),
        "offices": p.offices,
        "source": p.source,
    }
