"""``beat coder``, ``beat tag add --coder``, ``beat agreement`` and the QDPX export's report, from a shell."""

from __future__ import annotations

import json

from store.corpus.corpus import Corpus
from tests.store.team.refi import copy_home
from tui.cli import main


def test_coder_agreement_and_the_export_report(built_home, tmp_path, capsys):
    home = copy_home(built_home.root, tmp_path / "h")
    h = ["--home", str(home.root)]
    assert main([*h, "coder"]) == 0 and "no coder named yet" in capsys.readouterr().out
    assert main([*h, "coder", "  甲  "]) == 0
    assert main([*h, "coder"]) == 0 and capsys.readouterr().out.strip() == "甲"
    corpus = Corpus.open(home)
    aid = corpus.articles()[0].id
    corpus.close()
    assert main([*h, "tag", "add", aid, "--paragraph", "1", "--start", "0", "--end", "10", "t"]) == 0
    assert main([*h, "tag", "add", aid, "--paragraph", "1", "--start", "5", "--end", "10", "--coder", "乙", "t"]) == 0
    assert main([*h, "tag", "add", aid, "--paragraph", "2", "--coder", "乙", "u"]) == 0
    capsys.readouterr()
    assert main([*h, "agreement", "--json", "--level", "char"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["coders"] == ["乙", "甲"] and data["level"] == "char" and data["metric"] == "nominal"
    t = next(f for f in data["figures"] if f["tag"] == "t")
    (d,) = t["disagreements"]
    assert (d["paragraph"], d["index"], d["start"], d["end"], d["coders"]) == (1, 0, 0, 5, ["甲"])
    assert main([*h, "agreement", "--level", "paragraph", "--tag", "u"]) == 0
    out = capsys.readouterr().out
    assert "unit: paragraphs" in out and "(overall)" in out and "kappa" in out
    assert main([*h, "export", "--format", "qdpx", "-o", str(tmp_path / "x.qdpx")]) == 0
    err = capsys.readouterr().err
    assert "3 passages on 1 source" in err and "2 coders" in err and "nothing left out" in err


def test_a_bad_coder_name_is_refused(built_home, tmp_path, capsys):
    home = copy_home(built_home.root, tmp_path / "h")
    assert main(["--home", str(home.root), "coder", " "]) == 2
    assert "needs a name" in capsys.readouterr().err
