"""The article metadata keys the cleaner writes and every reader reads (CLI, reader, exports).

Metadata is a flat ``{key: text}`` map kept with each article. People are stored under
their role, names space-separated ("通讯员": "甲乙 丙丁"), so one role with three names is
one key; the roles are the kinds a newsroom credits, whatever label a site prints
(本报记者 and 特约记者 are both 记者).
"""

from __future__ import annotations

from store.db.schema import Entity

BYLINE_ROLES = ("记者", "通讯员", "实习生", "摄影", "作者", "责任编辑", "编辑", "审核", "校对")
# A byline's label as sites print it -> the role kept: the one table for the cleaner's credit
# lines (store.ingest.credits) and a label before a name in the text (store.nlp.people_roles).
BYLINE_LABELS: dict[str, str] = {
    "本报记者": "记者", "本报首席记者": "记者", "首席记者": "记者", "特约记者": "记者", "见习记者": "记者",
    "融媒体记者": "记者", "全媒体记者": "记者", "新华社记者": "记者", "摄影记者": "摄影", "记者": "记者",
    "实习记者": "实习生", "本报通讯员": "通讯员", "特约通讯员": "通讯员", "通讯员": "通讯员", "实习生": "实习生",
    "见习生": "实习生", "摄影": "摄影", "摄像": "摄影", "图片": "摄影", "图": "摄影", "文/图": "作者", "图/文": "作者",
    "文图": "作者", "文": "作者", "作者": "作者", "撰稿": "作者", "撰文": "作者", "整理": "作者",
    "责任编辑": "责任编辑", "责编": "责任编辑", "值班编辑": "编辑", "图片编辑": "编辑", "美编": "编辑",
    "编辑": "编辑", "编审": "审核", "审核": "审核", "审校": "审核", "审签": "审核", "审稿": "审核", "终审": "审核",
    "一审": "审核", "二审": "审核", "三审": "审核", "校对": "校对", "监制": "审核", "统筹": "编辑", "主编": "编辑",
}  # fmt: skip
# Labels that name a task, not a person: a role only in a credit's shape (a colon or a space
# before the name); in running text "法院一审王某某" and "县委统筹刘建国" credit nobody.
BYLINE_TASKS = frozenset(
    {"图片", "文图", "撰稿", "撰文", "整理", "编审", "审校", "审签", "审稿", "终审", "一审", "二审", "三审", "监制", "统筹"}
)
assert set(BYLINE_LABELS.values()) <= set(BYLINE_ROLES) <= set(BYLINE_LABELS)  # every role is its own label
assert BYLINE_TASKS <= set(BYLINE_LABELS)
SOURCE = "稿件来源"
PUBLISHED_DAY = "发布日期"
PUBLISHED_TIME = "发布时间"
PAGE = "版面"
DATELINE = "电头"
DOUBTFUL_DATE = "日期存疑"


def bylines(metadata: dict[str, str]) -> list[tuple[str, str]]:
    """(role, name) pairs an article's metadata holds, in role order."""
    return [(role, name) for role in BYLINE_ROLES for name in str(metadata.get(role, "")).split()]


def byline_text(metadata: dict[str, str]) -> str:
    """"记者 甲乙 丙丁 · 通讯员 戊己": one line for a header or a CSV cell."""
    return byline_entities(metadata)[0]


CREDITS_LINE = -1  # the "paragraph" of a byline entity: the credits line, not the article body


def byline_entities(metadata: dict[str, str]) -> tuple[str, list[Entity]]:
    """The credits line ``byline_text`` makes, and one person entity per name on it.

    The cleaner moves bylines and credit lines out of the body into metadata, so the
    recogniser never sees those names; here each gets a span on the line the reader shows
    (offsets into that line, ``paragraph`` = ``CREDITS_LINE``), typed ``person`` with its
    role ("记者 甲乙 丙丁 · 通讯员 戊己" -> 甲乙/记者, 丙丁/记者, 戊己/通讯员). They are not
    stored with the body's entities: their offsets mean nothing in a paragraph."""
    groups: dict[str, list[str]] = {}
    for role, name in bylines(metadata):
        groups.setdefault(role, []).append(name)
    parts: list[str] = []
    people: list[Entity] = []
    pos = 0
    for role, names in groups.items():
        if parts:
            pos += len(" · ")
        pos += len(role) + 1
        for i, name in enumerate(names):
            if i:
                pos += 1
            people.append(Entity("person", name, CREDITS_LINE, pos, pos + len(name), name, role))
            pos += len(name)
        parts.append(f"{role} {' '.join(names)}")
    return " · ".join(parts), people
