"""Fixtures shared by the end-to-end tests."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

EFFCLAIMS = str(Path(sys.executable).with_name("effclaims"))


@dataclass(frozen=True)
class Interrupted:
    """How an interrupted run ended: exit code, stderr, and its process (group) id."""

    code: int
    stderr: str
    pid: int


@pytest.fixture
def interrupt_while_following() -> Callable[..., Interrupted]:
    """Run `effclaims ARGS` on `stdin`, keep stdin open, and Ctrl-C it once a row is out.

    With `group`, the signal goes to the whole process group, as a terminal sends it;
    otherwise to the main process only.
    """

    def interrupt(args: list[str], stdin: bytes, *, group: bool = False) -> Interrupted:
        proc = subprocess.Popen(
            [EFFCLAIMS, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=group,
        )
        try:
            # stdin stays open: once a row is out, the command is running and will wait
            # for more input until interrupted
            proc.stdin.write(stdin)
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], 60)
            if not ready:
                pytest.skip("no output within a minute; cannot time the interrupt")
            if group:
                os.killpg(proc.pid, signal.SIGINT)
            else:
                proc.send_signal(signal.SIGINT)
            code = proc.wait(timeout=30)
        finally:
            proc.kill()
            proc.stdin.close()
        return Interrupted(code, proc.stderr.read().decode(), proc.pid)

    return interrupt


def run_with_terminal_stderr(
    args: list[str], **kwargs
) -> tuple[subprocess.CompletedProcess, bytes]:
    """Run `effclaims ARGS` with stdout a pipe and stderr a terminal (a pseudo-terminal),
    and return the run and everything the terminal was shown."""
    main, secondary = pty.openpty()
    shown: list[bytes] = []

    def drain() -> None:  # a full terminal buffer would block the program
        with contextlib.suppress(OSError):
            while chunk := os.read(main, 4096):
                shown.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        done = subprocess.run(
            [EFFCLAIMS, *args], stdout=subprocess.PIPE, stderr=secondary, timeout=300, **kwargs
        )
    finally:
        os.close(secondary)
        reader.join(timeout=10)
        os.close(main)
    return done, b"".join(shown)
