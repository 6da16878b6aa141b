"""The rule families, registered by name, and what each needs to be worth running.

A family is one function that reads claims of some types from a sentence with its
patterns (those whose ids start `ratio.` for the ratio types). It registers itself
with `@family(...)` where it is defined, in any module of this package, so the engine
runs whatever is registered and nothing lists the families: they run in the order
their patterns come in patterns.toml, which is also the order of claims that share a
span.
Whether a family can find anything in a sentence is derived from its patterns: none of
them may match where none of their needed substrings occurs, so such a sentence costs
the family nothing.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache

from . import shortcuts
from .base import Found
from .patterns import Facts, PatternSet, PerWordSet, patterns

Finder = Callable[[str, Facts], list[Found]]


@dataclass(frozen=True)
class Family:
    """A rule family: its name, the claim types it yields, its patterns and its finder."""

    name: str
    types: frozenset[str]
    patterns: PatternSet
    find: Finder

    def may_match(self, words: frozenset[str]) -> bool:
        """Whether a pattern of the family can match a sentence holding the needed `words`."""
        return bool(self.patterns.runnable(words))


_REGISTERED: dict[str, Family] = {}


def family(name: str, types: Collection[str], chosen: PatternSet) -> Callable[[Finder], Finder]:
    """Register the decorated finder as the family `name`, which reads the `chosen` patterns."""

    def register(find: Finder) -> Finder:
        if name in _REGISTERED:
            raise ValueError(f"rule family {name!r} is registered twice")
        if not chosen.patterns:
            raise ValueError(f"rule family {name!r} has no patterns")
        _REGISTERED[name] = Family(name, frozenset(types), chosen, find)
        return find

    return register


@cache
def families() -> tuple[Family, ...]:
    """Every family the modules of this package register, in the order of their first
    pattern in patterns.toml."""
    package = importlib.import_module(__package__ or "effclaims.rules")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    order = {p.id: i for i, p in enumerate(patterns())}
    return tuple(sorted(_REGISTERED.values(), key=lambda f: order[f.patterns.patterns[0].id]))


class Dispatch:
    """Which of the families that yield some claim types can match a sentence.

    That depends only on which needed substrings the sentence holds, and few sets of them
    occur, so the answer is kept per set: a sentence costs one look-up, not a test per
    family (the families' own tests, run once per set, are the shortcut's derivation).
    """

    def __init__(self, chosen: tuple[Family, ...]) -> None:
        self.families = chosen
        self._running = PerWordSet(lambda words: tuple(f for f in chosen if f.may_match(words)))

    def running(self, facts: Facts) -> tuple[Family, ...]:
        """The families worth running on a sentence with these facts."""
        if not shortcuts.enabled():
            return self.families
        return self._running[facts.words]


@cache
def dispatch(types: frozenset[str] | None = None) -> Dispatch:
    """The dispatch over the families that yield at least one of `types` (all when None)."""
    chosen = families()
    if types is not None:
        chosen = tuple(f for f in chosen if not f.types.isdisjoint(types))
    return Dispatch(chosen)
