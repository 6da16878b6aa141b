"""Text → claims: normalise, split sentences, prefilter, run the rule families, map back.

This is the one path every claim takes; the spaCy component and the CLI both call
`find_claims`. Offsets in the returned claims always index the text that was given.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from .model import Claim
from .normalize import normalize
from .rules.base import Found
from .sentences import split_sentences

Rule = Callable[[str], list[Found]]

# A sentence can only hold a claim if it has a digit, a number or multiplier word, or a
# format or hardware name; most sentences of an abstract have none and skip every rule.
_PREFILTER = regex.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|billion|trillion|twice|double|doubl\w*|tripl\w*|quadrupl\w*|\w+fold|halv\w*|half|third|quarter|fifth|tenth|order\w* of magnitude|sub-second|second|minute|hour|day)\b|TPU|Xeon|EPYC|Ryzen|Snapdragon|Jetson|Gaudi|Ascend|Hopper|Ampere|Ada|Volta|Blackwell|Turing|Frontier|Summit|Fugaku|Aurora|Perlmutter|Selene|LUMI|Leonardo|Cerebras|Graphcore|IPU|Inferentia|Trainium|Groq|SambaNova|Raspberry|Coral|Pixel|iPhone|Galaxy|Exynos|Kirin|Dimensity|Hexagon|Cortex|Neoverse|Apple|Alveo|Versal|Stratix|Arria|Titan|Quadro|Tesla|Habana|Tensor\s+G",
    regex.IGNORECASE,
)


def _rules() -> list[tuple[str, Rule]]:
    from .rules.bitwidth import find_bit_widths
    from .rules.modelsize import find_model_sizes
    from .rules.rates import find_rates
    from .rules.ratios import find_ratios

    return [
        ("ratio", find_ratios),
        ("bit_width", find_bit_widths),
        ("model_size", find_model_sizes),
        ("rate", find_rates),
        ("hardware", _hardware),
    ]


def _hardware(s: str) -> list[Found]:
    """Every hardware name mentioned is a claim; its value is the canonical name."""
    from .rules.hardware import find_hardware

    return [Found("hardware", h.name, h.start, h.end, h.rule) for h in find_hardware(s)]


_RULES: list[tuple[str, Rule]] | None = None


def rules() -> list[tuple[str, Rule]]:
    global _RULES
    if _RULES is None:
        _RULES = _rules()
    return _RULES


def find_claims(text: str, field: str = "abstract", types: frozenset[str] | None = None) -> list[Claim]:
    """All claims in `text`, in order of position, with offsets into `text`."""
    if not text:
        return []
    norm = normalize(text)
    s_all = norm.text
    claims: list[Claim] = []
    from .context import sentence_context

    for a, b in split_sentences(s_all):
        sent = s_all[a:b]
        if not _PREFILTER.search(sent):
            continue
        found: list[Found] = []
        for _, rule in rules():
            found.extend(rule(sent))
        if types is not None:
            found = [f for f in found if f.type in types]
        if not found:
            continue
        osa, osb = norm.span(a, b)
        ctx = sentence_context(sent)
        for f in _dedupe(found):
            start, end = norm.span(a + f.start, a + f.end)
            claims.append(
                Claim(
                    type=f.type,
                    value=f.value,
                    text=text[start:end],
                    start=start,
                    end=end,
                    bound=f.bound,
                    value_min=f.value_min,
                    unit=f.unit,
                    field=field,
                    sentence=text[osa:osb],
                    rule=f.rule,
                    hardware=ctx.hardware_for(f) if f.type != "hardware" else "",
                    model=ctx.model_for(f),
                    baseline=ctx.baseline_for(f) if f.type != "hardware" else "",
                )
            )
    claims.sort(key=lambda c: (c.start, c.end))
    return claims


def _dedupe(found: list[Found]) -> list[Found]:
    """Drop exact repeats (same type, value and span) that two rules may both produce."""
    seen = set()
    out = []
    for f in found:
        key = (f.type, f.value, f.start, f.end)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
