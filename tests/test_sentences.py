"""Sentence boundaries: abbreviations, decimals and the run-together sentences of page dumps."""

from __future__ import annotations

import pytest
import regex
from corpus import case_texts, seed_abstracts

from effclaims.sentences import (
    _ABBREVIATIONS,
    _AFTER_STOP,
    _MAY_FOLLOW,
    split_sentences,
    unwrapped,
)


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We cut memory by 40%. Latency drops 2x.", ["We cut memory by 40%.", "Latency drops 2x."]),
        (
            "What's new:\n- memory down 35%\n- 2x faster\n\nA hard\nbreak stays.",
            ["What's new:", "- memory down 35%", "- 2x faster", "A hard\nbreak stays."],
        ),
        ("| a | b |\n|---|---|\n| 1 | 2 |", ["| a | b |", "|---|---|", "| 1 | 2 |"]),
        ("It runs 3.5x faster. It fits 7B models.", ["It runs 3.5x faster.", "It fits 7B models."]),
        ("Models (e.g. LLaMA) run. Others do not.", ["Models (e.g. LLaMA) run.", "Others do not."]),
        ("As in Smith et al. The method works.", ["As in Smith et al. The method works."]),
        ("Ours vs. Baseline is 2x. Next.", ["Ours vs. Baseline is 2x.", "Next."]),
        ("See Fig. 3 for details. Done.", ["See Fig. 3 for details.", "Done."]),
        ("Costs drop, i.e. Memory halves. Yes.", ["Costs drop, i.e. Memory halves.", "Yes."]),
        (
            "A large improvement.To address this, we",
            ["A large improvement.", "To address this, we"],
        ),
        ("It reaches 3.5x.The rest", ["It reaches 3.5x.The rest"]),
        ("Made in the U.S.A. Then we", ["Made in the U.S.A.", "Then we"]),
        ("The U.S government", ["The U.S government"]),
        ("Is it fast? Yes! It is.", ["Is it fast?", "Yes!", "It is."]),
        ('It works. "Quoted" next.', ["It works.", '"Quoted" next.']),
        ("It works. (Parenthetical) next.", ["It works.", "(Parenthetical) next."]),
        ("It works. 8 GPUs suffice.", ["It works.", "8 GPUs suffice."]),
        ("It works. lower case goes on.", ["It works. lower case goes on."]),
        ("Version 2.0 is out. Fine.", ["Version 2.0 is out.", "Fine."]),
        ("Roughly approx. Ten times. More.", ["Roughly approx. Ten times.", "More."]),
        (
            "A long wordwithnoabbreviation. Next one.",
            ["A long wordwithnoabbreviation.", "Next one."],
        ),
        ("...etc.. Then", ["...etc.. Then"]),
        ("", []),
        ("No stop at all", ["No stop at all"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


_LAST_WORD = regex.compile(r"([A-Za-z][A-Za-z.]*)$")
_CANDIDATE = regex.compile(rf"[.!?](?:{_AFTER_STOP.pattern})")


def reference_split(text: str) -> list[tuple[int, int]]:
    """The splitter written with regexes: one scan for the stops that may end a sentence,
    one for the word before each."""
    spans = []
    pos = 0
    for m in _CANDIDATE.finditer(text):
        stop = m.start()
        word = _LAST_WORD.search(text, max(pos, stop - 12), stop)
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if m.end() == stop + 1 and not (
            stop >= 2 and text[stop - 2 : stop].isalpha() or text[stop - 1 : stop] in ")]"
        ):
            continue
        spans.append((pos, stop + 1))
        pos = m.end()
    spans.append((pos, len(text)))
    # a line break that opens a block ends a sentence too, the spaces around it in none
    pieces = []
    for a, b in spans:
        for br in _BLOCK_BREAK.finditer(text, a, b):
            pieces.append((a, a + len(text[a : br.start()].rstrip())))
            a = br.start() + len(text[br.start() : b]) - len(text[br.start() : b].lstrip())
        pieces.append((a, b))
    return [(a, b) for a, b in pieces if b > a]


_BLOCK_BREAK = regex.compile(
    r"\n(?=[^\S\n]*(?:\n|(?:[-*•·+]|\d{1,2}[.)])[^\S\n]|#{1,6}[^\S\n]|\|))"
)


def corpus() -> list[str]:
    return [*case_texts(), *seed_abstracts()]


def test_the_splitter_finds_what_its_regex_formulation_finds() -> None:
    """The splitter finds stops and the word before each with string operations; the
    reference states both as regexes."""
    awkward = [
        "x e.g. Y",
        "a..e.g. B",
        "E.G. Next",
        "...  . A",
        "1.e.g. X",
        "ab.I.E. Then",
        "a.b.c.d.e.f.g.h. X",
        "Why?!  Yes.\u00a0No.\u2003(Maybe)\x1cOk.\x0bFine!?Done",
        "end.",
        "end. ",
        "a!B b?Cd e.Ef 3.5.Gh",
        "It is.\u00c9t\u00e9 ok. \u00c9t\u00e9. 'Q' no.\t\n[1] yes",
        "Notes:\n- one item\n  * nested\n\n\nnext para\n1. first\n12) second\n# Head\n| a | b |\n",
        "\n- starts with an item\nhard\nbreak. - not an item\n-3 dB\n#tag",
    ]
    texts = corpus() + awkward
    assert len(texts) > 100
    for text in texts:
        assert split_sentences(text) == reference_split(text), text


def test_sentences_are_in_order_and_leave_out_only_the_spaces_between_them() -> None:
    for text in corpus():
        spans = split_sentences(text)
        assert all(a < b for a, b in spans)
        ends = [0, *(x for span in spans for x in span), len(text)]
        gaps = [text[ends[i] : ends[i + 1]] for i in range(0, len(ends), 2)]
        assert all(not gap.strip() for gap in gaps), gaps


def test_the_quick_skip_keeps_every_character_that_can_follow_a_stop() -> None:
    """A stop followed by an ASCII character outside `_MAY_FOLLOW` is skipped unread."""
    for code in range(128):
        c = chr(code)
        assert (c in _MAY_FOLLOW) == bool(regex.match(r"\s|[A-Z]", c)), repr(c)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It cuts GPU\nhours by 35%.", "It cuts GPU hours by 35%."),
        ("Twice as\nfast. Next\nline.", "Twice as fast. Next line."),
        (
            "What's new:\n- memory down\n  35%\n- 2x faster",
            "What's new:\n- memory down   35%\n- 2x faster",
        ),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "| a | b |\n|---|---|\n| 1 | 2 |"),
        ("One.\n\nTwo\nthree.", "One.\n\nTwo three."),
        ("No break at all.", "No break at all."),
    ],
)
def test_unwrapped_makes_breaks_inside_sentences_spaces(text: str, expected: str) -> None:
    assert unwrapped(text, split_sentences(text)) == expected


def test_unwrapped_keeps_the_sentences_and_the_length() -> None:
    """Only breaks inside sentences change, one character for one, so the sentences of the
    unwrapped text are the same spans."""
    for text in [*case_texts(), *seed_abstracts()]:
        spans = split_sentences(text)
        out = unwrapped(text, spans)
        assert len(out) == len(text)
        assert split_sentences(out) == spans, text
        assert all(a == b or (a, b) == ("\n", " ") for a, b in zip(text, out, strict=True))
