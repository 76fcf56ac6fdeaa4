"""The warm start's corpus fingerprint is made from the listing's names and stamps alone (issue 18).

``corpus_digests`` no longer makes a ``Path`` and an ``Entry`` per imported copy (two
thirds of its time at 100,000 copies); its keys must stay exactly the entries' keys, so
a store built before this change is not rebuilt, and links, temp and hidden files stay
out of both.
"""

from __future__ import annotations

import os

from store.db.paths import Home
from store.ingest.build import corpus_digests, corpus_entries, fingerprint


def test_the_digests_are_the_entries_keys(tmp_path):
    home = Home(tmp_path / "home")
    sources = home.folder(home.sources)
    for i in range(5):
        (sources / f"{i:016x}.txt").write_text(f"第{i}篇", "utf-8")
    (sources / "0000000000000009.html").write_bytes(b"<p>x</p>")
    (sources / "half.txt.tmp").write_text("unfinished", "utf-8")
    (sources / ".hidden").write_text("x", "utf-8")
    os.symlink(tmp_path / "elsewhere.txt", sources / "00000000000000aa.txt")
    (sources / "sub").mkdir()
    entries = corpus_entries(home)
    assert sorted(corpus_digests(home)) == sorted(e.key for e in entries)
    assert fingerprint(corpus_digests(home)) == fingerprint([e.key for e in entries])
    assert {e.name for e in entries if e.name.startswith("sources/")} == {
        *(f"sources/{i:016x}.txt" for i in range(5)), "sources/0000000000000009.html"}
    os.utime(sources / "0000000000000001.txt", ns=(1, 1))  # an edit in place changes the fingerprint
    assert fingerprint(corpus_digests(home)) != fingerprint([e.key for e in entries])


def test_a_home_without_sources_has_the_seeds_alone(tmp_path):
    home = Home(tmp_path / "empty")
    assert corpus_digests(home) == [e.key for e in corpus_entries(home)]
