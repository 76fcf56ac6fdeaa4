"""Places opening a longer dictionary word and bodies written with their term (issue 13,
store.nlp.word_heads). Synthetic sentences; each row says what must be found and what
must not."""

from __future__ import annotations

from tests.store.nlp.found import Found, check, rows

CASES = [
    # a known place opening a word for its people, its art, its office or its event
    ("demonym", "调查显示，多数意大利人支持这项改革。", {("place", "意大利")}, set()),
    ("demonym-police", "警方查明，两名葡萄牙人在该市非法滞留。", {("place", "葡萄牙")}, set()),
    ("office", "法国总理昨天抵达北京访问。", {("place", "法国")}, set()),
    ("art", "她从小学习中国画，曾多次参展。", {("place", "中国")}, set()),
    ("event", "这本书记述了越南战争的经过。", {("place", "越南")}, set()),
    # not a place: the style adjective, a team, a paper, a longer place, a piece of a word
    ("style", "推进中国式现代化的实践。", set(), {("place", "中国")}),
    ("team", "古巴队以三比一获胜。", set(), {("place", "古巴")}),
    ("paper", "据天津日报消息，新桥即将通车。", set(), {("place", "天津")}),
    ("longer-place", "朝鲜半岛局势趋于缓和。", set(), {("place", "朝鲜")}),
    ("piece-of-a-word", "这里出产的大理石远销各地。", set(), {("place", "大理")}),
    # a body counted by its term keeps the term
    ("term", "他当选为第九届全国人民代表大会代表。", {("org", "第九届全国人民代表大会")}, {("org", "全国人民代表大会")}),
    ("term-short", "六届人大常委会审议了这部法律。", {("org", "六届人大常委会")}, set()),
    # the term counts the event after the body, not the body
    ("term-of-an-event", "第十六届英联邦运动会昨天开幕。", set(), {("org", "第十六届英联邦")}),
    # a long body written after its place, cut on the left by the model and the rules
    ("committee", "中国环境管理体系认证指导委员会日前成立。", {("org", "中国环境管理体系认证指导委员会")}, {("place", "中国")}),
    ("organisation", "欧洲安全与合作组织决定派出观察团。", {("org", "欧洲安全与合作组织")}, {("place", "欧洲")}),
    # never across a conjunction after the place, never a clause (a verb first)
    ("joined", "俄罗斯与国际货币基金组织达成协议。", {("place", "俄罗斯")}, {("org", "俄罗斯与国际货币基金组织")}),
    ("clause", "武汉市成立禁毒委员会。", {("place", "武汉市")}, {("org", "武汉市成立禁毒委员会")}),
    ("verb", "中国组织专家开展研究。", set(), {("org", "中国组织")}),
    # the Youth League's committee of a level is one body
    ("league-short", "他被县委、团县委评为优秀青年。", {("org", "团县委")}, set()),
    ("league-full", "共青团四川省委发出了倡议。", {("org", "共青团四川省委")}, {("org", "共青团"), ("org", "四川省委")}),
    ("group-not-league", "该集团县委书记来访。", set(), {("org", "团县委"), ("org", "集团县委")}),
]


@rows(CASES)
def test_word_heads(text: str, want: Found, never: Found) -> None:
    check(text, want, never)
