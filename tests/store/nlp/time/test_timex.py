"""Behaviour of store.nlp.time.resolve beyond the seeds: a broad expression table, reference-date rules,
chaining, non-events and false positives."""

from __future__ import annotations

from datetime import date

import pytest

from store.nlp.time import festivals
from store.nlp.time.resolve import cn_to_int, event_sentence, extract_events, find_time_expressions, resolve_reference, time_spans

REF = "2024-06-15"  # a Saturday

# (paragraph, expression, date_start, date_end, precision) resolved against REF as a user reference.
TABLE: list[tuple[str, str, str, str, str]] = [
    # explicit
    ("2023年5月12日，民警接到报警。", "2023年5月12日", "2023-05-12", "2023-05-12", "day"),
    ("2022年3月，该所成立。", "2022年3月", "2022-03-01", "2022-03-31", "month"),
    ("2021年，全市破案1000起。", "2021年", "2021-01-01", "2021-12-31", "year"),
    ("二〇二四年十二月，警方破案。", "二〇二四年十二月", "2024-12-01", "2024-12-31", "month"),
    ("二零二三年三月五日，民警出警。", "二零二三年三月五日", "2023-03-05", "2023-03-05", "day"),
    ("十月一日，游客如织。", "十月一日", "2023-10-01", "2023-10-01", "day"),
    ("2025 年5月，比赛举行。", "2025 年5月", "2025-05-01", "2025-05-31", "month"),
    ("２０２４年１月３日，案发。", "２０２４年１月３日", "2024-01-03", "2024-01-03", "day"),
    ("2024-03-08，警方通报。", "2024-03-08", "2024-03-08", "2024-03-08", "day"),
    ("2024/3/8，警方通报。", "2024/3/8", "2024-03-08", "2024-03-08", "day"),
    ("2024.3.8，警方通报。", "2024.3.8", "2024-03-08", "2024-03-08", "day"),
    ("2025610日面对纠纷，辅警赶到。", "2025610日", "2025-06-10", "2025-06-10", "day"),
    ("20240105日警方通报案情。", "20240105日", "2024-01-05", "2024-01-05", "day"),
    ("2023年12月31日晚8时许，民警巡逻。", "2023年12月31日晚8时许", "2023-12-31", "2023-12-31", "day"),
    ("2024年5月1日（星期三），民警执勤。", "2024年5月1日（星期三）", "2024-05-01", "2024-05-01", "day"),
    ("3月8日上午，民警开展宣传。", "3月8日上午", "2024-03-08", "2024-03-08", "day"),
    ("5月17日晚11时许，民警赶到。", "5月17日晚11时许", "2024-05-17", "2024-05-17", "day"),
    ("6月10日凌晨，嫌疑人落网。", "6月10日凌晨", "2024-06-10", "2024-06-10", "day"),
    ("11月5日，民警抓获嫌疑人。", "11月5日", "2023-11-05", "2023-11-05", "day"),
    ("5月20号，民警走访辖区。", "5月20号", "2024-05-20", "2024-05-20", "day"),
    ("新线路预计9月1日开通。", "9月1日", "2024-09-01", "2024-09-01", "day"),
    ("7月1日，新规施行。", "7月1日", "2024-07-01", "2024-07-01", "day"),
    ("记者15日从市公安局获悉。", "15日", "2024-06-15", "2024-06-15", "day"),
    # relative to the reference
    ("今年2月，某公司报警。", "今年2月", "2024-02-01", "2024-02-29", "month"),
    ("去年12月，警方立案。", "去年12月", "2023-12-01", "2023-12-31", "month"),
    ("前年8月，该案发生。", "前年8月", "2022-08-01", "2022-08-31", "month"),
    ("明年3月，新所将启用。", "明年3月", "2025-03-01", "2025-03-31", "month"),
    ("今年以来，全市破案200起。", "今年以来", "2024-01-01", "2024-06-15", "open"),
    ("去年以来，警方开展专项行动。", "去年以来", "2023-01-01", "2024-06-15", "open"),
    ("上月，民警走访企业。", "上月", "2024-05-01", "2024-05-31", "month"),
    ("本月，警方开展宣传。", "本月", "2024-06-01", "2024-06-30", "month"),
    ("下个月，活动将继续。", "下个月", "2024-07-01", "2024-07-31", "month"),
    ("昨日，民警接到报警。", "昨日", "2024-06-14", "2024-06-14", "day"),
    ("昨天下午，民警出警。", "昨天下午", "2024-06-14", "2024-06-14", "day"),
    ("前天，民警救助老人。", "前天", "2024-06-13", "2024-06-13", "day"),
    ("今天上午，警方通报案情。", "今天上午", "2024-06-15", "2024-06-15", "day"),
    ("明天，警方将开展演练。", "明天", "2024-06-16", "2024-06-16", "day"),
    ("上周，警方破获一起案件。", "上周", "2024-06-03", "2024-06-09", "range"),
    ("28年前，该案发生。", "28年前", "1996-01-01", "1996-12-31", "year"),
    ("三年前，他来到派出所。", "三年前", "2021-01-01", "2021-12-31", "year"),
    ("去年，他研究生毕业。", "去年", "2023-01-01", "2023-12-31", "year"),
    ("今年，全市发案下降。", "今年", "2024-01-01", "2024-12-31", "year"),
    ("今年年初，警方部署专项行动。", "今年年初", "2024-01-01", "2024-01-31", "month"),
    ("去年底，警方成立专班。", "去年底", "2023-12-01", "2023-12-31", "month"),
    ("今年上半年，全市破案300起。", "今年上半年", "2024-01-01", "2024-06-30", "range"),
    ("去年下半年，警情下降。", "去年下半年", "2023-07-01", "2023-12-31", "range"),
    # ranges and parts
    ("1至5月，全市破案。", "1至5月", "2024-01-01", "2024-05-31", "range"),
    ("2023年1至10月，全市破案。", "2023年1至10月", "2023-01-01", "2023-10-31", "range"),
    ("2023年1月至10月，全市破案。", "2023年1月至10月", "2023-01-01", "2023-10-31", "range"),
    ("5月17日至19日，警方开展演练。", "5月17日至19日", "2024-05-17", "2024-05-19", "range"),
    ("2023年12月至2024年1月，警方开展行动。", "2023年12月至2024年1月", "2023-12-01", "2024-01-31", "range"),
    ("2022至2023年，全市破案。", "2022至2023年", "2022-01-01", "2023-12-31", "range"),
    ("前三季度，全市GDP增长。", "前三季度", "2024-01-01", "2024-09-30", "range"),
    ("2023年第三季度，警情下降。", "2023年第三季度", "2023-07-01", "2023-09-30", "quarter"),
    ("2023年三季度，警情下降。", "2023年三季度", "2023-07-01", "2023-09-30", "quarter"),
    ("一季度，全市警情下降。", "一季度", "2024-01-01", "2024-03-31", "quarter"),
    ("二季度以来，破案率上升。", "二季度以来", "2024-04-01", "2024-06-15", "open"),
    ("12月上旬，警方部署。", "12月上旬", "2023-12-01", "2023-12-10", "range"),
    ("5月中旬，民警走访。", "5月中旬", "2024-05-11", "2024-05-20", "range"),
    ("4月下旬，警方破案。", "4月下旬", "2024-04-21", "2024-04-30", "range"),
    ("4月下旬以来，全分局立功。", "4月下旬以来", "2024-04-21", "2024-06-15", "open"),
    ("3月底，案件告破。", "3月底", "2024-03-21", "2024-03-31", "range"),
    ("5月初，民警走访。", "5月初", "2024-05-01", "2024-05-10", "range"),
    ("2023年底，专班成立。", "2023年底", "2023-12-01", "2023-12-31", "month"),
    ("2023年初，专班成立。", "2023年初", "2023-01-01", "2023-01-31", "month"),
    ("2023年年中，专班成立。", "2023年年中", "2023-06-01", "2023-07-31", "range"),
    ("上半年以来，警情下降。", "上半年以来", "2024-01-01", "2024-06-15", "open"),
    ("2023年全年，全市破案。", "2023年全年", "2023-01-01", "2023-12-31", "year"),
    ("该男子于2023年7月至11月间多次盗窃。", "2023年7月至11月间", "2023-07-01", "2023-11-30", "range"),
    ("2023年以来，全市破案。", "2023年以来", "2023-01-01", "2024-06-15", "open"),
    ("2022年组队以来，队员累计服务群众。", "2022年组队以来", "2022-01-01", "2024-06-15", "open"),
    ("自2023年11月组建以来，这支队伍服务群众。", "自2023年11月组建以来", "2023-11-01", "2024-06-15", "open"),
    ("2023年至今，全市破案。", "2023年至今", "2023-01-01", "2024-06-15", "open"),
    ("3月1日起，新规施行。", "3月1日起", "2024-03-01", "2024-03-01", "day"),
    ("2024年夏季，警方开展行动。", "2024年夏季", "2024-06-01", "2024-08-31", "season"),
    ("去年冬季，警方开展行动。", "去年冬季", "2023-12-01", "2024-02-29", "season"),
    ("五月下旬，民警走访。", "五月下旬", "2024-05-21", "2024-05-31", "range"),
    # festivals and named days
    ("今年七一前夕，党支部开展活动。", "今年七一前夕", "2024-06-24", "2024-06-30", "range"),
    ("2024年国庆期间，警方执勤。", "2024年国庆期间", "2024-10-01", "2024-10-07", "range"),
    ("国庆假期，游客如织。", "国庆假期", "2023-10-01", "2023-10-07", "range"),
    ("今年春节期间，全市平安。", "今年春节期间", "2024-02-09", "2024-02-16", "range"),
    ("2023年春节，民警坚守岗位。", "2023年春节", "2023-01-22", "2023-01-22", "day"),
    ("元旦当天，民警执勤。", "元旦当天", "2024-01-01", "2024-01-01", "day"),
    ("五一假期，游客如织。", "五一假期", "2024-05-01", "2024-05-05", "range"),
    ("今年端午节，民警执勤。", "今年端午节", "2024-06-10", "2024-06-10", "day"),
    ("去年中秋节，民警执勤。", "去年中秋节", "2023-09-29", "2023-09-29", "day"),
    ("2024年清明节，民警执勤。", "2024年清明节", "2024-04-04", "2024-04-04", "day"),
    ("除夕夜，民警坚守岗位。", "除夕", "2024-02-09", "2024-02-09", "day"),
    ("2023年七一，党员重温誓词。", "2023年七一", "2023-07-01", "2023-07-01", "day"),
    ("去年国庆节当天，民警执勤。", "去年国庆节当天", "2023-10-01", "2023-10-01", "day"),
    ("中国人民警察节当天，民警重温誓词。", "中国人民警察节当天", "2024-01-10", "2024-01-10", "day"),
    ("今年十一黄金周，景区平安。", "今年十一黄金周", "2024-10-01", "2024-10-07", "range"),
    ("元宵节当晚，民警在江滩疏导人流。", "元宵节当晚", "2024-02-24", "2024-02-24", "day"),
    ("2023年中秋国庆期间，全市安全平稳。", "2023年中秋国庆期间", "2023-09-28", "2023-10-07", "range"),
    # chaining and anaphora (the last expression of the paragraph is checked)
    ("2024年5月28日凌晨，警方出击。次日上午，嫌疑人落网。", "次日上午", "2024-05-29", "2024-05-29", "day"),
    ("2023年12月15日，案发。12月17日，嫌疑人落网。", "12月17日", "2023-12-17", "2023-12-17", "day"),
    ("5月3日，民警接警。当晚，嫌疑人落网。", "当晚", "2024-05-03", "2024-05-03", "day"),
    ("2023年3月1日起，新规施行。同日，服务站成立。", "同日", "2023-03-01", "2023-03-01", "day"),
    ("2022年5月，他入警。同年10月，他立功。", "同年10月", "2022-10-01", "2022-10-31", "month"),
    ("2022年5月，他入警。次年3月，他立功。", "次年3月", "2023-03-01", "2023-03-31", "month"),
    ("2022年5月，他入警。当月，他立功。", "当月", "2022-05-01", "2022-05-31", "month"),
    ("2023年12月30日，案发。1月2日，嫌疑人落网。", "1月2日", "2024-01-02", "2024-01-02", "day"),
    ("15日上午，民警接警。", "15日上午", "2024-06-15", "2024-06-15", "day"),
    ("2023年9月，他入警。10月，他立功。", "10月", "2023-10-01", "2023-10-31", "month"),
    # Chinese numerals
    ("十二月三十一日，民警执勤。", "十二月三十一日", "2023-12-31", "2023-12-31", "day"),
    ("三月五日，民警出警。", "三月五日", "2024-03-05", "2024-03-05", "day"),
    ("二〇二二年，全市破案。", "二〇二二年", "2022-01-01", "2022-12-31", "year"),
    ("二月廿一日，民警出警。", "二月廿一日", "2024-02-21", "2024-02-21", "day"),
    ("二〇二四年二月二十八日，市局召开会议。", "二〇二四年二月二十八日", "2024-02-28", "2024-02-28", "day"),
    ("本月中旬，全市将开展消防检查。", "本月中旬", "2024-06-11", "2024-06-20", "range"),
]


