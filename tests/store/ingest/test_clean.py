"""The cleaner on each seed: expectations written from reading the raw pages."""

from __future__ import annotations

import pytest

from store.ingest.clean import clean_text
from store.text.sanitize import has_control
from tests.conftest import seed_text


@pytest.fixture(scope="module")
def seeds():
    return {p: clean_text(seed_text(p), p) for p in ("000", "001", "002", "003", "004")}


def body(result) -> str:
    return "\n".join(p.text for p in result.paragraphs)


def kinds(result, kind: str) -> list[str]:
    return [p.text for p in result.paragraphs if p.kind == kind]


JUNK = {
    "000": ["网易首页", "申请入驻", "分享至", "相关推荐", "热点推荐", "华子胖虎", "头条要闻", "无障碍浏览", "关怀版",
            "Notice", "特别声明", "审 核", "李彤华", "值班编辑", "稿件来源", "incentive-icons", "2026-02-07",
            "近日要览", "往期回顾", "公开课", "李玫瑾"],
    "001": [],
    "002": [],
    "003": ["(qū)", "(dāng)", "ǎ", "ō", ".png", "</span>", "span>", "主站蜘蛛池模板", "靖江市", "版权所有", "技术支持",
            "责任编辑", "郭永安", "您的当前位置", "地方频道", "15:45:07", "椤", "鲃", "瑥", "\u00a0", "?"],
    "004": ["网易首页", "分享至", "相关推荐", "贺晓龙", "王祖蓝", "头条要闻", "哪吒", "无障碍浏览", "2025-02-19 10:29",
            "态度原创", "军事要闻"],
}


@pytest.mark.parametrize("seed", sorted(JUNK))
def test_no_junk_survives(seeds, seed):
    text = body(seeds[seed]) + seeds[seed].title
    for junk in JUNK[seed]:
        assert junk not in text, junk
    assert not has_control(text)
    assert all("\n" not in p.text and p.text == p.text.strip() and p.text for p in seeds[seed].paragraphs)


@pytest.mark.parametrize(
    ("seed", "title", "published", "source"),
    [
        ("000", "【一线传真】保一方平安 促一方发展 青山公安高质高效服务地方经济", "2026-02-08", "网易号/警苑心语"),
        ("001", "党建铸魂 锻造过硬公安铁军", None, None),
        ("002", "夯实平安基石 提升幸福成色", None, None),
        ("003", "荆楚“枫”景 / 汤逊湖畔的“管家警务”", "2025-07-07", "今日湖北"),
        ("004", "车谷公安用开拓进取写就“平安答卷”", "2025-02-19", "网易湖北"),
    ],
)
def test_title_date_source(seeds, seed, title, published, source):
    r = seeds[seed]
    assert (r.title, r.published, r.source) == (title, published, source)


@pytest.mark.parametrize(
    ("seed", "first", "last"),
    [
        ("000", "在谋划“十五五”发展的关键之年", "为青山区经济社会高质量发展注入源源不断的公安动能。"),
        ("001", "“协议书签订后，警企双方将聚焦涉及武钢企业安全的具体方面", "着力营造安全、有序的良好氛围。"),
        ("002", "平安，让群众幸福成色更足，是基层治理的出发点和最终目标。", "助推武汉公安工作高质量发展。"),
        ("003", "近年来，获评第三批全国“枫桥式公安派出所”命名的", "书写“矛盾不上交、平安不出事、服务不缺位”的为民答卷。"),
        ("004", "武汉经开区因车而建、因车而兴", "在平安武汉建设征程中贡献车谷公安力量。"),
    ],
)
def test_first_and_last_sentences(seeds, seed, first, last):
    paras = [p.text for p in seeds[seed].paragraphs if p.kind == "body"]
    assert paras[0].startswith(first)
    assert paras[-1].endswith(last)


def test_netease_editorial_lines_become_metadata(seeds):
    assert seeds["000"].metadata == {"审核": "李彤华", "值班编辑": "安然", "稿件来源": "平安武汉"}
    assert kinds(seeds["000"], "heading")[:2] == ["从“等企来”到“上门去”", "精耕优化营商环境“责任田”"]
    assert seeds["000"].removed["trailer_lines"] > 50


