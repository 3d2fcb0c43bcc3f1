"""The act of a clause comes from its main predicate: the last one in it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from etl.extract.rules import act_patterns

JOINT_OUTCOME = re.compile(r"(?:一致|合意|確認|共有)(?:し|さ|をみ|を見|に達|に至)")
_OUTCOME_TAIL = re.compile(
    r"(?:との|という)?(?:点|こと|方針|考え|認識|立場|見解|重要性|必要性)?(?:で|を|が|について|に)?(?:改めて|再度|明示的に|完全に|基本的に)?"
    r"(?:一致|合意|確認|共有|同意|賛同)(?:し|さ|をみ|を見|に達|に至).*$"
)


@dataclass(frozen=True)
class Predicate:
    act: str
    start: int
    end: int


@lru_cache(maxsize=4096)  # a sentence, then each of its clauses, asks for the same text
def main_predicate(text: str) -> Predicate | None:
    """The act pattern that ends last in text (the longer one on a tie)."""
    best: Predicate | None = None
    for p in act_patterns():
        for m in p.regex.finditer(text):
            cand = Predicate(p.act, m.start(), m.end())
            if best is None or (cand.end, -cand.start) > (best.end, -best.start):
                best = cand
    return best


def act_of(text: str) -> str:
    p = main_predicate(text)
    return p.act if p else "other"


def agreed_content(text: str) -> str:
    """What was agreed: the clause without its subject and final predicate."""
    body = re.sub(r"^.*?(?:両首脳|両外相|両者|双方|両大臣|両首相)(?:は|も|間で)、?", "", text)
    body = _OUTCOME_TAIL.sub("", body.rstrip("。"))
    return body.strip("、, ") or text
