"""The shortcuts that keep the rules fast must never change what they find.

A pattern branch, a resource word list or a sieved regex is skipped where a text lacks
the substrings it needs; split patterns must match what their one alternation would;
gates find their words in one pass; the bound before a number is searched backwards.
Each is checked here against the plain regex, over every case sentence (as written,
lower-cased and upper-cased), the words around its numbers, and tricky phrasings.
"""

from __future__ import annotations

from functools import cache

import pytest
import regex
from corpus import case_sentences, seed_sentences

from effclaims.patterns import (
    FLAGS,
    Branch,
    Sieved,
    fold,
    gate,
    load_data,
    number_starts,
    patterns,
    required_literals,
)
from effclaims.rules import modelsize, ratios
from effclaims.rules.base import _bound_before_rx, bound_before, lexicon
from effclaims.rules.ratios import _lexemes, _present, find_ratios

# Phrasings the cases may lack: spacing, case, hyphens and the long s (matched as `s`).
TRICKY = [
    "3 x faster",
    "ten x less memory",
    "three - fold",
    "two times",
    "a 3timeſ speedup",
    "fİve times faster",
    "5bn parameters",
    "7 mn params",
    "90 it /s",
    "12 it per second",
    "1/3 of the cost",
    "from US$5 to US$2",
    "2 tera F",
    "3 GF per chip",
    "W4A16KV8",
    "Q4_K_M",
    "a second",
    "10s of seconds",
    "8X7B",
    "12.5 PERCENT",
    "4.1×–6.3× faster",
    "Mixtral 8×22B",
    "hundreds of times faster",
    "prunes 1/2 to 2/3 of the weights",
    "the 3/8/32B models",
]


@cache
def sentences() -> tuple[str, ...]:
    """The case sentences as written, lower- and upper-cased, and the tricky phrases."""
    return tuple(TRICKY) + tuple(v for s in case_sentences() for v in (s, s.lower(), s.upper()))


def present(sentence: str, branch: Branch) -> set[str]:
    """The substrings a branch needs that `sentence` holds, found the plain way."""
    return {w for w in branch.needs + branch.and_needs if w in fold(sentence)}


BRANCHES = [
    pytest.param(branch, id=f"{p.id}[{i}]")
    for p in patterns()
    for i, branch in enumerate(p.branches)
]


@pytest.mark.parametrize("branch", BRANCHES)
def test_a_branch_is_never_skipped_where_it_matches(branch) -> None:
    missed = [
        s
        for s in sentences()
        if branch.rx.search(s) and not branch.may_match(s, present(s, branch))
    ]
    assert not missed


def test_every_branch_matches_some_case() -> None:
    """Otherwise the test above proves nothing for it."""
    unmatched = [
        f"{p.id}[{i}]"
        for p in patterns()
        for i, b in enumerate(p.branches)
        if not any(b.rx.search(s) for s in sentences())
    ]
    assert not unmatched


@pytest.mark.parametrize(
    "pattern", [p for p in patterns() if len(p.branches) > 1], ids=lambda p: p.id
)
def test_split_patterns_match_as_their_one_alternation(pattern) -> None:
    whole = regex.compile("|".join(f"(?:{b.rx.pattern})" for b in pattern.branches), FLAGS)
    for s in sentences():
        expected = [(m.span(), m.group()) for m in whole.finditer(s)]
        found = pattern.finditer(
            s, set().union(*(present(s, b) for b in pattern.branches)), number_starts(s)
        )
        assert [(m.span(), m.group()) for m in found] == expected, s


# Where numbers may start: after punctuation, signs, brackets, other scripts' digits.
NUMBER_EDGES = [
    ".5x faster",
    "x.5x and 2.5.3x",
    "(3x) [4×] {5 times} -6% +7% ~8% /9B 10/11 12,5%",
    "a1.5x, b_2x, ٣x faster, 3٣ times",
    "1,234.5 ms to 2,345 ms; 3.5-4.5x; 5–6B",
    "W4A8 at 4.5bit, 8-bit, 8bits, 16-/8-bit",
    "Llama-2-7B, 13b, 70B-chat, 8x7B, 1.5B/7B/13B",
    "reaches 12 tokens/s, 30fps and 1.2 TFLOPS in 3.5 s",
]


@pytest.mark.parametrize(
    "branch",
    [
        pytest.param(b, id=f"{p.id}[{i}]")
        for p in patterns()
        for i, b in enumerate(p.branches)
        if b.at_numbers
    ],
)
def test_a_branch_tried_at_numbers_finds_what_a_full_scan_finds(branch: Branch) -> None:
    """Such a branch is matched only where `number_starts` says a number starts; so each of
    its matches must start there, which a scan of every position would show."""
    texts = sentences() + tuple(NUMBER_EDGES) + tuple(seed_sentences())
    for s in texts:
        expected = [(m.span(), m.groupdict()) for m in branch.rx.finditer(s)]
        assert [
            (m.span(), m.groupdict()) for m in branch.finditer(s, number_starts(s))
        ] == expected, s


def test_only_branches_that_open_with_a_number_are_tried_at_numbers() -> None:
    """A branch opening with a word (`{WNUM}`, `between`) would lose matches; the test
    above would show it only where a case has such a match."""
    for p in patterns():
        for b in p.branches:
            if b.at_numbers:
                behind = r"\(\?<[!=](?:[^()]|\([^()]*\))*\)"
                opening = regex.sub(rf"^(?:{behind})*(?:\(\?P<\w+>|\(\?[:>]|\()*", "", b.rx.pattern)
                assert opening.startswith(("\\d", "1/")), (p.id, opening[:40])


