"""Which of many substrings occur in a text, and where, found in one pass.

A regex alternation of a thousand names (or a look-behind followed by one) is tried at
every position of a text and costs hundreds of microseconds per abstract, far more than
everything else the extractor does; a substring test per word costs a call each. An
Aho-Corasick automaton (ahocorasick-rs, in Rust) finds every occurrence of every key in
one pass instead, in tens of microseconds. The gazetteer matchers are then tried only
where a key opens a word, and a rule's regex only runs when a substring its matches
need is present.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import ahocorasick_rs
import regex

#: what `[A-Za-z0-9_]` matches: the word characters of the matchers' boundaries
WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
#: what `[a-z]` matches: the letters around a key in `lower`-cased text
LOWER_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


def lower(text: str) -> str:
    """`text` lower-cased, with the same length, so that offsets carry over.

    A few non-ASCII letters lower-case to two characters (`İ`); those are kept as they are.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def _encodable(text: str) -> str:
    """`text` with each lone surrogate (cut UTF-16) replaced by U+FFFD, one character for
    one so that offsets hold: the automaton only takes text that encodes, and no key holds
    a surrogate."""
    return _SURROGATE.sub("\ufffd", text)


class Substrings:
    """A set of keys, searched for all at once (keys and texts as the caller cases them).

    The automata are always DFAs: for a few hundred keys the library would otherwise pick
    an NFA, which searches an abstract about three times slower; a DFA takes a millisecond
    or two to build. An ASCII text is searched as bytes, whose offsets are its character
    offsets: searching it as a `str` costs about half as much again. The `str` automaton,
    which only other text needs, is built when such a text first comes, so that a run on
    ASCII text (most of it) does not pay for building it at start-up.
    """

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = sorted(set(keys))
        dfa = ahocorasick_rs.Implementation.DFA
        self._ascii = (
            ahocorasick_rs.BytesAhoCorasick([k.encode() for k in self._keys], implementation=dfa)
            if self._keys
            else None
        )
        self._unicode: ahocorasick_rs.AhoCorasick | None = None

    def _automaton(self) -> ahocorasick_rs.AhoCorasick:
        """The automaton over `str`, for text that is not ASCII (there are keys)."""
        if self._unicode is None:
            dfa = ahocorasick_rs.Implementation.DFA
            self._unicode = ahocorasick_rs.AhoCorasick(self._keys, implementation=dfa)
        return self._unicode

    def _indexes(self, text: str, overlapping: bool) -> list[tuple[int, int, int]]:
        """(key, start, end) of the occurrences in `text`; all of them if `overlapping`,
        else the leftmost of each run."""
        if self._ascii is None:
            return []
        if text.isascii():
            return self._ascii.find_matches_as_indexes(text.encode("ascii"), overlapping)
        try:
            return self._automaton().find_matches_as_indexes(text, overlapping)
        except UnicodeEncodeError:
            return self._automaton().find_matches_as_indexes(_encodable(text), overlapping)

    def hits(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every occurrence of every key in `text`."""
        if self._ascii is not None and text.isascii():  # the common case, without a call more
            found = self._ascii.find_matches_as_indexes(text.encode("ascii"), True)
        else:
            found = self._indexes(text, True)
        return [(start, end) for _, start, end in found]

    def present(self, text: str) -> set[str]:
        """The keys that occur in `text`."""
        keys = self._keys
        if self._ascii is not None and text.isascii():
            return {
                keys[k]
                for k, _, _ in self._ascii.find_matches_as_indexes(text.encode("ascii"), True)
            }
        return {keys[k] for k, _, _ in self._indexes(text, True)}

    def any_in(self, text: str) -> bool:
        """Whether any key occurs in `text`."""
        return bool(self._indexes(text, False))

    def word_starts(self, text: str, low: str) -> list[int]:
        """Sorted positions where a key occurs in `low` (`text` lower-cased) at the start
        of a word of `text`."""
        return sorted(
            {start for start, _ in self.hits(low) if not start or text[start - 1] not in WORD_CHARS}
        )


def matches_at(
    rx: regex.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[regex.Match[str]]:
    """What `rx.finditer(text)` finds, left to right and not overlapping, where every match
    starts at one of the sorted `starts`: an anchored attempt at each of a few places instead
    of an attempt at every character of the text."""
    end = 0
    match = rx.match
    for pos in starts:
        if pos >= end and (m := match(text, pos)) is not None:
            yield m
            end = m.end()
