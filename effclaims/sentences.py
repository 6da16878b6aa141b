"""Sentence boundaries for abstracts, robust to the run-together sentences of page dumps.

Copied listings often lose the space after a full stop (`improvement.To address`), and
abstracts are full of abbreviations (`e.g.`, `et al.`, `vs.`) and decimals, which a
full-stop splitter gets wrong both ways. Sentences only scope context (which hardware
and baseline a claim is about), so a fast regex is the right tool.
"""

from __future__ import annotations

import regex

_BOUNDARY = regex.compile(
    r"""
    (?<!\b(?:e\.g|i\.e|etc|vs|al|Fig|Figs|Eq|Eqs|Sec|approx|resp|cf|No|Ref|Tab|St|Dr|Mr|Ms|Inc|Ltd|Corp|Co|Jr|ca|viz))
    (?:
        (?<=[.!?])\s+(?=["'(\[]?[A-Z0-9])      # ". Next"
      | (?<=[a-z)\]]{2}[.!?])(?=[A-Z][a-z])     # "end.Next" (lost space)
    )
    """,
    regex.VERBOSE,
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, covering it without gaps or overlaps."""
    spans = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if b > a]
