"""Regexes that compile themselves when they are first used.

Compiling is the largest part of start-up: the `regex` module parses a pattern in
Python, about a millisecond for each of the rules' longer ones, and a compiled pattern
cannot be cached across processes (it pickles as its source). Most rules only run on a
sentence that holds their cue words, so one abstract uses fewer than half of them: a
command that extracts one abstract need not compile the others.

A `LazyPattern` behaves as the compiled pattern. Its first call compiles the pattern and
puts the compiled pattern's own bound methods on the instance, where attribute lookup
finds them before the class's methods: every later call goes straight to the compiled
pattern, at the cost of a call on a compiled one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

import regex

from .pattern_cache import compile_re

#: the `regex` flags that `re` has too, with its own value for each
_SHARED_FLAGS = {
    int(regex.IGNORECASE): re.IGNORECASE,
    int(regex.VERBOSE): re.VERBOSE,
    int(regex.MULTILINE): re.MULTILINE,
    int(regex.DOTALL): re.DOTALL,
    int(regex.VERSION0): 0,
}


def compile_pattern(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """`pattern` compiled by the standard `re` engine where it can be, else by `regex`.

    `re` compiles a pattern about three times as fast as `regex` and matches most of the
    rules' patterns faster too, and both read the patterns alike (`regex`'s VERSION0 is
    `re`'s syntax and behaviour). What only `regex` has (a look-behind of varying width,
    a group name used twice, searching in REVERSE) fails to compile in `re`, and that
    pattern stays with `regex`. The tests compare every pattern's matches under both.
    Typed as `regex`'s pattern: the rules call only the methods the two share.
    """
    native = _native(flags)
    if native is not None:
        try:
            return cast("regex.Pattern[str]", compile_re(pattern, native))
        except re.error:
            pass
    return regex.compile(pattern, flags)


def _native(flags: int) -> int | None:
    """The `re` flags of the `regex` flags `flags`, or None if one of them has none."""
    native, flags = 0, int(flags)  # `int` operations, not those of the flag enum: faster
    for flag, value in _SHARED_FLAGS.items():
        if flags & flag:
            native |= value
            flags &= ~flag
    return None if flags else native


#: the methods put on the instance at the first call
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """A regex compiled on first use; see the module docstring."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def _compile(self) -> regex.Pattern[str]:
        compiled = compile_pattern(self.pattern, self.flags)
        for name in _METHODS:
            setattr(self, name, getattr(compiled, name))
        self.__dict__["compiled"] = compiled
        return compiled

    def __getattr__(self, name: str) -> Any:
        # only for what the instance does not hold: `groupindex`, `groups`, ...
        compiled = self.__dict__.get("compiled") or self._compile()
        return getattr(compiled, name)


def _first_call(name: str) -> Callable[..., Any]:
    """The method `name` of the class: compile, then call the compiled pattern's own."""

    def call(self: LazyPattern, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._compile(), name)(*args, **kwargs)

    call.__name__ = name
    return call


for _name in _METHODS:
    setattr(LazyPattern, _name, _first_call(_name))


def lazy(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """`regex.compile(pattern, flags)`, compiled when first used.

    Typed as the compiled pattern, which it stands in for in every call the rules make.
    """
    return cast("regex.Pattern[str]", LazyPattern(pattern, flags))
