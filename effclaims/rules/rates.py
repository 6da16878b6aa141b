"""Absolute rates and times: `throughput` (tokens/s, FPS, images/s, samples/s, queries/s,
requests/s, TFLOPS, TOPS) and `latency` (milliseconds).

Rates are converted to their per-second unit (`213 billion tokens per day` → tokens/s,
`502 petaFLOP/s` → TFLOPS, `450 GOPS` → 0.45 TOPS); a rate in Hz takes the unit of what
it counts (frames: FPS, control or state updates: samples/s). Times go to milliseconds.
A spread is dropped (`23.4 ± 1.2 ms` is 23.4), `between A and B` and `A-B` are one
range, `120+ FPS` a lower bound.

A time is a latency only when it is the time to do something: durations of data
(`10,000 hours of speech`, `each episode lasts 45 seconds`), compute amounts (`100 GPU
hours`), budgets and limits (`a budget of 24 hours`, `FRUITS-100ms`) are not; nor is a
rate or time that a task or an application requires (`real-time use needs 25 fps`).
"""

from __future__ import annotations

import math

import regex

from ..compiled import lazy
from ..vocabulary import context, table
from . import trace
from .base import (
    SPREAD_SIGN,
    Found,
    Spans,
    bound_after,
    bound_before,
    ms_per,
    parse_number,
    positive,
)
from .patterns import BACKWARDS, FLAGS, Facts, PatternSet, expand, macros, patterns, rx
from .registry import family
from .shortcuts import Sieved

PATTERNS = PatternSet(patterns("rate.") + patterns("latency."))

