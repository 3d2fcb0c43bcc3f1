"""Where the meeting took place and on what occasion: meetings.host, place, occasion, plover_mode.

host is the side in whose country the meeting took place (訪日中の… → JP;
…を訪問中の岸田総理 → that country when it is the counterpart); a telephone
or video talk has none.  plover_mode is the PLOVER/POLECAT mode of the CONSULT
event the meeting is: phone, video, host (Japan hosts), visit (Japan visits),
third_party (a third country or the margins of a conference abroad).
"""

from __future__ import annotations

import re

from etl.extract.rules import country_by_english_name, country_by_name, words
from etl.extract.rules.patterns import alternation


def _phrase_before(text: str, at: int) -> str | None:
    """The phrase that ends at `at`, from the last comma, full stop or topic particle before it."""
    head = text[:at]
    cut = max((m.end() for m in re.finditer(r"[、,。]|(?<=[はが])", head)), default=0)
    phrase = head[cut:].strip().removeprefix("また").strip()
    phrase = re.sub(r"^(?:.*?(?:から|より)約?\d+(?:時間|分)(?:間)?(?:にわたり)?)", "", phrase).strip()
    return phrase or None


def place(lead: str) -> str | None:
    m = re.search(alternation(words()["place_cues"]), lead)
    return _phrase_before(lead, m.start()) if m else None


def occasion(lead: str) -> str | None:
    m = re.search(alternation(words()["occasion_cues"]), lead)
    return _phrase_before(lead, m.start()) if m else None


def _country_in(text: str) -> str | None:
    """The first country (not organisation) a text names, longest name first."""
    names = {**{n: c for n, c in country_by_name().items() if len(n) >= 2}, **country_by_english_name()}
    for name in sorted(names, key=len, reverse=True):
        if name in text and names[name].kind == "country":
            return names[name].code
    return None


def location(text: str, lead: str, fmt: str) -> str | None:
    """The country the meeting took place in, as far as the readout says (JP, or the country visited)."""
    if fmt in ("telephone", "video"):
        return None
    if re.search(alternation(words()["in_japan"]), lead):
        return "JP"
    where = place(lead)
    if where and (country := _country_in(where)):  # メキシコ市の大統領府において
        return country
    m = re.search(alternation(words()["abroad_cues"]), lead)
    if m:
        return _country_in(lead[max(0, m.start() - 30) : m.start()]) or _country_in(lead[m.end() : m.end() + 40])
    return "JP" if re.search(alternation(words()["in_japan_anywhere"]), text) else None


def host(where: str | None, counterpart: str | None) -> str | None:
    """The side that hosts: JP or the counterpart; a third country hosts no side."""
    return where if where in ("JP", counterpart) else None


def plover_mode(fmt: str, where: str | None, counterpart: str | None) -> str | None:
    if fmt == "telephone":
        return "phone"
    if fmt == "video":
        return "video"
    if where == "JP":
        return "host"
    if where is not None and where == counterpart:
        return "visit"
    return "third_party" if where is not None else None
