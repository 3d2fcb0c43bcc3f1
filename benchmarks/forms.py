"""How readouts write numbers, dates, enumerators and wrapped lines: the text forms the generators share."""

from __future__ import annotations

import datetime as dt
import random

from etl.source.normalize import display_width

# top-level and second-level numbering, as written in page text
NUMBERING = (
    ("{n}．", "（{n}）"),
    ("{n}　", "（{n}）"),
    ("（{n}）", "（{k}）"),
    ("{kanji}、", "（{n}）"),
    ("{c}", "・"),
    ("【{h}】", "（{n}）"),
    ("（{n}）", "{k}　"),
)
KANA = "アイウエオカキクケコサシスセソ"
KANJI_NUM = "〇一二三四五六七八九"
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def kanji_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else KANJI_NUM[tens] + "十")) + (KANJI_NUM[ones] if ones else "")


def date_line(day: dt.date, rng: random.Random) -> tuple[str, str]:
    """The date line and how it is written: western, or an era year in digits or kanji."""
    if day < dt.date(1989, 1, 8) or rng.random() < 0.3:
        return f"{day.year}年{day.month}月{day.day}日", "western"
    era, start = ("令和", 2018) if day >= dt.date(2019, 5, 1) else ("平成", 1988)
    year = day.year - start
    if rng.random() < 0.2:
        y = "元" if year == 1 else kanji_number(year)
        return f"{era}{y}年{kanji_number(day.month)}月{kanji_number(day.day)}日", f"{era} in kanji"
    return f"{era}{'元' if year == 1 and rng.random() < 0.5 else year}年{day.month}月{day.day}日", era


def label(pattern: str, n: int, heading: str) -> str:
    return pattern.format(n=n, k=KANA[(n - 1) % len(KANA)], kanji=kanji_number(n), c=chr(0x2460 + n - 1), h=heading)


def wrap(paragraph: str, width: int) -> list[str]:
    """Hard-wrap at a display width (full-width characters count two), as PDF text comes out."""
    lines, current = [], ""
    for ch in paragraph:
        if display_width(current + ch) > width:
            lines.append(current + " ")
            current = ""
        current += ch
    return [*lines, current + " "]
