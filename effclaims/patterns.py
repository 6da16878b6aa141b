"""Load the package's pattern and word-list data files, expanded and compiled once.

Patterns live in `data/*.toml` rather than in code so that each has a stable id to
cite in a claim's `rule` field, and so that adding a phrasing is a data change.
"""

from __future__ import annotations

import heapq
import tomllib
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import regex

from .substrings import Substrings, matches_at

FLAGS = regex.IGNORECASE | regex.VERSION0
# For a pattern anchored at the end (`...$`) whose match is only tested, not read: a
# match is found either way, and for a long alternation (data-set names, the words that
# end a latency's context) searching backwards from the end is faster. For short
# patterns it is slower, so each use is measured.
BACKWARDS = FLAGS | regex.REVERSE


@cache
def load_data(name: str) -> dict[str, Any]:
    """Parse `effclaims/data/<name>.toml`."""
    with resources.files("effclaims.data").joinpath(f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class Branch:
    """One regex of a pattern and what every match of it contains.

    `needs` are substrings one of which every match contains (in `fold`ed text), and
    `needs_rx` a small pattern for what words cannot say (`x` only as a times sign);
    `and_needs` are substrings one of which every match contains as well.
    Scanning a sentence costs tens of microseconds per regex and these tests well under
    one, so a regex whose needs are absent is not run at all.

    `at_numbers` says that every match starts where a number does (`NUMBER_START`). Such
    a regex is tried only there, a few anchored attempts instead of an attempt at every
    character of the sentence, which is most of a scan's cost.
    """

    rx: regex.Pattern[str]
    needs: tuple[str, ...] = ()
    needs_rx: regex.Pattern[str] | None = None
    and_needs: tuple[str, ...] = ()
    at_numbers: bool = False

    def may_match(self, sentence: str, present: Set[str]) -> bool:
        """Whether the regex can match `sentence`, given which needed substrings are `present`."""
        if self.and_needs and present.isdisjoint(self.and_needs):
            return False
        if self.needs_rx is None and not self.needs:
            return True
        return not present.isdisjoint(self.needs) or (
            self.needs_rx is not None and self.needs_rx.search(sentence) is not None
        )

    def finditer(self, sentence: str, numbers: tuple[int, ...]) -> Iterator[regex.Match[str]]:
        """The regex's matches in `sentence`, left to right and not overlapping, as
        `rx.finditer` finds them; `numbers` are the sentence's `number_starts`."""
        return (
            matches_at(self.rx, sentence, numbers)
            if self.at_numbers
            else self.rx.finditer(sentence)
        )


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
    attrs: dict[str, Any]

    def finditer(
        self, sentence: str, present: Set[str], numbers: tuple[int, ...]
    ) -> Iterable[regex.Match[str]]:
        """The pattern's matches in `sentence`, left to right, given the needed substrings
        `present` and the sentence's `number_starts`."""
        if (
            len(self.branches) == 1
        ):  # the common case, kept to one test: it runs per pattern and sentence
            only = self.branches[0]
            return only.finditer(sentence, numbers) if only.may_match(sentence, present) else ()
        found = [
            b.finditer(sentence, numbers) for b in self.branches if b.may_match(sentence, present)
        ]
        if len(found) <= 1:
            return found[0] if found else ()
        return heapq.merge(*found, key=_start)


def _start(m: regex.Match[str]) -> int:
    return m.start()


class Sieved:
    """A regex that is run only on text holding one of the substrings its matches need.

    A call into the regex module costs a microsecond or more even on a short window, and
    the rules make dozens per quantity, most of which find nothing; a few substring
    tests cost a fraction of that. The substrings come from `required_literals`. The
    methods are the regex's, with what no match gives (`None`, no matches, the text
    unsplit) returned at once where the substrings are absent; `finditer` gives a list.
    """

    __slots__ = ("needs", "rx")

    def __init__(self, pattern: str, flags: int = FLAGS) -> None:
        self.rx = regex.compile(pattern, flags)
        self.needs = required_literals(pattern)

    def _absent(self, text: str) -> bool:
        if self.needs is None:
            return False
        folded = fold(text)
        for w in self.needs:
            if w in folded:
                return False
        return True

    def search(self, text: str) -> regex.Match[str] | None:
        return None if self._absent(text) else self.rx.search(text)

    def match(self, text: str) -> regex.Match[str] | None:
        return None if self._absent(text) else self.rx.match(text)

    def finditer(self, text: str) -> list[regex.Match[str]]:
        return [] if self._absent(text) else list(self.rx.finditer(text))

    def split(self, text: str) -> list[str]:
        return [text] if self._absent(text) else self.rx.split(text)


def fold(sentence: str) -> str:
    """Lower-case text in which every character a case-insensitive pattern letter matches
    is that letter, so that a substring test never misses what the pattern finds.

    `str.lower` already maps the Kelvin sign to `k`, but `İ` to `i` and a combining dot,
    and the long s stays itself; the patterns read both as plain letters.
    """
    low = sentence.lower()
    if "ſ" in low:
        low = low.replace("ſ", "s")
    if "\u0307" in low:
        low = low.replace("i\u0307", "i")
    return low


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
    return dict(load_data("patterns")["macros"])


@cache
def patterns(prefix: str = "") -> tuple[Pattern, ...]:
    """The patterns whose id starts with `prefix`, in file order."""
    out = []
    for p in load_data("patterns")["pattern"]:
        if not p["id"].startswith(prefix):
            continue
        attrs = {
            k: v
            for k, v in p.items()
            if k
            not in ("id", "kind", "regex", "needs", "needs_regex", "and_needs", "branch", "starts")
        }
        branches = tuple(_branch(b) for b in p.get("branch", [p]))
        out.append(Pattern(p["id"], p["kind"], branches, attrs))
    return tuple(out)


def scan(prefixes: tuple[str, ...], sentence: str) -> Iterator[tuple[Pattern, regex.Match[str]]]:
    """The matches of the patterns whose id starts with one of `prefixes`, pattern by
    pattern in file order, each pattern's left to right; patterns whose needs the
    sentence lacks are not run."""
    seen = facts(sentence)
    for prefix in prefixes:
        for p in patterns(prefix):
            for m in p.finditer(sentence, seen.words, seen.numbers):
                yield p, m


#: Where a number can start: a digit, or the point of `.5`, with no word character before.
NUMBER_START = regex.compile(r"(?<!\w)(?:\d|\.\d)", FLAGS)


@dataclass(frozen=True)
class Facts:
    """What the rule families' cheap tests read in a sentence, found once for all of them.

    `words` are the gate words and pattern needs that occur in the `fold`ed sentence
    (`folded`), `numbers` where its numbers start (`NUMBER_START`).
    """

    folded: str
    words: frozenset[str]
    numbers: tuple[int, ...]


@cache
def _words() -> Substrings:
    """Every gate word and every pattern branch's needs."""
    data = load_data("patterns")
    gate_words = [w for spec in data["gates"].values() for w in spec["words"]]
    needs = [
        w
        for p in data["pattern"]
        for b in p.get("branch", [p])
        for w in b.get("needs", []) + b.get("and_needs", [])
    ]
    return Substrings(gate_words + needs)


@lru_cache(maxsize=2)
def facts(sentence: str) -> Facts:
    """The `Facts` of a sentence. Each family reads the same sentence in turn, so the last
    one is kept."""
    folded = fold(sentence)
    return Facts(
        folded,
        frozenset(_words().present(folded)),
        tuple(m.start() for m in NUMBER_START.finditer(sentence)),
    )


def number_starts(sentence: str) -> tuple[int, ...]:
    """The positions in `sentence` where a number starts (`NUMBER_START`)."""
    return facts(sentence).numbers


def _branch(spec: dict[str, Any]) -> Branch:
    needs_rx = (
        regex.compile(expand(spec["needs_regex"], macros()), FLAGS)
        if "needs_regex" in spec
        else None
    )
    words = tuple(spec.get("needs", ()))
    starts = spec.get("starts", "anywhere")
    if starts not in ("anywhere", "number"):
        raise ValueError(f"starts = {starts!r}: 'anywhere' or 'number'")
    return Branch(
        regex.compile(expand(spec["regex"], macros()), FLAGS),
        words,
        needs_rx,
        tuple(spec.get("and_needs", ())),
        at_numbers=starts == "number",
    )


def word_alternation(words: list[str]) -> str:
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


@dataclass(frozen=True)
class Gate:
    """A family's cheap pre-check: one of its literal words occurs, or a small regex matches
    (both in the `fold`ed sentence)."""

    words: frozenset[str]
    rx: regex.Pattern[str]

    def search(self, sentence: str) -> bool:
        seen = facts(sentence)
        return not self.words.isdisjoint(seen.words) or self.rx.search(seen.folded) is not None


@cache
def gate(family: str) -> Gate:
    """The pre-check of a rule family (`[gates.<family>]` in patterns.toml)."""
    spec = load_data("patterns")["gates"][family]
    return Gate(frozenset(spec["words"]), regex.compile(spec["regex"]))


@cache
def rx(pattern: str, flags: int = FLAGS) -> regex.Pattern[str]:
    """A small pattern written where it is used, compiled once (case-insensitive by default)."""
    return regex.compile(pattern, flags)


_META = set("\\()[]{}?*+|.^$")


def required_literals(expression: str) -> tuple[str, ...] | None:
    """Substrings one of which every match of `expression` contains (lower-cased, to test
    against `fold`ed text), or None when no such set is found.

    Every unquantified item of a sequence must match, so any one item's set will do: a run
    of plain ASCII characters (`speeds?` gives `speed`) or a group whose alternatives each
    have a set (`(?:chain-of-thought|CoT) traces?`). The set whose shortest member is
    longest is taken, as it is the least likely to occur by chance. A word list can then
    skip its regex wherever none of these substrings occurs.
    """
    alternatives = _split_top(expression, "|")
    if len(alternatives) > 1:
        sets = [required_literals(a) for a in alternatives]
        if any(x is None for x in sets):
            return None
        return tuple(sorted({w for x in sets for w in x or ()}))
    options: list[tuple[str, ...]] = []
    run = ""
    i = 0
    while i < len(expression):
        c = expression[i]
        if c in "([":
            options.append((run,))
            run = ""
            end = _skip_group(expression, i)
            plain = expression[i + 1 : i + 2] != "?" or expression.startswith(("(?:", "(?P<"), i)
            if c == "(" and plain and not _quantified(expression, end):
                inner = required_literals(_group_body(expression[i:end]))
                if inner:
                    options.append(inner)
            i = end
            continue
        if c in "?*{":
            run = run[:-1]
        if c in _META or not c.isascii():
            options.append((run,))
            run = ""
            i += 2 if c == "\\" else 1
            if c == "{":
                i = expression.index("}", i) + 1
            continue
        run += c
        i += 1
    options.append((run,))
    best = max(options, key=lambda x: min(len(w) for w in x))
    if min(len(w) for w in best) == 0:
        return None
    return tuple(sorted({w.lower() for w in best}))


def _quantified(expression: str, i: int) -> bool:
    """Whether the item that ends before `i` may match less than once."""
    return expression[i : i + 1] in ("?", "*") or expression.startswith(("{0", "{,"), i)


def _group_body(group: str) -> str:
    """`(?:a|b)` → `a|b`, `(?P<n>a)` → `a`, `(a)` → `a`."""
    if group.startswith("(?P<"):
        return group[group.index(">") + 1 : -1]
    if group.startswith("(?:"):
        return group[3:-1]
    return group[1:-1]


def _split_top(expression: str, sep: str) -> list[str]:
    """`expression` split at each `sep` outside groups and classes."""
    parts = []
    start = i = 0
    while i < len(expression):
        c = expression[i]
        if c == "\\":
            i += 2
        elif c in "([":
            i = _skip_group(expression, i)
        elif c == sep:
            parts.append(expression[start:i])
            i += 1
            start = i
        else:
            i += 1
    parts.append(expression[start:])
    return parts


def _skip_group(expression: str, i: int) -> int:
    """The index after the group or class that opens at `i`."""
    depth = 0
    in_class = False
    while i < len(expression):
        c = expression[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            rest = expression[i + 1 :]
            i += len(rest) - len(
                rest.removeprefix("^").removeprefix("]")
            )  # a `]` first is literal: `[]a]`
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        i += 1
        if depth == 0 and not in_class:
            return i
    return i
