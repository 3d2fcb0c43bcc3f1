"""What joins a readout to the world: where and on what occasion, event codes, mentions.

Run on a finished extraction by both language pipelines: meetings get host,
place, occasion and plover_mode; statements their PLOVER type; and every
country, organisation and person named inside a statement becomes a mention.
"""

from __future__ import annotations

from collections.abc import Callable

from etl.extract import occasion
from etl.extract.mentions import statement_mentions
from etl.extract.model import Extraction
from etl.extract.plover import plover_of


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and (a in b or b in a)


def add_world(ex: Extraction, text: str, lead: str, people_in: Callable[[str], list[tuple[str, int, int]]]) -> None:
    """Fill the joins in place; `people_in(text)` lists (name, start, end) of the people a text names."""
    m = ex.meeting
    m.place, m.occasion = occasion.place(lead), occasion.occasion(lead)
    where = occasion.location(text, lead, m.format)
    m.host = occasion.host(where, m.counterpart)
    m.plover_mode = occasion.plover_mode(m.format, where, m.counterpart)
    for s in ex.statements:
        s.plover = plover_of(s.act, s.text)
        others = [(n, a, b) for n, a, b in people_in(s.text) if not _same(n, s.speaker_name)]
        ex.mentions.extend(statement_mentions(s, others))
