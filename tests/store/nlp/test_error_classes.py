"""The error classes issue 13 lists, one kind of text per row (synthetic sentences).

Each row says what must be found (type, text) and what must not (type, text): the
sentences are written for this test in the style of police bulletins, not copied.
"""

from __future__ import annotations

from tests.store.nlp.found import Found, check, rows

CASES = [
    # verbs glued into units
    ("verb-before-station", "他于去年被调往闻韶派出所任所长。", {("unit", "闻韶派出所")}, {("unit", "调往闻韶派出所")}),
    ("verb-before-station-2", "去年底她调任清水河派出所副所长。", {("unit", "清水河派出所")}, {("unit", "调任清水河派出所")}),
    ("metro-line-station", "当晚，地铁5号线青年路派出所民警接到报警。", {("unit", "青年路派出所")}, {("unit", "号线青年路派出所")}),
    # generic phrases are kinds, not units
    ("public-security-departments", "成都市公安部门迅速部署专项行动。", set(), {("unit", "公安部"), ("unit", "成都市公安")}),
    ("public-security-organs", "江苏省公安机关共破获电诈案件三百余起。", set(), {("unit", "江苏省公安"), ("unit", "江苏省公安机关")}),
    ("kind-of-brigade", "近年来，各地巡警大队不断完善街面巡逻机制。", set(), {("unit", "巡警大队")}),
    ("kind-of-detachment", "市局要求交警支队加强节日期间的路面管控。", set(), set()),
    # units named in one piece
    ("city-traffic-detachment", "南昌市交警支队发布春运出行提示。", {("unit", "南昌市交警支队")}, {("place", "南昌市")}),
    ("city-district-branch", "上海普陀公安分局破获一起网络赌博案。", {("unit", "上海普陀公安分局")}, {("place", "上海")}),
    ("nested-station", "武汉市公安局江岸区分局二七派出所民警走访辖区商户。", {("unit", "武汉市公安局江岸区分局二七派出所")}, set()),
    # 联合 means jointly with: two units
    ("jointly-with", "硚口区分局利济路派出所联合特警大队开展清查行动。", {("unit", "硚口区分局利济路派出所"), ("unit", "特警大队")}, {("unit", "硚口区分局利济路派出所联合特警大队")}),
    # people without role words
    ("subject-without-role", "温家宝指出，要把群众安全放在首位。", {("person", "温家宝")}, set()),
    ("name-after-conjunction", "民警将情况告知与刘建国同行的家属。", {("person", "刘建国")}, set()),
    ("workroom-person", "胡永鹏工作室成立三年来调解纠纷百余起。", {("unit", "胡永鹏工作室")}, set()),
    # bylines
    ("byline-reporter", "记者 周志强 通讯员 郑丽娜", {("person", "周志强"), ("person", "郑丽娜")}, set()),
    ("byline-review", "审核：孙立平", {("person", "孙立平")}, set()),
    # anonymised people
    ("anon-mou", "犯罪嫌疑人王某、张某某已被依法刑事拘留。", {("anon", "王某"), ("anon", "张某某")}, {("person", "王某")}),
    ("anon-address", "李先生和刘女士向民警送来锦旗。", {("anon", "李先生"), ("anon", "刘女士")}, {("person", "李先生")}),
    # false names and places
    ("not-a-name", "这次整顿体现了纪律的严肃性。", set(), {("person", "严肃性")}),
    ("honorific-is-a-person", "孙中山先生曾在这里发表演说。", set(), {("place", "孙中山先生"), ("place", "孙中山")}),
    ("org-inside-idiom", "消息传出，许多人大惑不解。", set(), {("org", "人大")}),
    ("road-inside-word", "坚持正确的政治路线不动摇。", set(), {("place", "政治路")}),
    ("bare-government", "民警协助政府做好安置工作。", set(), {("org", "政府")}),
    ("country-is-a-place", "中国警方与泰国警方开展联合执法。", {("place", "中国"), ("place", "泰国")}, set()),
]


@rows(CASES)
def test_error_class(text: str, want: Found, never: Found) -> None:
    check(text, want, never)


def test_police_suite_meets_the_issue_targets() -> None:
    """Unit and person P/R >= 0.95 on Beat's own synthetic police-news suite (issue 13)."""
    from tests.store.nlp.eval_police import evaluate, pr

    scores, _ = evaluate()
    for t in ("unit", "person", "anon"):
        p, r = pr(scores[t])
        assert p >= 0.95 and r >= 0.95, (t, p, r)
