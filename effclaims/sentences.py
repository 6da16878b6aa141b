"""Sentence boundaries for abstracts, robust to the run-together sentences of page dumps.

Copied listings often lose the space after a full stop (`improvement.To address`), and
abstracts are full of abbreviations (`e.g.`, `et al.`, `vs.`) and decimals, which a
full-stop splitter gets wrong both ways. Sentences only scope context (which hardware
and baseline a claim is about), so a fast regex is the right tool. Notes, READMEs and
slides write one item to a line, without a stop: a line break that opens a list item, a
heading, a table row or a new paragraph ends a sentence too, while a hard line break
inside a sentence (as PDFs and listings wrap text) does not.
"""

from __future__ import annotations

from bisect import bisect_left

from .compiled import compile_pattern

_ABBREVIATIONS = frozenset(
    "e.g i.e etc vs al fig figs eq eqs sec approx resp cf no ref tab st dr mr ms inc ltd corp co jr ca viz".split()
)
# What must follow a stop for it to end a sentence: spaces and then a capital, a digit or
# an opening quote or bracket; or, glued on, a capital and a small letter.
_AFTER_STOP = compile_pattern(r"\s+(?=[\"'(\[]?[A-Z0-9])|(?=[A-Z][a-z])")
# ASCII characters that can open what `_AFTER_STOP` matches: the spaces `\s` reads and capitals
_MAY_FOLLOW = frozenset(" \t\n\x0b\x0c\rABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LETTERS_AND_POINTS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz."


def _stops(text: str) -> list[int]:
    """Positions of `.`, `!` and `?`, in order. Found with `str.find`, which skips to each
    in native code; a regex scan of the text tries every position and costs several times more."""
    found = []
    for mark in ".!?":
        i = text.find(mark)
        while i != -1:
            found.append(i)
            i = text.find(mark, i + 1)
    found.sort()
    return found


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, in order; only the spaces between
    sentences belong to none."""
    spans = []
    pos = 0
    for stop in _stops(text):
        follow = text[stop + 1 : stop + 2]
        if follow < "\x80" and follow not in _MAY_FOLLOW:  # the end, a digit, a small letter
            continue
        m = _AFTER_STOP.match(text, stop + 1)
        if m is None:
            continue
        # the word before the stop: the letters and points that end the 12 characters
        # before it (and follow the previous sentence), from the first letter on
        window = text[max(pos, stop - 12) : stop]
        word = window[len(window.rstrip(_LETTERS_AND_POINTS)) :].lstrip(".")
        if word and word.lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if m.end() == stop + 1 and not (
            stop >= 2 and text[stop - 2 : stop].isalpha() or text[stop - 1 : stop] in ")]"
        ):
            continue  # "end.Next" needs letters before the stop: not "3.5x.The", not "U.S"
        spans.append((pos, stop + 1))
        pos = m.end()
    spans.append((pos, len(text)))
    if "\n" in text:
        spans = _split_blocks(text, spans)
    return [(a, b) for a, b in spans if b > a]


# What opens a new block after a line break: a blank line, a list item, a heading or a
# table row. Notes, READMEs, slides and threads put one item on a line, often with no
# full stop, and an item's words say nothing of the next one's numbers.
_NEW_BLOCK = compile_pattern(r"[^\S\n]*(?:\n|(?:[-*•·+]|\d{1,2}[.)])[^\S\n]|#{1,6}[^\S\n]|\|)")
_SPACES = " \t\n\x0b\x0c\r"


def _split_blocks(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` cut where a line break opens a new block, each piece without the spaces
    around it."""
    breaks = []
    i = text.find("\n")
    while i != -1:
        if _NEW_BLOCK.match(text, i + 1):
            breaks.append(i)
        i = text.find("\n", i + 1)
    if not breaks:
        return spans
    out = []
    for a, b in spans:
        for k in breaks[bisect_left(breaks, a) : bisect_left(breaks, b)]:
            out.append((a, len(text[a:k].rstrip(_SPACES)) + a))
            a = k + len(text[k:b]) - len(text[k:b].lstrip(_SPACES))
        out.append((a, b))
    return out


def unwrapped(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with every line break inside a sentence of `spans` made a space.

    Such a break is a hard wrap (PDFs and listings wrap text), a space to every rule:
    `GPU\nhours` is `GPU hours`, `twice as\nfast` is `twice as fast`. Breaks between
    sentences stay, as they open list items, headings and table rows. The text keeps
    its length, so offsets into it hold in the text given.
    """
    if "\n" not in text:
        return text
    parts = []
    at = 0
    for a, b in spans:
        if text.find("\n", a, b) != -1:
            parts.append(text[at:a])
            parts.append(text[a:b].replace("\n", " "))
            at = b
    if not parts:
        return text
    parts.append(text[at:])
    return "".join(parts)
