"""The persons step: Japan's office holders linked by office and day, a wrong name flagged, not adopted."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from etl.run.build import build

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
