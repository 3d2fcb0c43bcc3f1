"""What was agreed in an English readout: what follows the agreement verb."""

from __future__ import annotations

import re

from etl.extract.agreements import agreements as shared_agreements
from etl.extract.english.statements import main_act
from etl.extract.model import Agreement, Statement
from etl.extract.rules import english

_LEAD_IN = re.compile(
    r"^(?:(?:with|on|to|that|upon)\s+)?(?:(?:the|their|a)\s+)?(?:(?:shared\s+)?(?:view|recognition|understanding|"
    r"opinion|position)\s+that\s+)?",
    re.I,
)


def agreed_content(text: str) -> str:
    act = main_act(text)
    body = text[act[2] :] if act and act[0] == "agreed" else text
    body = _LEAD_IN.sub("", body.strip()).strip()
    return body.rstrip(". ").strip()


def is_pronoun(content: str) -> bool:
    """Empty, a pronoun, or a pronoun and up to two words (these concerns, this proposal)."""
    heads = "|".join(re.escape(p) for p in english()["agreement_pronouns"] if p)
    return not content or bool(re.fullmatch(rf"(?:{heads})(?:\s+[\w'’-]+){{0,2}}", content, re.I))


def agreements(statements: list[Statement]) -> list[Agreement]:
    return shared_agreements(statements, agreed_content, is_pronoun)
