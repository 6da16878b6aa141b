"""What the rules decided and why, recorded only when someone asks (`effclaims explain`).

A claim that is missing or wrong is easiest to understand from the rule's side: which
patterns matched the number, which reading gave its value and type, which veto dropped
it. The rules `note` each such step; outside `tracing()` a note costs one context
variable look-up and records nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One decision: its `kind` (`match`, `reading`, `veto`), the rule id that took it,
    the span of text it concerns (offsets into the normalised text) and a reason."""

    kind: str
    rule: str
    start: int
    end: int
    why: str = ""


class _Trace:
    __slots__ = ("offset", "steps")

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.offset = 0  # where the sentence the rules are reading starts in the text


_TRACE: ContextVar[_Trace | None] = ContextVar("effclaims_trace", default=None)


@contextmanager
def tracing() -> Iterator[list[Step]]:
    """Record the steps of the extractions run inside, into the list yielded."""
    trace = _Trace()
    token = _TRACE.set(trace)
    try:
        yield trace.steps
    finally:
        _TRACE.reset(token)


def sentence(start: int) -> None:
    """The rules now read the sentence that starts at `start` of the text."""
    trace = _TRACE.get()
    if trace is not None:
        trace.offset = start


def note(kind: str, rule: str, start: int, end: int, why: str = "") -> None:
    """Record a step about `sentence[start:end]`, when tracing."""
    trace = _TRACE.get()
    if trace is not None:
        trace.steps.append(Step(kind, rule, trace.offset + start, trace.offset + end, why))


@contextmanager
def untraced() -> Iterator[None]:
    """Record nothing inside: for a rule that reads an earlier sentence again only to learn
    what it claims, whose steps belong to that sentence's own reading."""
    token = _TRACE.set(None)
    try:
        yield
    finally:
        _TRACE.reset(token)
