"""The context of a claim: the hardware and model named in its sentence, and its baseline.

A speedup means little without what it was measured on and against, so each claim
carries the hardware and model of its sentence (`hardware`, `model`) and the system it
is compared to (`baseline`: `over FlashAttention-2`, `compared to FP16`, `than vLLM`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .compiled import lazy
from .rules.base import Found
from .substrings import Substrings, matches_at

# How a comparison opens: (the word it opens with, the regex of the opening).
_COMPARISONS = (
    ("over", "over"),
    ("than", "than"),
    ("compared", r"compared\s+(?:to|with)"),
    ("relative", r"relative\s+to"),
    ("versus", "versus"),
    ("vs", r"vs\.?"),
    ("against", "against"),
    ("w.r.t", r"w\.r\.t\.?"),
    ("with", r"with\s+respect\s+to"),
    ("in", r"in\s+comparison\s+(?:to|with)"),
    ("beyond", "beyond"),
)
_BASELINE = lazy(
    r"\b(?:"
    + "|".join(opening for _, opening in _COMPARISONS)
    + r")\s+(?:the\s+|a\s+|an\s+|both\s+|standard\s+|vanilla\s+|existing\s+|prior\s+|previous\s+|original\s+|conventional\s+|full\s+|naive\s+|dense\s+(?=[A-Z]))?(?P<b>(?:[A-Z][\w.+-]*|FP\d+|BF\d+|INT\d+|\d+-bit)(?:[\s-](?:[A-Z0-9][\w.+-]*|\d[\w.]*))?|dense\s+\w+|full\s+fine-?tuning|uncompressed\s+\w+|baselines?|full\s+attention|full\s+precision|half\s+precision)",
)
_COMPARISON_WORDS = Substrings(word for word, _ in _COMPARISONS)


class Names:
    """Names mentioned in a sentence, in order of position, with the nearest to a place
    found by bisection: a run-on sentence may hold thousands of claims and names."""

    def __init__(self, items: list[tuple[int, str]]) -> None:
        self.items = sorted(items)
        self.starts = [p for p, _ in self.items]

    def nearest(self, pos: int, after_only: bool = False) -> str:
        """The name nearest `pos`, the first in order of name among equally near ones;
        with `after_only`, the nearest at or after it. Only the names at the position
        just before `pos` and at the first from it on can be nearest: where there are
        more than a few names, the search is narrowed to them."""
        items = self.items
        if len(items) > _FEW:
            starts = self.starts
            i = bisect_left(starts, pos)
            lo = i if after_only or i == 0 else bisect_left(starts, starts[i - 1])
            hi = bisect_right(starts, starts[i]) if i < len(starts) else i
            items = items[lo:hi]
        cands = [(abs(p - pos), name) for p, name in items if not after_only or p >= pos]
        return min(cands)[1] if cands else ""


#: Up to this many names, looking at each costs less than narrowing the search.
_FEW = 8


@dataclass
class SentenceContext:
    """Hardware, models and baselines mentioned in one sentence, with positions."""

    hardware: Names
    models: Names
    baselines: Names

    def hardware_for(self, f: Found) -> str:
        return self.hardware.nearest(f.start)

    def model_for(self, f: Found) -> str:
        return self.models.nearest(f.start)

    def baseline_for(self, f: Found) -> str:
        return self.baselines.nearest(f.end, after_only=True)


def sentence_context(sent: str, hardware: list[tuple[int, str]]) -> SentenceContext:
    """Collect the context of one normalised sentence, given its hardware mentions."""
    from .rules.models import find_models

    models = [(m.start, m.name) for m in find_models(sent)]
    return SentenceContext(Names(hardware), Names(models), Names(baselines(sent)))


def baselines(sent: str) -> list[tuple[int, str]]:
    """(start, name) of each baseline named in a sentence: `_BASELINE.finditer`, tried only
    where a comparison word opens a word, since a scan of every position costs several
    times more."""
    starts = _COMPARISON_WORDS.word_starts(sent, sent)
    return [(m.start(), m["b"].rstrip(".,")) for m in matches_at(_BASELINE, sent, starts)]