def _check(row: tuple[str, str, str, str, str]) -> str | None:
    text, expr, start, end, precision = row
    events = [e for e in extract_events([text], None, reference=REF) if e.text == expr]
    if not events:
        found = [e.text for e in find_time_expressions(text)]
        return f"{expr!r}: no event (expressions {found})"
    e = events[-1]
    if (e.date_start, e.date_end, e.precision) != (start, end, precision):
        return f"{expr!r}: got {e.date_start}..{e.date_end} {e.precision}, want {start}..{end} {precision}"
    return None


def test_table_accuracy() -> None:
    assert len(TABLE) >= 80
    failures = [f for row in TABLE if (f := _check(row))]
    accuracy = 1 - len(failures) / len(TABLE)
    print(f"\ntimex table: {len(TABLE) - len(failures)}/{len(TABLE)} correct ({accuracy:.1%})")
    for f in failures:
        print("   ", f)
    assert accuracy >= 0.95, failures


# ---------------------------------------------------------------- reference date

REPOST = [
    "2025年前三季度全区GDP增速位居前列。",
    "今年2月，一舞蹈学校因经营不善倒闭。",
    "9月16日，八吉府街派出所接到报警，货物当日运离。",
    "今年9月，青山正街重新开放。",
    "今年以来，累计快侦快破涉企案件30件。",
]


