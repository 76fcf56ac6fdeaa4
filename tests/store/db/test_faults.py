"""Faults: SIGKILL during builds, full disks, denied writes, a second Beat, damaged stores.

After any of them the derived store is the old one or the new one (or absent before
the first build), the user store opens with every acknowledged write, the previous
file of a failed write is intact, and the CLI says what happened in one line.
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import store.db.atomic as atomic
from store.corpus.corpus import Corpus
from store.corpus.tags import TagBook
from store.db.atomic import atomic_write_bytes, remove_abandoned_temps
from store.db.derived import load as _load
from store.db.paths import Home
from store.db.userstore import UserStore, manifest_path
from store.ingest.build import corpus_digests, fingerprint
from store.ingest.importer import import_paths
from store.workspace import ensure_built
from tests.conftest import ROOT
from tui.cli import main

# Eight kills cover each mid-write stop (fsync, rename) at least once, first and incremental
# builds, and random moments; each costs a build (about 3 s alone, 9 s on a loaded machine),
# so the default run stays within the suite's budget. The long run is tests/bench/fault_run.py
# (1,000 kills), or BEAT_BUILD_KILLS=20 for this test.
KILLS = int(os.environ.get("BEAT_BUILD_KILLS", "8"))
ARTICLES = 60

ENOSPC = OSError(errno.ENOSPC, "No space left on device")


def beat(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def temps(folder: Path) -> list[str]:
    """Temp files, and derived side files that derived.json does not name (a killed build's)."""
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".building")))
    store = _load(Home(folder).root) if (folder / "derived.json").exists() else None
    live = f"derived-{store.meta.get('files')}." if store else None
    return names + sorted(p.name for p in folder.glob("derived-*") if live is None or not p.name.startswith(live))


# --- a corpus that takes a moment to build ---------------------------------------------


@pytest.fixture(scope="module")
def corpus_home(tmp_path_factory) -> Home:
    """Seeds plus 60 synthetic articles, built, with a few tags (read-only: copy it)."""
    from tests.bench.corpus import write_corpus

    root = tmp_path_factory.mktemp("faults")
    write_corpus(root / "articles", ARTICLES, rename_people=False)
    home = Home(root / "home")
    result = import_paths(home, [root / "articles"])
    assert len(result.added) == ARTICLES and not result.errors
    ensure_built(home)
    corpus = Corpus.open(home)
    book = TagBook(UserStore(home.user))
    for summary in corpus.articles()[:5]:
        article = corpus.article(summary.id)
        book.add(article.id, [p.text for p in article.paragraphs], 0, 0, 4, ["before"])
    book.user.close()
    return home


@pytest.fixture
def big_home(corpus_home, tmp_path) -> Home:
    shutil.copytree(corpus_home.root, tmp_path / "big")
    return Home(tmp_path / "big")


@pytest.fixture
def home(built_home, tmp_path) -> Home:
    """The seeds, one imported article and five tags: quick to rebuild."""
    shutil.copytree(built_home.root, tmp_path / "home")
    home = Home(tmp_path / "home")
    extra = tmp_path / "extra.txt"
    extra.write_text("民警夜巡\n\n民警程波在青山区巡逻，发现一名走失老人，随即联系家属。\n", encoding="utf-8")
    assert import_paths(home, [extra]).added
    ensure_built(home)
    corpus = Corpus.open(home)
    user = UserStore(home.user)
    book = TagBook(user)
    for summary in corpus.articles()[:5]:
        article = corpus.article(summary.id)
        book.add(article.id, [p.text for p in article.paragraphs], 0, 0, 4, ["before"])
    user.close()
    return home


BUILDER = """
import os, sys, time
from pathlib import Path
from store.workspace import ensure_built
from store.db.lock import HomeLock
from store.db.paths import Home
from store.corpus.tags import TagBook
from store.db.userstore import UserStore
import store.ingest.build as build

home = Home(Path(sys.argv[1]))
article, paragraph, run, force, stop = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] == "1", sys.argv[6]
_write_derived, _fsync, _replace = build._write_derived, os.fsync, os.replace


def stop_here(name):
    print(name, flush=True)  # the test kills us now: a slow disk, mid-write
    time.sleep(30)


def fsync(fd):
    stop_here("at-fsync")
    _fsync(fd)


def replace(src, dst):
    if str(dst).endswith("derived.json"):
        stop_here("at-rename")
    _replace(src, dst)


def write_derived(*args):
    if stop == "fsync":
        os.fsync = fsync
    elif stop == "rename":
        os.replace = replace
    _write_derived(*args)


build._write_derived = write_derived
with HomeLock(home.lock):
    user = UserStore(home.user)
    (c,) = TagBook(user).add(article, [paragraph], 0, 0, 2, ["kill-" + run])
    print(c.id, flush=True)  # acknowledged: the write returned
    if not force:  # an incremental build: one new source, the rest carried over
        import store.ingest.importer as importer
        new = home.root / ("new-%s.txt" % run)
        new.write_text("新增文章%s\\n\\n民警程波在青山区巡逻，第%s次发现走失老人。\\n" % (run, run), encoding="utf-8")
        user.close()
        importer.import_paths(home, [new])
        user = UserStore(home.user)
    ensure_built(home, force=force, user=user)
    user.close()
print("built", flush=True)
"""


