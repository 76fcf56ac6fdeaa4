"""Cleaning pages nobody here wrote: one synthetic page per kind of site, in the shapes real ones take.

Each page was written for this suite after reading real police-news pages from many kinds
of site (national and city news portals, newspaper e-editions, police and government
portals, reposts on aggregators, content farms, a forum); the wording is invented, the
furniture and metadata take the shapes those sites print. Every case lists what must be
removed, what body text must survive, and what metadata must be found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from store.db.metadata import bylines
from store.ingest.clean import clean_text


@dataclass(frozen=True)
class Page:
    id: str
    text: str
    gone: tuple[str, ...]
    kept: tuple[str, ...]
    published: str | None = None
    source: str | None = None
    people: tuple[tuple[str, str], ...] = ()
    meta: dict[str, str] = field(default_factory=dict)
    title: str | None = None


PAGES = [
    Page(
        "city-portal-breadcrumb-share",
        "当前位置：首页 > 警务动态 > 正文内容\n\n城西分局破获一起系列盗窃案\n\n发布时间：2024-09-05 10:21 来源：城西公安\n"
        "字号：大 中 小\n\n近日，城西分局刑侦大队经过连续摸排，成功破获一起系列入室盗窃案，抓获犯罪嫌疑人2名。\n\n"
        "经审讯，两人对作案事实供认不讳，目前已被依法刑事拘留。\n\n分享到：微信 微博 QQ空间\n\n【打印本页】【关闭窗口】\n",
        gone=("当前位置", "首页", "分享到", "打印本页", "关闭窗口", "字号", "微博"),
        kept=("成功破获一起系列入室盗窃案", "目前已被依法刑事拘留。"),
        published="2024-09-05",
        source="城西公安",
        title="城西分局破获一起系列盗窃案",
        meta={"发布时间": "10:21"},
    ),
    Page(
        "government-portal-footer",
        "您的位置：首页 » 政务公开 » 公安要闻\n\n县公安局开展夏季治安巡查\n\n日期：2023/07/12\n\n"
        "为维护辖区夏季治安秩序，县公安局组织民警在夜市、广场等重点部位开展巡查。\n\n"
        "巡查中，民警向群众发放宣传资料三千余份。\n\n网站地图 | 联系我们 | 网站声明\n\n"
        "主办单位：某县人民政府办公室 承办单位：某县大数据中心\n\n政府网站标识码：1234000000\n\n"
        "某ICP备12345678号-1 某公网安备 12345678901234号\n",
        gone=("您的位置", "网站地图", "主办单位", "承办单位", "网站标识码", "ICP备", "公网安备"),
        kept=("开展巡查。", "发放宣传资料三千余份。"),
        published="2023-07-12",
    ),
    Page(
        "newspaper-e-edition",
        "第A05版：法治·社会\n\n上一版  下一版\n\n巷子里的深夜巡逻\n\n本报记者 周明远 通讯员 卢晓青 韩冬\n\n"
        "本报讯 凌晨一点，城东派出所社区民警带着两名辅警走进老城区的小巷，检查门窗、提醒商户关好卷帘门。\n\n"
        "“夜里多走一趟，群众就多一分安心。”民警说。\n\n上一篇  下一篇  放大 缩小 默认\n",
        gone=("上一版", "下一篇", "放大", "周明远", "通讯员"),
        kept=("凌晨一点，城东派出所社区民警", "群众就多一分安心。"),
        people=(("记者", "周明远"), ("通讯员", "卢晓青"), ("通讯员", "韩冬")),
        meta={"版面": "第A05版：法治·社会"},
    ),
    Page(
        "dateline-with-credits",
        "跨省追逃十六小时 盗窃团伙落网\n\n某某网8月20日讯（通讯员 张迎春 汤思远）近日，某市多辆汽车车窗被砸，"
        "区公安分局迅速出击，16小时内将犯罪嫌疑人抓获。\n\n办案民警连夜驱车赶赴外省，将犯罪嫌疑人黄某某等人抓获归案。\n\n"
        "来源：某某网\n作者：张迎春 汤思远\n编辑：龙小琪\n本站原创文章，转载请附上原文链接。\n",
        gone=("通讯员 张迎春", "编辑：", "转载请附上"),
        kept=("某某网8月20日讯近日，某市多辆汽车车窗被砸", "将犯罪嫌疑人黄某某等人抓获归案。"),
        source="某某网",
        people=(("通讯员", "张迎春"), ("通讯员", "汤思远"), ("作者", "张迎春"), ("作者", "汤思远"), ("编辑", "龙小琪")),
    ),
    Page(
        "agency-dateline-and-closing-credit",
        "全国公安机关推进积案攻坚\n\n新华社北京12月11日电（记者熊晓丰、朱立国）今年以来，全国公安机关攻克一大批久侦未破的积案。\n\n"
        "公安部有关负责人表示，将继续保持高压态势。（责任编辑：杨一淼）\n",
        gone=("熊晓丰", "责任编辑"),
        kept=("新华社北京12月11日电今年以来", "将继续保持高压态势。"),
        people=(("记者", "熊晓丰"), ("记者", "朱立国"), ("责任编辑", "杨一淼")),
        meta={"电头": "北京 12月11日"},
    ),
    Page(
        "repost-aggregator-comments",
        "警方通报：男子醉驾撞护栏被查\n\n2025-03-02 18:40:12\n\n某某公安\n\n3月2日17时许，交警大队民警在城南路口查获一名醉驾男子。\n\n"
        "经检测，其血液酒精含量超过醉驾标准，已被依法采取刑事强制措施。\n\n0\n\n点赞 在看 分享\n\n"
        "全部评论\n\n开车的阿伟 3天前\n\n喝酒不开车，开车不喝酒。\n\n路人乙 2个月前 回复 12\n\nIP属地：广东\n",
        gone=("点赞", "阿伟", "3天前", "2个月前", "IP属地"),
        kept=("查获一名醉驾男子。", "已被依法采取刑事强制措施。"),
        published="2025-03-02",
        meta={"发布时间": "18:40:12"},
    ),
    Page(
        "content-farm-spam",
        "派出所民警帮老人找回走失老伴\n\n首页 新闻 社会 图片 视频 专题 评论\n\n来源：网络 2024-12-14\n\n"
        "12日傍晚，一位老人焦急地来到派出所求助，称老伴外出散步后一直未归。\n\n民警调取监控，两小时后在公园长椅上找到了老人。\n\n"
        "百家乐_时时彩_六合彩_娱乐城_真人视讯_棋牌游戏\n\n娱乐城 百家乐 在线观看 免费观看 高清无码\n",
        gone=("首页 新闻", "百家乐", "娱乐城", "免费观看"),
        kept=("老伴外出散步后一直未归。", "找到了老人。"),
        published="2024-12-14",
        source="网络",
    ),
    Page(
        "markdown-export",
        "# 反诈宣传进社区\n\n![](https://img.example.cn/a.jpg)\n\n|   |   |\n|---|---|\n\n"
        "5月13日傍晚，[某派出所](https://www.example.cn/pcs)民警在文体广场向过往群众讲解防骗知识。\n\n"
        "民警提醒，陌生人要求转账一律不信。\n",
        gone=("![", "https://", "|---|", "|   |"),
        kept=("某派出所民警在文体广场向过往群众讲解防骗知识。", "陌生人要求转账一律不信。"),
    ),
    Page(
        "traditional-portal",
        "本頁位置：首頁 → 新聞中心 → 社會新聞\n\n宿城警方懸掛警示橫幅織密防騙網\n\n"
        "【 字體：  稿件來源：縣公安局  作者：孫春明  時間：2025-08-14 09:50:00 】\n\n"
        "近日，縣公安局反電詐中心在小區門口懸掛警示橫幅，提醒群眾守護著自己的錢袋子。\n\n民警表示，這些標語都源自轄區真實案例。\n",
        gone=("本页位置", "字体", "孙春明"),
        kept=("提醒群众守护着自己的钱袋子。", "这些标语都源自辖区真实案例。"),
        published="2025-08-14",
        source="县公安局",
        people=(("作者", "孙春明"),),
        title="宿城警方悬挂警示横幅织密防骗网",
    ),
    Page(
        "news-portal-licence-footer",
        "新浪首页 > 新闻中心 > 社会新闻 > 正文\n\n巡警雨夜护送迷路儿童回家\n\nhttp://www.example.com.cn 2008年05月22日10:20 某某都市报\n\n"
        "22日晚，巡警大队民警在街头发现一名哭泣的男孩，经耐心询问得知其与家人走散。\n\n民警根据孩子描述的线索，一小时后将其送回家中。\n\n"
        "责任编辑：柴一敏\n图片编辑：朱二辉\n报料热线：021-96000000\n未经授权不得转载\n"
        "互联网新闻信息服务许可证：31120170006\nCopyright © 1996-2025 Example Corporation, All Rights Reserved\n",
        gone=("新浪首页", "报料热线", "未经授权", "许可证", "Copyright", "http://"),
        kept=("一名哭泣的男孩，经耐心询问得知其与家人走散。", "一小时后将其送回家中。"),
        published="2008-05-22",
        source="某某都市报",
        people=(("责任编辑", "柴一敏"), ("编辑", "朱二辉")),
    ),
    Page(
        "paper-page-date-line",
        "反诈民警的一天\n\n某某日报 07版法治 2024年06月03日\n\n一旦接到预警信息，民警会第一时间核实情况并进行电话劝阻。\n\n"
        "一次成功的劝阻，挽救的可能是一个家庭。\n",
        gone=("07版法治",),
        kept=("第一时间核实情况并进行电话劝阻。", "挽救的可能是一个家庭。"),
        published="2024-06-03",
        source="某某日报",
        meta={"版面": "07版法治"},
    ),
    Page(
        "bulletin-short-paragraphs",
        "警情通报\n\n2024年5月30日11时许，某区一女子在广场附近爬上警车车顶。\n\n"
        "经查，当事人周某系精神障碍患者，已由家属带回监护。\n\n互联网不是法外之地，请勿编造传播谣言。\n",
        gone=(),
        kept=("爬上警车车顶。", "已由家属带回监护。", "请勿编造传播谣言。"),
    ),
    Page(
        "ambiguous-date-line",
        "夜市巡逻记\n\n05/09/2024\n\n民警在夜市巡逻，提醒商户注意防火。\n\n商户纷纷表示支持。\n",
        gone=("05/09/2024",),
        kept=("提醒商户注意防火。",),
        published=None,
        meta={"日期存疑": "05/09/2024"},
    ),
    Page(
        "wechat-repost",
        "某某警方\n\n民警雨中托起摔倒老人\n\n原创 某某公安 2024-06-18 20:15 发表于某省\n\n"
        "6月17日傍晚，大雨中一位老人在路口摔倒，正在执勤的交警迅速上前将其扶起，并护送至路边商铺避雨。\n\n"
        "随后民警联系上老人家属，将老人安全交到家人手中。\n\n来源：某某公安\n审核：何一明\n编辑：蒋小二\n\n"
        "预览时标签不可点\n\n微信扫一扫关注该公众号\n\n继续滑动看下一个\n\n轻触阅读原文\n\n知道了\n",
        gone=("预览时标签", "微信扫一扫", "继续滑动", "轻触阅读原文", "知道了", "审核"),
        kept=("护送至路边商铺避雨。", "将老人安全交到家人手中。"),
        source="某某公安",
        published="2024-06-18",
        title="民警雨中托起摔倒老人",
        meta={"发布时间": "20:15"},
        people=(("审核", "何一明"), ("编辑", "蒋小二")),
    ),
    Page(
        "aggregator-tags-and-disclaimer",
        "巡逻民警救下落水少年\n\n热点 2023-08-02 09:12:40\n\n某地一少年在河边玩耍时不慎落水，巡逻民警跳入河中将其救起。\n\n"
        "少年被送医后已无大碍。\n\n某作者 93 0\n\nTAG：警方 | 救人 | 暑期\n\n文章链接：https://www.example.com/a/1.html\n\n"
        "声明：本页面内容源自互联网，仅供读者参考，如有侵权请联系删除。\n\n推荐内容\n\n另一篇文章的标题\n",
        gone=("TAG", "文章链接", "声明", "推荐内容", "另一篇文章", "93 0"),
        kept=("巡逻民警跳入河中将其救起。", "少年被送医后已无大碍。"),
        published="2023-08-02",
    ),
    Page(
        "untitled-plain-file",
        "民警在辖区开展入户走访，了解群众需求。\n\n走访中收集意见建议十二条。\n\n下一步将逐条研究落实。\n",
        gone=(),
        kept=("了解群众需求。", "收集意见建议十二条。", "逐条研究落实。"),
        title="走访记录",
    ),
]


@pytest.fixture(scope="module")
def cleaned():
    return {p.id: clean_text(p.text, "走访记录.txt") for p in PAGES}


@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
def test_furniture_removed_and_body_kept(page: Page, cleaned) -> None:
    r = cleaned[page.id]
    body = "\n".join(p.text for p in r.paragraphs)
    for junk in page.gone:
        assert junk not in body and junk not in r.title, junk
    for sentence in page.kept:
        assert sentence in body, sentence
    assert all(p.kind == "body" for p in r.paragraphs if any(k in p.text for k in page.kept))


@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
def test_metadata_found(page: Page, cleaned) -> None:
    r = cleaned[page.id]
    assert r.published == page.published
    if page.source:
        assert r.source == page.source
    if page.title:
        assert r.title == page.title
    for key, value in page.meta.items():
        assert r.metadata.get(key) == value, (key, r.metadata)
    assert set(page.people) <= set(bylines(r.metadata)), bylines(r.metadata)


def test_all_furniture_is_no_article() -> None:
    r = clean_text("当前位置：首页 > 新闻 > 正文\n\n分享到：微信 微博\n\n【打印本页】【关闭窗口】\n\n网站地图 | 联系我们\n")
    assert [p for p in r.paragraphs] == []


def test_a_sentence_about_sharing_or_gambling_is_body() -> None:
    text = (
        "标题\n\n民警提醒，不要把验证码分享给陌生人。\n\n"
        "警方查处一个网络赌博团伙，涉及百家乐、六合彩等多种玩法，涉案金额两千余万元。\n"
    )
    body = [p.text for p in clean_text(text).paragraphs]
    assert len(body) == 2


def test_names_inside_a_sentence_are_no_byline() -> None:
    r = clean_text("标题\n\n记者从市公安局获悉，今年以来全市共破获电诈案件三百余起。\n")
    assert [p.text for p in r.paragraphs] == ["记者从市公安局获悉，今年以来全市共破获电诈案件三百余起。"]
    assert bylines(r.metadata) == []


def test_a_credit_line_reads_every_label_the_text_knows() -> None:
    """实习记者 was a role before a name in the text but no label of a credit line (two tables)."""
    r = clean_text("标题\n\n实习记者 鲁一鸣 通讯员 邹文华\n\n3月2日，民警破获一起盗窃案。\n")
    assert bylines(r.metadata) == [("通讯员", "邹文华"), ("实习生", "鲁一鸣")]


def test_credits_reach_list_and_show_json(tmp_path, capsys) -> None:
    import json

    from tui.cli import main

    page = next(p for p in PAGES if p.id == "newspaper-e-edition")
    src = tmp_path / "page.txt"
    src.write_text(page.text, encoding="utf-8")
    home = str(tmp_path / "home")
    assert main(["import", str(src), "--home", home]) == 0
    capsys.readouterr()
    assert main(["list", "--json", "--home", home]) == 0
    rows = {r["path"]: r for r in json.loads(capsys.readouterr().out)}
    row = rows[str(src)]
    assert {"role": "通讯员", "name": "韩冬"} in row["bylines"] and row["page"] == "第A05版：法治·社会"
    assert main(["show", row["id"], "--json", "--home", home]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["bylines"] == row["bylines"]
