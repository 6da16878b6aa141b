"""The words effclaims reads quantities by, from `data/lexicon.toml`: one place for each.

Number words, multipliers, fractions, magnitude words, time units and bound phrases are
each listed once there, and every pattern, rule and shortcut that needs them derives
from that list (the `WNUM` macro of the patterns, the values the rules give, the
substrings that let a sentence through), so a new number word is one line of data. The
named word lists under `[lists]` are the vocabularies the rules' context tests read
(verbs that reduce, words that end a phrase, what follows a count that is not a model
size): regex fragments kept as data, joined into alternations in file order.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .datafiles import load_data

BOUND_NAMES: tuple[str, ...] = ("max", "min", "approx", "lt")

_SCHEMA = {
    "numbers": {"*": float},
    "articles": {"*": float},
    "multipliers": {"*": float},
    "fractions": {"*": float},
    "scales": {"*": float},
    "time_ms": {"*": float},
    "bounds": {name: [str] for name in BOUND_NAMES},
    "datasets": {"names": [str]},
    "lists?": {"*": [str]},
}


def lexicon() -> dict[str, Any]:
    """The whole lexicon file, checked."""
    return load_data("lexicon", _SCHEMA)


@cache
def number_words() -> dict[str, float]:
    """Number words and their values: `one` → 1, `twenty` → 20, `thousand` → 1000."""
    return {w: float(v) for w, v in lexicon()["numbers"].items()}


@cache
def table(name: str) -> dict[str, float]:
    """One of the value tables (`multipliers`, `fractions`, `scales`, `time_ms`,
    `articles`), keys as written."""
    return {w: float(v) for w, v in lexicon()[name].items()}


def word_list(name: str) -> list[str]:
    """A named word list of `[lists]` (regex fragments)."""
    try:
        return list(lexicon()["lists"][name])
    except KeyError:
        raise KeyError(f"lexicon.toml has no list {name!r}") from None


def alternation(name: str) -> str:
    """A named word list as a regex alternation, in file order."""
    return "|".join(word_list(name))
