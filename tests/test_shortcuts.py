"""Every speed shortcut at once against the plain path: the same claims, everywhere.

The fast path passes over sentences, patterns, regex attempts and windows that it can
prove find nothing (`effclaims.rules.shortcuts`); the plain path runs every pattern on
every sentence and every regex on every window. Each shortcut also has a test of its
own, but only this one sees them all together, as a user's run does: a claim that one
of them loses, or one they find only together, shows here as a difference.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from corpus import case_texts, dev2_texts, seed_abstracts, seed_titles
from hypothesis import given
from strategies import PROPERTY, TEXTS

from effclaims.extraction import extract_text
from effclaims.rules.shortcuts import enabled, plain_path

# Phrasings the corpus may lack: each a shortcut's edge (spacing, case, number words,
# words split by a sentence end, digits of other scripts).
TRICKY = [
    "The weights are stored in sixteen bits.",
    "It sustains 12 PF on 1,000 nodes.",
    "3 x faster; ten x less memory; three - fold; two times; a 3timeſ speedup",
    "fİve times faster, 5bn parameters, 7 mn params, 90 it /s, 12 it per second",
    "1/3 of the cost from US$5 to US$2, 2 tera F, 3 GF per chip, W4A16KV8, Q4_K_M",
    "a second; 10s of seconds; 8X7B; 12.5 PERCENT; 4.1×–6.3× faster; Mixtral 8×22B",
    "hundreds of times faster; prunes 1/2 to 2/3 of the weights; the 3/8/32B models",
    "improvement.3x faster and\n2\tx smaller, \u0663x lower latency, eighteen-fold",
    "latency fell from 3.2\u00a0s to 1.6\u2009s at 30\u202ffps",
]


def claims(text: str) -> list[dict]:
    return [c.to_dict() for c in extract_text(text)]


def plain_claims(text: str) -> list[dict]:
    with plain_path():
        assert not enabled()
        return claims(text)


CORPUS = {
    "tricky": TRICKY,
    "cases": case_texts(),
    "seed-titles": seed_titles(),
    "seed-abstracts": seed_abstracts(),
    "dev2": dev2_texts(),
}


@pytest.mark.parametrize("name", CORPUS)
def test_the_fast_path_finds_what_the_plain_path_finds(name: str) -> None:
    texts = CORPUS[name]
    if not texts:
        pytest.skip(f"no {name} texts: ../shared is not present")
    differ = [t for t in texts if claims(t) != plain_claims(t)]
    assert not differ, f"{len(differ)} texts differ, the first: {differ[0]!r}"
    assert enabled()


@PROPERTY
@given(TEXTS)
def test_the_fast_path_finds_what_the_plain_path_finds_in_any_text(text: str) -> None:
    assert claims(text) == plain_claims(text)


def test_the_derived_shortcuts_shipped_are_those_the_rules_give() -> None:
    """`effclaims/data/derived.json` is generated from the patterns; a pattern changed
    without writing it anew would still work, only slower, and fails here."""
    run = subprocess.run(
        [sys.executable, "-m", "effclaims.rules.derived", "--check"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
