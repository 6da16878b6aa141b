"""Load the package's pattern and word-list data files, expanded and compiled once.

Patterns live in `data/*.toml` rather than in code so that each has a stable id to
cite in a claim's `rule` field, and so that adding a phrasing is a data change.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import regex

FLAGS = regex.IGNORECASE | regex.VERSION0


@cache
def load_data(name: str) -> dict[str, Any]:
    """Parse `effclaims/data/<name>.toml`."""
    with resources.files("effclaims.data").joinpath(f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class Pattern:
    """A compiled claim pattern with its stable id and the kind its rule module reads.

    `needs` are substrings one of which every match contains (in `folded` text), and
    `needs_rx` a small pattern that finds what the words cannot (`x` only as a times
    sign); scanning a sentence costs tens of microseconds per pattern and these tests
    well under one, so a pattern whose needs are absent is not scanned at all.
    """

    id: str
    kind: str
    rx: regex.Pattern[str]
    attrs: dict[str, Any]
    needs: tuple[str, ...] = ()
    needs_rx: regex.Pattern[str] | None = None

    def may_match(self, sentence: str, folded: str) -> bool:
        """Whether the pattern can match `sentence` (`folded` is `fold(sentence)`)."""
        if self.needs_rx is None and not self.needs:
            return True
        for w in self.needs:  # a loop, not any(): this runs for every pattern and sentence
            if w in folded:
                return True
        return self.needs_rx is not None and self.needs_rx.search(sentence) is not None


def fold(sentence: str) -> str:
    """Lower-case text in which every character a case-insensitive pattern letter matches
    is that letter, so that a substring test never misses what the pattern finds.

    `str.lower` already maps the Kelvin sign to `k` and `İ` to `i` plus a dot; only the
    long s, which the patterns read as `s`, stays itself.
    """
    low = sentence.lower()
    return low.replace("ſ", "s") if "ſ" in low else low


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
        attrs = {k: v for k, v in p.items() if k not in ("id", "kind", "regex", "needs", "needs_regex")}
        needs_rx = regex.compile(expand(p["needs_regex"], macros()), FLAGS) if "needs_regex" in p else None
        compiled = regex.compile(expand(p["regex"], macros()), FLAGS)
        out.append(Pattern(p["id"], p["kind"], compiled, attrs, tuple(p.get("needs", ())), needs_rx))
    return tuple(out)


def word_alternation(words: list[str]) -> str:
    """A regex alternation of lexicon entries, longest first, multi-word entries spaced loosely."""
    parts = []
    for w in sorted(words, key=len, reverse=True):
        if w.isascii() and w[:1].isalnum():
            parts.append(r"\b" + regex.escape(w).replace(r"\ ", r"[\s-]{1,3}") + (r"\b" if w[-1].isalnum() else ""))
        else:
            parts.append(regex.escape(w))
    return "|".join(parts)


@dataclass(frozen=True)
class Gate:
    """A family's cheap pre-check: literal words (substring tests are C-fast) or a small regex."""

    words: tuple[str, ...]
    rx: regex.Pattern[str]

    def search(self, sentence: str) -> bool:
        low = sentence.lower()
        for w in self.words:
            if w in low:
                return True
        return self.rx.search(low) is not None


@cache
def gate(family: str) -> Gate:
    """The pre-check of a rule family (`[gates.<family>]` in patterns.toml)."""
    spec = load_data("patterns")["gates"][family]
    return Gate(tuple(spec["words"]), regex.compile(spec["regex"]))


@cache
def rx(pattern: str, flags: int = FLAGS) -> regex.Pattern[str]:
    """A small pattern written where it is used, compiled once (case-insensitive by default)."""
    return regex.compile(pattern, flags)


_META = set("\\()[]{}?*+|.^$")


def required_literal(expression: str) -> str | None:
    """The longest run of plain ASCII characters that every match of `expression` contains
    (lower-cased, to test against `fold`ed text), or None when there is none.

    Only runs outside groups and classes count, and a quantified character ends a run
    (`speeds?` → `speed`); an expression with a top-level `|` has none. A word list can
    then skip its regex wherever none of its words' runs occurs.
    """
    runs: list[str] = []
    run = ""
    i = 0
    while i < len(expression):
        c = expression[i]
        if c in "([":
            runs.append(run)
            run = ""
            i = _skip_group(expression, i)
            continue
        if c == "|":
            return None
        if c in "?*{":
            run = run[:-1]
        if c in _META or not c.isascii():
            runs.append(run)
            run = ""
            i += 2 if c == "\\" else 1
            if c == "{":
                i = expression.index("}", i) + 1
            continue
        run += c
        i += 1
    runs.append(run)
    best = max(runs, key=len)
    return best.lower() or None


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
            if expression[i + 1 : i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        i += 1
        if depth == 0 and not in_class:
            return i
    return i
