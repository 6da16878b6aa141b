"""What the engine hands the rules: each sentence's facts, found once per text.

The needed substrings and number starts of every sentence come from one pass over the
whole text; here they are checked against finding them in each sentence on its own.
"""

from __future__ import annotations

import regex
from corpus import case_texts, seed_abstracts

from effclaims.engine import _COUNT, _inside
from effclaims.normalize import normalize
from effclaims.rules.base import Found
from effclaims.rules.literals import DIGIT
from effclaims.rules.patterns import NUMBER_START, TextFacts, cues, needed_words
from effclaims.rules.shortcuts import fold
from effclaims.sentences import split_sentences

# Digits of every script, capitals and letters that lower-case oddly, number words in
# every case, glued to digits and inside other words, spaces of every kind.
AWKWARD = [
    "",
    "0",
    "9",
    "Nine",
    "NINE times",
    "\u0663 \u0969 \uff13 \U0001d7d9 \u00b2 \u2460",
    "\u0130stanbul two",
    "\u212a fold",
    "manifold",
    "TwoFold",
    "2-fold",
    "tenfold",
    "often attention",
    "x10 hours",
    "One.",
    "\u00c9T\u00c9 ONE",
    "A100 vs. H100",
    "half-precision",
    "\u01c5 1",
    "\u1e9e 3",
    "3\u00a0x\u2009faster\tthan\u3000before",
    "word3x.4 times",
]


def reference_cues(text: str) -> str:
    return regex.sub(r"\s", " ", regex.sub(r"\d", DIGIT, fold(text)))


def test_cues_are_the_folded_text_with_digits_as_zeros_and_spaces_as_spaces() -> None:
    """ASCII texts are translated in one go; the reference substitutes and folds."""
    for text in [*AWKWARD, *case_texts(), *seed_abstracts()]:
        assert cues(text) == reference_cues(text), text
        assert len(cues(text)) == len(text)


def test_each_sentence_has_the_facts_it_has_on_its_own() -> None:
    """Words that a sentence end cuts through, numbers that open a sentence after a word
    character of the one before: the slice of the text's facts is the sentence's own."""
    keys = needed_words()
    seen_empty = seen_full = False
    for raw in [*AWKWARD, *case_texts(), *seed_abstracts()]:
        text = normalize(raw).text
        facts = TextFacts(text)
        for a, b in split_sentences(text):
            sentence = text[a:b]
            low = reference_cues(sentence)
            words = {low[s:e] for s, e in keys.hits(low)}
            if DIGIT in low:
                words.add(DIGIT)
            numbers = tuple(m.start() for m in NUMBER_START.finditer(sentence))
            got = facts.sentence(a, b)
            assert (got.words, got.numbers) == (frozenset(words), numbers), sentence
            seen_empty |= not words
            seen_full |= bool(words) and bool(numbers)
    assert seen_empty and seen_full


def reference_inside(f: Found, hardware: list[Found], sentence: str) -> bool:
    """The plain formulation of `_inside`: every name tested; a claim that opens inside a
    name belongs to it, and so does a count right before one."""
    return (
        any(h.start <= f.start < h.end for h in hardware)
        or any(f.type == "model_size" and f.start < h.end and h.start < f.end for h in hardware)
        or any(
            f.start < h.start < f.end and _COUNT.fullmatch(sentence, f.start, h.start)
            for h in hardware
        )
    )


def test_a_number_inside_a_name_is_found_by_bisection() -> None:
    names = [
        Found("hardware", n, a, b, "hw") for n, a, b in (("x", 2, 6), ("y", 10, 14), ("z", 14, 20))
    ]
    starts = [h.start for h in names]
    sentence = "8xAAAA 3x BBBBCCCCCCzzz"  # counts right before the first two names
    for kind in ("model_size", "speedup"):
        for a in range(0, 22):
            for b in range(a + 1, 23):
                f = Found(kind, 1.0, a, b, "r")
                assert _inside(f, names, starts, sentence) == reference_inside(
                    f, names, sentence
                ), (kind, a, b)
