"""Each vocabulary loads, is well formed and says what the extractor relies on."""

from __future__ import annotations

import re

from etl.extract import rules as vocab

SIDES = {"jp", "foreign", "any"}
LEVELS = {"leader", "minister", "official", "org_head"}
ACTS = {
    "stated",
    "proposed",
    "explained",
    "expressed",
    "welcomed",
    "thanked",
    "praised",
    "requested",
    "discussed",
    "agreed",
    "other",
}


def test_countries_have_unique_codes_and_names():
    cs = vocab.countries()
    codes = [c.code for c in cs]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{2}|[A-Z]{3,6}", c) for c in codes)
    names = [n for c in cs for n in c.names]
    assert len(names) == len(set(names))
    assert vocab.country_by_name()["米"].code == "US" and vocab.country_by_name()["国連"].code == "UN"


def test_titles_are_well_formed():
    ts = vocab.titles()
    assert all(t.side in SIDES and t.level in LEVELS for t in ts)
    assert len({t.title for t in ts}) == len(ts)
    assert [len(t.title) for t in ts] == sorted((len(t.title) for t in ts), reverse=True)
    assert vocab.title_by_name()["総理"].side == "jp"


def test_act_patterns_cover_every_act_but_other():
    pats = vocab.act_patterns()
    assert {p.act for p in pats} == ACTS - {"other"}


def test_furniture_patterns_compile_and_match_examples():
    pats = vocab.furniture_patterns()
    for example in (
        "このページのトップへ戻る",
        "北米へ戻る",
        "英語版 (English)",
        "(PDF)別ウィンドウで開く",
        "![](/x.png) |",
        "| --- |",
        "外務省",
        "(了)",
    ):
        assert any(p.match(example) for p in pats), example
    assert not any(p.match("安倍総理より、協力したい旨述べた。") for p in pats)


def test_joint_subjects():
    assert "両首脳" in vocab.joint_subjects() and "双方" in vocab.joint_subjects()
