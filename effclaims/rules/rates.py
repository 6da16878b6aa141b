"""Absolute rates and times: `throughput` (tokens/s, FPS, images/s, TFLOPS, ...) and
`latency` (milliseconds).

Rates are converted to their per-second unit (`213 billion tokens per day` → tokens/s,
`502 petaFLOP/s` → TFLOPS) and times to milliseconds. A time is a latency only when it
is the time to do something: durations of data (`10,000 hours of speech`), compute
amounts (`100 GPU hours`) and budgets named as benchmarks (`FRUITS-100ms`) are not.
"""

from __future__ import annotations

import regex

from ..vocabulary import context
from . import trace
from .base import Found, Spans, bound_after, bound_before, ms_per, parse_number, positive
from .patterns import BACKWARDS, FLAGS, Facts, PatternSet, patterns, rx
from .registry import family

PATTERNS = PatternSet(patterns("rate.") + patterns("latency."))

_PER = {"min": 60.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0}
_RATE_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "billion": 1e9}
_FLOP_PREFIX = {
    "g": 1e-3,
    "giga": 1e-3,
    "t": 1.0,
    "tera": 1.0,
    "p": 1e3,
    "peta": 1e3,
    "e": 1e6,
    "exa": 1e6,
}

# After a time: what makes it a quantity of data, compute or something else, not a latency.
_NOT_LATENCY_AFTER = regex.compile(
    context("not_latency_after"),
    FLAGS,
)
_NOT_LATENCY_BEFORE = regex.compile(
    r"(?:\b(?:GPU|TPU|CPU|node|core|chip|accelerator|device)[\s-]?$|[A-Za-z]-$|\b(?:every|each|last|past|first|next|over\s+the\s+(?:last|past)|per|the\s+last|within\s+the\s+last)\s+$)",
    BACKWARDS,
)
_GPU_HOURS_AFTER = regex.compile(
    r"^[\s-]{0,2}(?:of\s+)?(?:\w+\s+)?(?:GPU|TPU|A100|H100|V100|node|CPU|core|chip)[\s-]?(?:hours?|days?|h)\b",
    FLAGS,
)
_LATENCY_CONTEXT = regex.compile(
    context("latency_context"),
    FLAGS,
)


_CAPTURE = regex.compile(
    r"\b(?:collect\w*|record\w*|captur\w*|sampled|annotated|labell?ed)\b.{0,40}\b(?:at|with)\s+$",
    FLAGS,
)


@family("rate", ("throughput", "latency"), PATTERNS)
def find_rates(s: str, facts: Facts) -> list[Found]:
    """Throughput and latency claims in one normalised sentence."""
    out: list[Found] = []
    taken = Spans()
    for p, m in PATTERNS.scan(s, facts):
        a, b = m.span()
        if taken.overlaps(a, b):
            continue
        f = _interpret(s, p.kind, p.id, p.attrs.get("unit"), m)
        if f is None:
            trace.note("veto", "rate.context", a, b, "not the rate or time of doing something")
            continue
        taken.add(a, b)
        out.extend(_listed(s, f))
        out.extend(_from_to(s, f))
    return out


_LIST_BEFORE = regex.compile(
    r"(?<![\w.,])((?:\d[\d,]*(?:\.\d+)?\s?,\s?)*\d[\d,]*(?:\.\d+)?\s?,?\s(?:and|or)\s)$", FLAGS
)


def _listed(s: str, f: Found) -> list[Found]:
    """Numbers listed before a rate or time share its unit: `12 and 8 seconds` → two claims."""
    m = _LIST_BEFORE.search(s[max(0, f.start - 60) : f.start])
    if not m or f.value_min is not None or not isinstance(f.value, float):
        return []
    num = rx(r"[\d,]*\.?\d+", 0).match(s[f.start : f.end])
    if not num or not positive(n := parse_number(num.group())):
        return []
    scale = f.value / n
    offset = max(0, f.start - 60)
    listed = (
        (x, parse_number(x.group()) * scale)
        for x in rx(r"\d[\d,]*(?:\.\d+)?", 0).finditer(m.group(1))
    )
    return [
        Found(
            f.type,
            value,
            offset + m.start(1) + x.start(),
            offset + m.start(1) + x.end(),
            f.rule,
            "eq",
            None,
            f.unit,
        )
        for x, value in listed
        if positive(value)  # `delays of 0 and 10 ms`: no time is no latency
    ]


_FROM_BEFORE = regex.compile(
    r"\bfrom\s+(?:about\s+|around\s+)?(?P<x>\d[\d,]*(?:\.\d+)?)\s+(?:down\s+|up\s+)?to\s+(?:just\s+|only\s+|about\s+)?$",
    FLAGS,
)


def _from_to(s: str, f: Found) -> list[Found]:
    """Both ends of `from A to B` are claims: `latency from 3.2 s to 1.6 s` → 3200 and 1600 ms.

    A range found by a pattern after `from` is split into its two ends; a rate whose
    start is written without a unit (`from 38 to 95 tokens/s`) gets that unit.
    """
    if f.value_min is not None and rx(r"\bfrom\s+$", 0).search(s[max(0, f.start - 10) : f.start]):
        return [
            Found(f.type, f.value_min, f.start, f.end, f.rule, "eq", None, f.unit),
            Found(f.type, f.value, f.start, f.end, f.rule, "eq", None, f.unit),
        ]
    window = max(0, f.start - 60)
    m = _FROM_BEFORE.search(s, window, f.start)
    if m and f.value_min is None and f.type == "throughput" and isinstance(f.value, float):
        num = rx(r"[\d,.]+", 0).match(s[f.start : f.end])
        n = parse_number(num.group()) if num else 0.0
        if positive(n, parse_number(m["x"])):
            scale = f.value / n
            return [
                Found(
                    f.type,
                    parse_number(m["x"]) * scale,
                    m.start(),
                    f.end,
                    f.rule,
                    "eq",
                    None,
                    f.unit,
                ),
                f,
            ]
    return [f]


