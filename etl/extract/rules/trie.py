"""Alternations of many literal words, compiled as a trie so that re does not try them one by one."""

from __future__ import annotations

import re


def trie_alternation(items: list[str] | tuple[str, ...] | set[str]) -> str:
    """The same alternation as `alternation`, written as a trie: 外(?:務(?:大臣|省)|相).

    Python's re tries the branches of an alternation one by one at every
    position; a trie tests one character per level instead, which matters for
    the hundreds of titles and country names.  It matches what `alternation`
    matches, with the same preference: at one position the words that match
    are prefixes of one another, and both try the longest first.  Use it for
    case-sensitive patterns only (under re.I two branches may match one character).
    """
    root: dict = {}
    for word in set(items):
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(root) or "(?:)"


def _trie_pattern(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
    return body + "?" if ends else body
