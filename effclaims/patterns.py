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
    """A compiled claim pattern with its stable id and the kind its rule module reads."""

    id: str
    kind: str
    rx: regex.Pattern[str]
    attrs: dict[str, Any]


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
        attrs = {k: v for k, v in p.items() if k not in ("id", "kind", "regex")}
        out.append(Pattern(p["id"], p["kind"], regex.compile(expand(p["regex"], macros()), FLAGS), attrs))
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
        return any(w in low for w in self.words) or self.rx.search(low) is not None


@cache
def gate(family: str) -> Gate:
    """The pre-check of a rule family (`[gates.<family>]` in patterns.toml)."""
    spec = load_data("patterns")["gates"][family]
    return Gate(tuple(spec["words"]), regex.compile(spec["regex"]))


@cache
def rx(pattern: str, flags: int = FLAGS) -> regex.Pattern[str]:
    """A small pattern written where it is used, compiled once (case-insensitive by default)."""
    return regex.compile(pattern, flags)