def test_repost_reference_is_corrected() -> None:
    assert resolve_reference(REPOST, "2026-02-08") == ("2025-12-31", "corrected")
    by_text = {e.text: e for e in extract_events(REPOST, "2026-02-08")}
    assert by_text["今年9月"].date_start == "2025-09-01"
    assert by_text["9月16日"].date_start == "2025-09-16"
    assert by_text["当日"].date_start == "2025-09-16"
    assert (by_text["今年以来"].date_start, by_text["今年以来"].date_end) == ("2025-01-01", "2025-12-31")
    assert by_text["2025年前三季度"].year == "explicit"
    assert by_text["今年9月"].year == "inferred"


def test_repost_detected_from_bare_dates_alone() -> None:
    paragraphs = ["10月24日，群众报警称设备遗失，民警当晚取回设备。"]
    assert resolve_reference(paragraphs, "2026-02-08") == ("2025-12-31", "corrected")


def test_consistent_publication_date_is_kept() -> None:
    paragraphs = ["今年5月，辖区企业提出需求。", "七一前夕，党支部开展活动。"]
    assert resolve_reference(paragraphs, "2025-07-07") == ("2025-07-07", "published")
    assert resolve_reference(paragraphs, "2025-07-07 15:45:07") == ("2025-07-07", "published")


