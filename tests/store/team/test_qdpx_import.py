"""Importing a project another tool wrote, merging a colleague's work, and refusing bad input whole."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile

import pytest

from store.corpus.corpus import Corpus
from store.db.userstore import UserStore
from store.text.script import to_simplified
from tests.store.team.refi import SCHEMA, copy_home, validate
from tui.cli import main

# a synthetic article in traditional script, hard-wrapped, with a title line: nothing in Beat's export form
TEXT = (
    "社區警務走進新村 民警上門化解糾紛\n\n"
    "本報訊 近日，某區公安分局新村派出所的社區民警\n走訪轄區商戶，登記重點人員信息。\n\n"
    "針對電信詐騙高發的情況，民警在社區廣場擺放展板，向居民講解防騙知識。\n\n"
    "一位居民說：「有民警常來，我們心裏踏實。」\n"
)
G = {k: str(uuid.uuid5(uuid.NAMESPACE_URL, k)) for k in ("u1", "u2", "org", "station", "community", "fraud", "src", "s1", "s2", "s3", "s4", "c1", "c2", "c3", "c4", "c5")}


def sel(key: str, quote: str, code: str, user: str, memo: str = "", occurrence: int = 0, coding: str = "") -> str:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(quote, start + 1)
    note = f"<Description>{memo}</Description>" if memo else ""
    return (
        f'<PlainTextSelection guid="{G[key]}" name="x" startPosition="{start}" endPosition="{start + len(quote)}" '
        f'creatingUser="{G[user]}" creationDateTime="2024-05-06T07:08:09Z">{note}'
        f'<Coding guid="{G[coding or "c" + key[1]]}" creatingUser="{G[user]}"><CodeRef targetGUID="{G[code]}"/></Coding>'
        "</PlainTextSelection>"
    )


SELECTIONS = [
    ("s1", "新村派出所的社區民警\n走訪轄區商戶", "community", "u1", "跨行的選段"),
    ("s2", "電信詐騙", "fraud", "u2", ""),
    ("s3", "有民警常來", "station", "u1", ""),
    ("s4", "有民警常來", "station", "u2", ""),
]


def project(selections: str | None = None, extra_sources: str = "", codes: str | None = None) -> str:
    codes = codes if codes is not None else (
        f'<Code guid="{G["org"]}" name="組織" isCodable="false">'
        f'<Code guid="{G["station"]}" name="派出所" isCodable="true" color="#AA3300"><Description>基層單位</Description>'
        f'<Code guid="{G["community"]}" name="社區警務" isCodable="true"/></Code></Code>'
        f'<Code guid="{G["fraud"]}" name="反詐" isCodable="true" color="#0a0"/>'
    )
    body = selections if selections is not None else "".join(sel(*s) for s in SELECTIONS)
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="Other tool" origin="Some QDA">'
        f'<Users><User guid="{G["u1"]}" name="Coder One"/><User guid="{G["u2"]}" name="Coder Two"/></Users>'
        f"<CodeBook><Codes>{codes}</Codes></CodeBook>"
        f'<Sources><TextSource guid="{G["src"]}" name="interview/1" plainTextPath="internal://doc1.txt">{body}</TextSource>'
        f"{extra_sources}</Sources></Project>"
    )


def qdpx(path, qde: str | bytes, files: dict[str, bytes] | None = None, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", method) as z:
        z.writestr("project.qde", qde)
        for name, data in (files if files is not None else {"sources/doc1.txt": TEXT.encode()}).items():
            z.writestr(name, data)
    return path


@pytest.fixture
def home(built_home, tmp_path):
    return copy_home(built_home.root, tmp_path / "h")


def test_the_hand_built_fixture_is_a_valid_refi_project():
    pytest.importorskip("xmlschema")
    if not SCHEMA.exists():
        pytest.skip(f"REFI-QDA schema not found at {SCHEMA}")
    validate(project())


def test_what_the_schema_allows_is_let_through():
    """xsi attributes, which every XSD validator allows (QualCoder declares their namespace; tools add xsi:schemaLocation)."""
    from store.corpus.qdpx_schema import check_tree

    text = project().replace(
        '<Project xmlns="urn:QDA-XML:project:1.0"',
        '<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="urn:QDA-XML:project:1.0 Project.xsd"',
    )
    import xml.etree.ElementTree as ET

    check_tree(ET.fromstring(text))
    if SCHEMA.exists():
        xmlschema = pytest.importorskip("xmlschema")
        assert xmlschema.XMLSchema(str(SCHEMA)).is_valid(text)


def test_a_foreign_project_imports_with_every_selection_on_its_text(home, tmp_path, capsys):
    f = qdpx(tmp_path / "p.qdpx", project())
    assert main(["--home", str(home.root), "import-qdpx", str(f)]) == 0
    err = capsys.readouterr().err
    assert "1 new article imported" in err and "coders: Coder One, Coder Two" in err
    user = UserStore(home.user)
    corpus = Corpus.open(home, user)
    from store.corpus.tags import TagBook

    book = TagBook(user)
    tags = {t.name: t for t in book.tags()}
    assert set(tags) == {"組織/派出所", "組織/派出所/社區警務", "反詐"}  # nested; the colleague's names as they wrote them
    assert (tags["組織/派出所"].colour, tags["組織/派出所"].memo, tags["反詐"].colour) == ("#aa3300", "基層單位", "#00aa00")
    codings = book.codings()
    for key, quote, code, *_ in SELECTIONS:  # a selection over two paragraphs is one coding on each
        expected = to_simplified("".join(quote.split()))
        pieces = sorted((c for c in codings if c.tag.endswith(("社區警務", "反詐", "派出所")[["community", "fraud", "station"].index(code)])),
                        key=lambda c: (c.paragraph, c.start))
        assert "".join(c.quote for c in pieces if c.by == pieces[0].by).replace(" ", "") == expected, (key, [c.quote for c in pieces])
    assert {c.by for c in codings} == {"Coder One", "Coder Two"} and all(not c.orphan for c in codings)
    assert len([c for c in codings if c.tag == "組織/派出所"]) == 2  # both coders' codings of one passage kept
    assert next(c for c in codings if c.tag.endswith("社區警務")).memo == "跨行的選段"
    assert all(abs(c.created - 1714979289) < 1 for c in codings)
    article = corpus.article(codings[0].article)
    assert article.title == to_simplified("社區警務走進新村 民警上門化解糾紛")
    corpus.close()
    user.close()
    # the colleague's second export of the same project: attached, never a second article
    assert main(["--home", str(home.root), "import-qdpx", str(f)]) == 0
    assert "1 already in the corpus, 0 new articles imported" in capsys.readouterr().err


def _state(home) -> dict[str, str]:
    return {str(p.relative_to(home.root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(home.root.rglob("*")) if p.is_file() and p.suffix != ".lock"}


def _bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", project())
        z.writestr("sources/doc1.txt", TEXT.encode())
        z.writestr("sources/pad.txt", b"\0" * (20 * 1024 * 1024))  # 20 MB from about 20 KB
    return path


def _nest(levels: int) -> str:
    return "".join(f'<Code guid="{uuid.uuid5(uuid.NAMESPACE_URL, str(i))}" name="c{i}" isCodable="true">' for i in range(levels)) + "</Code>" * levels


def _twice(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", project())
        z.writestr("sources/doc1.txt", TEXT.encode())
        with pytest.warns(UserWarning):  # zipfile warns, and writes both
            z.writestr("sources/doc1.txt", TEXT.encode() + "又一段不同的文字，足以放下每个选段。".encode() * 9)
    return path


def _encrypted(path):
    raw = bytearray(qdpx(path, project()).read_bytes())
    for sig, flag in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # the "encrypted" bit of every header
        at = raw.find(sig)
        while at >= 0:
            raw[at + flag] |= 1
            at = raw.find(sig, at + 4)
    path.write_bytes(bytes(raw))
    return path


def _swap(text: str, first: str, second: str) -> str:
    a = re.search(rf"<{first}>.*?</{first}>", text).group(0)
    b = re.search(rf"<{second}>.*?</{second}>", text).group(0)
    return text.replace(a + b, b + a)


def _no_users(text: str) -> str:
    text = re.sub(r"<Users>.*?</Users>", "<Users></Users>", text)
    return re.sub(r' creatingUser="[^"]+"', "", text)


_U16 = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE Project [<!ENTITY a "b">]>'

BAD = [
    ("not a zip", lambda p: (p.write_bytes(b"<Project/> not a zip"), p)[1], "not a zip"),
    ("zip bomb", _bomb, "zip bomb"),
    ("schema: unknown element", lambda p: qdpx(p, project().replace("<Users>", "<Gadgets/><Users>")), "does not allow"),
    ("schema: code without isCodable", lambda p: qdpx(p, project(codes=f'<Code guid="{G["fraud"]}" name="x"/>', selections="")), "isCodable"),
    ("schema: bad GUID", lambda p: qdpx(p, project().replace(G["u2"], "not-a-guid")), "not a GUID"),
    ("schema: unknown attribute", lambda p: qdpx(p, project().replace('name="反詐"', 'name="反詐" weight="2"')), "'weight'"),
    ("schema: children out of order", lambda p: qdpx(p, _swap(project(), "Users", "CodeBook")), "order"),
    ("schema: text among elements", lambda p: qdpx(p, project().replace("<Codes>", "<Codes>stray")), "holds text"),
    ("schema: two code books", lambda p: qdpx(p, project().replace("</CodeBook>", "</CodeBook><CodeBook><Codes/></CodeBook>")), "more than 1"),
    ("schema: Users without a User", lambda p: qdpx(p, _no_users(project())), "no <User>"),
    ("schema: a Coding without its CodeRef first", lambda p: qdpx(p, project().replace("<CodeRef", f'<NoteRef targetGUID="{G["c1"]}"/><CodeRef', 1)), "order"),
    ("schema: a date without its T", lambda p: qdpx(p, project().replace("2024-05-06T07:08:09Z", "2024-05-06 07:08:09", 1)), "not a dateTime"),
    ("schema: an element inside a Description", lambda p: qdpx(p, project().replace("<Description>基層單位", "<Description><b/>基層單位")), "text only"),
    ("selection outside the text", lambda p: qdpx(p, project(selections=sel("s1", "電信詐騙", "fraud", "u1").replace('endPosition="', 'endPosition="9'))), "outside"),
    ("'..' in the archive", lambda p: qdpx(p, project(), {"sources/doc1.txt": TEXT.encode(), "../evil.txt": b"x"}), "'..'"),
    ("absolute path in the archive", lambda p: qdpx(p, project(), {"sources/doc1.txt": TEXT.encode(), "/etc/evil.txt": b"x"}), "absolute"),
    ("'..' in plainTextPath", lambda p: qdpx(p, project().replace("internal://doc1.txt", "internal://../doc1.txt")), "'..'"),
    ("duplicate GUIDs", lambda p: qdpx(p, project().replace(G["s3"], G["s2"])), "used twice"),
    ("entities", lambda p: qdpx(p, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + project()[21:]), "DOCTYPE"),
    ("entities in UTF-16", lambda p: qdpx(p, (_U16 + project()[38:]).encode("utf-16")), "DOCTYPE"),
    ("codes nested past 8 levels", lambda p: qdpx(p, project(codes=_nest(9), selections="")), "more than 8 levels"),
    ("codes nested 5,000 deep", lambda p: qdpx(p, project(codes=_nest(5000), selections="")), "more than 8 levels"),
    ("a member twice in the archive", _twice, "appears twice"),
    ("an encrypted member", _encrypted, "encrypted"),
    ("an empty selection", lambda p: qdpx(p, project(selections=sel("s2", "電信詐騙", "fraud", "u1").replace('endPosition="', 'endPosition="-'))), "is empty"),
]


@pytest.mark.parametrize("name,make,says", BAD, ids=[b[0] for b in BAD])
def test_bad_input_gives_one_clear_message_and_leaves_the_store_as_it_was(home, tmp_path, capsys, name, make, says):
    before = _state(home)
    f = make(tmp_path / "bad.qdpx")
    assert main(["--home", str(home.root), "import-qdpx", str(f)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and says in err[0] and "nothing was imported" in err[0], err
    assert _state(home) == before


SCHEMA_CASES = [b for b in BAD if b[0].startswith("schema") or b[0] == "duplicate GUIDs"]


@pytest.mark.parametrize("name,make,says", SCHEMA_CASES, ids=[b[0] for b in SCHEMA_CASES])
def test_what_the_code_refuses_as_off_schema_the_xsd_refuses_too(tmp_path, name, make, says):
    """The REFI schema cannot ship, so its rules are checked in code; here the XSD confirms each case."""
    xmlschema = pytest.importorskip("xmlschema")
    if not SCHEMA.exists():
        pytest.skip(f"REFI-QDA schema not found at {SCHEMA}")
    with zipfile.ZipFile(make(tmp_path / "bad.qdpx")) as z:
        qde = z.read("project.qde")
    schema = xmlschema.XMLSchema(str(SCHEMA))
    if name == "duplicate GUIDs":  # the XSD declares no key on guid: only the code checks this one
        assert schema.is_valid(qde)
    else:
        assert not schema.is_valid(qde)


def test_the_total_inflated_size_is_bounded(monkeypatch, tmp_path):
    from store.corpus import qdpx_zip
    from store.corpus.qdpx_import import read_project
    from store.corpus.qdpx_zip import QdpxError

    monkeypatch.setattr(qdpx_zip, "MAX_TOTAL", 2000)
    with pytest.raises(QdpxError, match="more than the"):
        read_project(qdpx(tmp_path / "p.qdpx", project(), {"sources/doc1.txt": TEXT.encode() * 20}))


def test_the_number_of_members_is_bounded_before_the_directory_is_read(monkeypatch, tmp_path):
    from store.corpus import qdpx_zip
    from store.corpus.qdpx_import import read_project
    from store.corpus.qdpx_zip import QdpxError, declared_members

    files = {"sources/doc1.txt": TEXT.encode()} | {f"sources/pad{i}.txt": b"" for i in range(20)}
    f = qdpx(tmp_path / "p.qdpx", project(), files)
    assert declared_members(f) == 22  # read from the end record
    monkeypatch.setattr(qdpx_zip, "MAX_MEMBERS", 21)
    monkeypatch.setattr(zipfile, "ZipFile", None)  # never reached: the count is refused first
    with pytest.raises(QdpxError, match="holds 22 files, more than the 21"):
        read_project(f)


def test_unknown_parts_are_skipped_with_a_count(home, tmp_path, capsys):
    pdf = f'<PDFSource guid="{uuid.uuid4()}" name="scan" path="relative:///scan.pdf"/>'
    f = qdpx(tmp_path / "p.qdpx", project(extra_sources=pdf))
    assert main(["--home", str(home.root), "import-qdpx", str(f)]) == 0
    assert "skipped: 1 PDFs" in capsys.readouterr().err


def test_inline_bomb_ratio_is_refused_from_the_headers(tmp_path):
    from store.corpus.qdpx_zip import Archive, QdpxError

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", b" " * (8 * 1024 * 1024))
    (tmp_path / "r.qdpx").write_bytes(buf.getvalue())
    with pytest.raises(QdpxError, match="inflates"):
        Archive(tmp_path / "r.qdpx")


def test_a_slash_in_another_tools_code_name_stays_one_code(home, tmp_path):
    """REFI nests codes by XML structure, never by names: "詐騙/盜竊" from another tool is one code."""
    codes = (
        f'<Code guid="{G["org"]}" name="組織/單位" isCodable="false">'
        f'<Code guid="{G["station"]}" name="派出所" isCodable="true">'
        f'<Code guid="{G["community"]}" name="社區/警務" isCodable="true"/></Code></Code>'
        f'<Code guid="{G["fraud"]}" name="2024/05" isCodable="true"/>'
    )
    f = qdpx(tmp_path / "p.qdpx", project(codes=codes))
    assert main(["--home", str(home.root), "import-qdpx", str(f)]) == 0
    user = UserStore(home.user)
    from store.corpus.tags import NAME_SLASH, SEP, TagBook

    book = TagBook(user)
    names = {t.name for t in book.tags()}
    assert names == {f"組織{NAME_SLASH}單位{SEP}派出所", f"組織{NAME_SLASH}單位{SEP}派出所{SEP}社區{NAME_SLASH}警務", f"2024{NAME_SLASH}05"}
    assert {n.count(SEP) for n in names} == {1, 2, 0}  # the depth the XML gave, whatever the names hold
    assert {c.tag for c in book.codings()} <= names
    user.close()


def test_codings_of_a_source_the_build_could_not_read_are_counted_not_dropped(home, tmp_path, capsys, monkeypatch):
    """A source whose analysis fails becomes no article: its codings cannot attach, and the
    report says how many were left out (they were dropped without a word)."""
    from store.ingest import build

    monkeypatch.setattr(build, "analyse_entry", lambda entry: "analysis failed (test)")
    f = qdpx(tmp_path / "p.qdpx", project())
    main(["--home", str(home.root), "import-qdpx", str(f)])
    err = capsys.readouterr().err
    assert f"{len(SELECTIONS)} codings of sources the build could not read" in err, err
