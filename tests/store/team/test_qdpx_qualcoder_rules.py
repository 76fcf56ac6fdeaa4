"""Beat's .qdpx against each thing QualCoder's REFI-QDA import needs (tests/store/team/qualcoder_rules.py).

The project is built to meet the export defects of issue 19 head on: titles with "/",
":" and "?" and a title shared by two articles (defect 3), a device name for a title,
a traditional-script article exported in both scripts (defect 5), two coders (defect 6)
with their own dates (defect 2), metadata (defect 4), an orphaned coding (defect 1),
tags sharing a leaf name, a "／" inside a level's name, memos, and a character outside
the BMP, whose offsets count it once, as Python's do.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace

import pytest

from store.corpus.coders import coder_guid
from store.corpus.qdpx_export import code_names
from store.corpus.tags import NAME_SLASH
from store.db.dates import stamp
from store.ingest.importer import import_paths
from store.text.script import to_simplified
from store.workspace import ensure_built
from tests.store.team.qualcoder_rules import _file_name_problem, read_like_qualcoder
from tests.store.team.refi import SCHEMA, close, copy_home, open_ws, validate

TITLE = "通报：第1期/2024?"  # a separator, a drive colon, a wildcard; and two articles share it
ARTICLES = {
    "dup1.txt": f"{TITLE}\n\n民警程波在青山区巡逻，发现一名走失老人，随即联系家属𠮷。\n",
    "dup2.txt": f"{TITLE}\n\n民警李华在武昌区值班，接到群众报警后赶到现场。\n",
    "device.txt": "CON\n\n派出所民警走访社区商户，宣传防诈骗知识。\n",
}


@pytest.fixture(scope="module")
def project(built_home, tmp_path_factory):
    """A coded home and its two exports (simplified, original script): (workspace, codings, paths)."""
    root = tmp_path_factory.mktemp("qc")
    home = copy_home(built_home.root, root / "home")
    files = []
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
        files.append(root / name)
    assert len(import_paths(home, files).added) == 3
    ensure_built(home)
    ws = open_ws(home)
    arts = {a.id: a for a in ws.corpus.articles()}
    trad = next(a for a in arts.values() if "/" in a.title and ws.corpus.article(a.id).original_title)
    dups = [a.id for a in arts.values() if a.title == TITLE.replace("?", "？") or a.title == TITLE]
    device = next(a.id for a in arts.values() if a.title == "CON")
    assert len(dups) == 2, [a.title for a in arts.values()]
    dups.sort(key=lambda a: "𠮷" not in ws.corpus.article(a).paragraphs[0].text)  # the one with 𠮷 first
    ws.set_coder("王明")
    ws.add_tags(trad.id, 1, ["组织/派出所/社区警务"], 2, 9, memo="备忘 <&>")
    ws.add_tags(dups[0], 0, ["组织/派出所"], 0, 6)
    ws.add_tags(dups[0], 0, ["组织/派出所"], 0, 6, coder="李华")  # one passage, two coders
    ws.add_tags(dups[0], 0, ["单位/派出所"], 2, 14)  # the leaf name 派出所 again, elsewhere in the tree
    ws.add_tags(dups[1], 0, [f"2024{NAME_SLASH}05"], 0, 5, coder="李华", memo="second coder")
    ws.add_tags(device, 0, ["营商环境"])
    text0 = ws.corpus.article(dups[0]).paragraphs[0].text
    ws.add_tags(dups[0], 0, ["非BMP"], text0.index("𠮷") - 2, text0.index("𠮷") + 1)
    (old,) = ws.add_tags(device, 0, ["旧标签"], 0, 3, memo="orphan memo")
    ws.change_tags(lambda b: b._replace_codings([replace(old, quote="一句早已不在文中的话", orphan=True)]), "orphan")
    outs = {}
    for original in (False, True):
        outs[original] = root / f"x{original}.qdpx"
        ws.export("qdpx", outs[original], original_script=original)
    yield ws, ws.codings(), outs, trad.id
    close(ws)


@pytest.mark.parametrize("original", [False, True], ids=["simplified", "original script"])
def test_beats_export_meets_every_rule_of_qualcoders_import(project, original):
    ws, codings, outs, trad = project
    reading = read_like_qualcoder(outs[original])
    assert reading.problems == []
    placed = [c for c in codings if not c.orphan]
    # Q3, defect 6: one user per coder, under the coder's stable GUID, owning that coder's passages
    assert reading.users == {coder_guid(n): n for n in ("王明", "李华")}
    assert next(iter(reading.users.values())) == "王明"  # the exporting coder first: QualCoder's coder after the import
    names = code_names({t.name for t in ws.tags()})
    expected = sorted((names[c.tag], c.by, stamp(c.created).replace("T", " ").replace("Z", "")) for c in placed)
    assert sorted((s.code, s.owner, s.date) for s in reading.selections) == expected  # defect 2: each its own date
    # Q9: every selection cuts its passage out of the text QualCoder reads, 𠮷 counted once
    by_quote = sorted(c.quote for c in placed)
    cut = sorted(to_simplified(s.text) if original else s.text for s in reading.selections)
    assert cut == by_quote
    if original:  # defect 5: the traditional article's passage is cut in its own script
        (mine,) = [s for s in reading.selections if s.memo == "备忘 <&>"]
        assert mine.text != to_simplified(mine.text)
    assert any("𠮷" in s.text for s in reading.selections)
    # defect 3: names are file names, unique; the full title is kept in the description
    assert len(reading.sources) == 4 and all(_file_name_problem(n) is None for n in reading.sources)
    # defect 4: the article's metadata as file attributes; its full title in the memo
    for name, attrs in reading.attributes.items():
        article = ws.corpus.article(attrs["Beat article"])
        assert attrs.get("Source path") == article.path and attrs.get("Published", "") == (article.published or "")
        assert reading.memos[name].splitlines()[0] == article.title
    # defect 1: the orphan arrives as a journal holding its quote, tag, coder and memo
    (journal,) = reading.journals.values()
    assert "一句早已不在文中的话" in journal and "旧标签" in journal and "orphan memo" in journal


def test_the_rules_catch_what_they_name(project, tmp_path):
    """The checker is not vacuous: each kind of defect in a copy of the export is reported under its rule."""
    _, _, outs, _ = project
    with zipfile.ZipFile(outs[False]) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    qde = parts["project.qde"].decode()
    first = next(n for n in parts if n.startswith("sources/"))
    cases = {
        "Q2": qde.replace('origin="Beat"', 'origin="ATLAS.ti"'),
        "Q3": qde.replace('creatingUser="', 'creatingUser="{', 1),
        "Q7": re.sub(r'(<TextSource [^>]*?name=)"[^"]*"', r'\1"a/b"', qde, count=1),
        "Q9": qde.replace('startPosition="', 'startPosition="9999', 1),
        "Q10": re.sub(r'(<Note [^>]*?) creationDateTime="[^"]*"', r"\1", qde),
        "Q4": re.sub(r'name="派出所 \(单位\)"', 'name="派出所 (组织)"', qde),
    }
    for rule, text in cases.items():
        assert text != qde, rule
        broken = tmp_path / f"{rule}.qdpx"
        with zipfile.ZipFile(broken, "w") as z:
            for n, data in parts.items():
                z.writestr(n, text if n == "project.qde" else data)
        assert any(p.startswith(rule + ":") for p in read_like_qualcoder(broken).problems), rule
    bom = tmp_path / "bom.qdpx"
    with zipfile.ZipFile(bom, "w") as z:
        for n, data in parts.items():
            z.writestr(n, b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n") if n == first else data)
    assert sum(p.startswith("Q8:") for p in read_like_qualcoder(bom).problems) == 2


@pytest.mark.parametrize("original", [False, True], ids=["simplified", "original script"])
def test_the_same_exports_validate_against_the_refi_schema(project, original):
    pytest.importorskip("xmlschema")
    if not SCHEMA.exists():
        pytest.skip(f"REFI-QDA schema not found at {SCHEMA}")
    with zipfile.ZipFile(project[2][original]) as z:
        validate(z.read("project.qde"))
