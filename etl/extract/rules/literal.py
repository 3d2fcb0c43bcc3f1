"""The text every match of a regular expression contains, so that a rule may skip a text without it.

Many rule patterns are a word with optional words after it (`expressed (?:his
|her )?welcome`): where the leading word is absent the pattern cannot match,
and `literal in text` is far cheaper than running the regex.
"""

from __future__ import annotations

_META = set("\\()[]{}?*+|.^$")
_QUANTIFIERS = set("?*+{")


def leading_literal(pattern: str) -> str:
    """The plain text a pattern starts with and every match contains; "" when there is none to rely on.

    A top-level `|` makes the start optional, and a quantifier after the literal makes its last
    character optional (`colou?r` -> `colo`).
    """
    if "(?#" in pattern or _top_level_alternative(pattern):  # a comment may hide a bracket or a |
        return ""
    end = next((i for i, ch in enumerate(pattern) if ch in _META), len(pattern))
    if end < len(pattern) and pattern[end] in _QUANTIFIERS:
        end -= 1
    return pattern[: max(end, 0)]


def _top_level_alternative(pattern: str) -> bool:
    """Whether a `|` outside every group and character class splits the pattern, or whether its groups
    do not balance (`abc)|(?:xyz` is a top-level alternative once a caller wraps it in a group)."""
    i, depth = 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(pattern, i) + 1
            continue
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if (ch == "|" and depth == 0) or depth < 0:
            return True
        i += 1
    return depth != 0


def _class_end(pattern: str, start: int) -> int:
    """The index of the ] closing the character class opened at start (a ] first in the class is a member)."""
    j = start + 1
    j += pattern.startswith("^", j)
    j += pattern.startswith("]", j)
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j
