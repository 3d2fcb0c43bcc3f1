"""Property-based: random edits of realistic readouts never crash the build.

Whatever a contributor does to a readout, the extractor either raises the
project's own InputError or returns rows that pass every schema check.
"""

from __future__ import annotations

import contextlib
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.errors import InputError
from etl.extract.pipeline import extract, normalized
from etl.source.read import RawReadout, decode
from etl.tables.rows import meeting_id, table_rows
from etl.tables.validate import validate

from .conftest import FIXTURES, SEEDS

SAMPLES = [p.read_text(encoding="utf-8") for p in sorted([*SEEDS.glob("*.txt"), *FIXTURES.glob("*.txt")])]
SWAPS = [("、", ","), ("。", "."), ("(", "（"), ("1", "１"), ("より", "から"), ("述べた", "述べました"), ("「", "")]


@st.composite
def edited_readout(draw) -> str:
    lines = draw(st.sampled_from(SAMPLES)).split("\n")
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["delete", "duplicate", "rewrap", "width", "swap", "truncate", "junk"]))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        if not lines:
            break
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "rewrap" and lines[i]:
            at = draw(st.integers(0, len(lines[i])))
            lines[i : i + 1] = [lines[i][:at], lines[i][at:]]
        elif op == "width":
            lines[i] = unicodedata.normalize("NFKC", lines[i]) if draw(st.booleans()) else lines[i].replace("1", "１")
        elif op == "swap":
            a, b = draw(st.sampled_from(SWAPS))
            lines[i] = lines[i].replace(a, b)
        elif op == "truncate":
            lines = lines[: i + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
        elif op == "junk":
            lines.insert(i, draw(st.text(min_size=0, max_size=20)))
    return "\n".join(lines)


def _rows(text: str) -> dict[str, list[dict]]:
    data = text.encode("utf-8")
    decoded, encoding = decode(data, "fuzz.txt")
    norm = normalized(decoded)
    ex = extract(norm, "fuzz.txt")
    raw = RawReadout(FIXTURES / "fuzz.txt", data, "0" * 64, decoded, encoding)
    return table_rows(raw, norm, ex, {}, meeting_id(ex.meeting))


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_readout())
def test_random_edits_raise_only_input_errors(text):
    with contextlib.suppress(InputError):
        _rows(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_readout())
def test_whatever_is_extracted_passes_the_schemas(text):
    try:
        rows = _rows(text)
    except InputError:
        return
    validate(rows)