def test_recent_bare_date_rolls_back_alone() -> None:
    paragraphs = ["12月30日，民警抓获嫌疑人。", "今年以来，全市警情下降。"]
    assert resolve_reference(paragraphs, "2025-01-05") == ("2025-01-05", "published")
    by_text = {e.text: e for e in extract_events(paragraphs, "2025-01-05")}
    assert by_text["12月30日"].date_start == "2024-12-30"
    assert by_text["今年以来"].date_start == "2025-01-01"


def test_near_future_plan_is_no_evidence_of_repost() -> None:
    paragraphs = ["今年春节前夕，警方开展专项行动。", "1月8日至9日，全市开展警营开放日活动。"]
    assert resolve_reference(paragraphs, "2024-01-11") == ("2024-01-11", "published")
    assert [e.date_start for e in extract_events(paragraphs, "2024-01-11")] == ["2024-02-03", "2024-01-08"]


def test_future_clause_is_no_evidence_of_repost() -> None:
    paragraphs = ["今年10月，该中心将于国庆后正式启用。"]
    assert resolve_reference(paragraphs, "2025-03-01") == ("2025-03-01", "published")
    assert extract_events(paragraphs, "2025-03-01")[0].date_start == "2025-10-01"


def test_no_publication_date_leaves_year_unknown() -> None:
    paragraphs = ["于2023年5月成立警务团队。", "今年7月1日，新党员宣誓。", "去年，她研究生毕业。"]
    assert resolve_reference(paragraphs, None) == (None, "unknown")
    events = extract_events(paragraphs, None)
    assert [(e.text, e.year, e.date_start) for e in events] == [
        ("2023年5月", "explicit", "2023-05-01"), ("今年7月1日", "unknown", None), ("去年", "unknown", None)]


