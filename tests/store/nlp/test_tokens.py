"""The token view: rjieba and jieba give the rules the same tokens and tags."""

from __future__ import annotations

import sys

import pytest

from store.nlp import tokens
from store.nlp.tokens import Tokens, word_freq, word_tag

SENTENCES = [
    "武汉市公安局江岸区分局二七派出所民警陈思远在巡逻中发现一名走失儿童。",
    "2026-02-07，苏州吴中警方通报：一男子因涉嫌诈骗被依法刑事拘留。",
    "",
    "\x00\x01\ufffd" * 20,
    "ÿþ\x00A\x00B" * 50,
]


@pytest.fixture()
def segmenter(monkeypatch: pytest.MonkeyPatch):
    """Switch the segmenter for one test; the cached choice is restored afterwards."""

    def use(name: str) -> None:
        monkeypatch.setenv("BEAT_SEGMENTER", name)
        tokens._lexicon.cache_clear()

    yield use
    tokens._lexicon.cache_clear()


def _view(text: str) -> list[tuple[int, int, str, str | None]]:
    return [(t.start, t.end, t.word, t.tag) for t in Tokens(text).toks]


@pytest.mark.parametrize("text", SENTENCES)
def test_both_segmenters_give_the_same_chinese_tokens(text: str, segmenter) -> None:
    segmenter("jieba")
    slow = _view(text)
    segmenter("rjieba")
    fast = _view(text)
    # rjieba keeps a run of Latin letters and digits in one token ("2026-02-07"): compare the rest
    def cjk(view: list[tuple[int, int, str, str | None]]) -> list[tuple[int, int, str, str | None]]:
        return [v for v in view if any(tokens.is_cjk(c) for c in v[2])]

    assert cjk(fast) == cjk(slow)
    assert "".join(v[2] for v in fast) == text


def test_tables_agree_with_jiebas(segmenter) -> None:
    segmenter("rjieba")
    ours = [(word_tag(w), word_freq(w)) for w in ("派出所", "民警", "武汉", "不存在的词语")]
    jieba, tags, freq = tokens._jieba()
    assert ours == [(tags.get(w), freq.get(w, 0)) for w in ("派出所", "民警", "武汉", "不存在的词语")]


def test_without_rjieba_jieba_cuts(segmenter, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rjieba", None)  # import fails
    segmenter("rjieba")
    cut = tokens._lexicon()[0]
    assert cut is tokens._jieba()[0].lcut
