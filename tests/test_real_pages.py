"""The shapes real readouts take on the web, each on a short text written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.extract import dates
from etl.extract.pipeline import extract, normalized

BODY = "1.岸田総理から、協力を進めたい旨述べた。\n2.両首脳は、連携していくことで一致した。\n"


def _extract(text: str):
    return extract(normalized(text), "t.txt")


@pytest.mark.parametrize(
    ("lead", "day", "clock"),
    [
        ("現地時間3月4日午後8時30分(日本時間5日午前9時30分)から、", dt.date(2024, 3, 4), "20:30"),
        ("日本時間5日午前9時30分（現地時間4日午後8時30分）から、", dt.date(2024, 3, 4), "20:30"),
        ("米国東部時間4日午前10時(日本時間4日午後11時)から、", dt.date(2024, 3, 4), "10:00"),
        ("4日正午から約1時間、", dt.date(2024, 3, 4), "12:00"),
    ],
)
def test_the_local_date_and_time_win_whichever_comes_first(lead, day, clock):
    assert dates.meeting_day(lead, dt.date(2024, 3, 5)) == day
    assert dates.start_time(lead) == clock


def test_a_page_without_title_is_read_from_its_lead_past_breadcrumbs_and_captions():
    text = (
        "トップページ > 会談・訪問 > 総理大臣\nインドネシア共和国\n令和5年9月6日\n"
        "会談に臨む両首脳（写真提供：内閣広報室）\n日・インドネシア首脳会談1\n"
        "6日午後3時から約40分間、岸田総理は、ジョコ・ウィドド・インドネシア大統領と電話会談を行ったところ、"
        "概要は以下のとおりです。\n" + BODY
    )
    ex = _extract(text)
    m = ex.meeting
    assert (m.title, m.date, m.counterpart, m.format, m.level) == (
        None,
        dt.date(2023, 9, 6),
        "ID",
        "telephone",
        "leaders",
    )
    assert any("no title line" in w.message for w in ex.warnings)
    assert [s.speaker_side for s in ex.statements] == ["JP", "joint"]


def test_a_third_party_copy_ends_where_its_quote_closes():
    text = (
        "ニュースサイト ホーム > 政治\n2021年3月2日掲載\n外務省は2日、次の概要を公表した。\n"
        "「日豪外相電話会談\n1日、茂木外務大臣は、ペイン豪外務大臣と電話会談を行ったところ、概要は以下のとおり。\n"
        "1.茂木大臣から、連携したい旨述べた。\n2.両外相は、協力していくことで一致した。」\n"
        "(外務省ホームページより)\nこの会談で両外相は今後も協力を続けると述べ"
    )
    ex = _extract(text)
    assert ex.meeting.date == dt.date(2021, 3, 1) and ex.meeting.level == "ministers"
    assert [s.speaker_side for s in ex.statements] == ["JP", "joint"]


def test_a_flattened_table_page_with_the_body_on_one_line():
    text = (
        "![]() | ![]() |\n||||||\n| [トップページ](/index.html) &gt; [アジア](/asia.html) |\n"
        "| 日・ベトナム首脳会談（概要） |\n| 平成18年10月19日 | 19日、安倍総理はズン首相と会談を行ったところ、"
        "概要は以下のとおり。 （1）安倍総理より、協力を強化したい旨述べた。 （2）ズン首相より、これに賛同する旨述べた。 |\n"
    )
    ex = _extract(text)
    assert ex.meeting.counterpart == "VN"
    assert [s.speaker_side for s in ex.statements] == ["JP", "VN"]


def test_offices_joined_by_ken_and_their_short_form_name_the_speaker():
    text = (
        "日・ニュージーランド外相会談\n平成30年5月14日\n14日、河野外務大臣は、ピーターズ・ニュージーランド副首相兼外務大臣と"
        "会談を行ったところ、概要は以下のとおり。\n1.河野大臣から、協力を提案し、副首相兼外相からは、これに賛同する旨述べた。\n"
    )
    ex = _extract(text)
    nz = [p for p in ex.participants if p.side == "NZ"]
    assert nz and nz[0].title.endswith("副首相兼外務大臣")
    assert [(s.speaker_side, s.act) for s in ex.statements] == [("JP", "proposed"), ("NZ", "stated")]
    assert ex.meeting.level == "ministers"


@pytest.mark.parametrize(
    ("predicate", "act"),
    [
        ("説明がありました", "explained"),
        ("要請がありました", "requested"),
        ("提案があった", "proposed"),
        ("言及がありました", "stated"),
        ("発言があった", "stated"),
    ],
)
def test_nominal_predicates_carry_the_act_of_their_noun(predicate, act):
    text = "日英外相電話会談\n令和3年1月5日\n5日、茂木外務大臣は、ラーブ英国外務大臣と電話会談を行ったところ、概要は以下のとおり。\n"
    ex = _extract(text + f"1.ラーブ大臣から、協力について{predicate}。\n")
    assert [s.act for s in ex.statements] == [act]


@pytest.mark.parametrize(
    ("lead", "level"),
    [
        ("岸田総理は、グテーレス国連事務総長の表敬を受けた", "other"),
        ("林外務大臣は、訪日中の劉建超中国共産党中央対外連絡部長と会談を行った", "other"),
        ("王毅国務委員兼外交部長は、岸田総理を表敬した", "other"),
        ("林外務大臣は、王毅中国国務委員兼外交部長と会談を行った", "ministers"),
    ],
)
def test_level_comes_from_both_principals(lead, level):
    ex = _extract(f"令和5年7月10日\n10日、{lead}ところ、概要は以下のとおり。\n1.先方から、協力したい旨述べた。\n")
    assert ex.meeting.level == level


def test_a_pronoun_agreement_refers_to_the_statement_it_takes_up():
    text = (
        "日加首脳会談\n令和3年5月20日\n20日、菅総理は、トルドー・カナダ首相と会談を行ったところ、概要は以下のとおり。\n"
    )
    ex = _extract(text + "1.菅総理から、協議の定例化を提案し、トルドー首相はこれに同意した。\n")
    (agreement,) = ex.agreements
    assert agreement.content == "これ" and agreement.refers_to is ex.statements[0]
    assert "提案" in agreement.refers_to.text


def test_what_was_agreed_leaves_out_subject_earlier_clauses_and_framing():
    text = (
        "日韓外相会談\n令和5年3月1日\n1日、林外務大臣は、朴振韓国外交部長官と会談を行ったところ、概要は以下のとおり。\n"
    )
    ex = _extract(text + "1.両外相は、北朝鮮情勢について意見を交換し、ミサイル発射への深刻な懸念を共有した。\n")
    assert [a.content for a in ex.agreements] == ["ミサイル発射への深刻な懸念"]
