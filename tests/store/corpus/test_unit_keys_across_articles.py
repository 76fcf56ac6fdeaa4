"""One key per police branch across a corpus, however each article writes it (issue 13).

A synthetic corpus of short bulletins names the same branches in full, short, as X警方 /
X公安, under a station, and by a district name several cities share; the unit index must
count each branch once, so the picker's "N× in M articles" adds up.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from store.corpus.corpus import Corpus
from store.corpus.query import CorpusIndex
from store.db.schema import Document
from store.ingest.build import analyse_source
from store.ingest.sources import source_from_bytes

TIANHE = "广州市公安局天河分局"
WUZHONG = "苏州市公安局吴中分局"
ARTICLES = [
    "天河分局破获诈骗案\n\n广州市公安局天河区分局近日破获一起电信诈骗案，抓获嫌疑人5名。",
    "民警抓获盗窃嫌疑人\n\n本报广州5月3日讯 天河分局民警在辖区巡逻时抓获一名盗窃嫌疑人。",
    "警方提醒谨防诈骗\n\n广州天河警方提醒市民谨防网络刷单诈骗。",
    "社区民警走访商户\n\n天河区公安分局天园派出所民警走访辖区商户，宣传防范知识。",
    "夜查行动\n\n广州市天河区公安分局联合交警部门开展夜查行动。",
    "景区盗窃\n\n苏州吴中警方通报，一男子在景区盗窃游客手机，已被行政拘留。",
    "非法集资案\n\n苏州市公安局吴中分局破获一起非法集资案。",
    "反诈宣传\n\n吴中公安分局民警走进社区开展反诈宣传，苏州市公安局相关负责人到场。",
    "朝阳分局破案\n\n本报北京6月1日讯 朝阳分局破获一起入室盗窃案。",
    "朝阳分局破案\n\n长春市公安局通报，朝阳分局破获一起入室盗窃案。",
]


@pytest.fixture(scope="module")
def index() -> CorpusIndex:
    docs = []
    for i, text in enumerate(ARTICLES):
        doc = analyse_source(source_from_bytes(text.encode("utf-8"), Path(f"bulletin{i}.txt")))
        assert isinstance(doc, Document), doc
        docs.append(replace(doc, id=f"bulletin{i}"))  # ids are given at import
    return CorpusIndex.build(Corpus.from_docs(docs))


@pytest.mark.parametrize(
    ("key", "articles"),
    [
        (TIANHE, 5),  # in full, short after a dateline, 广州天河警方, under its station, 广州市天河区公安分局
        (WUZHONG, 3),  # 苏州吴中警方 = 苏州市公安局吴中分局 = 吴中公安分局
        ("北京市公安局朝阳分局", 1),  # a district name two cities share, settled by the dateline
        ("长春市公安局朝阳分局", 1),  # ... and by the city bureau the article names
    ],
)
def test_one_key_per_branch_across_articles(index: CorpusIndex, key: str, articles: int) -> None:
    assert index.unit_counts(key)[1] == articles


def test_no_written_form_gets_a_key_of_its_own(index: CorpusIndex) -> None:
    branches = {k for k in index.units if ("天河" in k or "吴中" in k or "朝阳" in k) and not k.endswith("派出所")}
    assert branches == {TIANHE, WUZHONG, "北京市公安局朝阳分局", "长春市公安局朝阳分局"}
    assert index.units[f"{TIANHE}天园派出所"].parent == TIANHE
