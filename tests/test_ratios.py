"""Ratio rule shortcuts, checked against their plain formulations on every case and seed sentence."""

from __future__ import annotations

import regex
from corpus import case_sentences, seed_sentences

from effclaims.rules.patterns import FLAGS
from effclaims.rules.ratios import (
    _CONJ,
    _INCREASE_VERB,
    _NEXT_CLAUSE,
    _PREPOSITION,
    _REDUCE_VERB,
    _STOP,
)

AWKWARD = [
    "",
    "and",
    "memory and latency",
    "A/B",
    "FLOPs & memory",
    "as well as",
    "OR",
    "\u212a fold",
    "ſaves",
    "reduce",
    "-than",
    "x-than",
]

# `_STOP` and `_PREPOSITION` as written before `\b` was put in front of their word lists.
PLAIN_STOP = regex.compile(
    _STOP.pattern.replace(r"|\b(?<![\w-])(?:than", r"|(?<![\w-])(?:than", 1), FLAGS
)
PLAIN_PREPOSITION = regex.compile(_PREPOSITION.pattern.removeprefix(r"\b"), FLAGS)


def _windows() -> list[str]:
    """Every sentence, and its windows of 60 characters at every 7th position."""
    out = list(AWKWARD)
    for s in case_sentences() + seed_sentences():
        out.append(s)
        out += [s[i : i + 60] for i in range(0, len(s), 7)]
    return out


def test_word_boundary_changes_no_match() -> None:
    assert PLAIN_STOP.pattern != _STOP.pattern and PLAIN_PREPOSITION.pattern != _PREPOSITION.pattern
    for w in _windows():
        assert [m.span() for m in _STOP.finditer(w)] == [
            m.span() for m in PLAIN_STOP.finditer(w)
        ], w
        assert _PREPOSITION.split(w) == PLAIN_PREPOSITION.split(w), w


def test_sieved_lists_find_what_their_regexes_find() -> None:
    for w in _windows():
        assert _CONJ.split(w) == _CONJ.rx.split(w), w
        for verbs in (_REDUCE_VERB, _INCREASE_VERB):
            assert [m.span() for m in verbs.finditer(w)] == [
                m.span() for m in verbs.rx.finditer(w)
            ], w
        got, plain = _NEXT_CLAUSE.search(w), _NEXT_CLAUSE.rx.search(w)
        assert (got and got.span()) == (plain and plain.span()), w
