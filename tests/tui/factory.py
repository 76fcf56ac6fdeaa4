"""Derived-store documents built in memory, so TUI tests need no build (and no jieba).

Each is a ``store.db.schema.Document``, the type ``store.ingest.build`` makes:
paragraphs, entities with code-point offsets, events, unit records and a reference
date. Offsets are found by searching the text, so the fixtures stay right when a
sentence is edited.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from store.db.schema import Document, Entity, Event, Paragraph

CITY = "武汉市公安局"
QINGSHAN = "武汉市公安局青山区分局"
XINGOUQIAO = "武汉市公安局青山区分局新沟桥街派出所"
BAJIFU = "武汉市公安局青山区分局八吉府街派出所"
WANGAN = "武汉市公安局青山区分局网安大队"
JIANGXIA = "武汉市公安局江夏区分局"
MIAOSHAN = "武汉市公安局江夏区分局庙山派出所"
JINGKAI = "武汉经开区公安分局"
XINGZHEN = "武汉经开区公安分局刑侦大队"
RENKOU = "武汉经开区公安分局人口大队"


def unit(key: str, name: str, parent: str | None, level: str, aliases: tuple[str, ...] = (), inferred: bool = False) -> dict[str, Any]:
    return {"key": key, "name": name, "aliases": list(aliases), "parent": parent, "parent_inferred": inferred, "level": level}


UNITS = {
    CITY: unit(CITY, "武汉市公安局", None, "city", ("武汉公安",)),
    QINGSHAN: unit(QINGSHAN, "青山区分局", CITY, "district", ("青山公安", "武汉化学工业区分局")),
    XINGOUQIAO: unit(XINGOUQIAO, "新沟桥街派出所", QINGSHAN, "station"),
    BAJIFU: unit(BAJIFU, "八吉府街派出所", QINGSHAN, "station"),
    WANGAN: unit(WANGAN, "网安大队", QINGSHAN, "brigade"),
    JIANGXIA: unit(JIANGXIA, "江夏区分局", CITY, "district"),
    MIAOSHAN: unit(MIAOSHAN, "庙山派出所", JIANGXIA, "station"),
    JINGKAI: unit(JINGKAI, "经开区公安分局", CITY, "district", ("车谷公安",), inferred=True),
    XINGZHEN: unit(XINGZHEN, "刑侦大队", JINGKAI, "brigade"),
    RENKOU: unit(RENKOU, "人口大队", JINGKAI, "brigade", ("人口管理大队",)),
}


class DocBuilder:
    def __init__(self, id: str, title: str, source: str | None, published: str | None, original_title: str | None = None) -> None:
        self.doc = Document(
            id=id,
            title=title,
            paragraphs=(),
            original_title=original_title,
            source=source,
            published=published,
            path=f"seeds/{id}.txt",
            name=f"{id}.txt",
            reference=(published, "published" if published else "unknown"),
        )
        self.paragraphs: list[Paragraph] = []
        self.entities: list[Entity] = []
        self.events: list[Event] = []
        self.units: list[dict[str, Any]] = []

    def para(self, text: str, kind: str = "body", original: str | None = None) -> DocBuilder:
        self.paragraphs.append(Paragraph(len(self.paragraphs), text, kind, original))
        return self

    def _find(self, p: int, text: str, nth: int = 0) -> int:
        body = self.paragraphs[p].text
        start = -1
        for _ in range(nth + 1):
            start = body.find(text, start + 1)
        assert start >= 0, f"{text!r} not in paragraph {p}"
        return start

    def ent(self, type: str, p: int, text: str, key: str | None = None, nth: int = 0) -> DocBuilder:
        start = self._find(p, text, nth)
        self.entities.append(Entity(type, text, p, start, start + len(text), key or text))
        if type == "unit" and key and not any(u["key"] == key for u in self.units):
            self.units.append(dict(UNITS[key]))
        return self

    def event(self, p: int, text: str, date: str | None, label: str, precision: str = "day", year: str = "explicit", end: str | None = None) -> DocBuilder:
        start = self._find(p, text)
        self.events.append(Event(text, date, end or date, precision, year, label, p, start, start + len(text)))
        return self

    def build(self) -> Document:
        # A unit's ancestors are part of the hierarchy even when not mentioned here.
        keys = {u["key"] for u in self.units}
        for u in list(self.units):
            parent = u["parent"]
            while parent and parent not in keys:
                self.units.append(dict(UNITS[parent]))
                keys.add(parent)
                parent = UNITS[parent]["parent"]
        self.entities.sort(key=lambda e: (e.paragraph, e.start))
        return replace(
            self.doc,
            paragraphs=tuple(self.paragraphs),
            entities=tuple(self.entities),
            events=tuple(self.events),
            units=tuple(self.units),
        )


def repeated(doc: Document, copies: int) -> Document:
    """A long article: ``doc``'s paragraphs ``copies`` times over, entities shifted along."""
    n = len(doc.paragraphs)
    return replace(
        doc,
        paragraphs=tuple(replace(p, index=k * n + p.index) for k in range(copies) for p in doc.paragraphs),
        entities=tuple(replace(e, paragraph=k * n + e.paragraph) for k in range(copies) for e in doc.entities),
    )