def _spawn(home: Home, article: str, paragraph: str, run: int, force: bool, stop: str = "") -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", BUILDER, str(home.root), article, paragraph, str(run), "1" if force else "0", stop],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        start_new_session=True,  # its worker processes die with it, as in a real kill
    )


def _check_derived(home: Home, before: bytes | None) -> None:
    """The derived store is the one from before the kill, or a complete one for the corpus now."""
    store = _load(home.root)  # raises if damaged, side files included
    if store is None:
        assert before is None, "derived store lost"
        return  # absent before the first build completed
    if home.derived.read_bytes() != before:
        assert store.meta["fingerprint"] == fingerprint(corpus_digests(home))
    corpus = Corpus(store)
    assert len(corpus) == len(corpus.articles()) > ARTICLES
    for summary in corpus.articles():
        assert corpus.article(summary.id).paragraphs
    corpus.close()


def test_sigkill_during_builds_keeps_old_or_new_store_and_every_acknowledged_tag(big_home):
    home = big_home
    rng = random.Random(20250305)
    corpus = Corpus.open(home)
    article = corpus.article(corpus.articles()[0].id)
    paragraph = article.paragraphs[0].text
    acked = {c.id for c in TagBook(UserStore(home.user)).codings()}

    def timed_run(force: bool) -> float:
        started = time.perf_counter()
        proc = _spawn(home, article.id, paragraph, -1 if force else -2, force)
        out, _ = proc.communicate(timeout=120)
        assert "built" in out
        acked.update(out.split()[:1])
        return time.perf_counter() - started

    full, incremental = timed_run(True), timed_run(False)
    debris = 0  # kills that left a temp file: the write itself was interrupted
    for run in range(KILLS):
        force = run % 2 == 0
        first_build = run % 4 == 0
        if first_build:
            home.derived.unlink(missing_ok=True)
        before = home.derived.read_bytes() if home.derived.exists() else None
        left = set(temps(home.root))
        # every third kill lands mid-write: inside the temp file's fsync, or between it and
        # the rename over derived.json; the others at a random moment of the build
        stop = "" if run % 3 else ("fsync", "rename")[run // 3 % 2]
        proc = _spawn(home, article.id, paragraph, run, force, stop)
        duration = full if force or first_build else incremental
        out = ""
        if stop:
            while (line := proc.stdout.readline()) and not line.startswith("at-"):
                out += line
            assert line.startswith("at-"), out
        else:
            time.sleep(rng.uniform(0.3, duration * 1.05))
        os.killpg(proc.pid, signal.SIGKILL)
        out += proc.communicate()[0]
        acked |= {line for line in out.split() if line != "built" and not line.startswith("at-")}
        debris += bool(set(temps(home.root)) - left)
        _check_derived(home, before)
        user = UserStore(home.user)
        assert not user.notices, user.notices  # never needed a recovery
        have = {c.id for c in TagBook(user).codings()}
        user.close()
        assert acked <= have, f"{len(acked - have)} acknowledged tags lost"
    assert len(acked) > KILLS // 2  # the builders really were writing
    # a build after the kills leaves no debris from them
    ensure_built(home, force=True)
    user = UserStore(home.user)
    TagBook(user).add(article.id, [paragraph], 0, 0, 1, ["after"])
    user.close()
    assert temps(home.root) == [], temps(home.root)
    _check_derived(home, None)
    print(f"{KILLS} kills, {debris} during a write, {len(acked)} acknowledged tags kept")


# --- abandoned temp files --------------------------------------------------------------


def test_abandoned_temp_files_are_removed_and_live_ones_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "_swept", set())
    old = time.time() - 60
    target = tmp_path / "user.json"
    target.write_bytes(b"{}")
    dead = tmp_path / ".user.json.dead.tmp"
    other = tmp_path / ".derived.json.dead.tmp"  # another file's, its writer dead too
    fresh = tmp_path / ".user.json.fresh.tmp"  # a writer may be about to lock it
    hidden = tmp_path / ".hidden"  # not ours
    for f in (dead, other, hidden):
        f.write_bytes(b"half a sto")
        os.utime(f, (old, old))
    live = tmp_path / ".user.json.live.tmp"
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import fcntl, os, sys, time\n"
            "fd = os.open(sys.argv[1], os.O_CREAT | os.O_WRONLY)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "os.utime(sys.argv[1], (time.time() - 60, time.time() - 60))\n"
            "print('held', flush=True)\n"
            "time.sleep(30)\n"
        ), str(live)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        fresh.write_bytes(b"x")  # after the holder started: "fresh" must stay under a second old
        atomic_write_bytes(target, b'{"a": 1}')  # the process's first write here sweeps
        assert target.read_bytes() == b'{"a": 1}'
        assert not dead.exists() and not other.exists()
        assert live.exists() and fresh.exists() and hidden.exists()
    finally:
        holder.kill()
        holder.wait()
    os.utime(live, (old, old))
    assert remove_abandoned_temps(tmp_path) == 1  # its writer is gone now
    dead.write_bytes(b"x")
    os.utime(dead, (old, old))
    atomic_write_bytes(target, b'{"a": 2}')
    assert dead.exists()  # once per process and folder: debris only comes from dead processes