#: A scale word after a rate's number (`2.4k`, `1.2 million`), from the lexicon.
_RATE_SCALE = table("scales")
#: Integer-operation rates in tera-operations per second.
_OPS_PREFIX = {"g": 1e-3, "giga": 1e-3, "t": 1.0, "tera": 1.0, "p": 1e3, "peta": 1e3}
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
_NOT_LATENCY_AFTER = lazy(
    context("not_latency_after"),
    FLAGS,
)
#: `a second` and `a minute` are also an ordinal and an adjective (`a second vendor`), told
#: by a word after them that is no preposition, conjunction or sign
_AN_ORDINAL = lazy(r"an?\s+(?:second|minute)", FLAGS)
_NOUN_AFTER = lazy(
    # ... or a compound it opens: `a second-order solver`, `a second-generation TPU`
    r"-(?!long\b)[a-z]"
    r"|\s+(?!(?:on|per|in|for|with|and|or|to|at|of|by|via|using|while|when|than|from|under|over|"
    r"faster|slower|earlier|later|longer|ago|each|every|that|which|instead|rather|versus|vs|"
    r"compared|even|whereas|but|so|as|if|before|after|until|since|because|more|less|only)\b)[a-z]",
    FLAGS,
)
_NOT_LATENCY_BEFORE = lazy(
    # a name's hyphen (`GPT-4 s`), but not a bound glued to the time (`sub-10 ms`)
    r"(?:\b(?:GPU|TPU|CPU|node|core|chip|accelerator|device)[\s-]?$|[A-Za-z](?<!\bsub)-$|\b(?:every|each|last|past|first|next|over\s+the\s+(?:last|past)|per|the\s+last|within\s+the\s+last)\s+$"
    r"|\b(?:budgets?|limits?|deadlines?|timeouts?|caps?|horizons?|SLOs?|targets?|thresholds?)\s+of\s+(?:only\s+|just\s+|up\s+to\s+|at\s+most\s+)?$"
    r"|\b(?:limited|capped|restricted|constrained)\s+to\s+(?:only\s+|just\s+)?$"
    # a span of time data is grouped in: `averaged over windows of up to 100 ms`
    r"|\b(?:windows?|intervals?|periods?|chunks?|segments?|blocks?|frames?)\s+of\s+(?:up\s+to\s+|about\s+|at\s+most\s+)?$"
    # how often, not how long: `a few times a day`, `twice an hour`
    r"|\b(?:times|once|twice|thrice)\s+$"
    # time a step adds to another's is an overhead: `mispredictions added up to 40 ms of stall`
    r"|\b(?:adds?|added|adding|incurs?|incurred|incurring)\s+(?:only\s+|just\s+|up\s+to\s+|at\s+most\s+|about\s+|less\s+than\s+|under\s+)?$"
    # how long a battery lasts: "extends battery life from 3.2 to 7.9 days"
    r"|" + context("battery_time") + r"(?:[^.;:]|\.\d){0,40}$"
    # how long content lasts: "videos whose durations range from 20 minutes to 2.5 hours",
    # "concealment for gaps of up to 120 ms"
    r"|\bdurations?\b(?:[^.;:]|\.\d){0,30}$|\bgaps?\s+of\s+(?:up\s+to\s+)?$"
    # the spread of a time stated before it: "23.4 ms ± 1.2 ms", "(std 2 ms)", "+/- 2 ms"
    rf"|(?:{SPREAD_SIGN}|\b(?:std|SD|s\.d\.|σ|standard\s+deviation(?:\s+of)?)\b)\s*$"
    # an error measured in time: "a mean absolute error of 3.2 ms", "an RMSE of 12 ms"
    r"|\b(?:errors?|MAEs?|RMSEs?|deviations?|discrepanc(?:y|ies)|jitter)\s+(?:of|is|was|=)\s+"
    r"(?:only\s+|just\s+|about\s+|around\s+|below\s+|under\s+)?$"
    # the settings a study covers: "covering horizons from 1 hour to 7 days"
    r"|(?:" + context("settings_span") + r")"
    # "video clips of 4 to 30 seconds"
    r"|\b(?:clips?|videos?|recordings?|segments?|utterances?|episodes?)\s+of\s+(?:up\s+to\s+|about\s+|between\s+)?(?:[\d.,]+\s*(?:to|-|and)\s*)?$"
    # people's working time: "the migration took two engineers six weeks"
    r"|\b(?:engineers?|people|persons?|developers?|researchers?|annotators?|experts?|staff)\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|over\s+)?$"
    r"|\btook\s+(?:us|me|them|him|her|the\s+team)\s+(?:about\s+|around\s+|roughly\s+|over\s+)?$"
    # what the method adds: "the plugin adds less than 50 ms to job submission"
    r"|\badds?\s+(?:only\s+|just\s+|less\s+than\s+|under\s+|about\s+|at\s+most\s+|roughly\s+)?$"
    r"|\b(?:reduc\w*|cut\w*|sav(?:e|es|ed|ing)|shav\w*|lower\w*|decreas\w*|shorten\w*)\s+(?:[\w-]+\s+){0,4}?by\s+(?:about\s+|around\s+|up\s+to\s+|nearly\s+|over\s+|more\s+than\s+)?$)",
    BACKWARDS,
)
# What an amount is spent on, one item at a time: `per view`, `/token`, `per forward pass`.
_PER_ITEM = lazy(r"\s?(?:per|/)\s?(?!s\b|sec\b|second\b)[A-Za-z]", FLAGS)
# A load put on a system, not a rate it achieves: `at a load of 4 requests/s`.
_OFFERED_BEFORE = lazy(
    r"\b(?:(?:offered\s+)?load|arrival\s+rates?|request\s+rates?|sending\s+rates?)\s+of\s+"
    r"(?:about\s+|around\s+|up\s+to\s+)?$",
    FLAGS,
)
# The thing a time is the length of, named before it: "each episode lasts 45 seconds".
_DATA_DURATION_BEFORE = Sieved(context("data_duration_before"), BACKWARDS)
_GPU_HOURS_AFTER = lazy(
    r"^[\s-]{0,2}(?:of\s+)?(?:\w+\s+)?(?:GPU|TPU|A100|H100|V100|node|CPU|core|chip)[\s-]?(?:hours?|days?|h)\b",
    FLAGS,
)
_LATENCY_CONTEXT = lazy(
    context("latency_context"),
    FLAGS,
)


# A sensor's own rate, the rate data arrives at: `the camera's 30 FPS`, `the LiDAR spins at
# 10 Hz`.
_SENSOR = lazy(
    r"\b(?:cameras?|sensors?|LiDARs?|radars?|IMUs?|microphones?)(?:['’]s?)?\s+"
    r"(?:(?:natively\s+)?(?:deliver|produce|stream|spin|output|run|operate|capture|record)s"
    r"\s+(?:at\s+)?)?(?:about\s+|around\s+|roughly\s+)?$",
    FLAGS,
)
_CAPTURE = lazy(
    r"\b(?:collect(?:s|ed|ing)?|record(?:s|ed|ings?)?|captur(?:e|es|ed|ing)|sampled|annotated|labell?ed|filmed|shot|acquired|logged)\b.{0,40}\b(?:at|with)\s+"
    # (the low end of a range: `filmed at 14 to 30 fps`)
    r"(?:\d+(?:\.\d+)?\s?(?:to|-|–)\s?)?$",
    FLAGS,
)


