"""Lines of the normalised text with their offsets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    text: str
    start: int  # offset of the first character in the normalised text
    number: int  # 1-based line number in the raw file

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def split_lines(text: str, origins: tuple[int, ...]) -> list[Line]:
    out, pos = [], 0
    for i, part in enumerate(text.split("\n")):
        out.append(Line(part, pos, origins[i] if i < len(origins) else i + 1))
        pos += len(part) + 1
    return out
