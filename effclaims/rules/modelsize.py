"""Model-size claims: total parameter counts, as raw numbers.

`65B`, `1.5 billion parameters`, `LLaMA-7B`, `Mixtral 8x7B` (8 × 7B), lists (`3/8/32B`)
and ranges (`from 125M to 13B`) give one claim per size. Counts of other things
(tokens, samples, images, FLOPs, dollars) and trainable-parameter subsets are not
model sizes, and neither are letters that are not sizes (`ViT-B/16`).
"""

from __future__ import annotations

import regex

from ..compiled import lazy
from ..vocabulary import context, lexicon, table
from . import trace
from .base import Found, Spans, bound_before, parse_number, positive
from .patterns import BACKWARDS, FLAGS, Facts, PatternSet, patterns, rx
from .registry import family
from .shortcuts import Sieved
from .tables import column_title

PATTERNS = PatternSet(patterns("size."))
_SCALE = {k.lower(): v for k, v in table("scales").items()}

# What follows a count that makes it a count of something other than parameters.
_OTHER_AFTER = lazy(
    context("not_parameters_after"),
    FLAGS,
)
# A count named before its number: `training tokens dropped from 10B to 2.9B`,
# `Downloads last month: 1.2M`, `fewer pre-training tokens (30B against 300B)`, `sequence
# lengths of 4M`.
_COUNTED_BEFORE = lazy(
    r"\b(?:tokens|samples|examples|images|documents|queries|requests|downloads|users|stars|"
    r"views|rows|records|pairs|FLOPs?|MACs?|multiply[- ]accumulates?|multiply[- ]adds?|"
    r"multiplications|operations|cycles|instructions|(?:sequence|context|input)\s+lengths?|"
    # the elements a scene or shape is stored as: `#Gaussians: 3.1M → 0.52M`
    r"Gaussians|splats|primitives|points|vertices|triangles|voxels|keyframes|"
    r"problems|questions|prompts|conversations|videos|clips|frames|molecules|compounds)"
    r"\b(?:[^.;,)]|\.\d){0,30}?"
    r"(?:\bfrom|\bto|\bof|\bat|:|\(|→|\bagainst|\bversus|\bvs\.?|\bthan)\s*$",
    FLAGS,
)
_TRAINABLE_BEFORE = Sieved(
    r"\b(?:extra|additional|trainable|learnable|tunable|activat\w*|active|tuning|updating|adds?|adding|introduc\w*)\s+(?:about\s+|around\s+|roughly\s+|approximately\s+|less\s+than\s+|fewer\s+than\s+|under\s+|up\s+to\s+|~\s?)?$",
    FLAGS,
)
# Parameters said to be activated or trained, after the count or a list it ends:
# "only 2.5 billion and 4.3 billion parameters are activated per token".
_ACTIVE_AFTER = lazy(
    r"^(?:\s?,?\s?(?:and\s+|or\s+)?[\d.,]+\s?(?:billion|million|trillion|[BMT])\b)*"
    r"(?:[\s-]{0,2}(?:total\s+)?param\w*)?\s+(?:are|is|were|was|get|gets|being)\s+"
    r"(?:only\s+|actually\s+)?(?:activated|active|trainable|tuned|updated)\b",
    FLAGS,
)


def _active_after(s: str, b: int, g: dict[str, str | None]) -> bool:
    """Whether the parameters counted are said after the count to be the activated or
    trained ones (the model itself being trained is no such thing: `Falcon-180B was
    trained`)."""
    m = _ACTIVE_AFTER.match(s[b : b + 160])
    return m is not None and bool(g.get("p") or "param" in m.group().lower())


_MONEY_BEFORE = lazy(r"(?:\$|USD|US\$|€|£)\s?$")
# Data sets named with their size: LAION-2B, DataComp-1B, JFT-300M, CC3M-; a name that
# only opens with one (`Sable-13B`, `TimeFormer-7B`) goes on in small letters.
_DATASET_BEFORE = lazy(
    r"\b(?:"
    + "|".join(regex.escape(n) for n in lexicon()["datasets"]["names"])
    + r")(?-i:(?![a-z]))[\w.]*-$",
    BACKWARDS,
)
# ... and any name with its size in the brackets that list data sets: `four datasets
# (ML-20M, Gowalla, Yelp)`.
_DATA_LIST_BEFORE = lazy(
    r"\b(?:data\s?sets?|benchmarks?|corpora|corpus)\s*\([^()]{0,80}?[A-Za-z][\w.]*-$", BACKWARDS
)
_YEAR = lazy(r"^(?:19|20)\d\d[a-z]$")
_ACTIVE_PREFIX = lazy(r"(?:-|\b)A$")  # SmallThinker-4B-A0.6B: A0.6B is active parameters


def _counts_other(facts: Facts, a: int) -> bool:
    """Whether a count in a table row stands in a column whose header names what it
    counts, other than parameters (`MACs`, `Flash`, `tokens`)."""
    title = column_title(facts.text, facts.at + a)
    return title is not None and _OTHER_AFTER.match(" " + title) is not None


