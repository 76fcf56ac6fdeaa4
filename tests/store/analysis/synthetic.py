"""A small invented corpus whose answers are known by construction (no build, no jieba).

Five articles (ids sorted newest first in the store's list order):

- ``r1`` (2024-01-10, 甲报) and ``r2`` (2024-03-05, 乙网): one bulletin and its repost; r2
  drops one paragraph and adds another. ``r3`` (2024-02-20, 丙报) is unrelated.
- ``f1`` (2024-05-06) says 青山公安 has 累计破获案件40起; ``f2`` (2024-08-09) says 累计破获案件35起:
  a cumulative total that went down (one contradiction).

Known answers (asserted in the tests): 诈骗 occurs 3 times in r1, 2 in r2, 0 elsewhere;
新沟桥街派出所 and 青山区分局 share paragraphs in r1 and r2 (twice) and r3 (once); 庙山派出所
is mentioned only in r3.
"""

from __future__ import annotations

from pathlib import Path

from store.db import derived
from store.db.paths import Home
from store.db.schema import Document
from tests.tui.factory import MIAOSHAN, QINGSHAN, XINGOUQIAO, DocBuilder

PLACES = "东湖 沙湖 南湖 墨水湖 后官湖 汤逊湖 严西湖 北湖 青山港 白玉山".split()
THINGS = "走失老人 醉酒男子 遗失钱包 被困儿童 受伤骑手 漏水管道 占道摊点 高空坠物 噪音扰民 可疑车辆".split()


def _body(offset: int) -> list[str]:
    """Ten sentences of invented patrol news, different for different ``offset``."""
    return [
        f"第{i + offset}次巡逻中，民警在{PLACES[(i + offset) % 10]}附近发现{THINGS[(i * 3 + offset) % 10]}，随即妥善处置。"
        for i in range(10)
    ]


def repost_pair() -> tuple[Document, Document]:
    lead = "青山区分局新沟桥街派出所近日破获一起电信诈骗案，诈骗分子冒充客服行骗。"
    tail = "警方提醒：凡是自称客服要求转账的，都是诈骗。"
    r1 = DocBuilder("r1", "新沟桥街派出所破获电信诈骗案", "甲报", "2024-01-10")
    r1.para(lead).para("".join(_body(0)[:5])).para("".join(_body(0)[5:])).para(tail)
    r1.ent("unit", 0, "青山区分局", QINGSHAN).ent("unit", 0, "新沟桥街派出所", XINGOUQIAO)
    r1.event(0, "近日", "2024-01-05", "破获电信诈骗案", "day", "inferred")
    r2 = DocBuilder("r2", "新溝橋街派出所破獲電信詐騙案", "乙网", "2024-03-05")
    r2.para(lead).para("".join(_body(0)[:5])).para("".join(_body(0)[5:])).para("记者从现场了解到，群众纷纷点赞。")
    r2.ent("unit", 0, "青山区分局", QINGSHAN).ent("unit", 0, "新沟桥街派出所", XINGOUQIAO)
    return r1.build(), r2.build()


def unrelated() -> Document:
    r3 = DocBuilder("r3", "庙山派出所开展夜间巡逻", "丙报", "2024-02-20")
    r3.para("".join(_body(37)[:5])).para("庙山派出所与青山区分局新沟桥街派出所联合开展巡逻。").para("".join(_body(53)[5:]))
    r3.ent("unit", 1, "庙山派出所", MIAOSHAN).ent("unit", 1, "青山区分局", QINGSHAN).ent("unit", 1, "新沟桥街派出所", XINGOUQIAO)
    return r3.build()


def figure_pair() -> tuple[Document, Document]:
    f1 = DocBuilder("f1", "青山公安上半年战果", "甲报", "2024-05-06")
    f1.para("今年以来，青山公安累计破获案件40起，抓获犯罪嫌疑人12名，挽回损失700余万元。")
    f1.ent("unit", 0, "青山公安", QINGSHAN).ent("figure", 0, "40起").ent("figure", 0, "12名").ent("figure", 0, "700余万元")
    f2 = DocBuilder("f2", "青山公安前八月战果", "乙网", "2024-08-09")
    f2.para("今年以来，青山公安累计破获案件35起，接处警情一千二百起。")
    f2.ent("unit", 0, "青山公安", QINGSHAN).ent("figure", 0, "35起").ent("figure", 0, "一千二百起")
    return f1.build(), f2.build()


def docs() -> list[Document]:
    return [*repost_pair(), unrelated(), *figure_pair()]


def write_home(root: Path) -> Home:
    """A data home holding :func:`docs` (no build)."""
    home = Home(root)
    derived.write(home.root, {}, docs(), rank=lambda row: 0)
    return home
