"""The README's command lines run as written, after `make install` and activating the
environment, and the database example's output is the output the commands give."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def blocks(title: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", section(title), re.M | re.S)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A folder with the checkout's fixtures, for the outputs of the commands to go to."""
    repo = tmp_path / "effclaims"
    repo.mkdir()
    (repo / "fixtures").symlink_to(ROOT / "fixtures")
    return repo


def shell(line: str, cwd: Path) -> subprocess.CompletedProcess:
    """`line` in bash, with the environment's commands first on the PATH, as activated."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", line],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


COMMAND_SECTIONS = [
    "Set up and test (a fresh machine)",
    "Use",
    "A page to read: `effclaims show`",
    "A summary in the terminal: `effclaims stats`",
]


def command_lines() -> list[str]:
    lines = []
    for title in COMMAND_SECTIONS:
        for block in blocks(title, "sh"):
            for line in block.splitlines():
                command = re.sub(r"\s+#.*$", "", line).strip()
                # the development set's line is run by test_evaluate, on the seeds
                if command.startswith(("effclaims", "cat ")) and "../shared" not in command:
                    lines.append(command)
    return lines


@pytest.mark.parametrize("line", command_lines())
def test_readme_command_lines_run_as_written(line, checkout):
    done = shell(line, checkout)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_readme_database_example_shows_what_the_commands_print(checkout):
    if shutil.which("sqlite3") is None:
        pytest.skip("no sqlite3 shell to run the README's queries with")
    text = "".join(blocks("A database that grows: `-o claims.db`", "console"))
    commands = re.findall(r"^\$ (.*)\n((?:(?!\$ ).*\n)*)", text, re.M)
    assert len(commands) == 5
    for command, expected in commands:
        done = shell(re.sub(r"\s+#.*$", "", command), checkout)
        assert done.returncode == 0, done.stderr
        assert done.stdout + done.stderr == expected, command
