"""Text on its way to a terminal: control characters shown as escapes or left out."""

from __future__ import annotations

import io

import pytest

from effclaims.terminal import Sanitised, cell, escaped


@pytest.mark.parametrize(
    ("text", "message", "in_a_cell"),
    [
        ("plain name.txt", "plain name.txt", "plain name.txt"),
        ("two\nlines", "two\\nlines", "two lines"),
        ("tab\there\r", "tab\\there\\r", "tab here "),
        ("\x1b[2Jclear", "\\x1b[2Jclear", "[2Jclear"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07", "]0;title"),
        ("csi\x9b31m", "csi\\x9b31m", "csi31m"),
        ("rtl\u202eexe.txt", "rtl\\u202eexe.txt", "rtlexe.txt"),
        ("cut \ud800", "cut \\ud800", "cut "),
        ("é × ≈ 😀", "é × ≈ 😀", "é × ≈ 😀"),
    ],
)
def test_control_characters(text: str, message: str, in_a_cell: str) -> None:
    assert escaped(text) == message
    assert cell(text) == in_a_cell


def test_a_terminal_stream_keeps_line_breaks_and_tabs_only() -> None:
    out = io.StringIO()
    stream = Sanitised(out)
    assert stream.write('{"t": "a\x1b[2Jb\x9bc"}\n\tx\r\n') == 22
    assert out.getvalue() == '{"t": "a[2Jbc"}\n\tx\n'
