"""Exports: Excel-friendly CSV, JSON, Markdown, and REFI-QDA that validates and cuts exactly."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import replace

import pytest

from store.corpus.corpus import Corpus
from store.corpus.export import write_export
from store.corpus.tags import TagBook
from store.db.schema import Document, Entity, Paragraph
from store.db.userstore import UserStore
from tests.conftest import ROOT

SCHEMA = ROOT.parent / "shared" / "refi-qda" / "Project.xsd"
PARAS = ["民警程波主动走访，联动区文旅局。", "今年2月，青山印象城一舞蹈学校倒闭，新沟桥街派出所介入。"]
UNIT = "武汉市公安局青山区分局新沟桥街派出所"


def doc(aid: str, title: str) -> Document:
    return Document(
        id=aid, title=title, source="平安武汉", published="2025-03-01", path=f"seeds/{aid}.txt", name=f"{aid}.txt",
        paragraphs=tuple(Paragraph(i, p) for i, p in enumerate(PARAS)),
        entities=(Entity("unit", "新沟桥街派出所", 1, 18, 25, UNIT),),
        units=({"key": UNIT, "name": "新沟桥街派出所", "aliases": [], "parent": None, "level": "station"},),
        reference=("2025-03-01", "published"),
    )


@pytest.fixture
def setup(tmp_path):
    user = UserStore(tmp_path / "user.json")
    corpus = Corpus.from_docs([doc("a1", "标题一 <&>"), doc("a2", "标题二")], user)
    book = TagBook(user)
    book.add("a1", PARAS, 0, 2, 4, ["人物"], memo="程波 & <memo>")
    book.add("a1", PARAS, 1, 5, 10, ["地点", "营商环境"])
    book.add("a2", PARAS, 1, 0, len(PARAS[1]), ["营商环境"])
    book.set_tag_memo("人物", "民警姓名")
    return corpus, book


def test_csv_has_bom_and_all_fields(setup, tmp_path):
    corpus, book = setup
    out = tmp_path / "x.csv"
    assert write_export("csv", out, corpus, book) == 4
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["quote"] == "程波" and rows[0]["memo"] == "程波 & <memo>" and rows[0]["title"] == "标题一 <&>"
    assert {r["units"] for r in rows if r["paragraph"] == "2"} == {UNIT}  # index 1: ¶2, counted from 1 as the reader shows it


def test_json_and_filters(setup, tmp_path):
    corpus, book = setup
    out = tmp_path / "x.json"
    assert write_export("json", out, corpus, book, tag="营商环境") == 2
    assert write_export("json", out, corpus, book, unit=UNIT) == 3
    data = json.loads(out.read_text(encoding="utf-8"))
    assert all(UNIT in r["units"] for r in data)


def test_markdown_grouped_by_tag(setup, tmp_path):
    corpus, book = setup
    out = tmp_path / "x.md"
    write_export("md", out, corpus, book)
    text = out.read_text(encoding="utf-8")
    assert text.index("## 人物 (1)") < text.index("## 营商环境 (2)")
    assert "> 青山印象城" in text and "*Memo:* 程波 & <memo>" in text


def test_qdpx_validates_and_positions_cut_the_quotes(setup, tmp_path):
    xmlschema = pytest.importorskip("xmlschema")
    if not SCHEMA.exists():
        pytest.skip(f"REFI-QDA schema not found at {SCHEMA}")
    corpus, book = setup
    out = tmp_path / "x.qdpx"
    write_export("qdpx", out, corpus, book)
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        project = z.read("project.qde").decode("utf-8")
        sources = {n: z.read(n) for n in names if n.startswith("sources/")}
    assert "project.qde" in names and len(sources) == 2
    schema = xmlschema.XMLSchema(str(SCHEMA))
    schema.validate(project)
    tree = schema.to_dict(project)
    codes = {c["@guid"]: c["@name"] for c in tree["CodeBook"]["Codes"]["Code"]}
    assert set(codes.values()) == {"人物", "地点", "营商环境"}
    cut = []
    for src in tree["Sources"]["TextSource"]:
        data = sources[f"sources/{src['@plainTextPath'].removeprefix('internal://')}"]
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
        text = data.decode("utf-8")
        for sel in src["PlainTextSelection"]:
            quote = text[sel["@startPosition"] : sel["@endPosition"]]
            cut.append((quote, codes[sel["Coding"][0]["CodeRef"]["@targetGUID"]], sel.get("Description")))
    assert ("程波", "人物", "程波 & <memo>") in cut
    assert ("青山印象城", "地点", None) in cut and ("青山印象城", "营商环境", None) in cut
    assert (PARAS[1], "营商环境", None) in cut


def test_bylines_travel_with_the_passages(tmp_path):
    user = UserStore(tmp_path / "user.json")
    credited = replace(doc("a1", "标题一"), metadata={"记者": "甲乙 丙丁", "通讯员": "戊己"})
    corpus = Corpus.from_docs([credited], user)
    book = TagBook(user)
    book.add("a1", PARAS, 0, 2, 4, ["人物"])
    out = tmp_path / "x.csv"
    write_export("csv", out, corpus, book)
    (row,) = csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig")))
    assert row["bylines"] == "记者 甲乙 丙丁 · 通讯员 戊己"


def test_csv_and_json_name_the_parent_of_a_tag_path(tmp_path):
    """The tag column holds the whole path (组织/派出所/社区警务); parent the path above it, empty at the top."""
    user = UserStore(tmp_path / "user.json")
    corpus = Corpus.from_docs([doc("a1", "标题一")], user)
    book = TagBook(user)
    book.add("a1", PARAS, 0, 0, 2, ["组织/派出所/社区警务", "人物"])
    out = tmp_path / "x.csv"
    assert write_export("csv", out, corpus, book) == 2
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert {(r["tag"], r["parent"]) for r in rows} == {("组织/派出所/社区警务", "组织/派出所"), ("人物", "")}
    assert write_export("json", tmp_path / "x.json", corpus, book) == 2
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert {(r["tag"], r["parent"]) for r in data} == {("组织/派出所/社区警务", "组织/派出所"), ("人物", "")}
