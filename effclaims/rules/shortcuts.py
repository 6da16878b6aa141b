"""The switch between the fast path and the plain path of the rules, and a sieved regex.

Every speed shortcut of the extractor skips work that it can prove finds nothing: a
sentence without any substring a pattern needs, a regex tried only where a number
starts. Each is derived from the rules it speeds up, and each consults `enabled()`, so
that the whole extractor can also run the plain way (every pattern on every sentence,
every regex on every window) under `plain_path()`. The tests run both over every case
and development text and require the same claims: a shortcut that loses a claim shows
there, whichever rule it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import regex

from ..compiled import compile_pattern
from .derived import literals

_ENABLED: ContextVar[bool] = ContextVar("effclaims_shortcuts", default=True)


def enabled() -> bool:
    """Whether the shortcuts are on (the default) in this thread or task."""
    return _ENABLED.get()


@contextmanager
def plain_path() -> Iterator[None]:
    """Run the enclosed extraction with every shortcut off."""
    token = _ENABLED.set(False)
    try:
        yield
    finally:
        _ENABLED.reset(token)


class Sieved:
    """A regex that is run only on text holding one of the substrings its matches need.

    A call into the regex module costs a microsecond or more even on a short window, and
    the rules make dozens per quantity, most of which find nothing; a few substring
    tests cost a fraction of that. The substrings are derived from the regex
    (`literals.required_literals`). The
    methods are the regex's, with what no match gives (`None`, no matches, the text
    unsplit) returned at once where the substrings are absent; `finditer` gives a list.
    """

    __slots__ = ("_rx", "flags", "needs", "pattern")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self.needs = literals(pattern)
        self._rx: regex.Pattern[str] | None = None

    @property
    def rx(self) -> regex.Pattern[str]:
        """The regex, compiled when first used (most are used by few texts)."""
        if self._rx is None:
            self._rx = compile_pattern(self.pattern, self.flags)
        return self._rx

    def _absent(self, text: str) -> bool:
        if self.needs is None or not _ENABLED.get():
            return False
        folded = fold(text)
        for w in self.needs:
            if w in folded:
                return False
        return True

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        end = len(text) if endpos is None else endpos
        return None if self._absent(text[pos:end]) else self.rx.search(text, pos, end)

    def match(self, text: str) -> regex.Match[str] | None:
        return None if self._absent(text) else self.rx.match(text)

    def finditer(self, text: str) -> list[regex.Match[str]]:
        return [] if self._absent(text) else list(self.rx.finditer(text))

    def split(self, text: str) -> list[str]:
        return [text] if self._absent(text) else self.rx.split(text)


def fold(text: str) -> str:
    """Lower-case text in which every character a case-insensitive pattern letter matches
    is that letter, so that a substring test never misses what the pattern finds.

    `str.lower` already maps the Kelvin sign to `k`, but `İ` to `i` and a combining dot,
    and the long s stays itself; the patterns read both as plain letters. The result has
    the length of `text`, so that offsets found in it hold in `text`.
    """
    low = text.lower()
    if len(low) == len(text) and "ſ" not in low:
        return low
    return "".join("s" if c == "ſ" else "i" if c == "İ" else c.lower() for c in text)
