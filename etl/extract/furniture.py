"""Page furniture: navigation, captions and debris around the readout body."""

from __future__ import annotations

from etl.extract.rules import furniture_patterns


def is_furniture(text: str) -> bool:
    return any(p.match(text) for p in furniture_patterns())
