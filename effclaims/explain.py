"""Why a text gives the claims it gives: `effclaims explain "TEXT"`.

When a claim is missing or wrong, the question is what the rules made of the number:
which patterns matched it, which reading gave its type and value, which veto dropped it.
The extraction runs once under `trace.tracing()`, and its steps are grouped by the
quantity they concern, with the claims that came out of it; a number that no pattern
matched is listed too, as the commonest reason for a missing claim.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import regex

from .extraction import extract_text
from .model import Claim
from .normalize import normalize
from .rules.trace import Step, tracing
from .writers import format_value

#: A number as a reader sees it: digits with their points and separators.
_NUMBER = regex.compile(r"(?<!\w)\d[\d.,]*(?<![.,])")


@dataclass
class Spot:
    """A quantity of the text (offsets into it) and what the rules decided about it."""

    start: int
    end: int
    text: str
    steps: list[Step] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def explain(text: str) -> list[Spot]:
    """The quantities of `text` in order, each with its steps and claims."""
    with tracing() as steps:
        claims = extract_text(text)
    norm = normalize(text)
    spots: dict[tuple[int, int], Spot] = {}

    def spot(start: int, end: int) -> Spot:
        found = spots.get((start, end))
        if found is None:
            found = spots[start, end] = Spot(start, end, text[start:end])
        return found

    def original(step: Step) -> tuple[int, int]:
        return norm.span(step.start, step.end)

    for step in steps:
        if step.kind == "match":
            spot(*original(step))
    for step in steps:
        if step.kind == "match":
            spot(*original(step)).steps.append(step)
            continue
        start, end = original(step)
        owner = _covering(spots.values(), start, end) or spot(start, end)
        owner.steps.append(step)
    for claim in claims:
        # the quantity its own pattern matched, else the first that overlaps it
        own = [
            s
            for s in spots.values()
            if s.start < claim.end
            and claim.start < s.end
            and any(step.kind == "match" and step.rule == claim.rule for step in s.steps)
        ]
        holder = own[0] if own else _covering(spots.values(), claim.start, claim.end)
        (holder or spot(claim.start, claim.end)).claims.append(claim)
    for m in _NUMBER.finditer(text):
        if _covering(spots.values(), m.start(), m.end()) is None:
            spot(m.start(), m.end())
    return sorted(spots.values(), key=lambda s: (s.start, -s.end))


def _covering(spots: Iterable[Spot], start: int, end: int) -> Spot | None:
    """The first spot that overlaps `start:end`."""
    return next((s for s in spots if s.start < end and start < s.end), None)


def render(spots: list[Spot]) -> str:
    """The explanation as text, one block per quantity."""
    lines: list[str] = []
    for s in spots:
        lines.append(f"{s.text!r} at {s.start}-{s.end}")
        for step in s.steps:
            if step.kind == "match":
                lines.append(f"  matched by pattern {step.rule}")
            else:
                detail = f": {step.why}" if step.why else ""
                lines.append(f"  {step.kind} {step.rule}{detail}")
        for c in s.claims:
            bound = "" if c.bound == "eq" else f" ({c.bound})"
            lines.append(f"  claim {c.type} {format_value(c)}{bound}: {c.text!r} [{c.rule}]")
        if not s.steps and not s.claims:
            lines.append("  no pattern matches this number")
        elif not s.claims:
            lines.append("  no claim")
    return "\n".join(lines) + ("\n" if lines else "")
