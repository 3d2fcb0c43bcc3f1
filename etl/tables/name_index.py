"""Names indexed so that the names one name fits are found without comparing it with every name.

Two names fit (`fits`) when they may name one person: `same_person` when both
have Latin letters (Abe ~ Shinzo Abe ~ ABE Shinzo), else `same_name` (安倍 ~
安倍晋三, オバマ ~ バラク・オバマ).  A corpus with English readouts holds
thousands of names, and comparing each with all the others took minutes, so
`NameIndex` narrows the comparison to names that share something with the
query: a name `same_name` fits is a prefix of the other or follows a ・ or = in
it, and names `same_person` fits share a word.  It then compares those alone,
with `fits`: what it returns is exactly what a scan of every name would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from etl.extract.english.people import name_words, same_person
from etl.extract.participants import same_name

_LATIN = re.compile(r"[A-Za-z]")


def fits(a: str, b: str) -> bool:
    """Whether a and b may name one person."""
    if _LATIN.search(a) and _LATIN.search(b):
        return same_person(a, b)
    return same_name(a, b)


def _keys(name: str) -> Iterator[str]:
    """Every prefix of name, and what follows each ・ or = in it: the shorter names same_name fits to it."""
    yield from (name[:k] for k in range(1, len(name) + 1))
    yield from (name[i + 1 :] for i, ch in enumerate(name) if ch in "・=")


class NameIndex:
    """Names, each with the values stored under it; `fitting(name)` gives the values of the names it fits."""

    def __init__(self) -> None:
        self._values: dict[str, set] = {}
        self._by_key: dict[str, set[str]] = {}  # a key of a stored name -> the stored names
        self._by_word: dict[str, set[str]] = {}  # a word of a stored Latin name -> the stored names

    def add(self, name: str, value) -> None:
        if name not in self._values:
            self._values[name] = set()
            for key in _keys(name):
                self._by_key.setdefault(key, set()).add(name)
            if _LATIN.search(name):
                for word in name_words(name):
                    self._by_word.setdefault(word, set()).add(name)
        self._values[name].add(value)

    def names_fitting(self, name: str) -> set[str]:
        """The stored names `fits(name, n)` holds for: candidates first, then the comparison itself."""
        candidates = set(self._by_key.get(name, ()))  # names that name starts, or ends after ・ or =
        candidates.update(k for k in _keys(name) if k in self._values)  # names that start or end name
        if _LATIN.search(name):
            for word in name_words(name):
                candidates |= self._by_word.get(word, set())
        return {n for n in candidates if fits(name, n)}

    def fitting(self, name: str) -> set:
        return {v for n in self.names_fitting(name) for v in self._values[n]}


def index_of(pairs: Iterable[tuple[str, object]]) -> NameIndex:
    out = NameIndex()
    for name, value in pairs:
        out.add(name, value)
    return out
