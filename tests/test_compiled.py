"""Regexes compiled on first use behave as the compiled pattern, call for call, and the
claims do not depend on which engine compiles a pattern."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import regex
from corpus import case_texts, dev2_texts, seed_abstracts

from effclaims.compiled import LazyPattern, compile_pattern, lazy
from effclaims.engine import find_claims

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


# Run in a fresh interpreter: `re` refuses every pattern, so each one is compiled by
# `regex`, as it was before `compile_pattern`; the claims it prints are then compared
# with those of this process, where most patterns are compiled by `re`.
_REGEX_ONLY = """
import json, re, sys
import effclaims.compiled as compiled

def refuse(pattern, flags=0):
    raise re.error("compiled by regex alone")

compiled.compile_re = refuse
from effclaims.engine import find_claims

for line in sys.stdin:
    claims = find_claims(json.loads(line))
    print(json.dumps([(c.type, c.value, c.start, c.end, c.bound, c.value_min, c.rule) for c in claims]))
"""


def test_claims_are_the_same_whichever_engine_compiles_the_patterns() -> None:
    texts = case_texts() + seed_abstracts() + dev2_texts()
    run = subprocess.run(
        [sys.executable, "-c", _REGEX_ONLY],
        input="".join(json.dumps(t) + "\n" for t in texts),
        capture_output=True,
        text=True,
        check=True,
    )
    regex_only = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(regex_only) == len(texts)
    for text, want in zip(texts, regex_only, strict=True):
        got = [
            [c.type, c.value, c.start, c.end, c.bound, c.value_min, c.rule]
            for c in find_claims(text)
        ]
        assert got == want, text


def test_compile_pattern_uses_re_only_where_regex_is_not_needed() -> None:
    assert isinstance(compile_pattern(r"\d+\s?x", regex.IGNORECASE | regex.VERSION0), re.Pattern)
    # a look-behind of varying width, a flag `re` lacks: `regex`
    assert isinstance(compile_pattern(r"(?<=\bby\s+)\d+", regex.IGNORECASE), regex.Pattern)
    assert isinstance(compile_pattern(r"\d+$", regex.REVERSE), regex.Pattern)
