"""The claim patterns of `data/patterns.toml`, compiled, and what a sentence offers them.

Patterns live in a data file so that each has a stable id to cite in a claim's `rule`
field and adding a phrasing is a data change. Each pattern is compiled once with what
every match of it needs, derived from its regex (`literals.clauses`): a sentence lacking
those substrings is passed over without a regex call, which is most of the rules' speed.

What the sentence offers is found once per text, not once per rule: one Aho-Corasick
pass over the text's `cues` (folded, every digit written `0`) finds every substring any
pattern needs, and one regex pass where numbers start; each sentence then takes its
slice of both as its `Facts`, which the engine hands to every rule family.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import TypeVar

import regex

from ..compiled import compile_pattern
from ..datafiles import load_data
from ..substrings import Substrings, matches_at
from . import shortcuts, trace
from .derived import branch_needs
from .literals import DIGIT, Clause
from .shortcuts import fold

FLAGS = regex.IGNORECASE | regex.VERSION0
# For a pattern anchored at the end (`...$`) whose match is only tested, not read: a
# match is found either way, and for a long alternation (data-set names, the words that
# end a latency's context) searching backwards from the end is faster. For short
# patterns it is slower, so each use is measured.
BACKWARDS = FLAGS | regex.REVERSE

_SCHEMA = {
    "macros": {"*": str},
    "pattern": [
        {
            "id": str,
            "kind": str,
            "note?": str,
            "regex?": str,
            "branch?": [{"regex": str}],
            "unit?": str,
        }
    ],
}

#: Where a number can start: a digit, or the point of `.5`, with no word character before.
# (`regex`, not `re`: searching a whole text for these starts, `regex` skips ahead to
# the next digit or point where `re` tries the look-behind at every character)
NUMBER_START = regex.compile(r"(?<!\w)(?:\d|\.\d)", FLAGS)


@cache
def rx(pattern: str, flags: int = FLAGS) -> regex.Pattern[str]:
    """A small pattern written where it is used, compiled once (case-insensitive by default)."""
    return compile_pattern(pattern, flags)


def word_alternation(words: Iterable[str]) -> str:
    """A regex alternation of lexicon entries, longest first, multi-word entries spaced loosely."""
    parts = []
    for w in sorted(words, key=len, reverse=True):
        if w.isascii() and w[:1].isalnum():
            parts.append(
                r"\b"
                + regex.escape(w).replace(r"\ ", r"[\s-]{1,3}")
                + (r"\b" if w[-1].isalnum() else "")
            )
        else:
            parts.append(regex.escape(w))
    return "|".join(parts)


def expand(template: str, macros: dict[str, str]) -> str:
    """Replace `{NAME}` by its macro, repeatedly, so macros may build on each other."""
    for _ in range(5):
        new = template
        for key, value in macros.items():
            new = new.replace("{" + key + "}", f"(?:{value})")
        if new == template:
            break
        template = new
    return template


@cache
def macros() -> dict[str, str]:
    """The file's macros; `WNUM`, every number word of the lexicon (`a hundred` too);
    `FRAC`, every fraction word of its `fractions` table (`a quarter`, `an eighth`); and
    `WJ`, every unit of its power and energy tables."""
    from ..vocabulary import number_words, table

    words = number_words()
    wnum = "|".join(
        (r"(?:a\s+)?" if words[w] >= 100 else "") + w for w in sorted(words, key=len, reverse=True)
    )
    frac = "|".join(sorted(table("fractions"), key=len, reverse=True))
    energy = {**table("power_units"), **table("energy_units")}
    wj = "|".join(sorted(energy, key=len, reverse=True))
    return {"WNUM": wnum, "FRAC": frac, "WJ": wj, **load_data("patterns", _SCHEMA)["macros"]}


@dataclass(frozen=True)
class Branch:
    """One regex of a pattern and what every match of it contains.

    `needs` are sets of substrings of `cues` text (folded, digits written `0`) such that
    every match holds one member of each. Scanning a sentence costs tens of microseconds
    per regex and testing the sets well under one, so a regex whose needs are absent is
    not run at all.

    `at_numbers` says that every match starts where a number does (`NUMBER_START`): the
    regex opens with a number, after a look-behind that rules out a word character before
    it. Such a regex is tried only there, a few anchored attempts instead of an attempt
    at every character of the sentence, which is most of a scan's cost.

    The regex is compiled when it is first run: a command that extracts one abstract
    then compiles only the patterns that abstract may match.
    """

    expression: str
    needs: tuple[Clause, ...] = ()
    at_numbers: bool = False

    @cached_property
    def rx(self) -> regex.Pattern[str]:
        return compile_pattern(self.expression, FLAGS)

    def may_match(self, words: frozenset[str]) -> bool:
        """Whether the regex can match a sentence whose `cues` hold the needed `words`."""
        for clause in self.needs:
            if words.isdisjoint(clause):
                return not shortcuts.enabled()
        return True

    def finditer(self, sentence: str, facts: Facts) -> Iterator[regex.Match[str]]:
        """The regex's matches in `sentence`, left to right and not overlapping, as
        `rx.finditer` finds them."""
        if self.at_numbers and shortcuts.enabled():
            return matches_at(self.rx, sentence, facts.numbers)
        return self.rx.finditer(sentence)


@dataclass(frozen=True)
class Pattern:
    """A compiled claim pattern with its stable id and the kind its rule module reads.

    Most patterns are one regex. One whose alternatives open differently (a digit or a
    number word) may be written as `branch`es, each with its own needs, so that a
    sentence without number words does not pay for scanning them; the branches' matches
    come merged in order, as the one alternation would find them, which holds because
    no match of one branch can start inside or at the start of a match of another.
    """

    id: str
    kind: str
    branches: tuple[Branch, ...]
    attrs: dict[str, str]


def _start(m: regex.Match[str]) -> int:
    return m.start()


@cache
def patterns(prefix: str = "") -> tuple[Pattern, ...]:
    """The patterns whose id starts with `prefix`, in file order."""
    out = []
    for p in load_data("patterns", _SCHEMA)["pattern"]:
        if not p["id"].startswith(prefix):
            continue
        if ("regex" in p) == ("branch" in p):
            raise ValueError(f"patterns.toml: {p['id']}: give either `regex` or `branch`es")
        attrs = {k: v for k, v in p.items() if k in ("unit",)}
        branches = tuple(_branch(b["regex"]) for b in p.get("branch", [p]))
        out.append(Pattern(p["id"], p["kind"], branches, attrs))
    return tuple(out)


def _branch(template: str) -> Branch:
    expression = expand(template, macros())
    needs, at_numbers = branch_needs(expression)
    return Branch(expression, needs, at_numbers)


@dataclass(frozen=True)
class Facts:
    """What a sentence offers the rules: the needed substrings its `cues` hold, where its
    numbers start (offsets into the sentence), the terms its text defines anywhere
    (`time-to-action (TTA)`: an acronym and the words it stands for), and the whole text
    with where the sentence starts in it, for what a rule seldom needs to look up there
    (`own_names`, the sentences before)."""

    words: frozenset[str]
    numbers: tuple[int, ...]
    terms: Mapping[str, str] = field(default_factory=dict)
    text: str = ""
    at: int = 0  # where the sentence starts in `text`


#: `(ACRONYM)` after the words it stands for: a term a text defines (`time-to-action (TTA)`).
_TERM = compile_pattern(r"\((?P<term>[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*s?)\)")
# The words before the parenthesis, found backwards from it: a forward search would try
# every position of the text.
_TERM_WORDS = compile_pattern(r"(?:[\w-]+\s+){0,4}[\w-]+\s*$", regex.REVERSE)


def defined_terms(text: str) -> dict[str, str]:
    """The acronyms `text` defines, each with the words before its parenthesis."""
    terms = {}
    for m in _TERM.finditer(text) if "(" in text else ():
        words = _TERM_WORDS.search(text, max(0, m.start() - 80), m.start())
        if words:
            terms[m["term"]] = words.group().rstrip()
    return terms


#: The name a text gives its own work: `We propose TestReward`, `this paper presents Locus,`.
_OWN_NAME = compile_pattern(
    r"\b(?:[Ww]e|[Tt]his\s+(?:paper|work))\s+(?:propose|present|introduce|call)s?\s+"
    r"(?P<name>[A-Z][\w+-]*[A-Za-z0-9])(?=[\s,.:;(])"
)


@lru_cache(maxsize=16)
def own_names(text: str) -> frozenset[str]:
    """The names `text` gives its own method, model or system; looked up only where a rule
    needs them, as scanning every text for them would cost more than all such rules do."""
    return frozenset(m["name"] for m in _OWN_NAME.finditer(text))


@cache
def needed_words() -> Substrings:
    """Every substring some pattern branch needs, searched for all at once; a lone digit is
    found by `str.find` instead, as a key it would be a hit at every digit."""
    return Substrings(
        w for p in patterns() for b in p.branches for c in b.needs for w in c if w != DIGIT
    )


_ASCII_CUES = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ123456789\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f",
    b"abcdefghijklmnopqrstuvwxyz000000000         ",
)
_DIGIT = compile_pattern(r"\d")
_SPACE = compile_pattern(r"\s")


def cues(text: str) -> str:
    """`text` folded, with every digit written `0` and every space character a space, of
    the same length: the text the needed substrings are found in, as `literals` writes
    them (a digit test is then a `0` among them)."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_CUES).decode("ascii")
    return _SPACE.sub(" ", _DIGIT.sub(DIGIT, fold(text)))