def qingshan(id: str = "a1qingshan00", published: str | None = "2025-10-20") -> Document:
    b = DocBuilder(id, "保一方平安 促一方发展 青山公安高质高效服务地方经济", "网易号·武汉公安", published)
    b.para("在谋划“十五五”发展的关键之年，武汉市青山区作为国家重要工业基地，迎来高质量发展新篇章。高质量发展背后，有着武汉市公安局青山区分局全体民警辅警的忠诚守护。")
    b.para("从“等企来”到“上门去”", "heading")
    b.para("今年2月，青山印象城一舞蹈学校因经营不善倒闭，负责人失联，引发纠纷。武汉楷模、新沟桥街派出所民警程波主动走访，联动区文旅局、工商局等多部门搭建平台，协助学生顺利转学。")
    b.para("图为新沟桥街派出所民警走访辖区商户", "caption")
    b.para("9月16日，八吉府街派出所接到一公司员工报警，称其公司一批价值90万元的钢材被物流公司扣留。民警吴卫亚迅速联系供货企业，纠纷一日内即被化解。")
    b.para("2024年6月，青山公安与武汉钢铁有限公司安全保卫部签订警企党建共建协议，建立联合研判、联合破案等机制。")
    b.para("4月，网安大队、环食药侦大队、派出所侦破一起制售假酒案件，抓获7名犯罪嫌疑人，查封3个制酒窝点。")
    b.ent("place", 0, "武汉市青山区").ent("unit", 0, "武汉市公安局青山区分局", QINGSHAN)
    b.ent("time", 2, "今年2月").ent("place", 2, "青山印象城").ent("unit", 2, "新沟桥街派出所", XINGOUQIAO)
    b.ent("person", 2, "程波").ent("org", 2, "区文旅局").ent("org", 2, "工商局")
    b.ent("unit", 3, "新沟桥街派出所", XINGOUQIAO)
    b.ent("time", 4, "9月16日").ent("unit", 4, "八吉府街派出所", BAJIFU).ent("figure", 4, "90万元").ent("person", 4, "吴卫亚")
    b.ent("time", 5, "2024年6月").ent("unit", 5, "青山公安", QINGSHAN).ent("org", 5, "武汉钢铁有限公司")
    b.ent("time", 6, "4月").ent("unit", 6, "网安大队", WANGAN).ent("figure", 6, "7名").ent("figure", 6, "3个")
    b.event(2, "今年2月", "2025-02-01", "舞蹈学校倒闭引发纠纷", "month", "inferred", "2025-02-28")
    b.event(4, "9月16日", "2025-09-16", "八吉府街派出所化解钢材纠纷", "day", "inferred")
    b.event(5, "2024年6月", "2024-06-01", "签订警企党建共建协议", "month", "explicit", "2024-06-30")
    b.event(6, "4月", "2025-04-01", "侦破制售假酒案件", "month", "inferred", "2025-04-30")
    return b.build()


def jiangxia(id: str = "b2jiangxia00", published: str | None = "2025-07-07") -> Document:
    b = DocBuilder(id, "汤逊湖畔的“管家警务”", "今日湖北", published, original_title="湯遜湖畔的“管家警務”")
    b.para(
        "近年来，武汉市公安局江夏区分局庙山派出所坚持党建引领下的多元共治，广泛发动社区力量。",
        original="近年來，武漢市公安局江夏區分局廟山派出所堅持黨建引領下的多元共治，廣泛發動社區力量。",
    )
    b.para("“红色管家”遍布大街小巷", "heading", original="“紅色管家”遍布大街小巷")
    b.para(
        "2022年组队以来，“红色管家”们累计接受群众求助1480次，化解邻里矛盾纠纷879起，获赠群众锦旗46面。",
        original="2022年組隊以來，“紅色管家”們累計接受群眾求助1480次，化解鄰里矛盾糾紛879起，獲贈群眾錦旗46面。",
    )
    b.para(
        "由派出所功模民警潘时涛命名的政法先锋队牵头，吸附社区工作人员、居民、物业保安参与巡逻。",
        original="由派出所功模民警潘時濤命名的政法先鋒隊牽頭，吸附社區工作人員、居民、物業保安參與巡邏。",
    )
    b.ent("unit", 0, "武汉市公安局江夏区分局庙山派出所", MIAOSHAN).ent("org", 1, "红色管家")
    b.ent("time", 2, "2022年").ent("org", 2, "红色管家").ent("figure", 2, "1480次").ent("figure", 2, "879起").ent("figure", 2, "46面")
    b.ent("person", 3, "潘时涛")
    b.event(2, "2022年", "2022-01-01", "“红色管家”组队", "year", "explicit", "2022-12-31")
    return b.build()


