"""What the tests that import into a store share (hostile input, import safety).

A clean article and distinct variants of it, the CLI run in-process (never with a
traceback), the checks that nothing able to drive a terminal (ESC, C1, BEL) reached
the store or the output, and readers of what an import left (rows, texts, the import
manifest, ``sources/``). ``seeded`` is in this folder's conftest.
"""

from __future__ import annotations

import json

import orjson

from store.corpus.corpus import Corpus
from store.db.paths import Home
from store.db.userstore import manifest_path
from tests.conftest import SEEDS
from tui.cli import main

SEED_FILES = sorted(SEEDS.glob("*.txt"))
ARTICLE = (
    "民警夜巡护平安\n\n"
    "2025年3月5日晚，武汉市公安局青山区分局红卫路派出所民警程波在辖区巡逻时，发现一名走失老人。"
    "民警立即联系社区工作人员，经过两个小时的寻找，终于找到老人的家属。\n\n"
    "老人家属对民警的帮助表示感谢。青山公安提醒，家中有老人的市民要多加看护。\n"
)


def beat(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def article_ids(home: Home, capsys) -> set[str]:
    code, out, _ = beat(capsys, "list", "--json", "--home", str(home.root))
    assert code == 0
    return {r["id"] for r in json.loads(out)}


def strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from strings(v)


def terminal_controls(text: str) -> list[str]:
    """Characters that can drive a terminal: C0 except tab/newline, DEL, C1."""
    return [ch for ch in text if (ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F]


def assert_store_clean(home: Home) -> None:
    for name in ("derived.json", "user.json"):
        path = home.root / name
        if path.exists():
            bad = [s for s in strings(orjson.loads(path.read_bytes())) if terminal_controls(s)]
            assert not bad, f"{name} holds control characters: {bad[:3]!r}"


def errors_for(err: str, name: str) -> list[str]:
    return [line for line in err.splitlines() if name in line and line.startswith("beat: ")]


def article(n: int | str) -> str:
    """A distinct synthetic article per ``n`` (different people, places and text)."""
    return ARTICLE.replace("程波", f"民警{n}号").replace("走失老人", f"走失老人{n}名")


def rows(home: Home) -> list[dict]:
    store = Corpus.open(home)
    return [{"id": a.id, "path": a.path, "title": a.title} for a in store.articles()]


def text_of(home: Home, article_id: str) -> str:
    return "\n".join(p.text for p in Corpus.open(home).article(article_id).paragraphs)


def manifest(home: Home) -> dict:
    return orjson.loads(manifest_path(home.user).read_bytes())


def write_manifest(home: Home, data: dict) -> None:
    manifest_path(home.user).write_bytes(orjson.dumps(data))


def sources(home: Home) -> list[str]:
    return sorted(p.name for p in home.sources.iterdir()) if home.sources.exists() else []