def test_newspaper_wraps_rejoined(seeds):
    r = seeds["001"]
    text = body(r)
    assert "把社区民警第二张办公桌搬到百姓家门口" in text  # column break mid-word
    assert "政治轮训3期3400余人次，开展各类技能培训" in text  # column break before "次，"
    assert "为辖区企业开辟“绿色通道”，提供上门办证" in text
    assert "这是武汉市公安局青山区分局（钢城分局、化学工业区分局）（以下简称青山公安）与武汉钢铁有限公司安全保卫部签订" in text
    for p in r.paragraphs:
        if p.kind == "body":
            assert len(p.text) >= 12 and any(ch in p.text for ch in "。！？…"), p.text
    assert kinds(r, "heading") == [
        "党建引领凝心铸魂 共建共治智慧赋能",
        "青山公安“三手齐抓”锻造公安铁军守护平安钢城",
        "数据赋能 练就合成作战尖兵",
        "夜警出更 当好平安“守夜人”",
        "主动服务 搭建警民“连心桥”",
    ]
    assert kinds(r, "caption") == [
        "夏日巡查再出发。",
        "青山公安“英模背包服务队”进企业服务。",
        "全国公安系统二级英模王勇带领青年民警入党宣誓。",
        "民警在武汉钢铁有限公司大门前进行安全检查。",
        "民警为群众提供法律咨询。",
    ]
    assert 40 <= len(r.paragraphs) <= 60


def test_fragments_kept_and_breaks_joined(seeds):
    r = seeds["002"]
    paras = [p.text for p in r.paragraphs]
    assert any(p.startswith("工作机制，打造共建共治共享的基层社会治理格局") for p in paras)  # missing text: kept
    assert "案，与人民群众的切身利益息息相关。" in paras
    assert any("还创新“定制服务”、促进“主动服务”。" in p for p in paras)
    assert any("不禁欣喜地大声感叹。" in p for p in paras)
    assert any("据悉，武汉公安正积极探索无人机治安巡逻" in p for p in paras)
    assert "立体防控 违法犯罪无所遁形" in kinds(r, "heading")
    assert "精准施策 切实增进民生福祉" in kinds(r, "heading")
    assert len(kinds(r, "caption")) == 5


def test_traditional_page_repaired_and_simplified(seeds):
    r = seeds["003"]
    text = body(r)
    assert "迅速转变□“主动共治”，从而赢得辖区居民广泛赞誉" in text
    assert "让师生从“旁观者”变□“参与者”" in text
    assert "遇到歹徒□校门" in text
    assert "迅速演变□1500余名队员" in text
    assert "武汉市公安局江夏区分局庙山派出所" in text
    assert r.original_title == "荊楚“楓”景 / 湯遜湖畔的“管家警務”"
    originals = [p.original for p in r.paragraphs if p.original]
    assert any("主動共治" in o for o in originals)
    assert r.removed["pinyin"] > 100 and r.removed["mojibake"] == 4 and r.removed["image"] == 5
    assert kinds(r, "heading")[1] == "“红色管家”遍布大街小巷，警社融合解决群众“急难愁盼”"
    assert r.metadata["作者"] == "郭永安 李蓓"


def test_offsets_are_python_indices_over_simplified_text(seeds):
    for r in seeds.values():
        assert [p.index for p in r.paragraphs] == list(range(len(r.paragraphs)))


def test_inline_image_names_take_no_chinese_with_them():
    r = clean_text("标题\n\n民警在巡逻photo1.png。\n\n微信图片_20250101.jpg\n")
    assert [p.text for p in r.paragraphs] == ["民警在巡逻。"]
    assert r.removed["image"] == 2


def test_editorial_label_with_its_value_on_the_next_line():
    r = clean_text("标题\n\n来源：\n\n今日湖北\n\n民警在巡逻。\n责任编辑：\n张三\n")
    assert [p.text for p in r.paragraphs] == ["民警在巡逻。"]
    assert (r.source, r.metadata["责任编辑"]) == ("今日湖北", "张三")