class TextFacts:
    """The `Facts` of every sentence of a text, from one pass over the whole text."""

    __slots__ = ("_bare", "_cues", "_ends", "_numbers", "_starts", "_terms", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._cues = cues(text)
        hits = sorted(needed_words().hits(self._cues))
        self._starts = [a for a, _ in hits]
        self._ends = [b for _, b in hits]
        self._numbers = [m.start() for m in NUMBER_START.finditer(text)]
        self._terms = defined_terms(text)
        self._bare = Facts(frozenset(), (), self._terms, text)

    def sentence(self, a: int, b: int) -> Facts:
        """The facts of the sentence `text[a:b]`, offsets into it."""
        starts, ends, low = self._starts, self._ends, self._cues
        i = bisect_left(starts, a)
        if (i == len(starts) or starts[i] >= b) and low.find(DIGIT, a, b) == -1:
            return self._bare  # no needed substring, no digit, so no number either
        words = set()
        while i < len(starts) and starts[i] < b:
            if ends[i] <= b:
                words.add(low[starts[i] : ends[i]])
            i += 1
        if low.find(DIGIT, a, b) != -1:
            words.add(DIGIT)
        nums = self._numbers
        numbers = [n - a for n in nums[bisect_left(nums, a) : bisect_left(nums, b)]]
        if a and (not numbers or numbers[0]) and NUMBER_START.match(self._text[a : a + 2]):
            numbers.insert(0, 0)  # a number right after a word character before the sentence
        return Facts(frozenset(words), tuple(numbers), self._terms, self._text, a)


def facts(sentence: str) -> Facts:
    """The `Facts` of one sentence on its own."""
    return TextFacts(sentence).sentence(0, len(sentence))


T = TypeVar("T")


class PerWordSet(dict[frozenset[str], T]):
    """An answer that depends only on a set of needed substrings, worked out once per set:
    few sets occur, so a sentence costs one look-up (a plain dict look-up where the set was
    seen). At most 4,096 sets are kept, so that an adversarial text cannot grow it for ever."""

    def __init__(self, compute: Callable[[frozenset[str]], T]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, words: frozenset[str]) -> T:
        found = self._compute(words)
        if len(self) < 4096:
            self[words] = found
        return found


class PatternSet:
    """The patterns a rule family reads, and which of them a sentence can match.

    Which patterns can match depends only on which of their needed substrings a sentence
    holds, and few combinations of those occur, so the answer is kept per combination:
    a sentence then costs one set intersection and one look-up, however many patterns
    the family has.
    """

    def __init__(self, chosen: Iterable[Pattern]) -> None:
        self.patterns = tuple(chosen)
        self._keys = frozenset(
            w for p in self.patterns for b in p.branches for c in b.needs for w in c
        )
        self._every = tuple((p, p.branches) for p in self.patterns)
        self._runnable = PerWordSet(self._branches_for)

    def runnable(self, words: frozenset[str]) -> tuple[tuple[Pattern, tuple[Branch, ...]], ...]:
        """The patterns, each with its branches, that a sentence holding `words` can match."""
        if not shortcuts.enabled():
            return self._every
        return self._runnable[words & self._keys]

    def _branches_for(self, mine: frozenset[str]) -> tuple[tuple[Pattern, tuple[Branch, ...]], ...]:
        return tuple(
            (p, kept)
            for p in self.patterns
            if (kept := tuple(b for b in p.branches if b.may_match(mine)))
        )

    def scan(self, sentence: str, facts: Facts) -> Iterator[tuple[Pattern, regex.Match[str]]]:
        """The matches of the patterns, pattern by pattern in order, each pattern's left to
        right; patterns whose needs the sentence lacks are not run."""
        for p, branches in self.runnable(facts.words):
            if len(branches) == 1:
                found: Iterable[regex.Match[str]] = branches[0].finditer(sentence, facts)
            else:
                found = heapq.merge(*(b.finditer(sentence, facts) for b in branches), key=_start)
            for m in found:
                trace.note("match", p.id, m.start(), m.end())
                yield p, m