def test_temp_file_left_in_sources_is_not_an_article(home, capsys):
    before = {a.id for a in Corpus.open(home).articles()}
    (home.sources / ".0123456789abcdef.txt.k2j3h4.tmp").write_text("半篇文章\n\n民警程波在青山区巡逻，发现", encoding="utf-8")
    report = ensure_built(home, force=True)  # the next rebuild, for whatever reason
    assert not report.errors
    assert {a.id for a in Corpus.open(home).articles()} == before


# --- full disks and denied writes ------------------------------------------------------


def _fail_at(monkeypatch, point: str, exc: OSError) -> None:
    def boom(*a, **k):
        raise exc

    if point == "mkstemp":
        monkeypatch.setattr(atomic.tempfile, "mkstemp", boom)
    elif point == "write":
        real = atomic.os.fdopen

        class Full:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc_info):
                self.fh.close()

            def fileno(self):
                return self.fh.fileno()

            def write(self, data):
                self.fh.write(data[: len(data) // 2])
                raise exc

            def flush(self):
                self.fh.flush()

        monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode="r", *a: Full(real(fd, mode)) if "w" in mode else real(fd, mode, *a))
    elif point == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", boom)
    elif point == "replace":
        monkeypatch.setattr(atomic.os, "replace", boom)


POINTS = ["mkstemp", "write", "fsync", "replace"]
ERRORS = [
    OSError(errno.ENOSPC, "No space left on device"),
    PermissionError(errno.EACCES, "Permission denied"),
    OSError(errno.EROFS, "Read-only file system"),
]


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("exc", ERRORS, ids=["ENOSPC", "EACCES", "EROFS"])
def test_failed_atomic_write_leaves_previous_file_and_no_temp(tmp_path, monkeypatch, point, exc):
    target = tmp_path / "store.json"
    atomic_write_bytes(target, b'{"old": true}')
    _fail_at(monkeypatch, point, exc)
    with pytest.raises(OSError) as raised:
        atomic_write_bytes(target, b'{"new": true}' * 1000)
    assert raised.value.errno == exc.errno
    monkeypatch.undo()
    assert target.read_bytes() == b'{"old": true}'
    assert temps(tmp_path) == []


@pytest.mark.parametrize("point", POINTS)
def test_tag_write_on_a_full_disk_is_not_kept_in_memory_either(tmp_path, monkeypatch, point):
    """A failed tag must not show in the open store, nor be saved by the next good write."""
    path = tmp_path / "user.json"
    book = TagBook(UserStore(path))
    paras = ["民警程波主动走访，联动区文旅局。"]
    (kept,) = book.add("a1", paras, 0, 0, 2, ["kept"])
    before = path.read_bytes()
    _fail_at(monkeypatch, point, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OSError):
        book.add("a1", paras, 0, 2, 4, ["lost"])
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [c.tag for c in book.codings()] == ["kept"]
    assert [t.name for t in book.tags()] == ["kept"]
    book.add("a1", paras, 0, 4, 6, ["later"])  # the disk has room again
    book.user.close()
    again = TagBook(UserStore(path))
    assert sorted(c.tag for c in again.codings()) == ["kept", "later"]


def test_derived_store_survives_a_full_disk_during_build(home, monkeypatch):
    before = home.derived.read_bytes()
    _fail_at(monkeypatch, "fsync", OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OSError):
        ensure_built(home, force=True)
    monkeypatch.undo()
    assert home.derived.read_bytes() == before
    assert [n for n in temps(home.root) if n.endswith(".tmp")] == []
    assert ensure_built(home).built is False  # still current: nothing to redo


def test_import_on_a_full_disk_stops_with_one_message(home, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(f"标题{i}\n\n民警程波在青山区巡逻，第{i}次发现走失老人。\n", encoding="utf-8")
    before = home.user.read_bytes()
    _fail_at(monkeypatch, "write", OSError(errno.ENOSPC, "No space left on device"))
    code, _, err = beat(capsys, "import", str(folder), "--home", str(home.root))
    monkeypatch.undo()
    assert code == 1 and "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.startswith("beat: ")]
    assert lines[0].endswith(f"could not be saved in {home.root} (No space left on device)") and "0.txt" in lines[0]
    assert "import stopped: 2 more files not imported" in lines[1]
    assert home.user.read_bytes() == before
    assert not list(home.sources.glob(".*.tmp"))


def test_import_when_the_import_manifest_cannot_be_written(home, tmp_path, monkeypatch, capsys):
    """The copy went in but its record could not: the copy is taken out again."""
    f = tmp_path / "x.txt"
    f.write_text("标题\n\n民警程波在青山区巡逻，发现走失老人。\n", encoding="utf-8")
    sources_before = sorted(p.name for p in home.sources.iterdir())
    import store.db.tinydb_storage

    real = store.db.tinydb_storage.atomic_write_bytes

    def manifest_denied(path, data):
        if path == manifest_path(home.user):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        real(path, data)

    monkeypatch.setattr(store.db.tinydb_storage, "atomic_write_bytes", manifest_denied)
    code, _, err = beat(capsys, "import", str(f), "--home", str(home.root))
    monkeypatch.undo()
    assert code == 1 and "Permission denied" in err
    assert sorted(p.name for p in home.sources.iterdir()) == sources_before
    assert ensure_built(home).built is False




def test_cli_build_on_a_full_disk_says_so(home, monkeypatch, capsys):
    before = home.derived.read_bytes()
    _fail_at(monkeypatch, "fsync", OSError(errno.ENOSPC, "No space left on device"))
    try:
        code, _, err = beat(capsys, "build", "--rebuild", "--home", str(home.root))
    finally:
        monkeypatch.undo()
        assert home.derived.read_bytes() == before
    assert code == 1 and "No space left on device" in err and str(home.root) in err


def test_cli_tag_on_a_read_only_home_says_so(home, monkeypatch, capsys):
    aid = Corpus.open(home).articles()[0].id
    _fail_at(monkeypatch, "replace", OSError(errno.EROFS, "Read-only file system"))
    try:
        code, _, err = beat(capsys, "tag", "add", aid, "--paragraph", "1", "x", "--home", str(home.root))
    finally:
        monkeypatch.undo()
    assert code == 1 and "Read-only file system" in err


# --- two Beats on one home -------------------------------------------------------------


@pytest.fixture
def held(home):
    probe = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from store.db.lock import HomeLock\n"
        "lock = HomeLock(Path(sys.argv[1]))\n"
        "lock.acquire()\n"
        "print('held', flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", probe, str(home.lock)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert holder.stdout.readline().strip() == "held"
    yield home
    holder.kill()
    holder.wait()


def test_second_beat_refused_for_writes_and_allowed_for_reads(held, tmp_path, capsys):
    h = str(held.root)
    aid = Corpus.open(held).articles()[0].id
    f = tmp_path / "x.txt"
    f.write_text("标题\n\n民警程波在青山区巡逻。\n", encoding="utf-8")
    derived, user = held.derived.read_bytes(), held.user.read_bytes()
    for argv in (["build"], ["build", "--rebuild"], ["import", str(f)], ["tag", "add", aid, "--paragraph", "1", "x"], ["tag", "rm", "--article", aid]):
        code, _, err = beat(capsys, *argv, "--home", h)
        assert code == 2 and "already using" in err and err.count("\n") == 1, argv
    assert held.derived.read_bytes() == derived and held.user.read_bytes() == user
    for argv in (["list"], ["list", "--json"], ["show", aid, "--json"], ["units"], ["timeline"], ["tag", "list"],
                 ["export", "--format", "json", "-o", str(tmp_path / "t.json")]):
        code, out, err = beat(capsys, *argv, "--home", h)
        assert code == 0, (argv, err)
    assert len(json.loads((tmp_path / "t.json").read_text("utf-8"))) == 5


def test_read_only_commands_never_write_the_user_store(home, tmp_path, capsys):
    """Opening the user store used to rewrite it (and rotate its backups) every time, so a
    'beat list' beside a running Beat could put back a stale copy under its feet."""
    h = str(home.root)
    aid = Corpus.open(home).articles()[0].id
    files = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in home.root.glob("user.json*")}
    for argv in (["list"], ["show", aid, "--json"], ["units"], ["timeline"], ["tag", "list"],
                 ["export", "--format", "csv", "-o", str(tmp_path / "t.csv")], ["build"]):
        assert beat(capsys, *argv, "--home", h)[0] == 0, argv
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in home.root.glob("user.json*")} == files


