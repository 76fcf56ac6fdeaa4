"""The categories of issue 14 - weekdays, holidays, ranges, day words, numeric forms, decades, bare
days, month relatives, parts, offsets, invalid dates - on the peer-derived dev suite, plus the
negative list, bad input and labels. The suite's sentences are Beat's own (tests/data/time_peers.tsv)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from store.nlp.time.resolve import extract_events, find_time_expressions

sys.path.insert(0, str(Path(__file__).parent))
from eval_peers import judge, load_cases, load_negatives  # noqa: E402

CASES = load_cases()
REF = "2021-06-14"  # a Monday


def test_dev_suite_is_at_least_90_percent_acceptable() -> None:
    verdicts = [judge(c)[0] for c in CASES]
    acceptable = sum(v in ("correct", "granularity") for v in verdicts) / len(verdicts)
    assert len(CASES) >= 150
    assert acceptable >= 0.90, [(c.expr, judge(c)) for c, v in zip(CASES, verdicts, strict=True) if v not in ("correct", "granularity")]


@pytest.mark.parametrize("category", sorted({c.category for c in CASES}))
def test_every_category_is_at_least_80_percent_acceptable(category: str) -> None:
    cases = [c for c in CASES if c.category == category]
    bad = [(c.expr, judge(c)) for c in cases if judge(c)[0] not in ("correct", "granularity")]
    assert len(bad) <= 0.2 * len(cases), bad


@pytest.mark.parametrize("sentence", load_negatives())
def test_plain_sentences_give_no_event(sentence: str) -> None:
    assert [e for e in extract_events([sentence], None, REF) if e.date_start] == []


def _spans(text: str, ref: str = REF) -> list[tuple[str, str | None, str | None]]:
    return [(e.text, e.date_start, e.date_end) for e in extract_events([text], None, ref)]


@pytest.mark.parametrize("text,ref,want", [
    # bare weekday: the latest one in past narrative, the next one in a future clause
    ("周五，民警走访了商户。", "2021-06-16", ("周五", "2021-06-11", "2021-06-11")),
    ("周五，活动将在广场举行。", "2021-06-16", ("周五", "2021-06-18", "2021-06-18")),
    ("周三，民警开展宣传。", "2021-06-16", ("周三", "2021-06-16", "2021-06-16")),
    # 后 counts from the paragraph's previous date, 前 from the reference
    ("2019年5月3日他入警，三年后他当上了所长。", REF, ("三年后", "2022-01-01", "2022-12-31")),
    ("2019年5月3日他入警，5天后破获首案。", REF, ("5天后", "2019-05-08", "2019-05-08")),
    # undated holidays are the latest one in past narrative
    ("元旦，全市治安平稳。", REF, ("元旦", "2021-01-01", "2021-01-01")),
])
def test_news_conventions(text: str, ref: str, want: tuple[str, str, str]) -> None:
    assert want in _spans(text, ref)


@pytest.mark.parametrize("text", [
    "2019年2月29日，民警出警。", "2月30日，民警出警。", "1850年5月，该镇建成。", "2150年3月，城市扩建。",
    "十八世纪，这里是渡口。", "2024年5月至2023年3月，开展行动。", "2021年13月，开展行动。", "20241332，案发。",
])
def test_impossible_dates_give_no_event(text: str) -> None:
    assert [e for e in extract_events([text], None, REF) if e.date_start] == []


def test_invalid_date_hides_no_shorter_date() -> None:
    """2019年2月29日 must not become 2020-02-29 (or any Feb 29) through its month-day tail."""
    for e in extract_events(["2019年2月29日，民警出警。"], "2020-06-01"):
        assert e.date_start is None


def test_long_digit_run_is_fast_and_quiet() -> None:
    text = "1" * 10_000 + "年5月3日" + "2" * 10_000
    t0 = time.perf_counter()
    events = extract_events([text], None, REF)
    assert time.perf_counter() - t0 < 5
    assert all(e.date_start is None or "1900" <= e.date_start <= "2100" for e in events)


def test_case_name_is_the_label() -> None:
    (e,) = extract_events(["民警成功侦破“3·15”专案，抓获12人。"], None, REF)
    assert (e.date_start, e.label) == ("2021-03-15", "3·15专案")


def test_label_never_starts_with_a_closing_quote() -> None:
    events = extract_events(["他说：“守护孩子。”9月2日武汉开学首日，民警护学。"], None, "2021-10-01")
    assert events and not any(e.label.startswith(("”", "’", "」")) for e in events)


def test_eighties_generation_is_not_a_decade() -> None:
    assert find_time_expressions("80后民警") == [] and find_time_expressions("90后辅警") == []
    assert _spans("80年代，他参军。") == [("80年代", "1980-01-01", "1989-12-31")]
