"""The two records that flow through effclaims: a `Paper` read from input and a `Claim` found in it.

Both are frozen so that a claim can be shared between writers, the evaluator and the
spaCy component without anyone mutating it behind another's back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .claim_types import BOUNDS as _BOUNDS
from .claim_types import TYPES

#: The claim types of the specification, in its order (from `data/claim_types.toml`).
CLAIM_TYPES: tuple[str, ...] = tuple(TYPES)

#: Ratio types: value is a factor old / new.
RATIO_TYPES: frozenset[str] = frozenset(name for name, kind in TYPES.items() if kind.ratio)

#: How a number is qualified in the text.
BOUNDS: tuple[str, ...] = tuple(_BOUNDS)


@dataclass(frozen=True)
class Claim:
    """One quantitative efficiency statement, with provenance back into its paper.

    `value` is a float for every type except `hardware`, whose value is the canonical
    name. `start`/`end` index into the field (`title` or `abstract`) of the original,
    un-normalised text, so `text == paper.<field>[start:end]` always holds.
    """

    type: str
    value: float | str
    text: str
    start: int
    end: int
    bound: str = "eq"
    value_min: float | None = None
    unit: str | None = None
    field: str = "abstract"
    sentence: str = ""
    rule: str = ""
    hardware: str = ""
    model: str = ""
    baseline: str = ""

    def to_dict(self) -> dict[str, Any]:
        # every field is a scalar: a shallow copy, many times cheaper than asdict's deep one
        return {name: getattr(self, name) for name in _CLAIM_FIELDS}


_CLAIM_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Claim))


@dataclass(frozen=True)
class Paper:
    """A paper as read from one input: what the listing or record says about it.

    `index` is 1-based within its input (`source`); `id` is the record's own identifier
    (an arXiv id) where it has one; `meta` carries every field of a JSON/CSV record that
    effclaims has no column for, so nothing a user gave is lost.
    """

    index: int
    title: str
    abstract: str
    source: str = ""
    id: str | None = None
    authors: int | None = None
    organization: str | None = None
    date: str | None = None
    upvotes: int | None = None
    code_urls: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["code_urls"] = list(self.code_urls)
        return d