@pytest.mark.parametrize("argv", [["date", "{aid}", "2024-01-01"], ["units", "--alias", "钢城公安", "武汉市公安局青山区分局"]])
def test_second_beat_refused_for_user_store_edits(held, capsys, argv):
    aid = Corpus.open(held).articles()[0].id
    user = held.user.read_bytes()
    code, _, err = beat(capsys, *[a.format(aid=aid) for a in argv], "--home", str(held.root))
    assert code == 2 and "already using" in err
    assert held.user.read_bytes() == user


# --- damaged stores --------------------------------------------------------------------

DAMAGE = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "truncated-to-one-byte": lambda raw: raw[:1],
    "empty": lambda raw: b"",
    "zeros": lambda raw: b"\x00" * len(raw),  # what some file systems show after a power cut
    "garbage": lambda raw: bytes(random.Random(1).randrange(256) for _ in range(4096)),
    "not-a-dict": lambda raw: b"[1, 2, 3]",
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_derived_store_is_rebuilt_and_tags_kept(home, capsys, damage):
    tags = sorted(c.id for c in TagBook(UserStore(home.user)).codings())
    articles = len(Corpus.open(home))
    home.derived.write_bytes(DAMAGE[damage](home.derived.read_bytes()))
    code, _, err = beat(capsys, "build", "--home", str(home.root))
    assert code == 0 and "damaged" in err and "Traceback" not in err
    assert len(Corpus.open(home)) == articles
    assert sorted(c.id for c in TagBook(UserStore(home.user)).codings()) == tags


