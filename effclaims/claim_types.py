"""The claim types and bounds of the specification, read from `data/claim_types.toml`.

One table says, for every type, what its value holds (a factor, bits, parameters,
milliseconds, a rate or a name), whether it may be a range, how a reader names it and
its colours in the report; and for every bound, its words and sign. The model's
`CLAIM_TYPES`, the writers, the report, the API and Dask all read it, so a new type is
one entry here, and a value is written the same way everywhere (`format_value`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .datafiles import DataFileError, check, load_data

if TYPE_CHECKING:
    from .model import Claim

DATA_FILE = "claim_types.toml"

#: What a value can hold, in the file's `unit` key.
UNITS: tuple[str, ...] = ("factor", "bits", "parameters", "ms", "per second", "name")

_SCHEMA = {
    "types": {"*": {"unit": str, "range": bool, "label": str, "colours": [str]}},
    "bounds": {"*": {"word": str, "sign": str}},
}


@dataclass(frozen=True)
class ClaimType:
    """One claim type: what its value holds and how it is shown."""

    name: str
    unit: str
    range: bool
    label: str
    background: str
    colour: str

    @property
    def ratio(self) -> bool:
        """A ratio type: the value is a factor old / new, larger is better."""
        return self.unit == "factor"

    @property
    def named(self) -> bool:
        """The value is a name (hardware), not a number."""
        return self.unit == "name"


@dataclass(frozen=True)
class Bound:
    """How a value is qualified: `max` is written `up to` in words, `≤` as a sign."""

    name: str
    word: str
    sign: str


def parse(data: dict[str, Any]) -> tuple[dict[str, ClaimType], dict[str, Bound]]:
    """The types and bounds of a parsed claim-types file, checked key by key."""
    check(data, _SCHEMA, DATA_FILE)
    return _build(data)


def _build(data: dict[str, Any]) -> tuple[dict[str, ClaimType], dict[str, Bound]]:
    types: dict[str, ClaimType] = {}
    for name, entry in data["types"].items():
        where = f"{DATA_FILE}.types.{name}"
        if entry["unit"] not in UNITS:
            raise DataFileError(f"{where}.unit: {entry['unit']!r} is not one of {', '.join(UNITS)}")
        if len(entry["colours"]) != 2:
            raise DataFileError(f"{where}.colours: [background, colour] expected")
        types[name] = ClaimType(
            name, entry["unit"], entry["range"], entry["label"], *entry["colours"]
        )
    bounds = {name: Bound(name, **entry) for name, entry in data["bounds"].items()}
    if not types or not bounds:
        raise DataFileError(f"{DATA_FILE}: needs [types.NAME] and [bounds.NAME] tables")
    return types, bounds


#: Every claim type, in the specification's order, and every bound.
TYPES, BOUNDS = _build(load_data("claim_types", _SCHEMA))


def select(types: Iterable[str] | str | None) -> frozenset[str] | None:
    """The claim types asked for, as the engine takes them; None (all) stays None.

    `types` is an iterable of names or one comma-separated string; names are stripped and
    empty ones ignored. An unknown name, or a selection that names no type at all, is a
    ValueError saying which types there are: the command line, the API, the spaCy
    component and Dask all check a selection here.
    """
    if types is None:
        return None
    if isinstance(types, str):
        types = types.split(",")
    chosen = frozenset(name.strip() for name in types if name.strip())
    unknown = sorted(chosen - TYPES.keys())
    choices = f"choose from {', '.join(TYPES)}"
    if unknown:
        plural = "s" if len(unknown) > 1 else ""
        raise ValueError(f"unknown claim type{plural} {', '.join(map(repr, unknown))}; {choices}")
    if not chosen:
        raise ValueError(f"no claim type given; {choices}")
    return chosen


# --------------------------------------------------------------------------- values as text


def format_value(claim: Claim) -> str:
    """The value as a reader would write it: 3.2×, 4-bit, A100, 7B, 1,200 tokens/s, 12 ms."""
    high = _one_value(claim.type, claim.value, claim.unit)
    if claim.value_min is None:
        return high
    return f"{_one_value(claim.type, claim.value_min, claim.unit)}–{high}"


def _one_value(claim_type: str, value: float | str, unit: str | None) -> str:
    if isinstance(value, str):
        return value
    kind = TYPES[claim_type].unit
    if kind == "factor":
        return f"{_number(value)}×"
    if kind == "bits":
        return f"{_number(value)}-bit"
    if kind == "parameters":
        return _model_size(value)
    if kind == "ms":
        return _duration(value)
    return f"{_number(value)} {unit}" if unit else _number(value)


def _number(x: float) -> str:
    """3.2, 1.667, 0.0002, 1,200: few digits, thousands separated."""
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.4g}"


def _model_size(n: float) -> str:
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(n) >= scale:
            return f"{n / scale:.4g}{suffix}"
    return _number(n)


def _duration(ms: float) -> str:
    for scale, unit in ((3.6e6, "h"), (6e4, "min"), (1e3, "s")):
        if abs(ms) >= scale:
            return f"{_number(ms / scale)} {unit}"
    return f"{_number(ms)} ms"
