"""People across meetings, office holders on a date, event codes and mentions."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from etl.extract.mentions import mention_codes
from etl.extract.pipeline import extract, normalized
from etl.extract.plover import plover_of
from etl.tables.persons import holder_on, holders

from .conftest import write_readout


@pytest.mark.parametrize(
    ("office", "day", "name"),
    [
        ("prime_minister", dt.date(2010, 6, 7), "鳩山由紀夫"),
        ("prime_minister", dt.date(2010, 6, 8), "菅直人"),
        ("prime_minister", dt.date(2013, 2, 22), "安倍晋三"),
        ("foreign_minister", dt.date(2019, 9, 10), "河野太郎"),
        ("foreign_minister", dt.date(2019, 9, 11), "茂木敏充"),
        ("chief_cabinet_secretary", dt.date(2015, 1, 1), "菅義偉"),
    ],
)
def test_the_office_holder_on_a_date(office, day, name):
    assert holder_on(office, day).name_ja == name


def test_every_office_holder_has_a_source_and_terms_do_not_overlap():
    for office in {h.office for h in holders()}:
        terms = sorted((h.start, h.end) for h in holders() if h.office == office)
        assert all(end is not None and end <= nxt for (_, end), (nxt, _) in itertools.pairwise(terms))
    assert all(h.source and h.name_en for h in holders())


def _build_two(tmp_path, first: str, second: str):
    from etl.run.build import build

    src = tmp_path / "r"
    src.mkdir()
    write_readout(src, "a.txt", first)
    write_readout(src, "b.txt", second)
    build(src, tmp_path / "out")
    import pyarrow.parquet as pq

    return {
        t: pq.read_table(tmp_path / "out" / "dist" / f"{t}.parquet").to_pylist()
        for t in ("participants", "persons", "meetings", "statements")
    }


def test_a_bare_office_resolves_to_its_holder_and_one_person_spans_meetings(tmp_path):
    lead = "{d}日、{who}は、オバマ米国大統領と電話会談を行ったところ、概要は以下のとおり。\n1.{short}から、協力したい旨述べた。\n"
    a = "日米首脳電話会談\n平成22年6月10日\n" + lead.format(d=10, who="総理", short="総理")
    b = "日米首脳電話会談\n平成25年2月1日\n" + lead.format(d=1, who="安倍総理", short="安倍総理")
    rows = _build_two(tmp_path, a, b)
    jp = {p["meeting_id"][:10]: p for p in rows["participants"] if p["side"] == "JP"}
    assert (jp["2010-06-10"]["person_id"], jp["2010-06-10"]["person_resolved_by"]) == ("jp-kan-naoto", "office_on_date")
    assert (jp["2013-02-01"]["person_id"], jp["2013-02-01"]["person_resolved_by"]) == ("jp-abe-shinzo", "name")
    obama = {p["person_id"] for p in rows["participants"] if p["side"] == "US"}
    assert len(obama) == 1
    assert all(s["speaker_person_id"] == jp[s["meeting_id"][:10]]["person_id"] for s in rows["statements"])


def test_a_name_that_is_not_the_office_holder_is_a_warning(tmp_path):
    text = "日米首脳電話会談\n平成25年2月1日\n1日、麻生総理は、オバマ米国大統領と電話会談を行ったところ、概要は以下のとおり。\n1.麻生総理から、協力したい旨述べた。\n"
    rows = _build_two(tmp_path, text, text.replace("平成25年2月1日", "平成20年10月1日").replace("1日、", "1日、"))
    warned = {m["date"].year: m["warnings"] or "" for m in rows["meetings"]}
    assert "安倍晋三" in warned[2013] and "office holder" not in warned[2008]


@pytest.mark.parametrize(
    ("act", "text", "code"),
    [
        ("agreed", "協力していくことで一致した。", "AGREE"),
        ("stated", "核実験に深い懸念を表明する旨述べた。", "ACCUSE"),
        ("stated", "一方的な現状変更の試みに強く反対する旨述べた。", "REJECT"),
        ("welcomed", "訪日を歓迎した。", "SUPPORT"),
        ("requested", "協力を要請した。", "REQUEST"),
        ("stated", "協力したい旨述べた。", None),
        ("expressed", "Prime Minister Abe expressed serious concern over the launch.", "ACCUSE"),
    ],
)
def test_plover_types_follow_the_mapping(act, text, code):
    assert plover_of(act, text) == code


def test_mentions_name_countries_organisations_and_people_with_offsets():
    text = (
        "日米豪印首脳会談\n令和5年5月20日\n20日、岸田総理は、バイデン米国大統領と会談を行ったところ、概要は以下のとおり。\n"
        "1.岸田総理から、日米豪印の連携と国連の役割、インド洋の安定について述べ、ゼレンスキー大統領の訪日に言及した。\n"
    )
    ex = extract(normalized(text), "t.txt")
    codes = [m.code for m in ex.mentions if m.kind != "person"]
    assert codes[:5] == ["JP", "US", "AU", "IN", "UN"] and codes.count("IN") == 1  # インド洋 is a sea
    people = [m for m in ex.mentions if m.kind == "person"]
    assert [m.name for m in people] == ["ゼレンスキー"]
    source = normalized(text).text
    assert all(source[m.start : m.end] == m.surface for m in ex.mentions)
    assert set(codes) <= mention_codes()
