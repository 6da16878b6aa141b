"""Sentence boundaries for abstracts, robust to the run-together sentences of page dumps.

Copied listings often lose the space after a full stop (`improvement.To address`), and
abstracts are full of abbreviations (`e.g.`, `et al.`, `vs.`) and decimals, which a
full-stop splitter gets wrong both ways. Sentences only scope context (which hardware
and baseline a claim is about), so a fast regex is the right tool.
"""

from __future__ import annotations

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
    return [(a, b) for a, b in spans if b > a]
