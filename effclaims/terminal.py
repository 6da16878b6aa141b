"""Text on its way to a terminal, with the characters that would command it made harmless.

Titles, abstracts and file names come from scraped pages and other people's files, and
may hold escape sequences (clear the screen, set the window title, hide a link) or
bidirectional overrides that reorder what is shown. Messages show such characters as
escapes (`\\x1b`), so that the name can still be told; tables and anything else written
to a terminal lose them.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

from .pattern_cache import compile_re

#: C0 and C1 control characters, DEL, the bidirectional controls, and lone surrogates.
_CONTROL = compile_re(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
#: The same, without the line breaks and tabs of ordinary text output.
_CONTROL_IN_TEXT = compile_re(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SPACES = compile_re(r"[\t\n\x0b\x0c\r]")


def escaped(text: str) -> str:
    """`text` with each control character written as its escape (`\\n`, `\\x1b`, `\\u202e`)."""
    if text.isprintable():
        return text
    return _CONTROL.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    return m.group().encode("unicode_escape", "backslashreplace").decode("ascii")


def cell(text: str) -> str:
    """`text` for one cell of a table: line breaks and tabs as spaces, other controls gone."""
    if text.isprintable():
        return text
    return _CONTROL.sub("", _SPACES.sub(" ", text))


class Sanitised:
    """A text stream to a terminal that drops control characters other than line breaks
    and tabs from what is written to it (JSON, JSON Lines or CSV rows shown on screen).

    Everything else is the wrapped stream's.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_CONTROL_IN_TEXT.sub("", text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
