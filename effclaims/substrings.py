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


_DFA = ahocorasick_rs.Implementation.DFA
_NFA = ahocorasick_rs.Implementation.ContiguousNFA
_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def _encodable(text: str) -> str:
    """`text` with each lone surrogate (cut UTF-16) replaced by U+FFFD, one character for
    one so that offsets hold: the automaton only takes text that encodes, and no key holds
    a surrogate."""
    return _SURROGATE.sub("\ufffd", text)


#: a set of more keys than this starts with an NFA (see `Substrings`)
DFA_KEYS = 2000
#: how many texts such a set searches with its NFA before it builds its DFA
NFA_SEARCHES = 5000


class Substrings:
    """A set of keys, searched for all at once (keys and texts as the caller cases them).

    A DFA searches fastest, and for a few hundred keys it builds in a millisecond or two
    (the library would otherwise pick an NFA, which searches an abstract about three times
    slower). For thousands of keys it takes tens of milliseconds: some 30 ms for the five
    thousand substrings the patterns need, as long as the rest of a one-abstract run's
    start-up, while a contiguous NFA builds in a fifth of that and searches an abstract
    some 6 µs slower. A set of more than `DFA_KEYS` keys therefore starts with the NFA and
    builds its DFA once the NFA has searched `NFA_SEARCHES` texts, about when its slower
    searches have cost what the DFA costs to build (as a skier rents until the rent paid
    would have bought the skis): a short run never pays for the DFA, a long one searches
    with it, and neither pays more than twice the least it could have.

    An ASCII text is searched as bytes, whose offsets are its character offsets: searching
    it as a `str` costs about half as much again. The `str` automaton, which only other
    text needs, is built when such a text first comes, so that a run on ASCII text (most
    of it) does not pay for building it at start-up.
    """

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = sorted(set(keys))
        large = len(self._keys) > DFA_KEYS
        self._rent = NFA_SEARCHES if large else 0  # searches left before the DFA is built
        self._ascii = self._build_ascii(_NFA if large else _DFA) if self._keys else None
        self._unicode: ahocorasick_rs.AhoCorasick | None = None

    def _build_ascii(self, kind: ahocorasick_rs.Implementation) -> ahocorasick_rs.BytesAhoCorasick:
        return ahocorasick_rs.BytesAhoCorasick(
            [k.encode() for k in self._keys], implementation=kind
        )

    def _bytes(self) -> ahocorasick_rs.BytesAhoCorasick:
        """The automaton over ASCII bytes (there are keys), for one more search."""
        if self._rent:
            self._rent -= 1
            if not self._rent:
                self._ascii = self._build_ascii(_DFA)
        return self._ascii  # type: ignore[return-value]

    def _automaton(self) -> ahocorasick_rs.AhoCorasick:
        """The automaton over `str`, for text that is not ASCII (there are keys); rare
        enough to take the DFA at once."""
        if self._unicode is None:
            self._unicode = ahocorasick_rs.AhoCorasick(self._keys, implementation=_DFA)
        return self._unicode

    def _indexes(self, text: str, overlapping: bool) -> list[tuple[int, int, int]]:
        """(key, start, end) of the occurrences in `text`; all of them if `overlapping`,
        else the leftmost of each run."""
        if self._ascii is None:
            return []
        if text.isascii():
            return self._bytes().find_matches_as_indexes(text.encode("ascii"), overlapping)
        try:
            return self._automaton().find_matches_as_indexes(text, overlapping)
        except UnicodeEncodeError:
            return self._automaton().find_matches_as_indexes(_encodable(text), overlapping)

    def hits(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every occurrence of every key in `text`."""
        if self._ascii is not None and text.isascii():  # the common case
            found = self._bytes().find_matches_as_indexes(text.encode("ascii"), True)
        else:
            found = self._indexes(text, True)
        return [(start, end) for _, start, end in found]

    def present(self, text: str) -> set[str]:
        """The keys that occur in `text`."""
        keys = self._keys
        if self._ascii is not None and text.isascii():
            return {
                keys[k]
                for k, _, _ in self._bytes().find_matches_as_indexes(text.encode("ascii"), True)
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
