"""Listing pages (a country's page, a minister's meetings, the press releases): their links, and which name a meeting.

Which link titles name a meeting is data: `meeting_words.csv` beside this
module lists words that make a title a readout (会談, 電話会談, 表敬 …) and
words that make it something else (記者会見, 写真 …), which win.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import lxml.html
from lxml import etree

from etl.source.html import collapse

WORDS = Path(__file__).with_name("meeting_words.csv")


@dataclass(frozen=True)
class Link:
    url: str  # absolute, without #fragment
    text: str  # the link's title as shown (or its title attribute)


@cache
def meeting_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(words that make a title a readout, words that rule it out)."""
    with open(WORDS, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    takes = tuple(r["word"] for r in rows if r["takes"] == "yes")
    refuses = tuple(r["word"] for r in rows if r["takes"] == "no")
    return takes, refuses


def names_meeting(title: str) -> bool:
    takes, refuses = meeting_words()
    return any(w in title for w in takes) and not any(w in title for w in refuses)


def links(markup: str, base_url: str) -> list[Link]:
    """Every http(s) link of a decoded page, once each, in page order, resolved against the page's address."""
    try:
        doc = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", markup, count=1))
    except (etree.ParserError, ValueError):
        return []
    base = doc.find(".//base[@href]")
    if base is not None:
        base_url = urljoin(base_url, base.get("href", "").strip())
    out: dict[str, Link] = {}
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:")):
            continue
        url = urldefrag(urljoin(base_url, href)).url
        if not url.startswith(("http://", "https://")):
            continue
        text = collapse(a.text_content()).strip() or (a.get("title") or "").strip()
        out.setdefault(url, Link(url, text))
    return list(out.values())
