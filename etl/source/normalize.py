"""Turn decoded readout text into the normalised text that offsets point into.

The normalised text is what `sources.text` publishes and what every
`char_start`/`char_end` indexes.  It is NFKC (full-width digits and brackets
become ASCII) except for circled numbers, which carry meaning as enumerators;
one paragraph per line, with the hard line breaks of PDF text joined again.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_KEEP = re.compile(r"[\u2460-\u2473\u2776-\u277f\u3251-\u325f\u32b1-\u32bf]")  # ①..⑳ etc.
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")  # ![]() left by a page saved as Markdown
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # [ホーム](/index.html) -> ホーム
_RUN_BREAK = re.compile(r"(?<=[。」])\s+(?=\S)")  # …述べた。 （2）両首脳は…: items run together on one line
_LETTERHEAD = re.compile(r"^(\S)(?:\s{2,}\S)+$")
_SENTENCE_END = ("。", "」", "』")
# an English sentence's end: a word of three or more small letters, then . ! or ?, maybe a closing quote
# or bracket ("Mr." "H.E." "U.S." "p.m." end abbreviations, which a wrapped line may stop after)
_LATIN_SENTENCE_END = re.compile(r"[a-z]{3}[.!?][\"”’)]?$")


def ends_sentence(line: str) -> bool:
    """Whether a line ends a sentence, so that it is no wrapped line; the extractor refines it with its
    abbreviations (etc., approx.), as it says where items start (see `normalize`)."""
    # the pattern is anchored at the end and spans at most five characters: the tail is enough
    return line.endswith(_SENTENCE_END) or _LATIN_SENTENCE_END.search(line[-5:]) is not None


@dataclass(frozen=True)
class Normalized:
    text: str
    line_origins: tuple[int, ...]  # 1-based raw line number of each normalised line
    wrapped: bool  # hard-wrapped (PDF-like) lines were joined


def _wide_class() -> re.Pattern[str]:
    """Runs of characters that are not East Asian wide or full-width (none of those lies below U+1100)."""
    ranges, start = [], None
    for code in range(0x1100, 0x40001):
        wide = code < 0x40000 and unicodedata.east_asian_width(chr(code)) in "WF"
        if wide and start is None:
            start = code
        elif not wide and start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = None
    return re.compile(f"[^{''.join(ranges)}]+")


_NARROW_RUNS = _wide_class()


def display_width(s: str) -> int:
    """Columns on a fixed-width page: East Asian wide and full-width characters count two."""
    if s.isascii():  # English text: every character is narrow (no wide one lies below U+1100)
        return len(s)
    return 2 * len(s) - sum(map(len, _NARROW_RUNS.findall(s)))  # Japanese text has few narrow runs


def nfkc(s: str) -> str:
    """NFKC everywhere but on circled numbers."""
    parts, last = [], 0
    for m in _KEEP.finditer(s):
        parts.append(unicodedata.normalize("NFKC", s[last : m.start()]))
        parts.append(m.group())
        last = m.end()
    parts.append(unicodedata.normalize("NFKC", s[last:]))
    return "".join(parts)


def clean_line(line: str) -> str:
    line = _ZERO_WIDTH.sub("", line)
    line = _SPACES.sub(" ", line)
    line = _CONTROL.sub("", line)
    line = line.strip()
    if _LETTERHEAD.match(line):  # 外    務    省 -> 外務省
        line = re.sub(r"\s+", "", line)
    return line


def cells(line: str) -> list[str]:
    """A raw line as the cells of a flattened page table: markup debris dropped, `|` splits cells."""
    if "&" in line:
        line = html.unescape(line)
    if "](" in line:
        line = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", line))
    return line.split("|") if "|" in line else [line]


def split_runs(line: str, starts_item: Callable[[str], bool]) -> list[str]:
    """Split a line where a new item starts after a sentence end (old pages put a whole body on one line)."""
    parts, last = [], 0
    for m in _RUN_BREAK.finditer(line):
        if starts_item(nfkc(line[m.end() :])):
            parts.append(line[last : m.start()])
            last = m.end()
    parts.append(line[last:])
    return parts


def wrap_width(lines: list[str], ends: Callable[[str], bool] = ends_sentence) -> int | None:
    """The column at which lines were hard-wrapped, or None for paragraph text.

    A wrapped line stops mid-sentence at (nearly) the widest column of the
    page, so only lines that do not end a sentence are counted: in a PDF whose
    paragraphs mostly fit on one line, those few wrapped lines are the signal.
    """
    all_widths = [display_width(x) for x in lines]
    widest = max(all_widths, default=0)
    widths = [w for x, w in zip(lines, all_widths) if w >= 40 and not ends(x)]
    if not widths:
        return None
    counts = Counter(widths)
    # the window ending at w counts the lines of width w-4..w; it is empty unless w is a width or up to 4 above one
    candidates = {w + d for w in counts for d in range(5) if w + d <= max(widths)}
    best = max(candidates, key=lambda w: (sum(counts[v] for v in range(w - 4, w + 1)), w))
    near = sum(counts[v] for v in range(best - 4, best + 1))
    if near < 0.5 * len(widths):
        return None
    if near >= 3:
        return best
    # one or two such lines: only when they are the widest of the page, as a wrap is
    return best if best >= 60 and best >= 0.95 * widest else None


def _joins(prev: str, prev_width: int, nxt: str, width: int, starts_item: Callable[[str], bool], ends) -> bool:
    if prev_width < 0.85 * width or ends(prev):
        return False
    return not starts_item(nfkc(nxt))


def _never(_: str) -> bool:
    return False


def _glue(a: str, b: str) -> str:
    """Join a wrapped line to the one above: with a space between Latin words (Mr. | MOTEGI, Seas, | and)."""
    latin_end = a[-1:].isascii() and (a[-1:].isalnum() or a[-1:] in '.,;:)"')
    if latin_end and b[:1].isascii() and b[:1].isalnum():
        return a + " " + b
    return a + b


def normalize(
    decoded: str, starts_item: Callable[[str], bool] = _never, ends: Callable[[str], bool] = ends_sentence
) -> Normalized:
    """Normalise decoded text; `starts_item(line)` says a line opens a new item, never joined to the one above,
    and `ends(line)` that a line ends a sentence, so it is no wrapped line and nothing is joined to it.

    The extractor knows the numbering styles (etl/extract/rules/enumerators.yaml)
    and the abbreviations (english.yaml) and passes them in: see `etl.extract.pipeline.normalized`.
    """
    raw_lines = re.split(r"\r\n|[\r\n\x0b\x0c]", decoded)  # a form feed (PDF page break) ends a line too
    lines = [
        (i + 1, clean_line(run))
        for i, x in enumerate(raw_lines)
        for cell in cells(x)
        for run in split_runs(clean_line(cell), starts_item)
    ]
    lines = [(n, x) for n, x in lines if x]
    width = wrap_width([x for _, x in lines], ends)
    merged: list[tuple[int, str]] = []
    merged_width = 0  # display width of merged[-1], kept as lines are glued on (not measured again)
    for n, x in lines:
        if width and merged and _joins(merged[-1][1], merged_width, x, width, starts_item, ends):
            glued = _glue(merged[-1][1], x)
            merged_width += display_width(glued[len(merged[-1][1]) :])
            merged[-1] = (merged[-1][0], glued)
        else:
            merged.append((n, x))
            merged_width = display_width(x) if width else 0
    out = [(n, re.sub(r" {2,}", " ", nfkc(x)).strip()) for n, x in merged]
    out = [(n, x) for n, x in out if x]
    return Normalized("\n".join(x for _, x in out), tuple(n for n, _ in out), width is not None)
