"""Hostile text through ``beat import``: endless lines, HTML scripts, terminal escapes, Textual markup.

Every case: cleaned in linear time, and nothing that can drive a terminal (ESC, C1,
BEL) or be read as markup anywhere in the store or the output.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from store.ingest.bounds import MAX_ARTICLE_CHARS, MAX_PARAGRAPH_CHARS
from store.ingest.clean import clean_text
from tests.conftest import seed_text
from tests.store.ingest.importing import (
    ARTICLE,
    assert_store_clean,
    beat,
    errors_for,
    terminal_controls,
)

# --- long lines ----------------------------------------------------------------------


def test_2_mb_single_line_cleans_in_linear_time():
    body = "".join(seed_text("002").split())
    line = (body * (2 * 1024 * 1024 // len(body.encode()) + 1))[: 700_000]  # ~2 MB of UTF-8
    assert len(line.encode("utf-8")) > 2_000_000
    started = time.perf_counter()
    result = clean_text(line)
    assert time.perf_counter() - started < 5
    # kept up to the article bound (store.ingest.bounds), the rest named in a closing note
    assert sum(len(p.text) for p in result.paragraphs[:-1]) > MAX_ARTICLE_CHARS - MAX_PARAGRAPH_CHARS
    assert "cut" in result.paragraphs[-1].text


def test_long_run_of_dashes_cleans_in_linear_time():
    started = time.perf_counter()
    clean_text("标题\n\n" + "民-" * 10_000 + "\n" + "-" * 10_000)
    assert time.perf_counter() - started < 0.5


# --- HTML ----------------------------------------------------------------------------

PAGE = """<!doctype html><html><head>
<title>青山公安破获一起电诈案件</title>
<meta property="og:site_name" content="武汉警方&#27;]0;pwned&#7;">
<meta name="date" content="2025-03-05">
<style>body{color:red} .x::after{content:"样式内容不应出现"}</style>
<script>var secret = "脚本内容不应出现"; document.write("脚本写入内容");</script>
</head><body><nav>首页 &gt; 新闻</nav>
<article><h1>青山公安破获一起电诈案件</h1>
<p>2025年3月5日，武汉市公安局青山区分局红卫路派出所民警接到群众报警，称其在网上购物后被冒充电商平台客服的诈骗分子以退款为名骗走两万元。&#27;[2J&#x9b;31m</p>
<script>alert("正文中的脚本不应出现")</script>
<p>接警后，民警迅速开展侦查，于3月8日在外地将犯罪嫌疑人张某抓获，追回全部损失。<style>p{color:blue}</style></p>
<noscript>请启用脚本不应出现</noscript>
<p>警方提醒，广大市民要提高警惕，切勿向陌生人转账，如遇可疑情况请及时拨打110报警。</p>
</article>
<script type="application/ld+json">{"headline": "结构化数据不应出现"}</script>
</body></html>"""


def test_html_scripts_and_styles_never_reach_the_article(seeded, tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    code, _, err = beat(capsys, "import", str(page), "--home", str(seeded.root))
    assert code == 0, err
    rows = json.loads(beat(capsys, "list", "--json", "--home", str(seeded.root))[1])
    (row,) = [r for r in rows if r["path"].endswith("page.html")]
    code, out, _ = beat(capsys, "show", row["id"], "--json", "--home", str(seeded.root))
    doc = json.loads(out)
    text = "\n".join(p["text"] for p in doc["paragraphs"])
    for banned in ("不应出现", "脚本写入", "secret", "color", "alert", "pwned", "[2J", "31m"):
        assert banned not in out, banned
    assert doc["title"] == "青山公安破获一起电诈案件"
    assert doc["paragraphs"][0]["text"].startswith("2025年3月5日")  # the <h1> is not repeated
    assert doc["published"] == "2025-03-05" and doc["source"] == "武汉警方"
    assert "张某抓获" in text and "拨打110报警" in text
    assert not terminal_controls(out)
    assert_store_clean(seeded)


# --- terminal escapes ----------------------------------------------------------------

ESCAPES = (
    "\x1b[31m红色文字\x1b[0m\x1b[2J\x1b[H\x1bc"  # colour, clear screen, home, full reset
    "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # OSC 52: write the clipboard
    "\x1b]8;;https://evil.example/\x1b\\链接文字\x1b]8;;\x1b\\"  # OSC 8 hyperlink
    "\x1b]0;pwned-title\x07\x1b]2;pwned2\x1b\\"  # window title, BEL and ST forms
    "\x9b31m八位CSI\x9b0m\x9d0;c1-title\x9c\x90qsixel\x9c\x9e\x9f"  # 8-bit C1 forms
    "\x1bP1$r\x1b\\\x1b[6n\x1b[?1049h\x07\x08\x7f"  # DCS, device status query, alt screen, BEL, BS, DEL
    "\u202e\u2066反转\u2069\u200b"  # bidi override / isolate, zero width
)


def test_ansi_and_osc_never_reach_the_store_or_output(seeded, tmp_path, capsys):
    f = tmp_path / "ansi.txt"
    f.write_text(
        f"\x1b]0;标题注入\x07终端转义测试\n\n民警程波在青山区巡逻。{ESCAPES}巡逻结束。\n\n"
        "第二段：\x1b]0;未终止的标题\n第三段民警继续工作，于3月8日返回。\n",
        encoding="utf-8",
    )
    code, _, err = beat(capsys, "import", str(f), "--home", str(seeded.root))
    assert code == 0, err
    assert_store_clean(seeded)
    rows = json.loads(beat(capsys, "list", "--json", "--home", str(seeded.root))[1])
    (row,) = [r for r in rows if r["path"].endswith("ansi.txt")]
    for argv in (["show", row["id"], "--json"], ["show", row["id"]], ["list"], ["list", "--json"]):
        _, out, err = beat(capsys, *argv, "--home", str(seeded.root))
        assert not terminal_controls(out + err), argv
        assert "\\u001b" not in out and "\\u009b" not in out  # not even JSON-escaped
    _, out, _ = beat(capsys, "show", row["id"], "--json", "--home", str(seeded.root))
    doc = json.loads(out)
    text = "\n".join(p["text"] for p in doc["paragraphs"])
    assert doc["title"] == "终端转义测试"
    assert "红色文字" in text and "链接文字" in text and "八位CSI" in text and "反转" in text
    for payload in ("ZWNobyBw", "evil.example", "pwned", "c1-title", "sixel", "[31m", "1049", "标题注入"):
        assert payload not in out, payload
    assert "第三段民警继续工作" in text  # an unterminated OSC does not swallow the article


def test_hostile_file_names_are_stored_and_printed_safely(seeded, tmp_path, capsys):
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "\x1b]0;pwned\x07evil.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "\x1b[2Jempty.txt").write_bytes(b"")
    gbk_name = os.fsdecode("公安新闻".encode("gbk") + b".txt")  # a zip from Chinese Windows
    (folder / gbk_name).write_text(ARTICLE.replace("程波", "李明"), encoding="utf-8")
    code, out, err = beat(capsys, "import", str(folder), "--home", str(seeded.root))
    assert code == 1
    assert not terminal_controls(out + err)
    assert len(errors_for(err, "empty.txt")) == 1
    assert "imported 2 files" in err
    assert_store_clean(seeded)
    _, out, err = beat(capsys, "list", "--json", "--home", str(seeded.root))
    names = {Path(r["path"]).name for r in json.loads(out)}
    # Names that do not print as themselves carry a hash of the real name (their identity).
    assert any(n.startswith("公安新闻.txt #") for n in names)
    assert not any("]0;pwned" in n for n in names) and "evil.txt" in "".join(names)
    for argv in (["list"], ["units"], ["timeline"]):
        _, out, err = beat(capsys, *argv, "--home", str(seeded.root))
        assert not terminal_controls(out + err)


# --- markup --------------------------------------------------------------------------

MARKUP = "[@click=app.quit]点这里[/] [link=https://evil.example]链接[/link] [bold red]粗体 [/] [/]不平衡[/bold] [[转义]]。"


def test_textual_and_rich_markup_is_stored_literally(seeded, tmp_path, capsys):
    f = tmp_path / "markup.txt"
    f.write_text(f"标记测试 [b]标题[/b]\n\n民警程波在青山区巡逻。{MARKUP}\n\n第二段民警继续巡逻。\n", encoding="utf-8")
    code, _, err = beat(capsys, "import", str(f), "--home", str(seeded.root))
    assert code == 0, err
    rows = json.loads(beat(capsys, "list", "--json", "--home", str(seeded.root))[1])
    (row,) = [r for r in rows if r["path"].endswith("markup.txt")]
    assert row["title"] == "标记测试 [b]标题[/b]"
    doc = json.loads(beat(capsys, "show", row["id"], "--json", "--home", str(seeded.root))[1])
    assert doc["paragraphs"][0]["text"] == f"民警程波在青山区巡逻。{MARKUP}"
    _, out, _ = beat(capsys, "show", row["id"], "--home", str(seeded.root))
    assert MARKUP in out  # plain output prints it as text, not as markup
    for e in doc["entities"]:
        assert doc["paragraphs"][e["index"]]["text"][e["start"] : e["end"]] == e["text"]


def test_short_first_sentence_starting_with_a_date_is_kept():
    result = clean_text("民警找回走失老人\n\n2025年3月5日，民警在巡逻中发现一名走失老人。\n\n经过寻找，民警联系上了老人的家属。\n")
    assert result.paragraphs[0].text == "2025年3月5日，民警在巡逻中发现一名走失老人。"