def test_a_resource_word_list_is_never_skipped_where_it_matches() -> None:
    missed = [
        (lx.type, lx.level, m.group())
        for lx in _lexemes()
        for s in sentences()
        for m in lx.rx.finditer(s)
        if not lx.may_match(_present(m.group()))
    ]
    assert not missed


SIEVED = [
    pytest.param(obj, id=f"{module.__name__.rsplit('.', 1)[1]}.{name}")
    for module in (ratios, modelsize)
    for name, obj in vars(module).items()
    if isinstance(obj, Sieved)
]


@cache
def windows() -> tuple[str, ...]:
    """What the sieved regexes read: the words before and after each number of a case."""
    out: list[str] = []
    for s in TRICKY + list(case_sentences()):
        for m in regex.finditer(r"[\d.,%×x]*\d[\d.,%×x]*", s):
            out += [s[max(0, m.start() - 80) : m.start()], s[m.end() : m.end() + 120]]
    return tuple(out)


@pytest.mark.parametrize("sieved", SIEVED)
def test_a_sieved_regex_is_never_skipped_where_it_matches(sieved: Sieved) -> None:
    """Each match holds one of the needed substrings itself, so every window around it does."""
    assert sieved.needs
    matched = [m.group() for s in windows() for m in sieved.rx.finditer(s)]
    assert matched, "no case sentence tests this"
    assert not [
        text for text in matched if sieved.search(text) is None and sieved.match(text) is None
    ]


@pytest.mark.parametrize("family", ["ratio", "bits", "size", "rate"])
def test_a_gate_passes_as_its_words_and_regex_say(family: str) -> None:
    spec = load_data("patterns")["gates"][family]
    words, rx = spec["words"], regex.compile(spec["regex"])
    for s in sentences():
        low = fold(s)
        assert gate(family).search(s) == (
            any(w in low for w in words) or rx.search(low) is not None
        ), s


def test_letters_the_patterns_read_as_ascii_are_folded_to_it() -> None:
    assert fold("3 tİmeſ, 2 K") == "3 times, 2 k"
    assert (
        [f.value for f in find_ratios("a 3 timeſ speedup")]
        == [f.value for f in find_ratios("a 3 times speedup")]
        == [3.0]
    )


@pytest.mark.parametrize(
    ("expression", "literals"),
    [
        ("faster", ("faster",)),
        (r"speed[- ]?ups?", ("speed",)),
        (r"accelerat\w*", ("accelerat",)),
        (r"latenc(?:y|ies)", ("latenc",)),
        (r"(?:training|inference) times?", ("inference", "training")),
        (r"[GMTP]?FLOPs?", ("flop",)),
        (r"(?<!machine\s)(?<!carbon\s)footprints?", ("footprint",)),
        (
            r"(?:chain-of-thought|CoT|reasoning)\s+(?:outputs?|traces?|chains?|tokens)",
            ("chain", "output", "tokens", "trace"),
        ),
        (r"(?:per|/)\s*watt", ("watt",)),
        (r"index(?:es)?", ("index",)),
        (r"(?:ab|c)+d?", ("ab", "c")),
        (r"x(?:abc|de)*", ("x",)),
        (r"(?:a|)b", ("b",)),
        (r"(?i)ab", ("ab",)),
        (r"(?=abc)d", ("d",)),
        (r"[^]a]bc", ("bc",)),
        (r"(?:a|[)])zz", ("zz",)),
        ("µs", ("s",)),
        (r"\w+", None),
        ("a|\\d", None),
    ],
)
def test_required_literals(expression: str, literals: tuple[str, ...] | None) -> None:
    assert required_literals(expression) == literals


def test_the_bound_search_backwards_finds_what_a_forward_search_finds() -> None:
    """Backwards, the search could stop at a shorter bound phrase that ends another one
    (`up to` inside `by up to`); forwards it finds the longest. Every bound phrase is
    tried after every other, with the words that may join a bound to its number."""
    forward = regex.compile(_bound_before_rx().pattern, FLAGS)
    phrases = [p for words in lexicon()["bounds"].values() for p in words]
    tails = ["", " ", "-", " by ", " to ", " of the ", " only ", " to just "]
    for before in ["", "x ", "cut "] + [p + " " for p in phrases]:
        for phrase in phrases:
            for tail in tails:
                window = before + phrase + tail
                f, b = forward.search(window), _bound_before_rx().search(window)
                assert (f and (f.lastgroup, f.start())) == (b and (b.lastgroup, b.start())), window
                lo = max(0, len(window) - 32)
                f = forward.search(window[lo:])
                assert bound_before(window, len(window)) == (
                    (f.lastgroup, lo + f.start()) if f else ("eq", len(window))
                )


@pytest.mark.parametrize(
    ("text", "number", "expected"),
    [
        ("reduces memory by up to 3x", "3x", ("max", 15)),
        ("well over 2x faster", "2x", ("min", 0)),
        ("uses no more than 5% of", "5%", ("max", 5)),
        ("at least about 3x", "3x", ("approx", 9)),
        ("reaching roughly the 3x", "3x", ("approx", 9)),
        ("a throughput of 3x", "3x", ("eq", 16)),
        ("a speedup of sub 2", "2", ("lt", 13)),
    ],
)
def test_bound_before(text: str, number: str, expected: tuple[str, int]) -> None:
    assert bound_before(text, text.index(number)) == expected
