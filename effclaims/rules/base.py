"""What every rule module shares: the raw claim it returns, numbers, and bound words.

Rules see one normalised sentence at a time and return `Found` records with offsets
into that sentence; the engine maps them back to the original text.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

import regex

from ..compiled import lazy
from ..substrings import Substrings
from ..vocabulary import BOUND_NAMES, lexicon, number_words, table
from . import shortcuts
from .patterns import FLAGS, fold, word_alternation


@dataclass
class Found:
    """A claim as a rule found it, before offsets are mapped back to the original text."""

    type: str
    value: float | str
    start: int
    end: int
    rule: str
    bound: str = "eq"
    value_min: float | None = None
    unit: str | None = None


def positive(*values: float) -> bool:
    """Whether every value is a finite number above zero: what a quantity must be to be
    a claim (a factor, a size, a rate, a time), and to be divided by."""
    for v in values:  # a loop, not all() over a generator: this runs for every quantity
        if not 0 < v < math.inf:
            return False
    return True


def valid(f: Found) -> bool:
    """Whether a found claim has a value that makes sense: a name for hardware, else a
    finite positive number, and a range whose low end is positive and not above it.

    The engine passes every claim through this before it leaves; the rules are written
    so that none fails it, and the fuzzer (`tests/fuzz.py`) checks that none does.
    """
    value, low = f.value, f.value_min
    if isinstance(value, str):
        return f.type == "hardware" and bool(value) and low is None
    return 0 < value < math.inf and (low is None or 0 < low <= value)


#: Spaces and hyphens, which names in the gazetteers may have, lose or swap.
SEPARATORS = lazy(r"[\s\-]+")


def name_key(name: str) -> str:
    """Spelling-independent identity of a gazetteer name: `TPU-v4`, `TPUv4`, `TPU v4` agree."""
    return SEPARATORS.sub("", name).lower()


def parse_number(s: str) -> float:
    """A number as written: digits with thousands separators, or a number word.

    NaN where the separators leave no digits (`,`), which no test of `positive` passes;
    a number too large for a float is infinite.
    """
    s = fold(s.strip())  # as the patterns read letters: `fİve` is `five`
    words = number_words()
    value = words.get(s) or table("articles").get(s)
    if value is not None:
        return value
    parts = s.split()
    if len(parts) == 2 and parts[1] in words:  # "a hundred"
        return words[parts[1]]
    mantissa, times, power = s.replace(" ", "").partition("×10^")  # `1.6 × 10^4`
    if times:
        try:
            return float(mantissa.replace(",", "").rstrip()) * 10.0 ** int(power)
        except ValueError:
            return math.nan
    try:
        return float(s.replace(",", ""))
    except ValueError:
        return math.nan


def ms_per(unit: str | None) -> float | None:
    """Milliseconds in one `unit` (`ms`, `s`, `hours`, ...), or None when it is no time unit."""
    if not unit:
        return None
    u = unit.lower()
    ms = table("time_ms")
    return ms.get(u) or (ms.get(u[:-1]) if u.endswith("s") else None)


@cache
def _bound_before_rx() -> regex.Pattern[str]:
    alts = []
    for bound in BOUND_NAMES:
        words = lexicon()["bounds"][bound]
        alts.append(f"(?P<{bound}>{word_alternation(words)})")
    # The bound phrase, optionally followed by connecting words, right before the number.
    # Every match ends at the window's end, so the search runs backwards from there
    # (REVERSE) instead of trying each start in the window, four times faster. It finds
    # the match a forward search finds because no bound phrase ends with another unless it
    # is longer and so tried first (`by up to`, `up to`); the tests check every pair.
    return regex.compile(
        r"(?:" + "|".join(alts) + r")[\s-]{0,2}(?:(?:by|of|to|a|an|the|only|just)\s{1,2}){0,2}$",
        FLAGS | regex.REVERSE,
    )


# Words that join a bound to its number; no bound is told by them alone.
_CONNECTING = frozenset("by of to a an the only just as at in on no than".split())


@cache
def _bound_words() -> Substrings:
    """One word of each bound phrase: its longest that is not a connecting word.

    Most windows before a number hold none of them, and looking for them costs a fraction
    of what the bound search does.
    """
    words: set[str] = set()
    for phrases in lexicon()["bounds"].values():
        for phrase in phrases:
            parts = phrase.lower().split()
            words.add(max([p for p in parts if p not in _CONNECTING] or parts, key=len))
    return Substrings(words)


#: The sign of a spread after a value: `± 1.2`, `+/- 2`, `+- 2`.
SPREAD_SIGN = r"(?:±|\+\s?/?\s?-)"
_AFTER_MIN = lazy(
    # (a `+` that opens a spread is none: `23 ms +/- 2 ms`)
    rf"^\s?(?:(?!{SPREAD_SIGN})\+|or\s+(?:more|higher|greater|above)\b|and\s+(?:more|above)\b)",
    FLAGS,
)


def bound_before(text: str, start: int, window: int = 32) -> tuple[str, int]:
    """The bound stated right before `start` and where its words begin (or `eq`, start)."""
    lo = max(0, start - window)
    head = text[lo:start]
    if shortcuts.enabled() and not _bound_words().any_in(fold(head)):
        return "eq", start
    m = _bound_before_rx().search(head)
    if not m:
        return "eq", start
    return m.lastgroup or "eq", lo + m.start()


def bound_after(text: str, end: int) -> tuple[str | None, int]:
    """A bound stated after the number (`10+%`, `3x or more`), with the new end."""
    m = _AFTER_MIN.match(text[end : end + 16])
    if not m:
        return None, end
    return "min", end + m.end()


@dataclass
class Spans:
    """Non-overlapping spans already claimed in a sentence, with O(log n) overlap tests.

    Rules try their patterns in order and a later pattern may not take text an earlier
    one took; a plain list made that test quadratic on long inputs.
    """

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def overlaps(self, a: int, b: int) -> bool:
        i = bisect_left(self.starts, b)  # the spans that start before b end in order too
        return i > 0 and self.ends[i - 1] > a

    def add(self, a: int, b: int) -> None:
        i = bisect_left(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)