def _interpret(s: str, kind: str, rule: str, unit: str | None, m: regex.Match[str]) -> Found | None:
    a, b = m.span()
    g = m.groupdict()
    bound, start = bound_before(s, a)
    after, end = bound_after(s, b)
    if after:
        bound = after
    if kind == "rate":
        if _CAPTURE.search(s[max(0, a - 80) : a]):
            return None  # "driving data collected at 10 FPS": how data was recorded
        value = parse_number(g["n"]) * _RATE_SCALE.get((g.get("s") or "").lower(), 1.0)
        per = g.get("per") or g.get("per2")
        if per:
            value /= _PER[per.lower()]
        if not positive(value):
            return None  # `0 tokens/s`: nothing done is no rate
        return Found("throughput", value, start, end, rule, bound, None, unit)
    if kind == "flops":
        if not (
            g.get("tail")
            or rx(r"FLOPS\b|/s\b|flop/s", 0).search(m.group())
            or rx(r"(?:giga|tera|peta|exa)flops").search(m.group())
            or rx(
                r"\b(?:throughput|achiev\w*|sustain\w*|reach\w*|peak|perform\w*|deliver\w*|speed|at|of)\s+(?:\w+\s+){0,2}$"
            ).search(s[max(0, a - 40) : a])
        ):
            return None
        if rx(r"\bof\s+(?:computation|compute)\b").search(s[b : b + 30]):
            return None
        value = parse_number(g["n"]) * _FLOP_PREFIX[g["p"].lower()]
        if not positive(value):
            return None
        return Found("throughput", value, start, end, rule, bound, None, unit)
    if kind == "sub_second":
        ms = {"second": 1e3, "millisecond": 1.0, "minute": 6e4}[g["u"].lower()]
        return Found("latency", ms, a, b, rule, "lt", None, "ms")
    if kind == "a_unit":
        ms = ms_per(g["u"])
        word = g["b"].lower()
        bnd = "max" if word == "within" else "lt"
        return Found("latency", ms, a, b, rule, bnd, None, "ms")
    if kind in ("time", "time_range"):
        return _time(s, kind, rule, m, bound, start, end)
    return None


def _unit_ms(u: str | None) -> float | None:
    if not u:
        return None
    u = u.lower()
    return ms_per(u)


def _time(
    s: str, kind: str, rule: str, m: regex.Match[str], bound: str, start: int, end: int
) -> Found | None:
    a, b = m.span()
    g = m.groupdict()
    if _NOT_LATENCY_AFTER.match(s[b : b + 120]) or _NOT_LATENCY_BEFORE.search(
        s[max(0, a - 25) : a]
    ):
        return None
    if _DURATION_ADJECTIVE.match(s[a : a + 80]):
        return (
            None  # "a 5-second clip", "1-minute videos": the length of a thing, not a time to do it
        )
    if _GPU_HOURS_AFTER.match(s[b : b + 120]) or rx(r"^[\s-]?(?:GPU|TPU)[\s-]?hours?").match(
        s[b : b + 120]
    ):
        return None
    if kind == "time_range":
        u2 = _unit_ms(g["u2"])
        u1 = _unit_ms(g.get("u1")) or u2
        if u1 is None or u2 is None:
            return None
        lo, hi = parse_number(g["lo"]) * u1, parse_number(g["hi"]) * u2
        if not positive(lo, hi) or not _is_latency(s, a, b, g["u2"]):
            return None
        return Found("latency", max(lo, hi), start, end, rule, bound, min(lo, hi), "ms")
    unit = g["u"]
    ms = _unit_ms(unit)
    if ms is None:
        return None
    num = parse_number(g["n"])
    if not positive(num * ms):
        return None  # `0 ms`: no time is no latency
    if g.get("tens"):  # "10s of seconds"
        bound = "min"
    if not _is_latency(s, a, b, unit):
        return None
    if unit.lower() in ("s",) and rx(r"^\s?\d", 0).match(s[b : b + 3]):
        return None
    return Found("latency", num * ms, start, end, rule, bound, None, "ms")


# A hyphenated time that modifies a noun: "5-second 720p clip", "10-day forecast".
_DURATION_ADJECTIVE = regex.compile(
    r"[\d.]+-(?:second|minute|hour|day|week|ms|s|min|h)\s+(?!(?:latency|delay|run(?:time)?|wall|inference|training|budget\s+of)\b)[\w-]",
    FLAGS,
)
_TIME_BEFORE = regex.compile(
    r"\b(?:in|for|from|instead\s+of|versus|vs\.?|than|compared\s+(?:to|with)|takes?|took|requires?|needs?)\s+(?:about\s+|around\s+|roughly\s+|approximately\s+|under\s+|less\s+than\s+|just\s+|only\s+|over\s+|nearly\s+|~)?(?:[\d.,]+\s*(?:and|or|,)\s*)*$",
    FLAGS,
)


def _is_latency(s: str, a: int, b: int, unit: str) -> bool:
    """A bare time is a latency when the sentence is about doing something in that time."""
    if unit.lower() in (
        "ms",
        "msec",
        "millisecond",
        "milliseconds",
        "µs",
        "μs",
        "us",
        "ns",
        "nanosecond",
        "nanoseconds",
    ):
        return True
    if _TIME_BEFORE.search(s[max(0, a - 40) : a]):
        return True
    window = s[max(0, a - 60) : min(len(s), b + 40)]
    return bool(_LATENCY_CONTEXT.search(window))
