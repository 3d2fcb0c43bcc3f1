"""Enumerators and the topic tree.

A numbered line is a topic when what follows the enumerator is a heading
(short, no sentence end); otherwise the enumerator only numbers a paragraph
whose text belongs to the enclosing topic.  Nesting follows the order in
which numbering styles first appear, as in any outline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from etl.extract.lines import Line
from etl.extract.model import Topic
from etl.extract.rules import enumerator_styles

_BRACKET_HEADING = re.compile(r"^[【〈<≪]([^】〉>≫]{1,40})[】〉>≫]\s*")
_MAX_HEADING = 50


@dataclass(frozen=True)
class Enumerator:
    style: str
    label: str  # as written, e.g. "1." or "(イ)"
    length: int  # characters up to the item's text


def enumerator(text: str) -> Enumerator | None:
    for style, rx in enumerator_styles():
        m = rx.match(text)
        if m:
            return Enumerator(style, m.group().strip(), m.end())
    return None


def starts_item(line: str) -> bool:
    """A line that opens an item (an enumerator, a bracketed heading, the end mark): never a wrapped tail."""
    en = enumerator(line)
    if en is not None:
        return en.style != "bullet" or line[en.length - 1 : en.length].isspace()
    return line.startswith(("【", "(了)"))


def heading_split(rest: str) -> tuple[str, int] | None:
    """(heading, length of the heading part) when rest starts with a heading.

    A whole line that is no sentence is a heading; so is a short phrase
    followed by a space and a sentence (1.北朝鮮 川口大臣より…).
    """
    b = _BRACKET_HEADING.match(rest)
    if b:
        return b.group(1).strip(), b.end()
    if rest and "。" not in rest and len(rest) <= _MAX_HEADING and not re.search(r"[、,]\s*$", rest):
        return rest.strip(), len(rest)
    m = re.match(r"^([^\s、,。]{1,30})\s+(?=\S)", rest)
    if m and "。" in rest[m.end() :] and not re.search(r"(より|から|は)$", m.group(1)):
        return m.group(1), m.end()
    return None


class Outline:
    """Tracks the open enumerator styles and the topic each one opened."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, int | None]] = []

    def current(self) -> int | None:
        """The innermost open topic."""
        for _, topic in reversed(self.stack):
            if topic is not None:
                return topic
        return None

    def enter(self, style: str) -> int | None:
        """Close items of `style` and deeper; return the enclosing topic."""
        styles = [s for s, _ in self.stack]
        if style in styles:
            del self.stack[styles.index(style) :]
        return self.current()

    def push(self, style: str, topic: int | None) -> None:
        self.stack.append((style, topic))


@dataclass
class Paragraph:
    """A body line's text after its enumerator and heading, and the topic it belongs to."""

    line: Line
    start: int  # offset of the text after enumerator and heading
    topic: Topic | None
    item: str | None = None  # label of the numbered paragraph it is in (1., (2)), continued by unnumbered ones


def outline(
    body: list[Line], split: Callable[[str], tuple[str, int] | None] | None = None
) -> tuple[list[Topic], list[Paragraph]]:
    """The topic tree of the body and the paragraphs that carry statements; `split` finds a heading."""
    heading_split_ = split or heading_split
    topics: list[Topic] = []
    paragraphs: list[Paragraph] = []
    tree = Outline()
    item: str | None = None
    for ln in body:
        en = enumerator(ln.text)
        rest_at = en.length if en else 0
        if en is not None:
            head = heading_split_(ln.text[rest_at:])
        else:  # only a bracketed heading (【北朝鮮】) stands without an enumerator
            head = heading_split_(ln.text) if ln.text.startswith(("【", "〈", "<", "≪")) else None
        if head is not None:
            heading, length = head
            style = en.style if en else "bracket"
            parent = tree.enter(style)
            at = ln.start + ln.text.find(heading, rest_at)
            topics.append(
                Topic(
                    en.label if en else "",
                    heading,
                    at,
                    at + len(heading),
                    topics[parent] if parent is not None else None,
                )
            )
            tree.push(style, len(topics) - 1)
            item = en.label if en and rest_at + length < len(ln.text) else None
            if rest_at + length < len(ln.text):
                paragraphs.append(Paragraph(ln, ln.start + rest_at + length, topics[-1], item))
            continue
        if en is not None:
            tree.enter(en.style)
            tree.push(en.style, None)
            item = en.label
        current = tree.current()
        topic = topics[current] if current is not None else None
        paragraphs.append(Paragraph(ln, ln.start + rest_at, topic, item))
    return topics, paragraphs
