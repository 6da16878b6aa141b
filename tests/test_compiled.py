"""Regexes compiled on first use behave as the compiled pattern, call for call."""

from __future__ import annotations

import pytest
import regex

from effclaims.compiled import LazyPattern, lazy

CASES = [
    (r"(?P<n>\d+(?:\.\d+)?)\s?[x×]", regex.IGNORECASE, "a 2.5x speedup and 3 × less memory"),
    (r"\bby\s+(?:about\s+)?$", 0, "reduces memory by about "),
    (r"[,;]\s*", 0, "latency, energy; and memory"),
    (r"(?r)\d+", 0, "from 32 to 5 bits"),
]


@pytest.mark.parametrize(("pattern", "flags", "text"), CASES)
def test_every_method_answers_as_the_compiled_pattern(pattern: str, flags: int, text: str) -> None:
    plain = regex.compile(pattern, flags)
    for method, args in [
        ("search", (text,)),
        ("match", (text,)),
        ("fullmatch", (text,)),
        ("findall", (text,)),
        ("split", (text,)),
        ("sub", ("#", text)),
        ("subn", ("#", text)),
    ]:
        fresh = lazy(pattern, flags)  # each method may be the first call
        got, want = getattr(fresh, method)(*args), getattr(plain, method)(*args)
        if isinstance(want, regex.Match):
            assert got is not None and got.span() == want.span() and got.groups() == want.groups()
        else:
            assert got == want, method
    spans = [m.span() for m in lazy(pattern, flags).finditer(text, 2)]
    assert spans == [m.span() for m in plain.finditer(text, 2)]


def test_after_the_first_call_the_compiled_methods_are_used() -> None:
    rx = LazyPattern(r"\d+")
    assert "search" not in vars(rx)
    rx.search("a 12 b")
    assert vars(rx)["search"].__self__ is vars(rx)["compiled"]
    assert rx.groupindex == {} and rx.pattern == r"\d+"
