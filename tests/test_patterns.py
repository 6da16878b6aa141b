"""The shortcuts that keep the rules fast must never change what they find.

A pattern branch, a resource word list or a sieved regex is skipped where a text lacks
the substrings it needs, all derived from the regexes (`rules/literals.py`); split
patterns must match what their one alternation would; the bound before a number is
searched backwards. Each is checked here against the plain regex, over every case
sentence (as written, lower-cased and upper-cased), the words around its numbers, and
tricky phrasings; tests/test_shortcuts.py checks them all together.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
import regex
from corpus import case_sentences, seed_sentences
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from effclaims.rules import modelsize, rates, ratios
from effclaims.rules.literals import DIGIT, clauses, required_literals
from effclaims.rules.patterns import FLAGS, Branch, PatternSet, cues, facts, fold, patterns
from effclaims.rules.ratios import _present, find_ratios, resource_lexicon
from effclaims.rules.shortcuts import Sieved

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


BRANCHES = [
    pytest.param(branch, id=f"{p.id}[{i}]")
    for p in patterns()
    for i, branch in enumerate(p.branches)
]


@pytest.mark.parametrize("branch", BRANCHES)
def test_a_branch_is_never_skipped_where_it_matches(branch) -> None:
    missed = [
        s for s in sentences() if branch.rx.search(s) and not branch.may_match(facts(s).words)
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
        found = PatternSet([pattern]).scan(s, facts(s))
        assert [(m.span(), m.group()) for _, m in found] == expected, s


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
        assert [(m.span(), m.groupdict()) for m in branch.finditer(s, facts(s))] == expected, s


def test_only_branches_that_open_with_a_number_are_tried_at_numbers() -> None:
    """A branch opening with a word (`{WNUM}`, `between`) would lose matches; the test
    above would show it only where a case has such a match."""
    for p in patterns():
        for b in p.branches:
            if b.at_numbers:
                behind = r"\(\?<[!=](?:[^()]|\([^()]*\))*\)"
                opening = regex.sub(rf"^(?:{behind}|\(\?P<\w+>|\(\?[:>]|\()*", "", b.rx.pattern)
                assert opening.startswith(("\\d", "1/")), (p.id, opening[:40])


def test_a_resource_word_list_is_never_skipped_where_it_matches() -> None:
    missed = [
        (lx.type, lx.level, m.group())
        for lx in resource_lexicon()
        for s in sentences()
        for m in lx.rx.finditer(s)
        if not lx.may_match(_present(m.group()))
    ]
    assert not missed


SIEVED = [
    pytest.param(obj, id=f"{module.__name__.rsplit('.', 1)[1]}.{name}")
    for module in (ratios, modelsize, rates)
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


def test_letters_the_patterns_read_as_ascii_are_folded_to_it() -> None:
    assert fold("3 tİmeſ, 2 K") == "3 times, 2 k"
    assert (
        [f.value for f in find_ratios("a 3 timeſ speedup", facts("a 3 timeſ speedup"))]
        == [f.value for f in find_ratios("a 3 times speedup", facts("a 3 times speedup"))]
        == [3.0]
    )


@pytest.mark.parametrize(
    ("expression", "literals"),
    [
        ("faster", ("faster",)),
        (r"speed[- ]?ups?", ("speed up", "speed-up", "speedup")),
        (r"accelerat\w*", ("accelerat",)),
        (r"latenc(?:y|ies)", ("latencies", "latency")),
        (r"(?:training|inference) times?", ("nference time", "training time")),
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
        (r"(?=abc)d", ("abc",)),  # a look-ahead's text is in the text too
        (r"[^]a]bc", ("bc",)),
        ("µs", ("µs", "μs")),  # `µ` also matches the Greek capital, folded `μ`
        (r"\w+", None),
        ("a|\\d", None),
    ],
)
def test_required_literals(expression: str, literals: tuple[str, ...] | None) -> None:
    assert required_literals(expression) == literals


@pytest.mark.parametrize(
    ("expression", "needed"),
    [
        # a digit next to what follows it, with or without the space between
        (r"\d+\s?(?:x|times)\b", {"0x", "0 x", "0times", "0 times"}),
        (r"(?<![\w.])\d{1,3}%", {"0%"}),
        (r"\d(?:\.\d+)?\s?-?bits?", {"0bit", "0 bit", "0-bit", "0 -bit"}),
        # an optional part shows what is on either side of it through
        (r"\d(?:\s+of)?\s?ms", {"0ms", "0 ms", " ofms", " of ms"}),
    ],
)
def test_clauses_join_the_ends_of_neighbours(expression: str, needed: set[str]) -> None:
    assert frozenset(needed) in clauses(expression, digits=True)


_LOOK_BEHIND = regex.compile(r"\(\?<[!=](?:[^()]|\([^()]*\))*\)")
BRANCH_EXPRESSIONS = [
    pytest.param(b.rx.pattern, id=f"{p.id}[{i}]")
    for p in patterns()
    for i, b in enumerate(p.branches)
]


@pytest.mark.parametrize("expression", BRANCH_EXPRESSIONS)
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_every_text_a_branch_matches_holds_its_needs(expression: str, data: st.DataObject) -> None:
    """Texts drawn to contain a match (in any case, with digits and spaces of any script):
    each holds a member of every clause the analysis says the branch needs."""
    # the generator wants unique group names and fixed-width look-behinds: it gets none
    plain = regex.sub(r"\(\?P<\w+>", "(?:", _LOOK_BEHIND.sub("", expression))
    text = data.draw(st.from_regex(re.compile(plain, re.IGNORECASE)))
    if regex.search(expression, text, FLAGS):
        low = cues(text)
        for clause in clauses(expression, digits=True):
            assert any(w in low for w in clause), (sorted(clause)[:5], text)


@pytest.mark.parametrize("expression", BRANCH_EXPRESSIONS)
def test_every_branch_needs_more_than_a_digit(expression: str) -> None:
    """A branch whose every needed clause can be met by a bare digit runs on each sentence
    that holds a number: the derivation gives up on a part with too many alternatives (a
    word list times its spellings times the units after it), so such a list belongs in a
    pattern of its own."""
    branch = next(b for p in patterns() for b in p.branches if b.rx.pattern == expression)
    assert any(DIGIT not in clause for clause in branch.needs), branch.needs
