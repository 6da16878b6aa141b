"""The context of a claim: the hardware and model named in its sentence, and its baseline.

A speedup means little without what it was measured on and against, so each claim
carries the hardware and model of its sentence (`hardware`, `model`) and the system it
is compared to (`baseline`: `over FlashAttention-2`, `compared to FP16`, `than vLLM`).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .rules.base import Found

_BASELINE = regex.compile(
    r"\b(?:over|than|compared\s+(?:to|with)|relative\s+to|versus|vs\.?|against|w\.r\.t\.?|with\s+respect\s+to|in\s+comparison\s+(?:to|with)|beyond)\s+(?:the\s+|a\s+|an\s+|both\s+|standard\s+|vanilla\s+|existing\s+|prior\s+|previous\s+|original\s+|conventional\s+|full\s+|naive\s+|dense\s+(?=[A-Z]))?(?P<b>(?:[A-Z][\w.+-]*|FP\d+|BF\d+|INT\d+|\d+-bit)(?:[\s-](?:[A-Z0-9][\w.+-]*|\d[\w.]*))?|dense\s+\w+|full\s+fine-?tuning|uncompressed\s+\w+|baselines?|full\s+attention|full\s+precision|half\s+precision)",
)


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
    baselines = [(m.start(), m["b"].rstrip(".,")) for m in _BASELINE.finditer(sent)]
    return SentenceContext(hardware, models, baselines)
