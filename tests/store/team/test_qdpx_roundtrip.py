"""Beat → QDPX → Beat is lossless, and what the export writes is said exactly (issue 19, defects 1–6)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace

import pytest

from store.corpus.coders import coder_guid
from store.corpus.tags import DEFAULT_CODER
from store.db.dates import stamp
from store.db.userstore import UserStore
from store.teamwork import import_qdpx
from store.workspace import Workspace
from tests.store.team.refi import SCHEMA, close, copy_home, open_ws, validate


def identity(ws: Workspace) -> tuple[set, set]:
    # An orphan has no place: its quote, tag, memo, coder and date are what it is. A date is
    # compared as the export writes it (to the microsecond): rounded to the millisecond, a
    # time within half a microsecond of a half millisecond fell either side (a CI failure).
    codings = {
        (c.tag, c.article, None if c.orphan else (c.paragraph, c.start, c.end), c.quote, c.memo, c.by, stamp(c.created), c.orphan)
        for c in ws.codings()
    }
    return codings, {(t.name, t.colour, t.memo) for t in ws.tags()}


@pytest.fixture
def coded(built_home, tmp_path):
    """A copy of the seed home with two coders' codings, a hierarchy, memos, an orphan and a traditional article."""
    home = copy_home(built_home.root, tmp_path / "a")
    ws = open_ws(home)
    arts = {a.title: a.id for a in ws.corpus.articles()}
    trad = next(a for t, a in arts.items() if "/" in t)  # the seed whose title holds a "/" and whose text is traditional
    other = next(a for a in arts.values() if a != trad)
    ws.set_coder("王明")
    ws.add_tags(trad, 1, ["组织/派出所/社区警务"], 2, 9, memo="备忘 <&>")
    ws.add_tags(other, 0, ["组织/派出所"], 0, 6)
    ws.add_tags(other, 1, ["营商环境"])
    ws.add_tags(other, 0, ["组织/派出所"], 0, 6, coder="李华")  # the same passage by a second coder
    ws.add_tags(other, 2, ["营商环境"], 1, 4, coder="李华", memo="second coder's memo")
    ws.set_tag_memo("组织/派出所", "派出所层面")
    ws.recolour_tag("营商环境", "#123abc")
    # an orphan: its passage (a sentence a later cleaning dropped) no longer in the text
    (old,) = ws.add_tags(other, 3, ["旧标签"], 0, 5, memo="orphan memo")
    ws.change_tags(lambda b: b._replace_codings([replace(old, quote="一句早已不在文中的话", orphan=True)]), "orphan")
    assert sum(c.orphan for c in ws.codings()) == 1
    yield home, ws, trad, other
    close(ws)


def test_export_says_what_it_wrote_and_keeps_each_codings_own_date_and_coder(coded, tmp_path):
    home, ws, trad, other = coded
    out = tmp_path / "x.qdpx"
    result = ws.export("qdpx", out)
    report = result.report
    assert result.passages == len(ws.codings()) == 6  # the orphan is counted: it was written, on its quote
    assert (report.selections, report.orphans, report.left_out) == (5, 1, [])
    assert "1 orphaned passage on" in report.summary() and "nothing left out" in report.summary()
    with zipfile.ZipFile(out) as z:
        project = z.read("project.qde").decode("utf-8")
    stamps = re.findall(r'<PlainTextSelection[^>]*creationDateTime="([^"]+)"', project)
    assert sorted(stamps) == sorted(stamp(c.created) for c in ws.codings())  # each coding's own time, not the export's
    assert re.search(r'<Project [^>]*creationDateTime="([^"]+)"', project).group(1) not in stamps
    assert f'<User guid="{coder_guid("王明")}" name="王明"/>' in project and f'name="{"李华"}"' in project
    names = re.findall(r'<TextSource guid="[^"]+" name="([^"]+)"', project)
    assert names and all("/" not in n for n in names) and len(set(names)) == len(names)
    trad_title = ws.corpus.article(trad).title
    assert trad_title in project  # the full title, in the description
    for variable in ("Outlet", "Published", "Units", "Source path", "Reference date"):
        assert f'name="{variable}"' in project
    units = next(a.units for a in ws.corpus.articles() if a.id == other)
    assert units and f"<TextValue>{'; '.join(units)}</TextValue>" in project  # the article's units, all of them
    assert re.search(r'<Code guid="[^"]+" name="组织" isCodable="false"><Code [^>]*name="派出所" isCodable="true"', project)


