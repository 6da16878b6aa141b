"""Bit-width claims: `4-bit`, `1.58 bits per weight`, `FP8`, `BF16`, `W4A8`, `INT4/8`, `sub 2-bit`.

Each precision named is its own claim (ranges and lists too). Bits that measure
something other than a numeric precision (`bits per pixel`, `64-bit` platforms, key
lengths) are left out.
"""

from __future__ import annotations

import regex

from ..compiled import lazy
from ..vocabulary import context
from . import trace
from .base import Found, Spans, bound_before, parse_number, positive
from .patterns import FLAGS, Facts, PatternSet, patterns, rx
from .registry import family

PATTERNS = PatternSet(patterns("bits."))

_NOT_PRECISION_AFTER = lazy(
    context("not_precision_after"),
    FLAGS,
)
# Bits that measure a code, key or hash: "hash codes of 64 bits".
_NOT_PRECISION_BEFORE = lazy(
    context("not_precision_before"),
    FLAGS,
)
# Bits that hold a value, not a width: "the 1-bits", "zero bits".
_BIT_VALUE = lazy(r"(?:[01]|zero|one)[\s-]bits", FLAGS)
_FORMAT_BITS = {"half": 16}
_SUB = lazy(r"sub[\s-]?", FLAGS)


@family("bits", ("bit_width",), PATTERNS)
def find_bit_widths(s: str, facts: Facts) -> list[Found]:
    """Bit-width claims in one normalised sentence."""
    out: list[Found] = []
    taken = Spans()
    for p, m in PATTERNS.scan(s, facts):
        a, b = m.span()
        if taken.overlaps(a, b):
            continue
        if p.kind in ("bits", "bits_range") and (
            _NOT_PRECISION_AFTER.match(s[b : b + 120])
            or _NOT_PRECISION_BEFORE.search(s[max(0, a - 30) : a])
        ):
            trace.note("veto", "bits.not_precision", a, b, "bits of a code, key, pixel or word")
            continue
        if p.kind == "bits" and _BIT_VALUE.fullmatch(m.group()):
            trace.note("veto", "bits.bit_value", a, b, "bits of a value (the 1-bits), no width")
            continue
        values = _values(p.kind, m)
        if values is None:
            trace.note("veto", "bits.no_precision", a, b, "not a bit count a format has")
            continue
        taken.add(a, b)
        values = [v for v in values if positive(v)]  # `W0A16`, `FP1/0`: no bits, no precision
        bound, start = bound_before(s, a) if p.kind in ("bits", "bits_range") else ("eq", a)
        if bound not in ("lt", "approx", "min", "max"):
            bound, start = "eq", a
        if _SUB.match(m.group()):
            bound = "lt"
        for v in values:
            out.append(Found("bit_width", v, start, b, p.id, bound))
    return out


def _values(kind: str, m: regex.Match[str]) -> list[float] | None:
    g = m.groupdict()
    if kind == "wa":
        return _unique([float(g[k]) for k in ("w", "a", "kv") if g.get(k)])
    if kind == "format_list":
        return _unique([float(g["a"]), float(g["b"])])
    if kind == "format":
        fmt = g["fmt"].lower()
        n = float(g["n"])
        if fmt in _FORMAT_BITS:
            return [float(_FORMAT_BITS[fmt])]
        if fmt in ("float", "bfloat", "fp", "bf", "tf") and n not in (4, 6, 8, 16, 32, 64, 19):
            return None
        if fmt in ("int", "uint") and n not in (1, 2, 3, 4, 5, 6, 8, 16, 32, 64):
            return None
        return [n]
    if kind == "gguf":
        return [float(g["n"])]
    if kind == "bits_range":
        lo, hi = parse_number(g["lo"]), parse_number(g["hi"])
        if not (0 < lo <= 64 and 0 < hi <= 64):
            return None
        return _unique([lo, hi])
    if kind == "bits_list":
        return _unique([float(x) for x in rx(r"\d{1,2}", 0).findall(g["list"])])
    if kind == "bits":
        n = parse_number(g["n"])
        if not 0 < n <= 64:
            return None
        return [n]
    return None


def _unique(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out
