"""The steps across readouts: Japan's office holders linked by office and day, a wrong name flagged, not
adopted; names found through an index exactly as by comparing them all; twins' statements costed once."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.run.build import build
from etl.tables.name_index import NameIndex, fits
from etl.tables.twins import BEADS, _bead_cost, _cost, _Side

from .conftest import FIXTURES


def test_a_named_holder_who_did_not_hold_the_office_that_day_is_a_meeting_warning(tmp_path):
    original = (FIXTURES / "2015-08-06_jp-cn_ministers.txt").read_text(encoding="utf-8")
    assert "岸田文雄外務大臣" in original
    readouts = tmp_path / "readouts"
    readouts.mkdir()
    text = original.replace("岸田文雄", "玄葉光一郎").replace("岸田大臣", "玄葉大臣")  # foreign minister until 2012
    (readouts / "2015-08-06_jp-cn_ministers.txt").write_text(text, encoding="utf-8")
    build(readouts, tmp_path / "out")
    dist = Path(tmp_path / "out" / "dist")
    meeting = pq.read_table(dist / "meetings.parquet").to_pylist()[0]
    assert "玄葉光一郎" in meeting["warnings"] and "the office holder on 2015-08-06 is 岸田文雄" in meeting["warnings"]
    participants = pq.read_table(dist / "participants.parquet").to_pylist()
    minister = next(p for p in participants if p["side"] == "JP" and p["role"] == "principal")
    persons = {p["person_id"]: p for p in pq.read_table(dist / "persons.parquet").to_pylist()}
    holder = persons[minister["person_id"]]
    assert holder["name_en"] == "KISHIDA Fumio"  # the holder on that day
    assert holder["name_ja"] == holder["name"] == "岸田文雄"  # the wrong name is not made theirs
    assert minister["person_resolved_by"] == "name"


def test_an_english_readout_naming_the_holder_given_name_first_is_no_disagreement(tmp_path):
    english = Path(__file__).parent / "fixtures" / "en" / "readouts" / "2013-09-26_jp-un_meeting_en.txt"
    assert "Prime Minister Shinzo Abe" in english.read_text(encoding="utf-8")
    readouts = tmp_path / "readouts"
    readouts.mkdir()
    (readouts / english.name).write_bytes(english.read_bytes())
    build(readouts, tmp_path / "out")
    dist = tmp_path / "out" / "dist"
    meeting = pq.read_table(dist / "meetings.parquet").to_pylist()[0]
    assert "office holder" not in (meeting["warnings"] or "")
    participants = pq.read_table(dist / "participants.parquet").to_pylist()
    assert "jp-abe-shinzo" in {p["person_id"] for p in participants}


NAME_PARTS = [
    "安倍",
    "晋三",
    "オバマ",
    "バラク",
    "林",
    "小林",
    "Abe",
    "Shinzo",
    "ABE",
    "Obama",
    "Barack",
    "O'Neill",
    "Jr",
]


@st.composite
def a_name(draw) -> str:
    """Names as readouts write them: 安倍晋三, バラク・オバマ, ABE Shinzo, Barack Obama, and odd mixtures."""
    parts = draw(st.lists(st.sampled_from(NAME_PARTS), min_size=1, max_size=3))
    return draw(st.sampled_from(["", "・", "=", " "])).join(parts)


@settings(max_examples=300, deadline=None)
@given(st.lists(a_name(), min_size=1, max_size=25), a_name())
def test_the_name_index_finds_what_comparing_every_name_finds(stored, query):
    index = NameIndex()
    for i, name in enumerate(stored):
        index.add(name, i)
    assert index.fitting(query) == {i for i, name in enumerate(stored) if fits(query, name)}


def test_names_that_fit_across_scripts_and_orders():
    assert fits("安倍", "安倍晋三") and fits("オバマ", "バラク・オバマ") and not fits("林", "小林")
    assert fits("Shinzo Abe", "ABE Shinzo") and fits("Abe", "Shinzo Abe") and not fits("Abe", "Abel")


statement = st.fixed_dictionaries(
    {
        "text": st.text(min_size=0, max_size=60),
        "speaker_side": st.sampled_from(["JP", "US", "joint", None]),
        "act": st.sampled_from(["stated", "agreed", "requested", None]),
    }
)


@settings(max_examples=300, deadline=None)
@given(st.lists(statement, max_size=4), st.lists(statement, max_size=4), st.floats(0.2, 5.0))
def test_the_alignment_reads_each_statement_once_and_costs_what_the_slices_cost(ja, en, ratio):
    a, b = _Side(ja), _Side(en)
    for i, j, (di, dj) in ((i, j, bead) for i in range(len(ja)) for j in range(len(en)) for bead in BEADS):
        if i + di <= len(ja) and j + dj <= len(en):
            assert _bead_cost(a, i, di, b, j, dj, ratio) == _cost(ja[i : i + di], en[j : j + dj], ratio)
