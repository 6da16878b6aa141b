"""The engine's prefilter: which sentences may hold a claim, checked against its plain formulation."""

from __future__ import annotations

from corpus import case_texts, seed_abstracts

from effclaims.engine import _DIGIT, _NUMBER_WORDS, _cues, _may_hold_claim, _number_words
from effclaims.normalize import normalize
from effclaims.sentences import split_sentences
from effclaims.substrings import LOWER_LETTERS, lower

# Digits of every script, capitals and letters that lower-case oddly, number words in
# every case, glued to digits and inside other words.
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
    "third",
    "thirds",
    "\u01c5 1",
    "\u1e9e 3",
]


def reference_may_hold_claim(text: str, a: int, b: int) -> bool:
    """Whether `text[a:b]` has a digit or a number word, found in `text` itself."""
    low = lower(text)
    words = [
        start
        for start, end in _NUMBER_WORDS.hits(low)
        if (end == len(low) or low[end] not in LOWER_LETTERS)
        and (not start or low[start - 1] not in LOWER_LETTERS or low.startswith("fold", start))
    ]
    return _DIGIT.search(text, a, b) is not None or any(a <= p < b for p in words)


def test_cues_are_the_text_lowered_with_digits_as_zeros() -> None:
    """ASCII texts are translated in one go; the reference substitutes and lower-cases."""
    for text in [*AWKWARD, *case_texts(), *seed_abstracts()]:
        assert _cues(text) == lower(_DIGIT.sub("0", text)), text


def test_the_prefilter_passes_the_sentences_its_plain_formulation_passes() -> None:
    """The prefilter finds digits as `0` in the cues; the reference searches the text."""
    outcomes = set()
    for raw in [*AWKWARD, *case_texts(), *seed_abstracts()]:
        text = normalize(raw).text
        cues = _cues(text)
        words = _number_words(cues)
        for a, b in split_sentences(text):
            expected = reference_may_hold_claim(text, a, b)
            assert _may_hold_claim(cues, a, b, words) == expected, (text[a:b], a, b)
            outcomes.add(expected)
    assert outcomes == {True, False}