@family("size", ("model_size",), PATTERNS)
def find_model_sizes(s: str, facts: Facts) -> list[Found]:
    """Model-size claims in one normalised sentence."""
    out: list[Found] = []
    taken = Spans()
    for p, m in PATTERNS.scan(s, facts):
        a, b = m.span()
        if taken.overlaps(a, b):
            continue
        head = s[max(0, a - 24) : a]
        if (
            _MONEY_BEFORE.search(head)
            or _ACTIVE_PREFIX.search(head)
            or _DATASET_BEFORE.search(head)
            or ("(" in s[max(0, a - 100) : a] and _DATA_LIST_BEFORE.search(s, max(0, a - 100), a))
        ):
            trace.note("veto", "size.not_a_model", a, b, "money, active parameters or a data set")
            continue
        if _YEAR.match(m.group()):
            continue
        g = m.groupdict()
        if not g.get("p") and (
            _OTHER_AFTER.match(s[b : b + 120])
            or _COUNTED_BEFORE.search(s, max(0, a - 50), a)
            or (s.startswith("|") and _counts_other(facts, a))
        ):
            taken.add(a, b)  # "from 12.8M to 12.8B samples": the parts are not sizes either
            trace.note("veto", "size.other_count", a, b, "a count of tokens, samples or the like")
            continue
        if _context_length_name(s, a, g):
            trace.note("veto", "size.context_length", a, b, "a context length in a model's name")
            continue
        values = [v for v in _values(p.kind, m, g, s) or () if positive(v)]
        if not values:
            # `0B`, `0x7B`: no parameters is no model
            trace.note("veto", "size.no_size", a, b, "no model named beside the count")
            continue
        taken.add(a, b)
        bound, start = bound_before(s, a)
        if _TRAINABLE_BEFORE.search(s[max(0, a - 40) : a]) or _active_after(s, b, g):
            trace.note("veto", "size.trainable", a, b, "trainable or active parameters")
            continue
        for v in values:
            out.append(Found("model_size", v, start, b, p.id, bound))
    return out


# A model named with its context length in thousands of tokens: Yi-200K, Phi-3-128K.
_CONTEXT_NAME = lazy(r"(?<=[A-Za-z][\w.]*-)\d{1,4}K\b")
# A name's own size before the hyphen, maybe with words of the name between: `8B-` of
# `Llama-3-8B-1M`, `9B-Chat-` of `GLM-4-9B-Chat-1M`.
_SIZED_NAME = lazy(r"(?<=[\w.]-)\d{1,4}(?:\.\d+)?B(?:-[A-Za-z][\w.]*){0,3}-$")


def _context_length_name(s: str, a: int, g: dict[str, str | None]) -> bool:
    """Whether a size in millions at the end of a name (`LLaMA-3-1M`) is a context length:
    the name has a size of its own before it (`Llama-3-8B-1M`), or the sentence names
    other models by their context in thousands (`Yi-200K`)."""
    return (
        g.get("s") == "M"
        and not g.get("p")
        and s[a - 1 : a] == "-"
        and (
            _SIZED_NAME.search(s, max(0, a - 40), a) is not None
            or _CONTEXT_NAME.search(s) is not None
        )
    )


def _scale(tok: str | None) -> float | None:
    if not tok:
        return None
    return _SCALE.get(tok.strip().lower())


def _values(kind: str, m: regex.Match[str], g: dict[str, str | None], s: str) -> list[float] | None:
    """The sizes a match states (`g` is its groupdict); what follows it is known not to
    make it a count of something else."""
    has_param = bool(g.get("p"))
    if kind == "moe":
        sc, k, n = _scale(g["s"]), g["k"], g["n"]
        return [parse_number(k) * parse_number(n) * sc] if sc and k and n else None
    if kind == "size_list":
        sc, listed = _scale(g["s"]), g["list"]
        if not sc or not listed:
            return None
        return [parse_number(x) * sc for x in rx(r"\s?/\s?", 0).split(listed)]
    if kind == "size_range":
        hi_s, unit, lo, hi = _scale(g["s2"]), g["s2"], g["lo"], g["hi"]
        lo_s = _scale(g.get("s1")) or hi_s
        if not hi_s or not lo_s or not unit or not lo or not hi:
            return None
        if unit in ("K", "k") and not has_param:
            return None
        if not has_param and unit.lower() in ("m",) and not _model_context(s, m):
            return None
        return [parse_number(lo) * lo_s, parse_number(hi) * hi_s]
    if kind in ("size", "size_name"):
        sc, unit, count = _scale(g["s"]), g["s"], g["n"]
        if not sc or not unit or not count:
            return None
        word_scale = unit.lower() in ("thousand", "million", "billion", "trillion")
        if (unit in ("K", "k") or unit.lower() == "thousand") and not has_param:
            return None
        if word_scale and not has_param and not _model_context(s, m):
            return None
        num = parse_number(count.lower())
        if kind == "size" and unit == "T" and not has_param and not _model_context(s, m):
            return None
        return [num * sc]
    return None


_MODEL_WORDS = lazy(
    context("model_words_after"),
    FLAGS,
)


_LIST_TO_PARAMS = lazy(
    r"^(?:\s?,?\s?(?:and\s+|or\s+|to\s+)?\d[\d.,]*\s?(?:billion|million|trillion|[BMT])\b)+[\s-]+(?:total\s+)?param",
    FLAGS,
)
# (or a count of parameters stated: `the parameter count is 2.4 million`)
_MODEL_BEFORE = lazy(
    r"\b(?:(?:models?|LLMs?|networks?|transformers?)\s+(?:of|with)|"
    r"(?:parameter|param)\s+counts?\s*(?:is|was|of|stands\s+at|:))"
    r"\s+(?:only\s+|just\s+)?(?:about|around|roughly|approximately|over|up\s+to|~)?\s*$",
    FLAGS,
)


def _model_context(s: str, m: regex.Match[str]) -> bool:
    """A word-scale count (`22 billion`) is a size only next to model words."""
    return bool(
        _MODEL_WORDS.match(s[m.end() : m.end() + 120])
        or _LIST_TO_PARAMS.match(s[m.end() : m.end() + 120])
        or _MODEL_BEFORE.search(s[max(0, m.start() - 40) : m.start()])
    )
