"""Organisations by the grammar of their names (issue 13): bodies jieba's dictionary
knows, a model organisation cut short or split off its place, a factory named by its
place and product, a body named with a full admin division. Synthetic sentences; each
row says what must be found and what must not."""

from __future__ import annotations

import pytest

from tests.store.nlp.found import Found, check, rows

CASES = [
    # jieba's dictionary bodies (nt) the model leaves as common nouns
    ("ministry", "议员们向内政部提出质询。", {("org", "内政部")}, set()),
    ("assembly", "反对党要求国民议会重新审议该法案。", {("org", "国民议会")}, set()),
    ("league", "这三个国家首批加入货币联盟。", {("org", "货币联盟")}, set()),
    # never a kind, an event or a word ending in a head character
    ("party-cells", "要充分发挥基层党组织的作用。", set(), {("org", "党组织"), ("org", "基层党组织")}),
    ("pattern", "全市形成了旅游发展新格局。", set(), {("org", "新格局")}),
    ("concert", "当晚的音乐会座无虚席。", set(), {("org", "音乐会")}),
    # a model organisation cut short inside a dictionary name
    ("cut-short", "世贸组织总干事昨天发表讲话。", {("org", "世贸组织")}, {("org", "世贸")}),
    ("cut-short-not-a-body", "中泰关系发展顺利。", set(), {("org", "中泰关系")}),
    # jieba reads a place and its assembly as one word; the model splits them
    ("place-and-assembly", "俄罗斯国家杜马在表决中否决了提案。", {("org", "俄罗斯国家杜马")}, {("place", "俄罗斯")}),
    # a body named with a full division name keeps it
    ("autonomous-region", "西藏自治区科协举办了科普讲座。", {("org", "西藏自治区科协")}, {("place", "西藏自治区")}),
    # a company after a city jieba tags as an adverb
    ("city-as-adverb", "大连化工集团公司建成了新车间。", {("org", "大连化工集团公司")}, {("org", "化工集团公司")}),
    # a factory named by its place and product; a bare 工厂 is a kind
    ("factory", "他在琉璃河水泥厂工作了十六年。", {("org", "琉璃河水泥厂")}, {("place", "琉璃河")}),
    ("school-at-a-place", "民警来到汉口印象城一舞蹈学校开展宣传。", {("place", "汉口印象城")}, {("org", "汉口印象城一舞蹈学校")}),
    # the party committee of an admin level, with its place when named
    ("township-committee", "乡党委书记带队走访困难群众。", {("org", "乡党委")}, set()),
    ("village-branch", "李庄村党支部组织党员开展夜间巡逻。", {("org", "李庄村党支部")}, {("place", "李庄村")}),
    ("region-committee", "宁夏回族自治区党委常委出席了会议。", {("org", "宁夏回族自治区党委")}, set()),
    # a newspaper in title marks is its publisher; a document ending in 报 is not
    ("newspaper", "据《法治日报》报道，该案已告破。", {("org", "法治日报")}, set()),
    ("paper-after-name", "《人民公安报》头版刊发了这篇报道。", {("org", "人民公安报")}, set()),
    ("notice", "市局下发了《关于加强夜间巡逻的通报》。", set(), {("org", "关于加强夜间巡逻的通报")}),
    # a clause is no body's name: a modal inside, a preposition joining two names
    ("modal-inside", "他希望日本能派队参加明年的邀请赛。", {("place", "日本")}, {("org", "日本能派队")}),
    ("preposition-inside", "菲律宾同国际货币基金组织达成协议。", {("org", "国际货币基金组织")}, {("org", "菲律宾同国际货币基金组织")}),
    # counted, a body is a kind
    ("counted-hospitals", "全市20多家大中型医院参与了救治。", set(), {("org", "大中型医院")}),
    ("each-studio", "这笔基金将资助各电影制片公司。", set(), {("org", "电影制片公司")}),
    ("factory-kind", "宣传队走进陕西工厂、农村和学校。", set(), {("org", "陕西工厂")}),
]


@rows(CASES)
def test_org_body(text: str, want: Found, never: Found) -> None:
    check(text, want, never)


@pytest.mark.parametrize(
    ("text", "end", "want"),
    [
        ("欧佩克组织今天宣布继续减产。", 3, "欧佩克组织"),  # the head word left out
        ("市委党校和市行政学院联合办班。", 5, "市委党校"),  # a conjunction glued on
        ("美国所做的努力有目共睹。", 2, "美国"),  # 所 is too often a particle to follow
        ("中泰关系发展顺利。", 2, "中泰"),  # a dictionary word that is no body
    ],
)
def test_a_model_body_ends_at_its_head(text: str, end: int, want: str) -> None:
    from store.nlp.backbone import _org_token_end
    from store.nlp.tokens import Tokens

    assert text[: _org_token_end(Tokens(text), 0, end)] == want
