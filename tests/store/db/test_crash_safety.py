"""SIGKILL at random moments during a burst of tag writes never loses an acknowledged tag."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from store.corpus.tags import TagBook
from store.db.userstore import UserStore
from tests.conftest import ROOT

RUNS = int(os.environ.get("BEAT_CRASH_RUNS", "100"))

WRITER = """
import sys
from store.corpus.tags import TagBook
from store.db.userstore import UserStore
book = TagBook(UserStore(__import__("pathlib").Path(sys.argv[1])))
paras = ["民警程波主动走访，联动区文旅局。" * 4]
run, i = sys.argv[2], 0
print("ready", flush=True)  # imports and the open are done: the kill lands among writes
while True:  # articles unique to this run: a span tagged before would add nothing
    (c,) = book.add("a%s-%d" % (run, i), paras, 0, i % 40, i % 40 + 3, ["t%d" % (i % 7)])
    print(c.id, flush=True)  # acknowledged only after the write returned
    i += 1
"""


def test_sigkill_during_tag_writes_loses_nothing_acknowledged(tmp_path):
    rng = random.Random(1234)
    path = tmp_path / "user.json"
    acked: set[str] = set()
    for run in range(RUNS):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(run)], stdout=subprocess.PIPE, text=True, cwd=ROOT
        )
        # Wait for the writer to be ready, not for a fixed time: on a loaded machine the
        # interpreter's start alone took over 0.35 s, and every kill landed before a write.
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.005, 0.15))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        acked |= {line for line in out.split() if line}
        store = UserStore(path)
        assert not store.notices, store.notices  # never needed recovery
        have = {c.id for c in TagBook(store).codings()}
        store.close()
        missing = acked - have
        assert not missing, f"{len(missing)} acknowledged tags lost"
    assert len(acked) > RUNS  # the writers really were writing
