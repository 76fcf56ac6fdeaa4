"""What QualCoder's own REFI-QDA import does with Beat's names (issue 19: "no warning about names").

QualCoder keeps code, category and journal names unique (``unique(name)`` in its
tables) and takes a ``Note`` that a source points at (``NoteRef``) for an annotation on
that source. Three ways an export met those rules badly, each checked here on the file:
two tags with one leaf name (组织/派出所, 单位/派出所) became one code there; orphan notes
named from titles that share their first 69 characters got one name; and the orphan note,
referenced from its article, arrived as an empty annotation instead of its quotes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, replace
from io import BytesIO

from store.corpus.qdpx_export import NAME_MAX, code_names, write_qdpx
from store.corpus.tags import Coding
from store.teamwork import import_qdpx
from tests.store.team.refi import close, copy_home, open_ws

NS = "{urn:QDA-XML:project:1.0}"


def _project(data: bytes | str) -> ET.Element:
    with zipfile.ZipFile(data if isinstance(data, str) else BytesIO(data)) as z:
        return ET.fromstring(z.read("project.qde"))


def test_code_names_are_unique_and_a_bare_leaf_stays_where_it_can():
    names = code_names(["组织", "组织/派出所", "单位", "单位/派出所", "派出所", "营商环境"])
    assert len(set(names.values())) == 6
    assert names["派出所"] == "派出所" and names["营商环境"] == "营商环境"  # top level, or not repeated: bare
    assert names["组织/派出所"] == "派出所 (组织)" and names["单位/派出所"] == "派出所 (单位)"
    # a qualified name that a tag already holds gets a number, never a repeat
    clash = code_names(["a/x", "b/x", "x (a)"])
    assert len(set(clash.values())) == 3 and clash["x (a)"] == "x (a)" and clash["a/x"] == "x (a) (2)"


def test_tags_sharing_a_leaf_name_export_as_distinct_codes_and_come_back_as_they_were(built_home, tmp_path):
    home = copy_home(built_home.root, tmp_path / "a")
    ws = open_ws(home)
    try:
        first, second = [a.id for a in ws.corpus.articles()][:2]
        ws.add_tags(first, 0, ["组织/派出所"], 0, 4)
        ws.add_tags(first, 1, ["单位/派出所"], 0, 4)
        ws.add_tags(second, 0, ["派出所"], 0, 4)
        ws.add_tags(second, 1, ["组织/派出所/社区警务"], 0, 4)
        out = tmp_path / "x.qdpx"
        ws.export("qdpx", out)
        before = sorted((c.tag, c.article, c.paragraph, c.start, c.end) for c in ws.codings())
    finally:
        close(ws)
    codes = list(_project(str(out)).iter(NS + "Code"))
    names = [c.get("name") for c in codes]
    assert len(codes) == 6 and len(set(names)) == len(names), names  # 组织, 单位 and four codes, each its own name
    fresh = copy_home(built_home.root, tmp_path / "b")
    import_qdpx(fresh, out)
    ws_b = open_ws(fresh)
    try:
        assert sorted((c.tag, c.article, c.paragraph, c.start, c.end) for c in ws_b.codings()) == before
        assert {t.name for t in ws_b.tags()} >= {"组织/派出所", "单位/派出所", "派出所", "组织/派出所/社区警务"}
    finally:
        close(ws_b)


@dataclass
class _Row:
    coding: Coding
    title: str


class _NoArticles:
    """A corpus that has lost every article the rows name: all their codings are orphans."""

    def article(self, aid: str):
        raise KeyError(aid)

    def articles(self):
        return []


def test_orphan_notes_have_unique_names_even_when_titles_differ_only_late():
    stem = "派" * (NAME_MAX - 5)
    rows = [
        _Row(Coding(f"c{i}", "t", f"a{i}", 0, 0, 2, "引文", "", "", 0, orphan=True), stem + f"标题{i}")
        for i in range(2)
    ]
    out = BytesIO()
    report = write_qdpx(out, _NoArticles(), [], rows)  # type: ignore[arg-type]
    notes = list(_project(out.getvalue()).iter(NS + "Note"))
    assert report.orphans == 2 and len(notes) == 2
    assert len({n.get("name") for n in notes}) == 2


def test_an_orphan_note_is_a_journal_that_names_each_quotes_tag_and_memo(built_home, tmp_path):
    home = copy_home(built_home.root, tmp_path / "a")
    ws = open_ws(home)
    try:
        aid = next(a.id for a in ws.corpus.articles())
        (old,) = ws.add_tags(aid, 1, ["旧标签"], 0, 3, memo="orphan memo")
        ws.change_tags(lambda b: b._replace_codings([replace(old, quote="一句已不在文中的话", orphan=True)]), "orphan")
        out = tmp_path / "x.qdpx"
        ws.export("qdpx", out)
    finally:
        close(ws)
    root = _project(str(out))
    (note,) = root.iter(NS + "Note")
    refs = {r.get("targetGUID") for r in root.iter(NS + "NoteRef")}
    assert note.get("guid") not in refs  # so QualCoder keeps it as a journal with the quote, not an empty annotation
    with zipfile.ZipFile(out) as z:
        journal = z.read("sources/" + note.get("plainTextPath").removeprefix("internal://")).decode()
    # a journal keeps no codings: the quote, and under it what it was coded with, by whom, and the memo
    assert "一句已不在文中的话\n\n(tag: 旧标签; coder: " in journal and "; memo: orphan memo)" in journal
