"""Where any of many words occurs in a text, found in one pass.

A regex alternation of a thousand names (or a look-behind followed by one) is tried at
every position of a text and costs hundreds of microseconds per abstract, far more than
everything else the extractor does. An Aho-Corasick automaton (ahocorasick-rs, in Rust)
finds every occurrence of every key in one pass instead, in tens of microseconds; the
gazetteer matchers are then tried only where a key opens a word.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick_rs

#: what `[A-Za-z0-9_]` matches: the word characters of the matchers' boundaries
WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def lower(text: str) -> str:
    """`text` lower-cased, with the same length, so that offsets carry over.

    A few non-ASCII letters lower-case to two characters (`İ`); those are kept as they are.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class Openers:
    """A set of lower-case keys, searched for all at once."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._automaton = ahocorasick_rs.AhoCorasick(sorted(set(keys)))

    def hits(self, low: str) -> list[tuple[int, int]]:
        """(start, end) of every occurrence of every key in the lower-cased text `low`."""
        return [(start, end) for _, start, end in self._automaton.find_matches_as_indexes(low, overlapping=True)]

    def word_starts(self, text: str, low: str) -> list[int]:
        """Sorted positions where a key occurs at the start of a word of `text`."""
        return sorted(
            {start for start, _ in self.hits(low) if not start or text[start - 1] not in WORD_CHARS}
        )
