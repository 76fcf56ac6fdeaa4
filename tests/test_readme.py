"""The README's two set-up commands stay true: CI runs the test one verbatim."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Set up\n(.*?)\n## ", readme, re.S).group(1)
    return re.findall(r"^```sh\n(.+?)\n```", block, re.M | re.S)


def test_exactly_two_setup_commands():
    commands = _commands()
    assert len(commands) == 2
    assert commands[0].endswith(".venv/bin/beat")
    assert commands[1].endswith(".venv/bin/pytest")


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci.splitlines()