def test_export_validates_against_the_refi_schema(coded, tmp_path):
    pytest.importorskip("xmlschema")
    if not SCHEMA.exists():
        pytest.skip(f"REFI-QDA schema not found at {SCHEMA}")
    _, ws, _, _ = coded
    for original in (False, True):
        out = tmp_path / f"x{original}.qdpx"
        ws.export("qdpx", out, original_script=original)
        with zipfile.ZipFile(out) as z:
            validate(z.read("project.qde"))


def test_original_script_export_cuts_the_same_passages_in_traditional(coded, tmp_path):
    _, ws, trad, _ = coded
    out = tmp_path / "t.qdpx"
    ws.export("qdpx", out, original_script=True)
    article = ws.corpus.article(trad)
    (c,) = ws.codings(article=trad)
    with zipfile.ZipFile(out) as z:
        project = z.read("project.qde").decode("utf-8")
        sources = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("sources/")}
    text = next(t for t in sources.values() if t.startswith(article.original_title or "\0"))
    start, end = (int(x) for x in re.search(r'startPosition="(\d+)" endPosition="(\d+)"[^>]*>[^<]*<Description>备忘', project).groups())
    assert text[start:end] == article.paragraphs[1].original[2:9] and text[start:end] != c.quote


def test_round_trip_is_identity_and_reimport_adds_nothing(coded, built_home, tmp_path):
    home, ws, _, _ = coded
    out = tmp_path / "x.qdpx"
    ws.export("qdpx", out)
    before = identity(ws)
    fresh = copy_home(built_home.root, tmp_path / "b")
    report = import_qdpx(fresh, out)
    assert report.prepared.added == 0 and report.prepared.matched == 2  # both articles found by their text
    ws_b = open_ws(fresh)
    try:
        assert identity(ws_b) == before
        assert len(ws_b.corpus) == len(ws.corpus)  # no article imported twice
    finally:
        close(ws_b)
    again = import_qdpx(fresh, out)  # the same project again: everything is present already
    assert (again.codings, again.present) == (0, 6)


def test_original_script_export_round_trips_too(coded, built_home, tmp_path):
    _, ws, _, _ = coded
    out = tmp_path / "t.qdpx"
    ws.export("qdpx", out, original_script=True)
    fresh = copy_home(built_home.root, tmp_path / "b")
    import_qdpx(fresh, out)
    ws_b = open_ws(fresh)
    try:
        assert identity(ws_b) == identity(ws)
    finally:
        close(ws_b)


def test_old_codings_without_a_coder_read_as_the_default_coder(tmp_path):
    from store.corpus.tags import TagBook

    user = UserStore(tmp_path / "user.json")
    user.table("codings").insert(
        {"id": "c1", "tag": "t", "article": "a", "paragraph": 0, "start": 0, "end": 1, "quote": "x", "before": "",
         "after": "", "position": 0}
    )
    (c,) = TagBook(user).codings()
    assert c.coder == "" and c.by == DEFAULT_CODER
    assert coder_guid(c.by) == coder_guid("beat")  # the GUID older exports gave their one user


def test_a_coding_time_survives_the_round_trip_to_the_microsecond():
    """The time read back is the one written, even beside a millisecond's half (where rounding both to 3 places differs)."""
    import xml.etree.ElementTree as ET

    from store.corpus.qdpx_import import _seconds

    for written in (1796158016.2175, 1796158016.2174999, 1796158016.2175001, 1.5, 1796158016.999999):
        read = _seconds(stamp(written), ET.Element("PlainTextSelection"))
        assert stamp(read) == stamp(written) and abs(read - written) < 1e-6
