"""Who took part: the two principals of the lead and the attendees (同席)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.extract.people import KATAKANA, Mention, find_mentions, split_name_title
from etl.extract.rules import country_by_name, office_ending, words
from etl.extract.rules.patterns import alternation, side_words

# Countries whose people MOFA writes in kanji, so a kanji name says nothing of side.
KANJI_NAME_COUNTRIES = {"CN", "KR", "KP", "TW", "HK", "MO"}
# a bracket that lists who was present: it says 同席, or opens with a side label (日本側：…、先方：…);
# a page may lose the closing bracket
_ATTENDEE_GROUP = re.compile(
    r"[(（]((?:[^()（）]*同席|(?:日本側|我が方|我が国側|先方|相手側)\s*[:：])[^()（）]*)(?:[)）]|$)"
)
_SIDE_LABEL = re.compile(
    rf"^(?P<label>{alternation([*side_words('jp'), *side_words('counterpart')])}|[^\s:：、,]{{1,8}}?側)"
    r"(?:の)?(?:同席者|出席者|陪席者)?\s*(?:[:：]|より|から)\s*"
)
_ITEM_TAIL = re.compile(rf"(?:{alternation(words()['attendee_item_tails'])})?(?:が|も)?(?:同席)?(?:者)?$")
_SUBJECT = re.compile(r"^(?:は|が)")
_OBJECT = re.compile(r"^(?:と|による|の表敬|を表敬|から表敬)")


@dataclass(frozen=True)
class Participant:
    side: str
    name: str
    title: str
    role: str  # principal | attendee
    name_en: str | None
    start: int
    end: int
    level: str  # the office's level in the titles vocabulary


def side_of(m: Mention, counterpart: str | None) -> str | None:
    if m.country:
        return m.country
    if m.name and re.fullmatch(f"{KATAKANA}+", m.name) and m.office.side != "foreign":
        return counterpart  # Japanese names are not written in katakana: エアラー国務大臣
    if m.office.side == "jp":
        return "JP"
    if m.office.side == "foreign":
        return counterpart
    if re.fullmatch(f"{KATAKANA}+", m.name or ""):
        return counterpart
    if m.name and counterpart not in KANJI_NAME_COUNTRIES:
        return "JP"
    return None


def _label_side(label: str, counterpart: str | None) -> str | None:
    if label in side_words("jp"):
        return "JP"
    if label in side_words("counterpart"):
        return counterpart
    c = country_by_name().get(label.removesuffix("側"))
    return c.code if c else counterpart


def _office_of(title: str) -> str:
    t = office_ending(title)
    return t.level if t else "official"


def attendees_in_lead(lead: str, offset: int, counterpart: str | None) -> list[Participant]:
    out = []
    for group in _ATTENDEE_GROUP.finditer(lead):
        side: str | None = None
        pos = group.start(1)
        for raw in re.split(r"([、,;；])", group.group(1)):
            item_start = pos
            pos += len(raw)
            if raw in "、,;；":
                continue
            item = raw.strip()
            lm = _SIDE_LABEL.match(item)
            if lm:
                side = _label_side(lm.group("label"), counterpart)
                item = item[lm.end() :]
            item = _ITEM_TAIL.sub("", item).strip()
            parsed = split_name_title(item) if item else None
            if not parsed:
                continue
            name, title = parsed
            item_side = side
            if item_side is None:
                found = find_mentions(item)
                item_side = side_of(found[0], counterpart) if found else None
            if item_side is None:
                continue
            at = offset + item_start + raw.find(item)
            out.append(Participant(item_side, name, title, "attendee", None, at, at + len(item), _office_of(title)))
    return out


def _blank_groups(lead: str) -> str:
    return _ATTENDEE_GROUP.sub(lambda m: " " * len(m.group()), lead)


def principals(lead: str, offset: int, counterpart: str | None) -> list[Participant]:
    """The first Japanese and the first counterpart person named in the lead."""
    text = _blank_groups(lead)
    found: dict[str, Participant] = {}
    for m in find_mentions(text):
        after = text[m.end :]
        side = side_of(m, counterpart)
        if side is None and len(found) == 1 and counterpart:  # the one side not yet named
            side = counterpart if "JP" in found else "JP"
        if side is None:
            side = "JP" if _SUBJECT.match(after) else counterpart if _OBJECT.match(after) else None
        if side is None or side in found or (not m.name and side != "JP" and not m.title):
            continue
        if len(found) >= 2 or (counterpart and side not in ("JP", counterpart)):
            continue  # the principals are Japan's and the counterpart's; others named in the lead are not
        found[side] = Participant(
            side, m.name, m.title, "principal", m.name_en, offset + m.start, offset + m.end, m.office.level
        )
    out = [found[s] for s in sorted(found, key=lambda s: s != "JP")]
    return out + _joined_principals(text, offset, counterpart, out)


def _joined_principals(text: str, offset: int, counterpart: str | None, found: list[Participant]) -> list[Participant]:
    """A second principal of a side joined to the first by 及び (…欧州理事会議長及びフォン・デア・ライエン委員長)."""
    out = []
    mentions = find_mentions(text)
    for p in found:
        at = next((i for i, m in enumerate(mentions) if offset + m.start == p.start), None)
        if at is None or at + 1 >= len(mentions):
            continue
        nxt = mentions[at + 1]
        between = re.sub(r"\([^()]*\)", "", text[mentions[at].end : nxt.start]).strip()
        if between in ("及び", "並びに", "と") and nxt.name and (side_of(nxt, counterpart) or p.side) == p.side:
            out.append(
                Participant(
                    p.side,
                    nxt.name,
                    nxt.title,
                    "principal",
                    nxt.name_en,
                    offset + nxt.start,
                    offset + nxt.end,
                    nxt.office.level,
                )
            )
    return out


_PRESENT = re.compile(r"同席(?:の|した|していた)")
_PRESENT_AFTER = re.compile(r"^(?:が|も)(?:同席|陪席)")
_PRESENT_AFTER_ANYWHERE = re.compile(_PRESENT_AFTER.pattern.removeprefix("^"))


def attendees_in_body(text: str, offset: int, counterpart: str | None) -> list[Participant]:
    """People the body names as present: 同席のジョンソン外相, 岡田内閣官房副長官が同席しました, (…同席)."""
    out = []
    if text.startswith(("(", "（")):  # an attendee list on a line of its own after the lead
        out += attendees_in_lead(text, offset, counterpart)
    if not _PRESENT.search(text) and not _PRESENT_AFTER_ANYWHERE.search(text):  # neither loop can find anyone
        return out
    for m in find_mentions(text, offset):
        side = side_of(m, counterpart) or ("JP" if m.name and not re.fullmatch(f"{KATAKANA}+", m.name) else None)
        if m.name and side and _PRESENT_AFTER.match(text[m.end - offset :]):
            out.append(Participant(side, m.name, m.title, "attendee", m.name_en, m.start, m.end, m.office.level))
    for cue in _PRESENT.finditer(text):
        for m in find_mentions(text[cue.end() : cue.end() + 40], offset + cue.end()):
            if m.start != offset + cue.end() or not m.name:
                break
            side = side_of(m, counterpart)
            if side:
                out.append(Participant(side, m.name, m.title, "attendee", m.name_en, m.start, m.end, m.office.level))
            break
    return out


def same_name(a: str, b: str) -> bool:
    """安倍 ~ 安倍晋三 (a surname starts the full name), オバマ ~ バラク・オバマ (a family name ends it); 林 ≁ 小林."""
    short, full = sorted((a, b), key=len)
    return bool(short) and (full == short or full.startswith(short) or full.endswith(("・" + short, "=" + short)))


def merge(people: list[Participant]) -> list[Participant]:
    """One row per person: the first mention wins, a principal is never an attendee too."""
    out: list[Participant] = []
    for p in people:
        same = [q for q in out if q.side == p.side and same_name(p.name, q.name)]
        if not same:
            out.append(p)
    return out


__all__ = ["Participant", "attendees_in_body", "attendees_in_lead", "merge", "principals", "same_name", "side_of"]
