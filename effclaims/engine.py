"""Text → claims: normalise, split sentences, prefilter, run the rule families, map back.

This is the one path every claim takes; the spaCy component and the CLI both call
`find_claims`. Offsets in the returned claims always index the text that was given.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

import regex

from .context import sentence_context
from .model import Claim
from .normalize import normalize
from .rules.base import Found
from .rules.bitwidth import find_bit_widths
from .rules.hardware import find_hardware
from .rules.modelsize import find_model_sizes
from .rules.rates import find_rates
from .rules.ratios import find_ratios
from .sentences import split_sentences
from .substrings import LOWER_LETTERS, Substrings, lower

Rule = Callable[[str], list[Found]]

# A sentence can only hold a claim if it has a digit or a number, multiplier or time
# word, or a hardware name; most sentences of an abstract have none and skip every rule.
_DIGIT = regex.compile(r"\d")
_NUMBER_WORDS = Substrings(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty fifty hundred hundreds thousand thousands million billion trillion twice double "
    "doubles doubled doubling triple triples tripled quadruple threefold fourfold fivefold "
    "tenfold twofold halve halves halved halving half third quarter fifth tenth order orders "
    "second seconds minute minutes hour hours day days week weeks millisecond milliseconds "
    "fold".split()
)


# ASCII letters lower-cased and digits written `0`: `_cues` of an ASCII text in one
# translation, where a regex substitution costs a scan of every character.
_ASCII_CUES = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ123456789", b"abcdefghijklmnopqrstuvwxyz000000000"
)


def _cues(text: str) -> str:
    """`text` lower-cased, with every digit written `0`, of the same length: number words
    are looked up in it, and a digit test is a `find` of `0`, which skips in native code."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_CUES).decode("ascii")
    return lower(_DIGIT.sub("0", text))


def _number_words(cues: str) -> list[int]:
    """Sorted positions of the number words of a text's `cues` (whole words; any word in `-fold`)."""
    n = len(cues)
    return sorted(
        start
        for start, end in _NUMBER_WORDS.hits(cues)
        if (end == n or cues[end] not in LOWER_LETTERS)
        and (not start or cues[start - 1] not in LOWER_LETTERS or cues.startswith("fold", start))
    )


def _may_hold_claim(cues: str, a: int, b: int, number_words: list[int]) -> bool:
    """Whether `cues[a:b]` has a digit (a `0`) or one of the `number_words` positions."""
    i = bisect_left(number_words, a)
    return (i < len(number_words) and number_words[i] < b) or cues.find("0", a, b) != -1


#: The rule families, each run on every sentence that may hold a claim.
RULES: tuple[Rule, ...] = (find_ratios, find_bit_widths, find_model_sizes, find_rates)


def find_claims(
    text: str, field: str = "abstract", types: frozenset[str] | None = None
) -> list[Claim]:
    """All claims in `text`, in order of position, with offsets into `text`."""
    if not text:
        return []
    norm = normalize(text)
    s_all = norm.text
    # Hardware is matched over the whole text once: a name's cues (a vendor word, a
    # list it stands in) may lie outside its sentence, and the rules must see where
    # hardware names are so that `Ascend 910B` is not read as a model size.
    hardware = find_hardware(s_all)
    cues = _cues(s_all)
    number_words = _number_words(cues)
    claims: list[Claim] = []
    for a, b in split_sentences(s_all):
        hw = [h for h in hardware if a <= h.start and h.end <= b] if hardware else []
        if not hw and not _may_hold_claim(cues, a, b, number_words):
            continue
        sent = s_all[a:b]
        names = [Found("hardware", h.name, h.start - a, h.end - a, h.rule) for h in hw]
        found = list(names)
        for rule in RULES:
            got = rule(sent)
            found.extend([f for f in got if not _inside(f, names)] if names else got)
        if types is not None:
            found = [f for f in found if f.type in types]
        if not found:
            continue
        osa, osb = norm.span(a, b)
        sentence = text[osa:osb] if osb - osa <= _MAX_SENTENCE else None
        ctx = sentence_context(sent, [(h.start - a, h.name) for h in hw])
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
                    sentence=sentence if sentence is not None else _window(text, start, end),
                    rule=f.rule,
                    hardware=ctx.hardware_for(f) if f.type != "hardware" else "",
                    model=ctx.model_for(f),
                    baseline=ctx.baseline_for(f) if f.type != "hardware" else "",
                )
            )
    claims.sort(key=lambda c: (c.start, c.end))
    return claims


#: A "sentence" longer than this (run-on text, junk) is cited by a window around the claim.
_MAX_SENTENCE = 2000


def _window(text: str, start: int, end: int, margin: int = 300) -> str:
    """The context of a claim in a run-on text: the words around it, not the whole text."""
    return text[max(0, start - margin) : end + margin]


def _inside(f: Found, hardware: list[Found]) -> bool:
    """A number inside a hardware name (`Ascend 910B`, `RTX 4090`) belongs to the name."""
    return any(h.start <= f.start and f.end <= h.end for h in hardware) or any(
        f.type == "model_size" and f.start < h.end and h.start < f.end for h in hardware
    )


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