# A rate or time that a task or an application requires, not one a system achieves: the
# clause before the number has a verb of needing, and the subject of the clause names a
# task or application, or no system, model or job of its own ("real-time use needs at
# least 25 fps", "conversational agents need more than 20 tokens/s").
_REQUIRED_BEFORE = Sieved(context("required_before"), FLAGS)
_OWN_SUBJECT = lazy(context("own_subject"), FLAGS)
_TASK_SUBJECT = Sieved(context("task_subject"), FLAGS)
# A model number with a plural `s` (`4090s`), read as seconds where products are counted.
_PRODUCTS = lazy(r"[1-9]\d{2,3}s")
_COUNTED_BEFORE = lazy(
    r"\b(?:of|two|three|four|six|eight|dual|both|the|these|those|our|my|their|several|"
    r"multiple|\d+\s?x)\s+$",
    FLAGS,
)
_RATED_BEFORE = lazy(
    r"\b(?:rated\s+(?:at|for)|rate[sd]?\s+(?:these|the|them|it|its|their|each|all)\b(?:\s+[\w-]+){0,2}?\s+at"
    r"|(?:theoretical|nominal|advertised|datasheet)\s+(?:peak\s+)?(?:of\s+)?)"
    # and the members of a list before this one: `rate these modules at 26, 13 and 214 TOPS`
    r"\s*(?:up\s+to\s+|about\s+)?(?:\d[\d.,]*\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+))*$",
    FLAGS,
)
_PER_UNIT_AFTER = lazy(r"^\s?(?:per|/|for\s+(?:each|every|one|a|an))\s?\w", FLAGS)
# (a comma between digits, `1,024`, separates thousands, not clauses)
_CLAUSE_END = lazy(r",(?!\d{3}\b)|[;:()]|\.(?!\d)", BACKWARDS)


def _clause_head(s: str, a: int) -> str:
    """The words of the clause before `a`, at most 120 characters of them."""
    clause = _CLAUSE_END.search(s, max(0, a - 120), a)
    return s[clause.end() if clause else max(0, a - 120) : a]


