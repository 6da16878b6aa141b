"""The context of a claim: the hardware and model named in its sentence, and its baseline.

A speedup means little without what it was measured on and against, so each claim
carries the hardware and model of its sentence (`hardware`, `model`) and the system it
is compared to (`baseline`: `over FlashAttention-2`, `compared to FP16`, `than vLLM`).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

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
_BASELINE = regex.compile(
    r"\b(?:"
    + "|".join(opening for _, opening in _COMPARISONS)
    + r")\s+(?:the\s+|a\s+|an\s+|both\s+|standard\s+|vanilla\s+|existing\s+|prior\s+|previous\s+|original\s+|conventional\s+|full\s+|naive\s+|dense\s+(?=[A-Z]))?(?P<b>(?:[A-Z][\w.+-]*|FP\d+|BF\d+|INT\d+|\d+-bit)(?:[\s-](?:[A-Z0-9][\w.+-]*|\d[\w.]*))?|dense\s+\w+|full\s+fine-?tuning|uncompressed\s+\w+|baselines?|full\s+attention|full\s+precision|half\s+precision)",
)
_COMPARISON_WORDS = Substrings(word for word, _ in _COMPARISONS)


@dataclass
class SentenceContext:
    """Hardware, models and baselines mentioned in one sentence, with positions."""

    hardware: list[tuple[int, str]]
    models: list[tuple[int, str]]
    baselines: list[tuple[int, str]]

    @staticmethod
    def _nearest(items: list[tuple[int, str]], pos: int, after_only: bool = False) -> str:
        if not items:
            return ""
        cands = [(abs(p - pos), name) for p, name in items if not after_only or p >= pos]
        return min(cands)[1] if cands else ""

    def hardware_for(self, f: Found) -> str:
        return self._nearest(self.hardware, f.start)

    def model_for(self, f: Found) -> str:
        return self._nearest(self.models, f.start)

    def baseline_for(self, f: Found) -> str:
        return self._nearest(self.baselines, f.end, after_only=True)


def sentence_context(sent: str, hardware: list[tuple[int, str]]) -> SentenceContext:
    """Collect the context of one normalised sentence, given its hardware mentions."""
    from .rules.models import find_models

    models = [(m.start, m.name) for m in find_models(sent)]
    return SentenceContext(hardware, models, baselines(sent))


def baselines(sent: str) -> list[tuple[int, str]]:
    """(start, name) of each baseline named in a sentence: `_BASELINE.finditer`, tried only
    where a comparison word opens a word, since a scan of every position costs several
    times more."""
    starts = _COMPARISON_WORDS.word_starts(sent, sent)
    return [(m.start(), m["b"].rstrip(".,")) for m in matches_at(_BASELINE, sent, starts)]
