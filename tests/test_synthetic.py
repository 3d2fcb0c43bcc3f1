"""The synthetic readout generator: deterministic, varied, and read back as generated."""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.english import twins_corpus
from benchmarks.generate import FORMATS, NUMBERING, corpus, synthetic, write_corpus
from benchmarks.summit import full_corpus
from etl.run.parse import parse_file

SAMPLE = 240


@pytest.fixture(scope="module")
def sample():
    return list(corpus(SAMPLE, seed=7))


def test_same_seed_same_readout_and_other_seed_other_readout():
    assert synthetic(3, seed=1) == synthetic(3, seed=1)
    assert synthetic(3, seed=1).text != synthetic(3, seed=2).text


def test_the_sample_shows_every_variation(sample):
    seen = {kind: Counter(s.traits[kind] for s in sample) for kind in sample[0].traits}
    assert set(seen["shape"]) == {"pdf_text", "page_text"}
    assert set(seen["numbering"]) == {top for top, _ in NUMBERING}
    assert {"western", "平成", "令和", "平成 in kanji", "令和 in kanji"} <= set(seen["era"])
    assert set(seen["style"]) == {"polite", "plain"}
    assert {s.expected.format for s in sample} == set(FORMATS)
    assert {s.expected.level for s in sample} == {"leaders", "ministers"}
    counts = [len(s.expected.sides) for s in sample]
    assert min(counts) == 1 and max(counts) > 30
    assert len({s.expected.counterpart for s in sample}) > 60


def test_meetings_never_repeat_across_a_large_corpus():
    keys = [(s.expected.date, s.expected.counterpart, s.expected.format) for s in corpus(3000)]
    assert len(set(keys)) == len(keys)


def _misread(readouts, folder) -> list[str]:
    """What extraction finds differently from what the generator says each readout holds."""
    wrong = []
    for s in readouts:
        path = folder / s.name
        path.write_text(s.text, encoding="utf-8")
        rows = parse_file(path).rows
        m, e = rows["meetings"][0], s.expected
        got = {
            "date": m["date"],
            "counterpart": m["counterpart"],
            "format": m["format"],
            "level": m["level"],
            "sides": tuple(x["speaker_side"] for x in rows["statements"]),
            "acts": tuple(x["act"] for x in rows["statements"]),
            "agreements": len(rows["agreements"]),
            "topics": len(rows["topics"]),
        }
        wrong += [f"{s.name} {k}: {v!r} != {getattr(e, k)!r}" for k, v in got.items() if getattr(e, k) != v]
    return wrong


def test_extraction_reads_back_what_was_generated(sample, tmp_path):
    wrong = _misread(sample, tmp_path)
    assert not wrong, "\n".join(wrong[:20])


def test_write_corpus_writes_readouts_and_sidecars(tmp_path):
    written = write_corpus(tmp_path, 5, seed=3)
    assert sorted(p.name for p in tmp_path.glob("*.txt")) == sorted(s.name for s in written)
    assert len(list(tmp_path.glob("*.yaml"))) == 5


def test_full_length_readouts_read_back_as_generated(tmp_path):
    """The benchmark's full-length corpus: sections, sub-sections, long statements, attendee lists."""
    sample = list(full_corpus(60, seed=4))
    assert {s.traits["shape"] for s in sample} >= {"summit"}
    long = [s for s in sample if s.traits["shape"] == "summit"]
    assert sum(len(s.text.encode()) for s in long) / len(long) > 12_000
    wrong = _misread(sample, tmp_path)
    assert not wrong, "\n".join(wrong[:20])


def test_english_twins_read_back_as_generated(tmp_path):
    """The benchmark's twins corpus: a share of the summits followed by their English readouts."""
    sample = list(twins_corpus(80, seed=5))
    english = [s for s in sample if s.traits.get("language") == "en"]
    assert 5 <= len(english) < 40
    japanese = {(s.expected.date, s.expected.counterpart, s.expected.format) for s in sample if s not in english}
    assert all((s.expected.date, s.expected.counterpart, s.expected.format) in japanese for s in english)
    wrong = _misread(english, tmp_path)
    assert not wrong, "\n".join(wrong[:20])


def test_the_benchmark_measures_a_corpus_and_its_floor():
    from benchmarks.bench import run_one

    figures = run_one(4, jobs=1, seed=2, corpus="full")
    assert figures["rows"]["meetings"] == 4 and figures["floor_seconds"] > 0
    assert figures["floor_ratio"] == pytest.approx(figures["build_seconds"] / figures["floor_seconds"], rel=0.1)
