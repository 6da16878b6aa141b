"""The words effclaims reads quantities by, from `data/lexicon.toml`: one place for each.

Number words, multipliers, fractions, magnitude words, time units and bound phrases are
each listed once there, and every pattern, rule and shortcut that needs them derives
from that list (the `WNUM` macro of the patterns, the values the rules give, the
substrings that let a sentence through), so a new number word is one line of data.

The rules' context tests (verbs that reduce, words that end a phrase, what follows a
count that is not a model size) are named regexes of `data/contexts.toml`, their word
lists kept there as data beside the template they fill (`context`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .claim_types import BOUNDS
from .datafiles import load_data

#: The bounds a phrase before a number can state: every bound of claim_types.toml but
#: `eq`, the bound of a number stated plainly.
BOUND_NAMES: tuple[str, ...] = tuple(b for b in BOUNDS if b != "eq")

_SCHEMA = {
    "numbers": {"*": float},
    "articles": {"*": float},
    "multipliers": {"*": float},
    "fractions": {"*": float},
    "scales": {"*": float},
    "time_ms": {"*": float},
    "power_units": {"*": float},
    "energy_units": {"*": float},
    "bounds": {name: [str] for name in BOUND_NAMES},
    "datasets": {"names": [str]},
    "glue": {"heads": [str], "tails": [str], "words": [str]},
    "broken": {"words": [str]},
}
#: contexts.toml: named regexes, each with the word lists its `{NAME}` placeholders take.
_CONTEXTS_SCHEMA = {"*": {"regex": str, "*": [str]}}


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
    `power_units`, `energy_units`, `articles`), keys as written."""
    return {w: float(v) for w, v in lexicon()[name].items()}


def context_words(name: str, key: str) -> list[str]:
    """One word list of the context regex `name`, for a test that reads part of it
    (`beating_verbs`, a part of the increasing verbs)."""
    return list(load_data("contexts", _CONTEXTS_SCHEMA)[name][key])


@cache
def context(name: str) -> str:
    """The context regex `name` of contexts.toml, its placeholders filled with its lists."""
    try:
        spec = load_data("contexts", _CONTEXTS_SCHEMA)[name]
    except KeyError:
        raise KeyError(f"contexts.toml has no regex {name!r}") from None
    expression = spec["regex"]
    for key, words in spec.items():
        if key != "regex":
            placeholder = "{" + key + "}"
            if placeholder not in expression:
                raise ValueError(f"contexts.toml: {name}.{key} is a list its regex does not use")
            expression = expression.replace(placeholder, "|".join(words))
    return str(expression)