def test_open_range_with_unknown_reference_keeps_known_start() -> None:
    (e,) = extract_events(["2022年以来，命案全部侦破。"], None)
    assert (e.date_start, e.date_end, e.precision, e.year) == ("2022-01-01", None, "open", "explicit")


def test_reference_inferred_from_apposition() -> None:
    paragraphs = ["今年（2024年）是专项行动攻坚年。", "今年3月，警方破案。"]
    assert resolve_reference(paragraphs, None) == ("2024-12-31", "inferred")
    assert extract_events(paragraphs, None)[-1].date_start == "2024-03-01"
    assert resolve_reference(["去年（2023年）警情下降。"], None) == ("2024-12-31", "inferred")


def test_reference_inferred_when_bounds_meet() -> None:
    paragraphs = ["2024年12月15日，多辆汽车玻璃被砸。", "2024年，车谷公安将始终坚持政治引领。"]
    assert resolve_reference(paragraphs, None) == ("2024-12-31", "inferred")
    paragraphs[1] = "2025年，车谷公安将始终坚持政治引领。"  # 2024 <= reference <= 2025: no single year
    assert resolve_reference(paragraphs, None) == (None, "unknown")


def test_user_reference_wins() -> None:
    (e,) = extract_events(["今年3月，警方破案。"], "2025-07-07", reference="2020-05-01")
    assert e.date_start == "2020-03-01" and e.year == "inferred"
    with pytest.raises(ValueError):
        extract_events(["今年3月"], None, reference="next year")


# ---------------------------------------------------------------- chaining


def test_chained_year_is_inferred_not_explicit() -> None:
    events = extract_events(["2024年12月15日，案发。民警于12月17日将其抓获。"], None)
    assert [(e.date_start, e.year) for e in events] == [("2024-12-15", "explicit"), ("2024-12-17", "inferred")]


def test_chain_stays_within_paragraph() -> None:
    events = extract_events(["2023年11月，步巡队组建。", "10月24日，群众报警。"], None)
    assert events[1].year == "unknown" and events[1].date_start is None


def test_anaphora_without_anchor_is_no_event() -> None:
    assert extract_events(["当日，民警赶到现场。"], "2024-06-15") == []
    assert [s[3] for s in time_spans(["当日，民警赶到现场。"])] == ["当日"]


def test_anaphora_on_unknown_year_stays_unknown() -> None:
    events = extract_events(["8月15日一早，派出所接到报警，并于次日上午将嫌疑人抓获。"], None)
    assert [(e.text, e.year, e.date_start) for e in events] == [
        ("8月15日一早", "unknown", None), ("次日上午", "unknown", None)]
    again = extract_events(["8月15日一早，派出所接到报警，并于次日上午将嫌疑人抓获。"], None, reference="2024-12-31")
    assert again[1].date_start == "2024-08-16"


# ---------------------------------------------------------------- non-events and false positives

DURATIONS = ["仅3分钟便将落水者救上岸", "28年的传承与坚守", "8小时内成功恢复数据", "一年时间，足迹历经全国",
             "连续5小时不间断巡逻", "来到车谷公安才仅仅2个月", "从警18年来", "连续28年前赴后继", "3天内就解决了",
             "纠纷一日内即被化解", "历时十一年来回奔波", "24小时热线开通"]
VAGUE = ["近年来", "近日", "目前", "截至目前", "如今", "近期", "今后", "日前", "长期以来"]
FALSE_POSITIVES = ["“5号码头”等景点", "中船710所", "拨打120呼叫救护车", "落实“1、3、5分钟”快速响应",
                   "95后民警", "00后警花", "一瓶43度茅台", "交管12123", "拨打13800138000", "钢花新村114街坊",
                   "五一路派出所", "八一广场", "政治清明", "统一月度考核", "1751874246696775.png",
                   "鄂ICP备2020021375号", "2025111日", "推行“5110”警务支援", "3号线", "第十一名", "5号楼",
                   "历经2000年风雨", "在节日前夕", "来往年轻人"]


