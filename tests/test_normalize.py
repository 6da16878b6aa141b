"""Normalisation: the rewrite starts it finds, checked against their regex formulation."""

from __future__ import annotations

import regex
from corpus import case_texts, seed_abstracts

from effclaims.normalize import _NON_ASCII, _candidates, normalize

# Texts where the shortcuts' tests of a neighbouring character decide: starts with a
# digit, a space or a letter beside them, at either end of the text, Unicode digits
# and spaces, and each rewrite next to words that merely contain its literal.
AWKWARD = [
    "", "times", "sim", "(", "3times", "3 times", "sometimes", "3xtimes", "\u0663times", "\uff13times",
    "22times less", "8timesH100", "timestimes", "2timestimes", "sim30B", "sim 30B", "sim\u00a030B",
    "simsim3", "similar 3", "asim3", "_sim3", "sim", "(ge 175B)", "( ge 175B)", "(le 7B)", "(\tle 7B)",
    "(\u00a0ge 5)", "(\u2003le 5)", "(gel 5)", "(general)", "(large)", "((ge 3)", "(ge", "(le\n4)",
    "$3.2\\times$ faster", "40\\% less", "W$_4$A$_8$", "x^{TM}", "{a}_{b}", "\\\\", "$4.6M and $5",
    "12\u2009000 and 3\u202f000", "\u00e9t\u00e9 \u2013 2\u00d7", "ABC\u00ae\u2122",
]


def reference_candidates(text: str) -> list[tuple[int, int]]:
    """Where a rewrite may start, found by one regex scan per kind of start."""
    scans = [
        (regex.compile(r"[\\$^{}_]"), 0),
        (regex.compile(r"(?<=\d)times"), 0),
        (regex.compile(r"\bsim(?=\s?\d)"), 0),
        (regex.compile(r"\((?=\s*[gl]e\s)"), 1),
        (_NON_ASCII, 0),
    ]
    return sorted((m.start() + skip, m.end()) for rx, skip in scans for m in rx.finditer(text))


def test_the_starts_are_those_their_regexes_find() -> None:
    """Marks are found with `str.find` and word starts only tried where the character
    beside them allows; the reference scans the whole text with each regex."""
    for text in [*AWKWARD, *case_texts(), *seed_abstracts()]:
        assert _candidates(text) == reference_candidates(text), text


def test_awkward_texts_hold_starts_of_every_kind() -> None:
    """The awkward texts reach every branch: each kind of start occurs among them."""
    found = {text[a:a + 1] for text in AWKWARD for a, _ in reference_candidates(text)}
    assert {"\\", "$", "^", "{", "_", "t", "s", " ", "g", "l", "\u2009", "\u00e9"} <= found
    assert normalize("(ge 175B) 22times").text == "(\u2265175B) 22\u00d7"
