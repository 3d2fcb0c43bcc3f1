"""Each variation real readouts show in their source, characters, dates and meeting types, on fixtures
and short texts written for the tests."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.extract import dates
from etl.extract.layout import split_layout
from etl.extract.lines import split_lines
from etl.extract.people import find_mentions
from etl.extract.pipeline import extract, normalized


def _layout(text: str):
    n = normalized(text)
    return split_layout(split_lines(n.text, n.line_origins))


# --- source shapes -----------------------------------------------------------------------


def test_page_furniture_is_dropped(fixture_rows):
    rows = fixture_rows("2021-03-16_jp-au_ministers.txt")
    texts = " ".join(s["text"] for s in rows["statements"])
    for junk in ("トップへ戻る", "English", "別ウィンドウ", "![]", "写真提供", "大洋州 >"):
        assert junk not in texts


def test_pdf_text_is_unwrapped_and_letterhead_and_end_mark_ignored(fixture_rows):
    rows = fixture_rows("2019-06-28_jp-un_courtesy.txt")
    assert rows["sources"][0]["source_format"] == "pdf_text"
    assert rows["meetings"][0]["title"].startswith("グテーレス国連事務総長")
    texts = [s["text"] for s in rows["statements"]]
    assert not any("外務省" in t or t.strip("()") == "了" for t in texts)
    assert any("アントニオ・グテーレス" in p["name"] for p in rows["participants"])


def test_hard_wraps_join_only_full_lines():
    body = "\n\n".join(
        ["冒頭、安倍総理から、両国の関係をさらに強化していきたいと述べ、今後とも緊密に連携し", "ていく考えを示した。"]
        * 3
    )
    text = "日英首脳会談\n\n令和2年1月1日\n\n" + body + "\n\n(1)短い見出し\n\n本文です。"
    n = normalized(text)
    assert n.wrapped
    assert "連携していく" in n.text
    assert "\n(1)短い見出し\n" in n.text


def test_a_single_wrapped_line_is_joined_when_it_is_the_widest():
    lead = "27日、山田総理大臣は、アラ・ヒエン・ルクセンブルク大統領による表敬を受けたところ、概要以下のと"
    text = f"日・ルクセンブルク首脳会談\n平成28年7月27日\n{lead}\nおり。\n1.ヒエン大統領より、協力を要請した。\n"
    n = normalized(text)
    assert n.wrapped and "概要以下のとおり。" in n.text


def test_a_long_line_without_a_full_stop_is_not_a_wrap_in_page_text():
    text = (
        "日米首脳会談\n令和2年1月1日\n"
        + "(同席者)"
        + "、".join(["山田外務大臣"] * 8)
        + "\n1.総理より、協力を進めたい旨述べた。\n"
    )
    text += "2.総理より、" + "協力を" * 30 + "進めたい旨述べた。\n"
    assert not normalized(text).wrapped


def test_an_english_paragraph_ending_a_sentence_is_not_joined_to_the_next_line():
    # paragraphs of one line each, nearly the same width: they look like a column of wrapped lines,
    # but each ends a sentence, so neither the next paragraph nor the page furniture is glued on
    says = "Minister Sato stated that the two countries should further strengthen cooperation in {}."
    body = [says.format(area) for area in ("energy", "health", "trade", "space", "cyber")]
    text = "Japan-Chile Foreign Ministers' Meeting\n\nMay 2, 2024\n\n" + "\n".join(body) + "\nPage Top\n"
    n = normalized(text)
    assert not n.wrapped
    assert n.text.splitlines()[-1] == "Page Top"


def test_an_english_line_wrapped_after_an_abbreviation_is_still_joined():
    line = "On May 2, commencing at 4:00 p.m. for approximately 40 minutes, the Minister met H.E. Mr."
    wrapped = [line, "SATO Ken, who is the Minister for Foreign Affairs of Japan and a member of the", "House."] * 3
    n = normalized("Japan-Chile Foreign Ministers' Meeting\n\nMay 2, 2024\n\n" + "\n".join(wrapped) + "\n")
    assert n.wrapped
    assert "H.E. Mr. SATO Ken" in n.text and "of the House." in n.text


def test_an_english_line_wrapped_after_a_listed_abbreviation_is_joined():
    # "etc." and "approx." end a word of small letters as a sentence does; english.yaml lists them
    line = "The two ministers discussed cooperation in energy, health, trade, the maritime order, space, etc."
    wrapped = [line, "and agreed to hold a strategic dialogue within the year at the earliest date for both.", ""]
    n = normalized("Japan-Chile Foreign Ministers' Meeting\n\nMay 2, 2024\n\n" + "\n".join(wrapped * 3))
    assert n.wrapped
    assert "space, etc. and agreed" in n.text


def test_display_width_counts_east_asian_wide_characters_twice():
    import unicodedata

    from etl.source.normalize import display_width

    for ch in "aあア１ｱ①　漢\U00020000😀é":
        want = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        assert display_width(ch) == want, ch
    assert display_width("日米 2") == 6


def test_a_dot_between_name_and_formal_country_name_is_not_part_of_the_name():
    (m,) = find_mentions("ジョコ・ウィドド・インドネシア共和国大統領と")
    assert (m.name, m.title, m.country) == ("ジョコ・ウィドド", "インドネシア共和国大統領", "ID")


def test_a_title_inside_a_country_name_is_not_the_title():
    (m,) = find_mentions("ムハンマド・ナヒヤーン・アラブ首長国連邦大統領と会談")
    assert (m.name, m.title, m.country, m.office.title) == (
        "ムハンマド・ナヒヤーン",
        "アラブ首長国連邦大統領",
        "AE",
        "大統領",
    )
    (m,) = find_mentions("タミーム・カタール首長と")
    assert (m.name, m.office.title) == ("タミーム", "首長")


def test_same_office_anaphora_names_the_speaker():
    text = (
        "日インドネシア首脳会談\n平成29年1月15日\n"
        "15日、安倍総理大臣は、ジョコ・ウィドド・インドネシア共和国大統領と会談を行ったところ、概要は以下のとおり。\n"
        "1 安倍総理から、協力を進めたい旨述べたのに対し、同大統領から、謝意を表明した。\n"
        "2 林大臣から説明した。同総理から、重ねて協力を求めた。\n"
    )
    ex = extract(normalized(text), "t")
    got = [(s.speaker_side, s.act, s.speaker_inferred) for s in ex.statements]
    assert got[:2] == [("JP", "stated", False), ("ID", "thanked", False)]
    assert got[-1] == ("JP", "requested", False)


def test_katakana_country_after_a_name_is_the_country_not_the_name():
    (m,) = find_mentions("ドゥテルテ・フィリピン大統領")
    assert (m.name, m.country) == ("ドゥテルテ", "PH")
    (m,) = find_mentions("ミラ・アトケナンアルジェリア外相")
    assert (m.name, m.country) == ("ミラ・アトケナン", "DZ")


def test_quoted_third_party_copy_title():
    lay = _layout(
        "ニュースサイト\n「日印外相会談(概要)」\n令和4年9月8日\n8日、林外務大臣は、ジャイシャンカル・インド外務大臣と会談を行ったところ、概要は以下のとおり。\n"
    )
    assert lay.title.text == "「日印外相会談(概要)」"


# --- characters ---------------------------------------------------------------------------


def test_width_and_comma_variants_give_the_same_statements():
    a = "日中首脳会談\n平成30年10月26日\n26日、安倍総理は習近平国家主席と会談を行ったところ、概要は以下のとおり。\n1.安倍総理より、協力を進めたい旨述べた。\n"
    b = a.replace("、", ",").replace("1.", "１．").replace("30", "３０")
    ea, eb = extract(normalized(a), "a"), extract(normalized(b), "b")
    assert ea.meeting.date == eb.meeting.date == dt.date(2018, 10, 26)
    assert [s.speaker_side for s in ea.statements] == [s.speaker_side for s in eb.statements] == ["JP"]
    assert ea.meeting.counterpart == "CN"


def test_circled_numbers_survive_normalisation():
    assert "①" in normalized("会談\n①協力の強化、②対話の継続").text


def test_bare_katakana_enumerators_number_items_and_subtopics():
    text = (
        "日・モンゴル外相会談\n平成26年3月10日\n"
        "10日、山田外務大臣は、ボルド・モンゴル外務大臣と会談を行い、概要は次のとおり。\n"
        "1 二国間関係\nア 山田大臣から、協力を進めたい旨述べた。\nイ ボルド大臣から、期待する旨述べた。\n"
        "2 地域情勢\nア 北朝鮮\n両大臣は、北朝鮮について意見交換を行った。\n"
    )
    ex = extract(normalized(text), "t")
    assert [(t.label, t.heading, t.depth) for t in ex.topics] == [
        ("1", "二国間関係", 1),
        ("2", "地域情勢", 1),
        ("ア", "北朝鮮", 2),
    ]
    assert [s.text[:2] for s in ex.statements] == ["山田", "ボル", "両大"]
    assert not ex.warnings


def test_time_and_duration_given_only_in_brackets_and_labelled_attendee_groups():
    text = (
        "日中外相会談\n令和5年4月2日\n"
        "2日、山田外務大臣は、王明国務委員兼外交部長と会談を行ったところ(午後2時30分から約3時間20分)、"
        "概要は以下のとおり(日本側同席者:田中駐中国大使ほか、中国側同席者:李華外交部副部長ほか)。\n"
        "1 山田大臣から、意思疎通を続けたい旨述べた。\n"
    )
    ex = extract(normalized(text), "t")
    assert (ex.meeting.start_time, ex.meeting.duration_minutes) == ("14:30", 200)
    attendees = [(p.side, p.name, p.title) for p in ex.participants if p.role == "attendee"]
    assert attendees == [("JP", "田中", "駐中国大使"), ("CN", "李華", "外交部副部長")]


def test_the_clock_outside_brackets_wins_over_the_other_time_zone():
    lead = "現地時間21日午後2時45分(日本時間22日午前3時45分)から約10分間、会談を行った。"
    assert dates.start_time(lead) == "14:45"
    assert dates.duration_minutes(lead) == 10


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("平成21年11月13日", dt.date(2009, 11, 13)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("昭和六十四年一月七日", dt.date(1989, 1, 7)),
        ("平成二十五年二月二十二日", dt.date(2013, 2, 22)),
        ("2016年9月21日", dt.date(2016, 9, 21)),
    ],
)
def test_dates_in_all_eras(text, want):
    assert dates.find_date(text).date == want


def test_impossible_date_is_an_error():
    with pytest.raises(dates.DateError, match="impossible"):
        dates.find_date("平成31年13月40日")


@pytest.mark.parametrize(
    ("lead", "page", "want"),
    [
        ("30日、岸田総理は", dt.date(2022, 12, 1), dt.date(2022, 11, 30)),
        ("本20日午後9時", dt.date(2020, 9, 20), dt.date(2020, 9, 20)),
        ("米国東部時間14日午前11時05分(日本時間15日00時05分)から", dt.date(2020, 5, 15), dt.date(2020, 5, 14)),
        ("12月31日、", dt.date(2023, 1, 2), dt.date(2022, 12, 31)),
    ],
)
def test_meeting_day_from_the_lead(lead, page, want):
    assert dates.meeting_day(lead, page) == want


@pytest.mark.parametrize(
    ("lead", "time", "minutes"),
    [
        ("9日午後7時10分より約80分間、", "19:10", 80),
        ("約2時間15分にわたり、", None, 135),
        ("米国東部時間14日午前11時05分(日本時間15日00時05分)から約20分間", "11:05", 20),
        ("午前10時過ぎから約20分間", "10:00", 20),
        ("午後4時頃から約1時間,", "16:00", 60),
        ("23時40分から約40分間", "23:40", 40),
        ("午後0時半から約1時間半", "12:30", 90),
    ],
)
def test_clock_and_duration(lead, time, minutes):
    assert dates.start_time(lead) == time
    assert dates.duration_minutes(lead) == minutes


# --- meeting types and counterparts -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "level", "cp"),
    [
        ("2019-05-10_jp-gb_telephone.txt", "telephone", "leaders", "GB"),
        ("2021-03-16_jp-au_ministers.txt", "meeting", "ministers", "AU"),
        ("2019-06-28_jp-un_courtesy.txt", "courtesy_call", "other", "UN"),
        ("2016-09-21_jp-ph_meeting.txt", "meeting", "leaders", "PH"),
    ],
)
def test_meeting_facts(fixture_rows, name, fmt, level, cp):
    m = fixture_rows(name)["meetings"][0]
    assert (m["format"], m["level"], m["counterpart"]) == (fmt, level, cp)
    assert m["date"].isoformat() == name[:10]
