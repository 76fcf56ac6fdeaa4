"""The real app in a pseudo-terminal: no escape sequence from the corpus reaches the terminal."""

from __future__ import annotations

import os
import select
import sys
import time

import pytest

from tests.conftest import ROOT
from tui.cli import main

PAYLOADS = {
    "osc52": "\x1b]52;c;ZXZpbA==\x07",
    "title": "\x1b]0;EVILTITLE\x07",
    "link": "\x1b]8;;http://evil.example/\x1b\\EVILLINK\x1b]8;;\x1b\\",
    "reset": "\x1bc",
    "clear": "\x1b[2J\x1b[H",
    "c1": "\x9d0;C1TITLE\x9c",
    "markup": "[@click=app.quit]EVILCLICK[/] [link=http://evil.example]x[/link] [/]",
}
FORBIDDEN = [b"ZXZpbA==", b"EVILTITLE\x07", b"\x1b]0;EVIL", b"http://evil.example", b"\x1bc", b"C1TITLE\x9c", b"\xc2\x9d"]


def _read_until(fd: int, seconds: float) -> bytes:
    out = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_escape_payloads_never_reach_the_terminal(tmp_path, capsys):
    import pty

    body = "".join(f"民警程波在青山区巡逻{v}发现走失老人。" for v in PAYLOADS.values())
    article = tmp_path / "evil.txt"
    article.write_text(f"恶意标题{PAYLOADS['osc52']}{PAYLOADS['markup']}\n\n{body}\n\n{body}\n", encoding="utf-8")
    home = tmp_path / "home"
    main(["import", str(article), "--home", str(home)])
    capsys.readouterr()

    pid, fd = pty.fork()
    if pid == 0:  # child: the real app, as a user starts it
        os.chdir(ROOT)
        os.environ.update(TERM="xterm-256color", COLUMNS="120", LINES="40")
        os.execv(sys.executable, [sys.executable, "-m", "tui", "--home", str(home)])
    try:
        output = _read_until(fd, 6.0)
        for keys in (b"\t", b"j", b"j", b"j", b"G", b"c", b"/", "巡逻".encode(), b"\r"):
            os.write(fd, keys)
            output += _read_until(fd, 0.6)
        os.write(fd, b"\x1b")
        output += _read_until(fd, 0.5)
        os.write(fd, b"q")
        output += _read_until(fd, 2.0)
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    assert "恶意标题".encode() in output, output[-2000:]  # the hostile article is on screen
    for seq in FORBIDDEN:
        assert seq not in output, seq
    assert b"[@click=app.quit]" in output  # markup shown literally, not run