@pytest.mark.parametrize("text", DURATIONS)
def test_durations_are_neither_events_nor_spans(text: str) -> None:
    assert time_spans([text]) == []
    assert extract_events([text], "2024-06-15") == []


@pytest.mark.parametrize("word", VAGUE)
def test_vague_words_are_spans_not_events(word: str) -> None:
    text = f"{word}，民警开展走访。"
    assert [s[3] for s in time_spans([text])] == [word]
    assert extract_events([text], "2024-06-15") == []
    assert find_time_expressions(text)[0].vague


@pytest.mark.parametrize("text", FALSE_POSITIVES)
def test_false_positives(text: str) -> None:
    assert find_time_expressions(text) == []


def test_recurring_dates_are_spans_not_events() -> None:
    for text in ("每年3月，警方开展宣传。", "每逢春节期间，民警坚守岗位。"):
        assert extract_events([text], "2024-06-15") == []
        assert len(time_spans([text])) == 1


def test_age_is_not_this_year() -> None:
    assert find_time_expressions("爹爹今年70多岁，晚上出来散步") == []


def test_year_followed_by_china_is_not_midyear() -> None:
    assert [e.text for e in find_time_expressions("2023年中国GDP增长")] == ["2023年"]


def test_school_day_needs_a_date() -> None:
    exprs = find_time_expressions("9月2日武汉开学首日，民警来到小学。")
    assert [(e.text, e.vague) for e in exprs] == [("9月2日", False), ("开学首日", True)]


# ---------------------------------------------------------------- offsets, labels, helpers


def test_offsets_and_longest_match() -> None:
    text = "据统计，自2023年11月组建以来，这支队伍2024年国庆期间服务群众，5月17日至19日开展演练。"
    exprs = find_time_expressions(text)
    assert [e.text for e in exprs] == ["自2023年11月组建以来", "2024年国庆期间", "5月17日至19日"]
    for e in exprs:
        assert text[e.start:e.end] == e.text


def test_label_and_sentence() -> None:
    text = "青山公安为更好地服务社区居民，于2023年5月成立青和居社区警务团队，将户政窗口整体搬迁。另一句。"
    (e,) = extract_events([text], None)
    assert e.label == "成立青和居社区警务团队"
    assert event_sentence(text, e) == "青山公安为更好地服务社区居民，于2023年5月成立青和居社区警务团队，将户政窗口整体搬迁。"
    (e,) = extract_events(["9月16日，八吉府街派出所接到一公司员工报警，称因货物管理费纠纷被扣留。"], "2024-12-01")
    assert e.label == "八吉府街派出所接到一公司员工报警"
    (e,) = extract_events(["“救命啊！有人落水了！”9月9日晚，一名女大学生落水。"], "2024-12-01")
    assert e.label == "一名女大学生落水"
    (e,) = extract_events(["“我志愿加入中国共产党……”今年7月1日，9名新党员举起右拳宣誓。"], "2024-12-01")
    assert e.label == "9名新党员举起右拳宣誓"


def test_fullwidth_digits_keep_offsets() -> None:
    text = "于２０２４年１２月１５日案发"
    (e,) = find_time_expressions(text)
    assert text[e.start:e.end] == "２０２４年１２月１５日" and e.form.year == 2024


@pytest.mark.parametrize("s,n", [("2024", 2024), ("二〇二四", 2024), ("二零二三", 2023), ("十", 10), ("十二", 12),
                                 ("二十一", 21), ("廿一", 21), ("三十", 30), ("两", 2), ("一百二十", 120), ("x", None)])
def test_cn_to_int(s: str, n: int | None) -> None:
    assert cn_to_int(s) == n


def test_festival_tables_cover_2000_to_2035() -> None:
    cal = festivals.load()
    for table in cal.tables.values():
        assert set(table) == set(range(2000, 2036))
    assert cal.day("spring_festival", 2024) == date(2024, 2, 10)
    assert cal.day("spring_festival", 2025) == date(2025, 1, 29)
    assert cal.day("lunar_new_years_eve", 2025) == date(2025, 1, 28)
    assert cal.day("mid_autumn", 2025) == date(2025, 10, 6)
    assert cal.holiday("national", 2024) == (date(2024, 10, 1), date(2024, 10, 7))
    assert cal.eve("party", 2025) == (date(2025, 6, 24), date(2025, 6, 30))
    assert cal.day("spring_festival", 2040) is None