def chegu(id: str = "c3chegu00000", published: str | None = None) -> Document:
    b = DocBuilder(id, "车谷公安用开拓进取写就“平安答卷”", "网易湖北", published)
    b.para("2024年12月15日，多名居民停在紫郡兰园东北侧马路边的汽车玻璃被人砸坏，车内财物被盗。接警后，武汉经开区公安分局刑侦大队民警周钰迅速开展侦查。")
    b.para("实战强警 让广大青年民警更快成长成才", "heading")
    b.para("武汉经开区公安分局95后民警肖宇航参警时间不长，从刑侦大队来到大数据实战中心。")
    b.para("近年来，武汉经开区分局人口大队不断完善“警企联建”工作机制，有效保障辖区企业生产。")
    b.para("每年春节前后，人口大队都会走访辖区企业，排查安全隐患。")
    b.ent("time", 0, "2024年12月15日").ent("place", 0, "紫郡兰园").ent("unit", 0, "武汉经开区公安分局刑侦大队", XINGZHEN).ent("person", 0, "周钰")
    b.ent("unit", 2, "武汉经开区公安分局", JINGKAI).ent("person", 2, "肖宇航").ent("unit", 2, "刑侦大队", XINGZHEN)
    b.ent("unit", 3, "武汉经开区分局人口大队", RENKOU).ent("unit", 4, "人口大队", RENKOU).ent("time", 4, "春节前后")
    b.event(0, "2024年12月15日", "2024-12-15", "汽车玻璃被砸、财物被盗", "day", "explicit")
    b.event(4, "春节前后", None, "走访辖区企业排查隐患", "range", "unknown")
    return b.build()


HOSTILE = "[@click=app.quit]x[/] [/] [bold]"
ESCAPE = "\x1b]52;c;aGk=\x07"


def hostile(id: str = "d4hostile000") -> Document:
    """Markup and an OSC 52 clipboard escape in the title and body: must show literally."""
    b = DocBuilder(id, f"{HOSTILE} 注入测试{ESCAPE}", f"[red]{HOSTILE}", "2025-01-01")
    b.para(f"注入测试：{HOSTILE} 不应加粗，也不应退出。{ESCAPE}结束")
    b.para(f"[/]{HOSTILE}", "heading")
    b.ent("person", 0, HOSTILE)
    key = "[/]注入派出所[bold]"
    start = b.paragraphs[0].text.index("注入测试")
    b.entities.append(Entity("unit", "注入测试", 0, start, start + 4, key))
    b.units.append({"key": key, "name": f"{key}{ESCAPE}", "aliases": ["[@click=app.quit]"], "parent": None, "parent_inferred": False, "level": "station"})
    b.event(0, "注入测试", "2025-01-01", f"{HOSTILE}{ESCAPE}", "day", "explicit")
    return b.build()


def sample_docs() -> list[Document]:
    return [qingshan(), jiangxia(), chegu()]


def synthetic_docs(n: int) -> list[Document]:
    """``n`` articles made by varying the fixtures' ids, dates and titles (benchmarks)."""
    makers = (qingshan, jiangxia, chegu)
    out = []
    for i in range(n):
        month, day = 1 + i % 12, 1 + i % 28
        doc = makers[i % 3](id=f"{i:012x}", published=f"20{15 + i % 10}-{month:02d}-{day:02d}")
        # Spread mentions over many synthetic stations so the unit index is realistic.
        station = f"{QINGSHAN}第{i % 400}派出所"
        p = len(doc.paragraphs)
        name = f"第{i % 400}派出所"
        doc = replace(
            doc,
            title=f"{doc.title} 第{i}期",
            path=f"sources/{i:012x}.txt",
            paragraphs=(*doc.paragraphs, Paragraph(p, f"{name}民警持续开展走访，这是第{i}次。")),
            entities=(*doc.entities, Entity("unit", name, p, 0, len(name), station)),
            units=(*doc.units, {"key": station, "name": name, "aliases": [], "parent": QINGSHAN, "parent_inferred": False, "level": "station"}),
        )
        out.append(doc)
    return out
