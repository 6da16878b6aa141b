"""Text → claims: normalise, split sentences, find hardware names and table cells,
prefilter, run the rule families, map back.

This is the one path every claim takes; the spaCy component and the CLI both call
`find_claims`. Offsets in the returned claims always index the text that was given.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace

from .compiled import compile_pattern
from .context import sentence_context
from .model import Claim
from .normalize import normalize
from .rules import trace
from .rules.base import Found, valid
from .rules.hardware import HardwareMention, find_hardware
from .rules.patterns import TextFacts
from .rules.registry import dispatch
from .rules.tables import find_table_cells
from .sentences import split_sentences, unwrapped


def find_claims(
    text: str, field: str = "abstract", types: frozenset[str] | None = None
) -> list[Claim]:
    """All claims in `text`, in order of position, with offsets into `text`."""
    if not text:
        return []
    norm = normalize(text)
    sentences = split_sentences(norm.text)
    s_all = unwrapped(norm.text, sentences)
    # Hardware is matched over the whole text once: a name's cues (a vendor word, a
    # list it stands in) may lie outside its sentence, and the rules must see where
    # hardware names are so that `Ascend 910B` is not read as a model size.
    hardware = find_hardware(s_all)
    # Cells of a Markdown table are read with their column's header, which no sentence
    # holds, in the text with every line break (a wrapped line may follow the last row).
    cells = find_table_cells(norm.text) if "|" in s_all else []
    text_facts = TextFacts(s_all)
    running_on = dispatch(types).running
    hw_starts = [h.start for h in hardware]
    claims: list[Claim] = []
    for a, b in sentences:
        hw = _names_within(hardware, hw_starts, a, b) if hardware else []
        facts = text_facts.sentence(a, b)
        running = running_on(facts)
        table = [c for c in cells if a <= c.start and c.end <= b] if cells else []
        if not hw and not running and not table:
            continue
        sent = s_all[a:b]
        trace.sentence(a)
        names = [Found("hardware", h.name, h.start - a, h.end - a, h.rule) for h in hw]
        found = list(names)
        starts = [h.start for h in names] if names else []
        for family in running:
            got = family.find(sent, facts)
            found.extend([f for f in got if not _inside(f, names, starts, sent)] if names else got)
        if table:
            found.extend(replace(c, start=c.start - a, end=c.end - a) for c in table)
        found = [f for f in found if valid(f)]  # no claim leaves without a sound value
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


def _names_within(
    hardware: list[HardwareMention], starts: list[int], a: int, b: int
) -> list[HardwareMention]:
    """The names within `[a, b)`, found by bisection on their `starts`: a scan of all of
    them per sentence is quadratic in a long text."""
    i, j = bisect_left(starts, a), bisect_left(starts, b)
    return [h for h in hardware[i:j] if h.end <= b]


def _inside(f: Found, hardware: list[Found], starts: list[int], sentence: str) -> bool:
    """A number inside a hardware name (`Ascend 910B`, `RTX 4090`) belongs to the name,
    and so does a count written as a factor right before one (`8x H100`).

    The names are in order and do not overlap (`starts` are theirs), so only the last
    one to start by the number's start can hold it, and only the last to start before
    its end can overlap it.
    """
    i = bisect_right(starts, f.start) - 1
    if i >= 0 and f.start < hardware[i].end:
        return True  # within it, or opening in it (`the 7950X by 41%` is no factor)
    k = i + 1  # the first name to start after the claim's start: what a count would count
    if k < len(hardware) and hardware[k].start < f.end:
        if _COUNT.fullmatch(sentence, f.start, hardware[k].start):
            return True
    j = bisect_left(starts, f.end) - 1
    return f.type == "model_size" and j >= 0 and hardware[j].end > f.start


#: A count of machines written as a factor, up to the name it counts: `8x ` of `8x H100`.
_COUNT = compile_pattern(r"\d+\s?[x×]\s?")


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