def test_read_only_command_on_a_damaged_derived_store_says_what_to_do(home, capsys):
    home.derived.write_bytes(home.derived.read_bytes()[:100])
    with pytest.raises(SystemExit) as exc:
        main(["list", "--home", str(home.root)])
    assert "beat build" in str(exc.value.code)


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_user_store_restored_from_backup(home, damage):
    user = UserStore(home.user)
    book = TagBook(user)
    codings = sorted(c.id for c in book.codings())
    user.close()
    # the next session's first write rotates the backups: .1 then holds these codings
    user = UserStore(home.user)
    user.set_setting("theme", "nord")
    user.close()
    home.user.write_bytes(DAMAGE[damage](home.user.read_bytes()))
    recovered = UserStore(home.user)
    assert recovered.notices and "restored" in recovered.notices[0]
    assert sorted(c.id for c in TagBook(recovered).codings()) == codings
    assert any(".corrupt-" in p.name for p in home.root.iterdir())


def test_damaged_user_store_and_newest_backup_falls_back_to_older(home):
    user = UserStore(home.user)
    codings = sorted(c.id for c in TagBook(user).codings())
    user.close()
    good = home.root / "user.json.2"
    good.write_bytes(home.user.read_bytes())
    (home.root / "user.json.1").write_bytes(home.user.read_bytes()[:50])  # truncated too
    home.user.write_bytes(b"\x00" * 100)
    recovered = UserStore(home.user)
    assert "user.json.2 was restored" in recovered.notices[0]
    assert sorted(c.id for c in TagBook(recovered).codings()) == codings


def test_build_with_damaged_user_store_keeps_import_names(home, capsys):
    """A damaged user store must not turn imported articles into anonymous 'sources/…' ones."""
    names = sorted(a.path for a in Corpus.open(home).articles())
    home.user.write_bytes(home.user.read_bytes()[:-10])
    user = UserStore(home.user)  # recovers from the backup, as the TUI and CLI do first
    user.close()
    ensure_built(home, force=True)
    assert sorted(a.path for a in Corpus.open(home).articles()) == names
