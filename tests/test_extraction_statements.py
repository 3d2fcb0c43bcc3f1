"""Each variation real readouts show in names, titles, structure, speakers, acts and agreements."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.extract.acts import act_of
from etl.extract.headings import enumerator, heading_split
from etl.extract.layout import split_layout
from etl.extract.lines import split_lines
from etl.extract.people import find_mentions, split_name_title
from etl.extract.pipeline import extract, normalized


def _layout(text: str):
    n = normalized(text)
    return split_layout(split_lines(n.text, n.line_origins))


# --- names and titles ---------------------------------------------------------------------


def test_full_names_with_english_in_brackets(fixture_rows):
    parts = fixture_rows("2019-05-10_jp-gb_telephone.txt")["participants"]
    gb = next(p for p in parts if p["side"] == "GB")
    assert gb["name"] == "テリーザ・メイ" and gb["title"].endswith("首相")
    assert gb["name_en"] == "Theresa May MP"
    jp = next(p for p in parts if p["side"] == "JP")
    assert (jp["name"], jp["title"]) == ("安倍晋三", "内閣総理大臣")


def test_attendees_with_side_labels(fixture_rows):
    parts = fixture_rows("2021-03-16_jp-au_ministers.txt")["participants"]
    att = {(p["side"], p["name"], p["title"]) for p in parts if p["role"] == "attendee"}
    assert att == {("JP", "鈴木", "外務副大臣"), ("AU", "ブラウン", "駐日大使")}


@pytest.mark.parametrize(
    ("item", "name", "title"),
    [
        ("平野官房長官", "平野", "官房長官"),
        ("藤﨑駐米大使", "藤﨑", "駐米大使"),
        ("サマーズ米国家経済会議議長", "サマーズ", "米国家経済会議議長"),
        ("直嶋経済産業大臣", "直嶋", "経済産業大臣"),
    ],
)
def test_attendee_items_split_into_name_and_title(item, name, title):
    assert split_name_title(item) == (name, title)


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("菅総理大臣は", "菅", "総理大臣"),
        ("習近平国家主席と", "習近平", "国家主席"),
        ("田中外務大臣より", "田中", "外務大臣"),
        ("ブリンケン国務長官から", "ブリンケン", "国務長官"),
    ],
)
def test_mentions_in_running_text(text, name, title):
    m = find_mentions(text)[0]
    assert (m.name, m.title) == (name, title)


# --- structure ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("1.日米関係", "1."),
        ("(1)総論", "(1)"),
        ("(ア)冒頭", "(ア)"),
        ("(イ)北朝鮮", "(イ)"),
        ("1 冒頭、", "1"),
        ("①日本", "①"),
        ("- 経済", "-"),
        ("(ハ)イラン", "(ハ)"),
    ],
)
def test_enumerator_styles(line, label):
    assert enumerator(line).label == label


def test_inline_heading_and_paragraph_numbers():
    assert heading_split("北朝鮮 川口大臣より、懸念を述べた。") == ("北朝鮮", len("北朝鮮 "))
    assert heading_split("安倍総理より、協力したい旨述べた。") is None
    assert heading_split("経済・通商(含むWTO改革)")[0] == "経済・通商(含むWTO改革)"


def test_items_without_headings_make_no_topics(fixture_rows):
    rows = fixture_rows("2019-05-10_jp-gb_telephone.txt")
    assert rows["topics"] == []
    assert all(s["topic_id"] is None for s in rows["statements"])


def test_inline_headings_make_topics(fixture_rows):
    rows = fixture_rows("2021-03-16_jp-au_ministers.txt")
    assert [t["heading"] for t in rows["topics"]] == ["地域情勢", "経済"]
    first = rows["statements"][0]
    assert first["topic_id"] == rows["topics"][0]["topic_id"] and first["text"].startswith("茂木大臣より")


# --- speakers, acts, agreements -----------------------------------------------------------


def _speakers(rows):
    return [(s["speaker_side"], s["act"]) for s in rows["statements"]]


def test_polite_style_and_joint_subjects(fixture_rows):
    assert _speakers(fixture_rows("2019-05-10_jp-gb_telephone.txt")) == [
        ("JP", "thanked"),
        ("GB", "stated"),
        ("JP", "stated"),
        ("GB", "stated"),
        ("joint", "discussed"),
        ("joint", "agreed"),
    ]


def test_counterpart_pronoun_and_both_ministers(fixture_rows):
    rows = fixture_rows("2021-03-16_jp-au_ministers.txt")
    assert _speakers(rows) == [
        ("JP", "stated"),
        ("AU", "stated"),
        ("JP", "explained"),
        ("AU", "thanked"),
        ("joint", "agreed"),
    ]
    assert len(rows["agreements"]) == 1


def test_joint_outcome_after_one_sided_clause_is_split(fixture_rows):
    rows = fixture_rows("2019-06-28_jp-un_courtesy.txt")
    assert _speakers(rows) == [("JP", "praised"), ("UN", "stated"), ("joint", "agreed")]
    assert rows["agreements"][0]["content"].startswith("持続可能な開発目標")


def test_sentence_without_subject_continues_previous_speaker():
    text = (
        "日独首脳会談\n令和4年4月28日\n28日、岸田総理は、ショルツ首相と会談を行ったところ、概要は以下のとおり。\n"
        "1 ショルツ首相から、訪日できて嬉しい旨述べた。また、協力の拡大を求めた。\n"
    )
    ex = extract(normalized(text), "t")
    assert [(s.speaker_side, s.speaker_inferred, s.act) for s in ex.statements] == [
        ("DE", False, "stated"),
        ("DE", True, "requested"),
    ]


def test_two_speakers_in_one_sentence():
    text = (
        "日加首脳会談\n令和5年1月12日\n12日、岸田総理は、トルドー首相と会談を行ったところ、概要は以下のとおり。\n"
        "岸田総理から、首脳間の対話を続けることを提案し、トルドー首相はこれに賛同した。\n"
    )
    ex = extract(normalized(text), "t")
    assert [(s.speaker_side, s.act) for s in ex.statements] == [("JP", "proposed"), ("CA", "agreed")]
    assert len(ex.agreements) == 1


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("協力していく旨述べました。", "stated"),
        ("これに賛同する旨の発言があった。", "stated"),
        ("歓迎する旨の反応があった。", "stated"),
        ("全面的に協力する旨応じた。", "stated"),
        ("日本の取組に謝意が示された。", "thanked"),
        ("取組に感謝の意が表明された。", "thanked"),
        ("感謝を述べた。", "stated"),
        ("その説明を熱心に聞いていた。", "other"),
        ("三か国が一致結束すべき旨述べた。", "stated"),
        ("協力していくことで一致しました。", "agreed"),
        ("懸念を共有した。", "agreed"),
        ("状況について議論を行った。", "discussed"),
        ("早期の承認を求めた。", "requested"),
        ("取組を歓迎した。", "welcomed"),
        ("計画を賞賛した。", "praised"),
        ("考えを説明した。", "explained"),
        ("決意を表明した。", "expressed"),
    ],
)
def test_act_from_main_predicate(text, act):
    assert act_of(text) == act


def test_reported_agreement_words_are_not_agreements():
    text = (
        "日韓首脳会談\n令和5年3月16日\n16日、岸田総理は、尹錫悦大統領と会談を行ったところ、概要は以下のとおり。\n"
        "尹錫悦大統領より、岸田総理の認識に同意する旨の発言があった。両首脳は、意思疎通を続けることで一致した。\n"
    )
    ex = extract(normalized(text), "t")
    assert [s.act for s in ex.statements] == ["stated", "agreed"]
    assert [a.statement.speaker_side for a in ex.agreements] == ["joint"]


def test_readings_in_brackets_and_kanji_names(fixture_rows):
    rows = fixture_rows("2015-08-06_jp-cn_ministers.txt")
    cn = next(p for p in rows["participants"] if p["side"] == "CN")
    assert cn["name"] == "王毅" and cn["title"].endswith("外交部長")
    assert rows["meetings"][0]["level"] == "ministers" and rows["meetings"][0]["start_time"] == "11:15"


def test_narrative_sentences_are_not_statements(fixture_rows):
    rows = fixture_rows("2015-08-06_jp-cn_ministers.txt")
    assert not any("同席" in s["text"] for s in rows["statements"])
    assert [(s["speaker_side"], s["act"]) for s in rows["statements"]] == [
        ("JP", "stated"),
        ("CN", "stated"),
        ("CN", "requested"),
        ("JP", "agreed"),
    ]


def test_video_meeting_with_an_organisation(fixture_rows):
    rows = fixture_rows("2020-11-05_jp-eu_video.txt")
    m = rows["meetings"][0]
    assert (m["format"], m["counterpart"], m["level"]) == ("video", "EU", "leaders")
    eu = next(p for p in rows["participants"] if p["side"] == "EU")
    assert eu["name_en"] == "Charles Michel"


def test_third_party_copy_quoting_the_readout(fixture_rows):
    rows = fixture_rows("2018-04-18_jp-us_thirdparty.txt")
    m = rows["meetings"][0]
    assert (m["date"], m["counterpart"], m["format"], m["level"]) == (
        dt.date(2018, 4, 18),
        "US",
        "telephone",
        "ministers",
    )
    assert [(s["speaker_side"], s["act"]) for s in rows["statements"]] == [
        ("JP", "stated"),
        ("US", "thanked"),
        ("joint", "agreed"),
    ]
    us = next(p for p in rows["participants"] if p["side"] == "US")
    assert (us["name"], us["title"]) == ("ポンペオ", "米国国務長官")


@pytest.mark.parametrize(
    ("title", "fmt"),
    [
        ("日米首脳会談", "meeting"),
        ("日中首脳電話会談", "telephone"),
        ("日英外相会談", "meeting"),
        ("日独外相電話会談", "telephone"),
        ("グテーレス国連事務総長による岸田総理大臣表敬", "courtesy_call"),
        ("日印首脳会談(立ち話)", "meeting"),
        ("日米首脳会談及びワーキング・ランチ", "meeting"),
        ("日EUテレビ首脳会談", "video"),
    ],
)
def test_meeting_format_from_title(title, fmt):
    from etl.extract.meeting import meeting_format

    assert meeting_format(title, "") == fmt