# A rate named as what is required or aimed at: `meets a 10 FPS requirement`.
_REQUIREMENT_AFTER = lazy(
    r"[\s-]{1,2}(?:(?:(?:real-time|throughput|frame-rate|performance|minimum|application|deployment)\s+)?"
    r"(?:requirements?|targets?|constraints?|SLOs?|SLAs?|goals?)\b"
    # or what needs it: `above 25 FPS needed by the ADAS camera`
    r"|" + context("needed_by") + ")",
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
            continue
        if _required(s, a, b):
            trace.note("veto", "rate.required", a, b, "what a task requires, not what is done")
            continue
        if f.type == "throughput" and _REQUIREMENT_AFTER.match(s, b):
            trace.note("veto", "rate.target", a, b, "a rate a task requires or targets")
            continue
        if f.type == "throughput" and _OFFERED_BEFORE.search(s, max(0, a - 40), a):
            trace.note("veto", "rate.offered", a, b, "a load offered to a system, not its rate")
            continue
        if f.type == "throughput" and _RATED_BEFORE.search(s, max(0, a - 80), a):
            trace.note(
                "veto", "rate.rated", a, b, "a device's rated or theoretical peak, not a rate run"
            )
            continue
        taken.add(a, b)
        ranged = _ranged(s, f, m)
        if ranged is not None:
            out.append(ranged)
            continue
        out.extend(_listed(s, f))
        out.extend(_from_to(s, f, p.kind == "time_range" and _descending(m)))
    return out


def _descending(m: regex.Match[str]) -> bool:
    """Whether a time range is written from the larger to the smaller (`4,918 ms to 50 ms`):
    a change, not a range."""
    hi_ms = _unit_ms(m["u2"]) or 1.0
    lo_ms = _unit_ms(m["u1"]) or hi_ms
    return parse_number(m["lo"]) * lo_ms > parse_number(m["hi"]) * hi_ms


def _veto(rule: str, a: int, b: int, why: str) -> Found | None:
    """Note why a rate or time is no claim (for `effclaims explain`); gives no claim, so
    that a reading ends with `return _veto(...)`."""
    trace.note("veto", rule, a, b, why)
    return None


def _required(s: str, a: int, b: int) -> bool:
    """Whether the rate or time at `s[a:b]` is one that a task needs (see `_REQUIRED_BEFORE`)."""
    head = _clause_head(s, a)
    need = _REQUIRED_BEFORE.search(head)
    if need is None or _PER_UNIT_AFTER.match(s[b : b + 30]):
        return False  # "editing requires about 2.5 seconds per video": the work is named
    subject = head[: need.start()]
    return bool(_TASK_SUBJECT.search(subject)) or not _OWN_SUBJECT.search(subject)


_RANGE_BEFORE = lazy(
    r"(?:\bbetween\s+(?P<lo>[\d,]*\.?\d+)(?P<ls>\s?(?-i:[kKM]))?(?:\s?[^\W\d]{1,12})?\s+and\s+"
    r"|(?<![\w.,])(?P<lo>[\d,]*\.?\d+)(?P<ls>\s?(?-i:[kKM]))?\s{0,2}(?:-|to|~)\s{0,2})$",
    BACKWARDS,
)
_FROM = lazy(r"\bfrom\s+(?:about\s+|around\s+)?$", FLAGS)


def _ranged(s: str, f: Found, m: regex.Match[str]) -> Found | None:
    """The rate or time as the high end of a range written before it, or None:
    `between 20 and 35 ms`, `150-220 requests per second` → one claim, its `value_min`
    the low end. `from A to B` is a change, not a range (`_from_to`)."""
    if f.value_min is not None or not isinstance(f.value, float) or "n" not in m.groupdict():
        return None
    r = _RANGE_BEFORE.search(s, max(0, m.start() - 40), m.start())
    if r is None or _FROM.search(s, max(0, r.start() - 20), r.start()):
        return None
    if f.start != m.start():  # a bound word before the high end: not one range
        return None
    per_unit = f.value / parse_number(m["n"])
    scale = _RATE_SCALE.get((m.groupdict().get("s") or "").lower(), 1.0)
    lo_scale = _RATE_SCALE[r["ls"].strip().lower()] if r["ls"] else scale
    low = parse_number(r["lo"]) * per_unit / scale * lo_scale
    if not 0 < low < f.value:
        return None
    bound, start = bound_before(s, r.start())
    return Found(f.type, f.value, start, f.end, f.rule, bound, low, f.unit)


# (a number after a name after a preposition is the name's version: `with spconv 2.3 and
# 47 ms with TorchSparse`)
_LIST_BEFORE = lazy(
    # (a batch size is a setting: `2,450 tokens/s at batch size 32, versus 760 tokens/s`)
    r"(?<![\w.,])(?<!size\s)(?<!batch\s)(?<!\b(?:with|using|via|by|of|under|on)\s+[A-Za-z][\w+.-]*\s)((?:\d[\d,]*(?:\.\d+)?(?:\s?(?-i:[kKM]))?\s?,\s?)*"
    r"\d[\d,]*(?:\.\d+)?(?:\s?(?-i:[kKM]))?\s?,?\s(?:and|or|vs\.?|versus)\s)$",
    FLAGS,
)
_LISTED_NUMBER = lazy(r"(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<s>\s?(?-i:[kKM]))?")


def _listed_scale(x: float, own: str | None, shared: float, last: float) -> float:
    """A listed number with its scale: its own (`2.1k`), else the last number's where
    that puts it nearer the last in magnitude (`2.1 and 3.4k` → 2,100; `900 and 1.2k` →
    900): the members of a list are of one order."""
    if own:
        return x * _RATE_SCALE[own.strip().lower()]
    if x <= 0 or last <= 0 or shared == 1.0:
        return x
    return min((x, x * shared), key=lambda v: abs(math.log(v / last)))


def _listed(s: str, f: Found) -> list[Found]:
    """Numbers listed before a rate or time share its unit: `12 and 8 seconds`, `12 vs. 30
    ms` → two claims."""
    m = _LIST_BEFORE.search(s[max(0, f.start - 60) : f.start])
    if not m or f.value_min is not None or not isinstance(f.value, float):
        return []
    num = _LISTED_NUMBER.match(s, f.start, f.end)
    if not num or not positive(n := parse_number(num["n"])):
        return []
    shared = _RATE_SCALE[num["s"].strip().lower()] if num["s"] else 1.0
    unit = f.value / (n * shared)
    offset = max(0, f.start - 60)
    listed = (
        (x, _listed_scale(parse_number(x["n"]), x["s"], shared, n * shared) * unit)
        for x in _LISTED_NUMBER.finditer(m.group(1))
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


_SPAN_BEFORE = lazy(context("span_of_values"), FLAGS)
_FROM_BEFORE = lazy(
    r"\bfrom\s+(?:about\s+|around\s+)?(?P<x>\d[\d,]*(?:\.\d+)?)(?P<xs>\s?(?-i:[kKM]))?\s+(?:down\s+|up\s+)?to\s+(?:just\s+|only\s+|about\s+)?$",
    FLAGS,
)


def _from_to(s: str, f: Found, change: bool = False) -> list[Found]:
    """Both ends of `from A to B` are claims: `latency from 3.2 s to 1.6 s` → 3200 and 1600 ms.

    A range found by a pattern after `from`, or written as a `change` from the larger to
    the smaller, is split into its two ends; a rate whose start is written without a unit
    (`from 38 to 95 tokens/s`) gets that unit, and so does the start of `A → B`.
    """
    if f.value_min is not None and (
        change or rx(r"\bfrom\s+$", 0).search(s[max(0, f.start - 10) : f.start])
    ):
        if _SPAN_BEFORE.search(s, max(0, f.start - 60), f.start):
            return [f]  # `latency ranges from 12 ms to 40 ms across devices`: one range
        return [
            Found(f.type, f.value_min, f.start, f.end, f.rule, "eq", None, f.unit),
            Found(f.type, f.value, f.start, f.end, f.rule, "eq", None, f.unit),
        ]
    arrow = (
        _ARROW_BEFORE.search(s, max(0, f.start - 40), f.start)
        if "→" in s[max(0, f.start - 4) : f.start]
        else None
    )
    if arrow and f.value_min is None and isinstance(f.value, float):
        start = _start_of_change(arrow, f, s)
        if start is not None:
            end = max(arrow.end("x"), arrow.end("xs"), arrow.end("xu"))
            return [Found(f.type, start, arrow.start(), end, f.rule, "eq", None, f.unit), f]
    window = max(0, f.start - 60)
    m = _FROM_BEFORE.search(s, window, f.start)
    if m and f.value_min is None and f.type == "throughput" and isinstance(f.value, float):
        num = rx(r"(?P<n>[\d,.]+)(?P<s>\s?(?-i:[kKM]))?", 0).match(s[f.start : f.end])
        n = parse_number(num["n"]) if num else 0.0
        if num and positive(n, parse_number(m["x"])):
            # the start's own scale (`from 1.1k to 3.3k`), else the end's, shared
            scale = f.value / n
            if m["xs"]:
                own = _RATE_SCALE[m["xs"].strip().lower()]
                scale *= own / (_RATE_SCALE[num["s"].strip().lower()] if num["s"] else 1.0)
            start = parse_number(m["x"]) * scale
            if _SPAN_BEFORE.search(s, max(0, m.start() - 60), m.start()):
                # `throughput spans from 2.1 to 48 FPS across devices`: one range
                lo, hi = sorted((start, f.value))
                return [Found(f.type, hi, m.start(), f.end, f.rule, f.bound, lo, f.unit)]
            return [Found(f.type, start, m.start(), f.end, f.rule, "eq", None, f.unit), f]
    return [f]


# A change written with an arrow: `E2E 127→62 ms`, `18 -> 41 FPS`, its start's unit optional.
_ARROW_BEFORE = lazy(
    r"(?<![\w.,])(?P<x>\d[\d,]*(?:\.\d+)?)(?P<xs>\s?(?-i:[kKM]))?(?:\s?(?P<xu>[^\W\d][\w/]{0,11}))?\s?→\s?$",
    BACKWARDS,
)


def _start_of_change(arrow: regex.Match[str], f: Found, s: str) -> float | None:
    """The value of the start of a change `A → B` whose end is `f`: A in B's unit, or in
    its own time unit (`4.9 s → 127 ms`); None when A's unit is another kind of thing."""
    num = rx(r"(?P<n>[\d,.]+)(?P<s>\s?(?-i:[kKM]))?", 0).match(s, f.start)
    if num is None or not isinstance(f.value, float):
        return None
    per_unit = f.value / parse_number(num["n"])
    if num["s"] and f.type == "throughput":
        per_unit /= _RATE_SCALE[num["s"].strip().lower()]
    x = parse_number(arrow["x"])
    if arrow["xu"]:
        own = ms_per(arrow["xu"]) if f.type == "latency" else None
        if own is not None:
            return x * own
        if arrow["xu"].lower() not in s[f.start : f.end].lower():
            return None  # "4 GB → 2 ms": not one kind of thing
    if arrow["xs"] and f.type == "throughput":
        per_unit *= _RATE_SCALE[arrow["xs"].strip().lower()]
    elif num["s"] and f.type == "throughput":
        per_unit *= _RATE_SCALE[num["s"].strip().lower()]
    return x * per_unit


def _interpret(s: str, kind: str, rule: str, unit: str | None, m: regex.Match[str]) -> Found | None:
    a, b = m.span()
    g = m.groupdict()
    bound, start = bound_before(s, a)
    after, end = bound_after(s, b)
    if after:
        bound = after
    if g.get("plus") or g.get("plus2"):
        bound = "min"  # "120+ FPS", "2k+ requests per second"
    if kind in ("rate", "hz", "flops", "ops") and (
        _CAPTURE.search(s[max(0, a - 80) : a]) or _SENSOR.search(s[max(0, a - 60) : a])
    ):
        # "collected at 10 FPS", "whose camera delivers 30 Hz frames"
        return _veto("rate.recorded", a, b, "how data was recorded")
    if kind == "rate":
        if _PER_RESOURCE_AFTER.match(s[b : b + 20]):
            return _veto("rate.per_resource", a, b, "a rate per watt or area: an efficiency")
        if unit == "FPS" and (
            _CONTENT_AFTER.match(s, b) or _CONTENT_BEFORE.search(s, max(0, a - 60), a)
        ):
            return _veto("rate.content", a, b, "24 FPS video: the frame rate of content")
        value = parse_number(g["n"]) * _RATE_SCALE.get((g.get("s") or "").lower(), 1.0)
        per_ms = ms_per(g.get("per"))
        if per_ms:  # `per day`, `each week`: the lexicon's times say how many seconds
            value /= per_ms / 1000
        if not positive(value):
            return None  # `0 tokens/s`: nothing done is no rate
        return Found("throughput", value, start, end, rule, bound, None, unit)
    if kind == "hz":
        return _hertz(s, m, bound, start, end, rule)
    if kind == "flops":
        if not rx(r"/s\b|FLOPS\b", 0).search(m.group()) and _PER_ITEM.match(s, b, b + 30):
            # `2.0 GFLOPs per view`: operations spent on each item, not a rate
            return _veto("rate.flops_amount", a, b, "an amount of operations, not a rate")
        if not (
            g.get("tail")
            or rx(r"FLOPS\b|/s\b|flop/s", 0).search(m.group())
            or rx(r"(?:giga|tera|peta|exa)flops").search(m.group())
            or rx(
                r"\b(?:throughput|achiev\w*|sustain\w*|reach\w*|peak|perform\w*|deliver\w*|speed|at|(?<!instead\s)of)\s+(?:\w+\s+){0,2}$"
            ).search(s[max(0, a - 40) : a])
            # `30TF` set against another rate: TF is a rate's shorthand, FLOPs an amount
            or (
                rx(r"[GTPE]F$", 0).search(m.group())
                and rx(r"\b(?:compared\s+(?:to|with)|versus|vs\.?|than)\s+$").search(
                    s[max(0, a - 20) : a]
                )
            )
        ):
            return _veto("rate.flops_amount", a, b, "an amount of operations, not a rate")
        if not rx(r"/s\b|FLOPS\b", 0).search(m.group()) and rx(
            r"\bof\s+(?:computation|compute)\b"
        ).search(s[b : b + 30]):
            return _veto("rate.flops_amount", a, b, "an amount of operations, not a rate")
        if _PER_RESOURCE_AFTER.match(s[b : b + 20]):
            return _veto("rate.per_resource", a, b, "operations per watt or area")
        value = parse_number(g["n"]) * _FLOP_PREFIX[g["p"].lower()]
        if not positive(value):
            return None
        return Found("throughput", value, start, end, rule, bound, None, unit)
    if kind == "ops":
        written = m.group()
        if not (
            rx(r"OPS\b|/s\b|per\s+second", 0).search(written)
            or (g["p"].lower() in ("t", "tera", "p", "peta") and not _PER_WORK_AFTER.match(s[b:]))
        ):
            return _veto("rate.ops_amount", a, b, "a count of operations (GOPs), not a rate")
        if _PER_RESOURCE_AFTER.match(s[b : b + 20]):
            return _veto("rate.per_resource", a, b, "operations per watt or area")
        value = parse_number(g["n"]) * _OPS_PREFIX[g["p"].lower()]
        return Found("throughput", value, start, end, rule, bound, None, unit)
    if kind == "sub_second":
        ms = {"second": 1e3, "millisecond": 1.0, "minute": 6e4}[g["u"].lower()]
        return Found("latency", ms, a, b, rule, "lt", None, "ms")
    if kind == "a_unit":
        per = ms_per(g["u"])
        if per is None:
            return None
        bnd = "max" if g["b"].lower() == "within" else "lt"
        return Found("latency", per, a, b, rule, bnd, None, "ms")
    if kind in ("time", "time_range", "time_sum"):
        return _time(s, kind, rule, m, bound, start, end)
    return None


# Operations per watt, joule or area: an efficiency (`TOPS/W`), not a rate.
_PER_RESOURCE_AFTER = lazy(
    r"^\s?(?:/\s?(?:W|watt|J|joule|mm|cm)\b|per\s+(?:watt|W|joule|J|mm|square)\b)", FLAGS
)
# Operations per piece of work: a count (`3.8 TOPs per image`), not a rate.
_PER_WORK_AFTER = lazy(
    r"^\s?(?:per\s+(?!second|sec\b|s\b)\w|/\s?(?:image|frame|token|sample|inference)|of\s+(?:compute|computation)\b)",
    FLAGS,
)
# A rate in Hz is one of doing something: running, processing, controlling, updating.
_HZ_DOING_BEFORE = Sieved(context("hz_doing_before"), FLAGS)
_HZ_NOT_A_RATE = Sieved(context("hz_not_a_rate"), FLAGS)
_FRAMES_AROUND = Sieved(context("frames_around"), FLAGS)
# What a frame rate right before it describes: `24 FPS video`, `30 fps streams`.
_CONTENT_AFTER = lazy(r"[\s-]?(?:videos?|clips?|footage|streams?|recordings?|animations?)\b", FLAGS)
# ... or an amount of such content before it: `an hour of video at 1 fps`
_CONTENT_BEFORE = lazy(
    r"\b(?:hours?|minutes?|seconds?|frames|days?)\s+of\s+(?:[\w-]+\s+)?(?:videos?|footage|clips?|recordings?)"
    r"\s+(?:(?:sampled|decoded|recorded|captured)\s+)?at\s+$",
    FLAGS,
)


# A rate in Hz and the words that set another beside it, right before a number.
_HZ_COMPARED = lazy(
    r"\d\s?k?Hz,?\s+(?:compared\s+(?:with|to)|versus|vs\.?|against|than|over)\s+"
    r"(?:about\s+|only\s+|just\s+|roughly\s+)?$"
)


def _hertz(
    s: str, m: regex.Match[str], bound: str, start: int, end: int, rule: str
) -> Found | None:
    """A rate in Hz: what it counts gives its unit, frames FPS and updates samples/s.

    Only a rate at which something runs is a throughput: `processes video at 47 Hz`, `the
    policy issues commands at 200 Hz`; a signal's sampling rate (`16 kHz audio`), a clock
    or a display's refresh rate is not.
    """
    a, b = m.span()
    head = _clause_head(s, a)
    if _HZ_NOT_A_RATE.search(head + s[a : b + 30]):
        return _veto("rate.hz.signal", a, b, "a signal, clock or display frequency")
    if not _HZ_DOING_BEFORE.search(head):
        # a baseline's rate set beside ours (`at 50 Hz, compared with 6 Hz for the teacher`)
        # runs as ours does
        ours = _HZ_COMPARED.search(s, max(0, a - 60), a)
        if ours is None or not _HZ_DOING_BEFORE.search(_clause_head(s, ours.start())):
            return _veto("rate.hz.not_doing", a, b, "no running or updating named before it")
    value = parse_number(m["n"]) * (1e3 if m["s"] else 1.0)
    frames = _FRAMES_AROUND.search(s[max(0, a - 120) : b + 40])
    return Found(
        "throughput", value, start, end, rule, bound, None, "FPS" if frames else "samples/s"
    )


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
        s[max(0, a - 40) : a]
    ):
        return _veto("latency.not_a_time", a, b, "data, a budget, a horizon or a count")
    if _PRODUCTS.fullmatch(s[a:b]) and _COUNTED_BEFORE.search(s, max(0, a - 24), a):
        return _veto(
            "latency.product_plural", a, b, "a pair of 4090s: products counted, not seconds"
        )
    if _AN_ORDINAL.fullmatch(s, a, b) and _NOUN_AFTER.match(s, b):
        return _veto("latency.ordinal", a, b, "a second vendor, a minute detail: no time")
    if (_unit_ms(g.get("u") or g.get("u2")) or 0) >= _HOUR and _PEOPLE_TIME_BEFORE.search(
        s, max(0, a - 120), a
    ):
        return _veto("latency.people", a, b, "the time people took to build something")
    if _DURATION_ADJECTIVE.match(s[a : a + 80]) or (
        _DATA_DURATION_BEFORE.search(s[max(0, a - 80) : a])
        and not _READY_BEFORE.search(s, max(0, a - 60), a)
    ):
        # "a 5-second clip", "each episode lasts 45 s": the length of a thing, not a time to do it
        return _veto("latency.duration", a, b, "the length of data or content")
    if _GPU_HOURS_AFTER.match(s[b : b + 120]) or rx(r"^[\s-]?(?:GPU|TPU)[\s-]?hours?").match(
        s[b : b + 120]
    ):
        return _veto("latency.compute", a, b, "an amount of compute (GPU hours)")
    if kind == "time_sum":
        parts = [(g[f"n{i}"] or "", _unit_ms(g[f"u{i}"])) for i in (1, 2, 3) if g.get(f"n{i}")]
        sizes = [ms for _, ms in parts if ms is not None]
        if len(sizes) < len(parts) or sizes != sorted(set(sizes), reverse=True):
            return None  # not one time in ever smaller units
        total = sum(parse_number(n) * ms for (n, _), ms in zip(parts, sizes, strict=True))
        if not positive(total):
            return None  # `0 min 0 s`: no time is no latency
        if not _is_latency(s, a, b, g["u1"]):
            return _veto("latency.not_doing", a, b, "no doing of something named around it")
        return Found("latency", total, start, end, rule, bound, None, "ms")
    if kind == "time_range":
        u2 = _unit_ms(g["u2"])
        u1 = _unit_ms(g.get("u1")) or u2
        if u1 is None or u2 is None:
            return None
        lo, hi = parse_number(g["lo"]) * u1, parse_number(g["hi"]) * u2
        if not positive(lo, hi):
            return None
        if not _is_latency(s, a, b, g["u2"]):
            return _veto("latency.not_doing", a, b, "no doing of something named around it")
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
        return _veto("latency.not_doing", a, b, "no doing of something named around it")
    if unit.lower() in ("s",) and rx(r"^\s?\d", 0).match(s[b : b + 3]):
        return None
    return Found("latency", num * ms, start, end, rule, bound, None, "ms")


# People at work on something, the time after which is their effort, no machine's latency:
# `a team of 5 shipped the change in 6 weeks`, `two engineers ported the kernels in 3 days`.
_PEOPLE_TIME_BEFORE = lazy(
    r"\b(?:teams?|engineers?|developers?|people|persons?|staff|students?|interns?)\b[^.;:]{0,50}?"
    r"\b(?:shipp\w*|buil[dt]\w*|implement\w*|develop\w*|wr[io]te|written|port\w*|migrat\w*|"
    r"rewr[io]te|integrat\w*|deliver\w*|finish\w*|complet\w*)\b"
    r"(?:(?!\b(?:that|which|where|whose)\b)[^.;:]){0,40}?\b(?:in|within|over)\s+"
    r"(?:about\s+|around\s+|roughly\s+|just\s+|only\s+|under\s+|less\s+than\s+)?$",
    FLAGS,
)
_HOUR = 3.6e6  # an hour in ms: people's effort is counted in hours and longer
# Output that is there after a time is a latency, whatever it is made of: `the first audio
# packet is ready after 95 ms`.
_READY_BEFORE = lazy(
    r"(?:\b(?:ready|available|arriv\w*|appear\w*|emitted|returned|delivered|played|heard|shown)"
    # the first piece of an output, produced after a while: `produces its first audio chunk
    # after 38 ms`, `generates the first 200 ms of audio after 86 ms`
    r"|\b(?:produc|generat|emit|return|deliver|output|stream|synthesi[sz]|decod|render|play)\w*"
    r"\s+(?:its\s+|the\s+|their\s+)?first\s+(?:[\w-]+\s+){0,3}?[\w-]+)\s+"
    r"(?:after|in|within)\s+(?:about\s+|around\s+|only\s+|just\s+|under\s+)?$",
    FLAGS,
)
# A hyphenated time that modifies a noun: "5-second 720p clip", "10-day forecast".
_DURATION_ADJECTIVE = lazy(
    r"[\d.]+-(?:second|minute|hour|day|week|ms|s|min|h)\s+(?!(?:latency|delay|run(?:time)?|wall|inference|training|budget\s+of)\b)[\w-]",
    FLAGS,
)
_TIME_BEFORE = lazy(
    r"\b(?:in|for|from|instead\s+of|versus|vs\.?|than|compared\s+(?:to|with)|takes?|took|requires?|needs?|"
    # a time a step costs someone: `committing to an update costs a client 1.9 s`
    r"costs?(?:\s+(?:a|an|each|every|one|the)\s+[\w-]+)?)\s+(?:about\s+|around\s+|roughly\s+|approximately\s+|under\s+|less\s+than\s+|just\s+|only\s+|over\s+|nearly\s+|~|(?:<=?|≤|>=?|≥)\s?)?(?:[\d.,]+\s*(?:and|or|,)\s*)*$",
    FLAGS,
)


# The new end of a change whose old end is a time after `from`, which `_TIME_BEFORE`
# accepts: `from 1 hour 30 minutes to 18 minutes`.
_FROM_TIME_TO = lazy(
    expand(
        r"\bfrom\s+(?:about\s+|around\s+|roughly\s+)?\d[\d.,]*\s?{TIMEU}(?:\s\d{1,2}\s?{TIMEU})?"
        r"(?:\s+[\w-]+){0,6}?\s+to\s+(?:about\s+|around\s+|only\s+|just\s+)?$",
        macros(),
    ),
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
    if s.find("from", max(0, a - 100), a) != -1 and _FROM_TIME_TO.search(s, max(0, a - 100), a):
        return True
    # a later member of a list, or the new end of a change, reads the words of the first:
    # `takes 0.9 s on X and 1.6 s on Y`, `TTFT ...: 1.92 s → 0.74 s`
    member = _MEMBER_BEFORE.search(s, max(0, a - 6), a) and _TIME_BEFORE_MEMBER.search(
        s, max(0, a - 160), a
    )
    reach = 160 if member else 60
    window = s[max(0, a - reach) : min(len(s), b + 40)]
    return bool(_LATENCY_CONTEXT.search(window))


_MEMBER_BEFORE = lazy(r"(?:(?:,|\band|\bor)\s+|(?:→|->)\s*)$")
# ... after an earlier time of the list: `0.9 s on X`
_TIME_BEFORE_MEMBER = lazy(expand(r"\d\s?{TIMEU}\b", macros()), FLAGS)
