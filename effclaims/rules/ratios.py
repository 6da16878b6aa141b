"""Ratio claims: speedup, memory, compute, energy and compression factors.

A ratio is found in two steps. First a quantity expression (`3.2x`, `2-4 times`,
`40%`, `an order of magnitude`, `from 16 GB to 4 GB`) is matched by a pattern of
`data/patterns.toml`. Then the words around it decide what it is: the resource it
improves (from `data/resources.toml`: the phrase after the number first, then the
verb phrase before it) and, for percentages, the direction (`reduces by 40%` → 1/0.6,
`uses 5% of` → 20, `30% faster` → 1.3). A percentage with no resource or no direction
is not a claim: that is how accuracy gains and overheads stay out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache
from typing import Any

import regex

from ..compiled import compile_pattern, lazy
from ..datafiles import load_data
from ..model import RATIO_TYPES
from ..sentences import split_sentences
from ..substrings import Substrings
from ..vocabulary import context, context_words, table
from . import shortcuts, trace
from .base import Found, Spans, bound_after, bound_before, ms_per, parse_number, positive
from .derived import literals
from .patterns import (
    FLAGS,
    Facts,
    Pattern,
    PatternSet,
    expand,
    facts,
    fold,
    macros,
    own_names,
    patterns,
    rx,
)
from .registry import family
from .shortcuts import Sieved

PATTERNS = PatternSet(patterns("ratio."))

# Words that end the phrase a number governs. Each stop word opens with a letter, so `\b`
# holds wherever one can match; it is tested first as the cheapest way to pass over the
# characters inside words (the same holds for `_PREPOSITION`).
_STOP = lazy(
    context("phrase_stop"),
    FLAGS,
)
# Conjunctions between resources (`memory and latency`); the split tries its leading `\s*`
# at every character, so it runs only where a conjunction can be.
_CONJ = Sieved(
    # (a slash before a unit of work is `per`: `energy/inference`, `latency/token`)
    r"\s*(?:\band\b|(?<!\b[mµu]?J\s?)(?<!\bI)/(?!\s?(?:W|J|s|mm|watts?|joules?|O|inferences?|tokens?|"
    r"quer(?:y|ies)|requests?|samples?|images?|frames?|steps?|iterations?|ops?|operations?)\b)|&|"
    r"\bas well as\b|\bor\b)\s*",
    FLAGS,
)


_REDUCE_AFTER = Sieved(
    context("reduction_after"),
    FLAGS,
)
_INCREASE_AFTER = Sieved(
    context("increase_after"),
    FLAGS,
)
_UNIT_OF_WORK = lazy(
    r"\b(?:each|every|one|a\s+single)\s+(?:[\w-]+\s+)?(?:iteration|step|epoch|query|request|"
    r"token|batch|forward\s+pass|update|round|sample|frame|image)\b",
    FLAGS,
)
_SLOWER_AFTER = lazy(r"^\s?(?:slower|as\s+slow|slow[- ]?downs?)\b", FLAGS)
#: A time that is more, said after a factor: as slower, whose it is decides (`a 1.4x higher
#: time-to-first-token than the H100`, `2x longer latency than cuBLAS`).
_MORE_TIME = r"(?:higher|longer|larger|greater|more)\s+(?:[\w-]+\s+){0,2}?" + context("time_nouns")
_MORE_TIME_AFTER = lazy(r"^\s?" + _MORE_TIME, FLAGS)
_TRAIL_WORD = lazy(r"trail|lag", FLAGS)
# Falling behind a rival by a factor: `query throughput trails HNSW by a factor of 1.4`.
_TRAILS_BEFORE = lazy(
    r"\b(?:trail(?:s|ed|ing)?|lag(?:s|ged|ging)?(?:\s+behind)?)\s+(?:[\w.-]+\s+){0,3}?by\s+"
    r"(?:about\s+|roughly\s+|up\s+to\s+|nearly\s+|only\s+)?(?:an?\s+)?$",
    FLAGS,
)
# A time said before a factor to be more (`batch-1 latency is 1.4 times higher`): as slower.
_TIME_IS_BEFORE = lazy(
    r"\b" + context("time_nouns") + r"\s+(?:[\w-]+\s+){0,2}?(?:is|are|was|were|becomes|became)\s+"
    r"(?:only\s+|about\s+|roughly\s+|nearly\s+|around\s+|up\s+to\s+)?$",
    FLAGS,
)
_HIGHER_AFTER = lazy(r"\s?(?:higher|longer|greater|larger)\b", FLAGS)
# `takes N times longer`: time spent, read as `slower`.
_TAKES_BEFORE = lazy(context("takes_before"), FLAGS)
_LONGER_AFTER = lazy(
    r"\s?(?:longer|as\s+long)\b(?!\s+(?:sequences?|contexts?|inputs?|prompts?|outputs?|videos?|documents?))",
    FLAGS,
)
_REDUCE_VERB = Sieved(
    context("reducing_verb"),
    FLAGS,
)
_INCREASE_VERB = Sieved(
    context("increasing_verb"),
    FLAGS,
)
_FRACTION_BEFORE = Sieved(
    context("fraction_before"),
    FLAGS,
)
_TO_BEFORE = Sieved(
    # an article before the share is how some writers put it: `reduced to the 23% of`
    r"(?<!\bup\s)\b(?:to|down\s+to|at)\s+(?:the\s+)?(?:only\s+|just\s+|about\s+|around\s+|roughly\s+|approximately\s+|merely\s+)?$",
    FLAGS,
)
_OF_AFTER = lazy(r"^\s?of\b", FLAGS)
_OF_USED_AFTER = lazy(
    r"^\s?of\s+(?:the\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,4}?(?:used|uses|required|requires|needed|needs|consumed|consumes|spent|spends|taken|takes|sent|sends|transmit(?:s|ted)|upload(?:s|ed)|stor(?:es|ed)|moves|moved)\b",
    FLAGS,
)
# A share of the inputs that the passive after it says are worked on: `only 12% of tiles
# at 20x magnification are processed by the feature extractor`.
_OF_PROCESSED_AFTER = lazy(
    r"\s?of\s+(?:the\s+|its\s+|their\s+)?(?:[\w×-]+\s+){0,5}?(?:is|are|was|were|get|gets|got)\s+"
    r"(?:actually\s+|then\s+)?(?:processed|encoded|evaluated|scored|examined|analy[sz]ed|inspected|computed)\b",
    FLAGS,
)
# A share of a resource that the passive after it takes away: `80% of the attention
# computation is skipped`.
_OF_REMOVED_AFTER = lazy(
    r"^\s?of\s+(?:the\s+|their\s+|its\s+|all\s+)?(?:[\w-]+\s+){0,3}?(?:is|are|was|were|can\s+be|gets?)\s+"
    r"(?:(?:thus\s+|then\s+|safely\s+|entirely\s+)?(?:skipped|eliminated|removed|saved|avoided|pruned|cut|dropped|bypassed|evicted|discarded|freed)|(?:never|not)\s+(?:computed|evaluated|executed))\b",
    FLAGS,
)
# data and samples are not resources: "10x more data" is data efficiency, not a claim
_DATA_AFTER = Sieved(
    context("data_after"),
    FLAGS,
)
_NOT_CLAIM_AFTER = lazy(
    context("not_claim_after"),
    FLAGS,
)
# A sparsity or pruning level, and what is sparse: `95% weight sparsity`, `a 90%-sparse
# network`, `40% pruning`; `what` tells work skipped (attention) from weights removed.
_SPARSITY = lazy(
    # (what is sparse is a word of its own, not `for the`: `82.3% for the pruned model` is
    # a metric of the pruned model)
    r"^[\s-]?(?:(?P<what>(?!(?:for|the|of|in|on|at|by|and|or|with|than|an?)\b)[\w-]+)[\s-]+){0,2}?"
    r"(?:sparsity|sparse|pruning(?:\s+ratio)?|pruned)\b"
    # the share of a network's parts said to be removed: `60% of the channels are removed`
    r"|^\s?of\s+(?:the\s+|its\s+|their\s+|all\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:weights|parameters|channels|filters|neurons|heads|layers|blocks|experts|connections|"
    r"tokens|patches)\s+(?:(?:are|were|is|was|can\s+be|could\s+be|get|got|have\s+been|has\s+been)\s+)?"
    r"(?:pruned|removed|eliminated|discarded|dropped)\b",
    FLAGS,
)
#: The verbs that take a share away from a network.
_PRUNE_VERBS = r"\b(?:prun\w*|remov\w*|sparsif\w*|eliminat\w*)"
_PRUNE_BEFORE = Sieved(
    r"(?:"
    + _PRUNE_VERBS
    # `the pruning ratio of channels reaches 60%`: the share pruned, named before
    + r"|\b(?:pruning|sparsity)\s+(?:ratios?|rates?|levels?)(?:\s+of\s+(?:the\s+)?[\w-]+)?"
    r"\s+(?:reach(?:es|ed)?|is|are|was|were|of|at|to|up\s+to))"
    r"\s+(?:up\s+to\s+|about\s+|over\s+)?$",
    FLAGS,
)
# ... or a share before it that the verb prunes, with its own parts: `removes 40% of heads
# and 50% of MLP channels`
_PRUNE_LISTED_BEFORE = lazy(
    _PRUNE_VERBS + r"\s+(?:up\s+to\s+|about\s+|over\s+)?"
    r"\d+(?:\.\d+)?\s?%\s+of\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){0,3}?[\w-]+\s*,?\s+(?:and\s+)?$",
    FLAGS,
)
# The share of the work that is still done, said in the passive: `only 12% of synaptic
# operations are executed` (what is counted must name a resource for a claim).
_SHARE_DONE_AFTER = lazy(
    r"\s?of\s+(?:the\s+|all\s+)?(?:[\w-]+\s+){0,3}?[\w-]+\s+(?:are|is|were|was)\s+"
    r"(?:actually\s+|still\s+|ever\s+)?(?:executed|performed|computed|evaluated|run)\b",
    FLAGS,
)
# The share of a cost that a result comes at: `completes the tasks at 26% of the cost` (a
# share of anything else after `at` is a level: `runs at 71% of peak FLOPs` is utilisation).
#: The hedges before a share of a cost: `at just 2%`, `about 4% of`.
_SHARE_HEDGE = (
    r"(?:only\s+|just\s+|merely\s+|about\s+|around\s+|roughly\s+|approximately\s+|"
    r"less\s+than\s+|under\s+)?"
)
_AT_BEFORE = lazy(r"\bat\s+" + _SHARE_HEDGE + "$", FLAGS)
# ... or set after an amount as what share of a cost it is: `1,150 GPU hours, about 4% of
# the teacher's pretraining budget`
_APPOSED_SHARE_BEFORE = lazy(
    r"(?<![\w.])\d[\d,.]*(?:\s?[^\s\d,;()]+)(?:\s+[^\s,;()]+){0,7}?\s*(?:,|\s[-–—])\s*"
    r"(?:i\.e\.,?\s+|or\s+)?" + _SHARE_HEDGE + "$",
    FLAGS,
)
_OF_COST_AFTER = lazy(
    r"\s?of\s+(?:the\s+|its\s+|their\s+|a\s+)?(?:[\w'’-]+\s+){0,3}?(?:costs?|prices?|budgets?|"
    r"expenses?|bills?|spend)\b",
    FLAGS,
)
# ... or of a resource named by its noun: `at just 2% of the memory`
_OF_NOUN_AFTER = lazy(
    r"\s?of\s+(?:the\s+|its\s+|their\s+)?(?P<noun>(?:[\w-]+\s+){0,2}?[\w-]+)", FLAGS
)


def _of_cost_after(s: str, end: int) -> bool:
    """Whether a share is followed by what it is a share of, a cost or a resource (`at
    26% of the cost`, `at just 2% of the memory`)."""
    if _OF_COST_AFTER.match(s, end, end + 80):
        return True
    noun = _OF_NOUN_AFTER.match(s, end, end + 60)
    return noun is not None and _strongest(noun["noun"]) > 1


# A reducing verb right before a share: `decreases 52% of memory traffic` takes it away.
_CUT_SHARE_BEFORE = lazy(
    context("reducing_verb")
    + r"\s+(?:up\s+to\s+|about\s+|over\s+|nearly\s+|roughly\s+|around\s+)?$",
    FLAGS,
)
# Dropping a share of a network's parts prunes it: `dropping 25% of the layers`; skipping
# them is work not done, the network kept whole: `exits skip 41% of layers`.
_DROP_BEFORE = Sieved(
    r"\b(?:drop\w*|skip\w*|discard\w*)\s+(?:on\s+average\s+|only\s+)?"
    r"(?:up\s+to\s+|about\s+|over\s+|more\s+than\s+|[>≥]\s?)?$",
    FLAGS,
)
_PARTS_AFTER = lazy(
    r"^\s?of\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:layers|weights|parameters|channels|"
    r"heads|neurons|experts|filters|blocks|tokens|attention\s+heads)\b",
    FLAGS,
)


#: What is sparse when the work on it is skipped, not the weights removed.
def _sparse_work(s: str, end: int, before: str) -> str:
    """What a share is the zero or sparse part of, where the words name it apart from the
    share (`an activation sparsity of 85%`, `89% of the neuron activations are zero`,
    `activations that are on average 62% zero`); empty where they do not."""
    for m in (
        _SPARSITY_OF_BEFORE.search(before),
        _ZERO_SHARE_AFTER.match(s, end),
        _ZERO_OF_BEFORE.search(before) if _ZERO_AFTER.match(s, end) else None,
    ):
        if m:
            return m["what"]
    return ""


_SPARSITY_OF_BEFORE = Sieved(
    r"\b(?P<what>[\w-]+)\s+sparsity\s+(?:of|is|was|reaches|at|averages|averaged|exceeds|exceeded)"
    r"\s+(?:about\s+|around\s+|over\s+)?$",
    FLAGS,
)
# What a share of zeros can be of: `89% of the neuron activations are zero`.
_ZEROED = r"(?P<what>activations?|weights|tokens|inputs|values)"
_ZERO_SHARE_AFTER = lazy(
    rf"\s?of\s+(?:the\s+|all\s+)?(?:[\w-]+\s+){{0,2}}?{_ZEROED}"
    r"\s+(?:are|were|is|stay|remain)\s+(?:zeros?|inactive|skipped|silent)\b",
    FLAGS,
)
_ZERO_AFTER = lazy(r"\s?(?:zeros?|sparse|inactive)\b", FLAGS)
_ZERO_OF_BEFORE = lazy(
    rf"\b{_ZEROED}\s+(?:that|which)\s+are\s+(?:on\s+average\s+|about\s+|roughly\s+)?$", FLAGS
)
# A model run on a share of the inputs: `invokes the detector on only 7% of frames`.
_RUN_ON_BEFORE = Sieved(
    r"\b(?:invok|runs?\b|ran\b|running|appl(?:y|ies|ied)|execut|call(?:s|ed)?\b|evaluat)\w*\s+"
    r"(?:the\s+|its\s+|a\s+)?(?:[\w-]+\s+){0,3}?on\s+(?:only\s+|just\s+|about\s+)?$",
    FLAGS,
)
_SKIPPED_WORK = lazy(r"(?:attention|activations?|tokens?|bits?|inputs?|KV|compute)$", FLAGS)
_CAPACITY = lazy(
    r"\b(?:same|single|one|a|fixed)\s+(?:\w+\s+){0,3}(?:GPUs?|hardware|devices?|nodes?|machines?|accelerators?|budget|memory)\b|\bsame\s+(?:\w+\s+){0,2}(?:clusters?|servers?|chips?|cards?)\b|\bfit\w*\b|\bhold(?:s|ing)?\b|\bDRAM\b|\bthan\s+(?:\w+\s+){0,3}(?:memory|DRAM|VRAM)\b",
    FLAGS,
)

_WORD_VALUES = table("multipliers")
_FRACTIONS = table("fractions")
_PLURAL = {"tens": 10.0, "dozens": 12.0, "hundreds": 100.0, "thousands": 1000.0}
#: Scales after a count, letters or words: `from 32k to 4k`, `from 5.2 million to 0.9 million`.
_SCALES = table("scales")
#: A battery that lasts longer on a charge: less power drawn.
_BATTERY = lazy(context("battery_time"), FLAGS)
_BYTES = {
    "kb": 1e3,
    "kib": 1024,
    "mb": 1e6,
    "mib": 2**20,
    "gb": 1e9,
    "gib": 2**30,
    "tb": 1e12,
    "tib": 2**40,
}


@dataclass(frozen=True)
class _Lexeme:
    """The words of one type and strength, and substrings one of which each match holds."""

    type: str
    level: int
    expression: str
    needs: tuple[str, ...] | None

    @cached_property
    def rx(self) -> regex.Pattern[str]:
        """The word list's regex, compiled when a phrase first holds what it needs."""
        return compile_pattern(self.expression, FLAGS)

    def may_match(self, present: set[str]) -> bool:
        """Whether the words can match a phrase holding the needed substrings `present`."""
        return self.needs is None or not present.isdisjoint(self.needs) or not shortcuts.enabled()


_RESOURCES_SCHEMA = {
    t: {"heads?": [str], "words?": [str], "weak?": [str], "fallback?": [str]} for t in RATIO_TYPES
}


@cache
def resource_lexicon() -> tuple[_Lexeme, ...]:
    """The resource word lists of resources.toml, one per type and strength."""
    out = []
    for typ, groups in load_data("resources", _RESOURCES_SCHEMA).items():
        for level, key in ((3, "heads"), (2, "words"), (1, "weak"), (0, "fallback")):
            words = groups.get(key, [])
            if words:
                alt = "|".join(sorted(words, key=len, reverse=True))
                # a hyphen before is allowed: in `decode-latency` the head is latency
                out.append(_Lexeme(typ, level, rf"(?<!\w)(?:{alt})(?![\w])", _needs(words)))
    return tuple(out)


@cache
def _lexeme_needs() -> Substrings:
    return Substrings(w for lx in resource_lexicon() for w in lx.needs or ())


def _present(text: str) -> set[str]:
    """The needed substrings of the word lists that occur in `text`."""
    return _lexeme_needs().present(fold(text))


def _needs(words: list[str]) -> tuple[str, ...] | None:
    """The fewest substrings one of which every match of a word list holds, if all have some."""
    runs: set[str] = set()
    for w in words:
        found = literals(w)
        if found is None:
            return None
        runs.update(found)
    return tuple(sorted(r for r in runs if not any(o != r and o in r for o in runs)))


# The phrase caches below are small on purpose: the reuse they serve is within one
# sentence (the same few phrases around a quantity are read several times); a large
# cache would mostly remember other papers, and flatter a benchmark that repeats its input.
@lru_cache(maxsize=256)
def _matches(phrase: str) -> tuple[tuple[int, int, int, str], ...]:
    """(level, start, end, type) of every resource word in a phrase, word list by word list."""
    present = _present(phrase)
    return tuple(
        (lx.level, m.start(), m.end(), lx.type)
        for lx in resource_lexicon()
        if lx.may_match(present)
        for m in lx.rx.finditer(phrase)
    )


def _strongest(phrase: str) -> int:
    """The level of the strongest resource word in a phrase (0 when there is none)."""
    return max((level for level, _, _, _ in _matches(phrase)), default=-1)


def resources_in(phrase: str, nearest_last: bool = False) -> list[str]:
    """Resource types named in a phrase: one per conjoined part, the strongest word deciding.

    Between equally strong words the one nearest the number wins: the first after it,
    the last before it (`nearest_last`).
    """
    return list(_resources_in(phrase, nearest_last))


@lru_cache(maxsize=256)
def _resources_in(phrase: str, nearest_last: bool) -> tuple[str, ...]:
    types: list[str] = []
    for part in _CONJ.split(phrase):
        found = _heads(part, _matches(part))
        if found:
            typ = max((level, start if nearest_last else -start, t) for level, start, t in found)[2]
            if typ not in types:
                types.append(typ)
    return tuple(types)


_JOINED = lazy(r"[\s-]{1,3}")
# An error metric that a resource word modifies: `energy MAE`, `latency prediction error`.
_ERROR_AFTER = lazy(r"[\s-]{1,3}(?:prediction\s+)?(?:MAEs?|RMSEs?|MSEs?|MAPEs?|errors?)\b", FLAGS)


def _heads(part: str, found: tuple[tuple[int, int, int, str], ...]) -> list[tuple[int, int, str]]:
    """(level, start, type) of the words that head their compound in `part`.

    Resource words written one after the other make one compound whose last word is its
    head, the others modifiers (`compute-throughput` is throughput, `memory transfers`
    transfers), unless a modifier is stronger (`memory cost` is memory). A head that names
    compression takes the type of what is compressed (`KV cache compression` is memory).
    A resource word that modifies an error metric names no resource: `energy MAE`.
    """
    if found and _ERROR_AFTER.search(part):
        found = tuple(f for f in found if not _ERROR_AFTER.match(part, f[2]))
    if len(found) < 2:
        return [(level, start, t) for level, start, _, t in found]
    ordered = sorted(found, key=lambda f: (f[1], -f[2]))
    compounds: list[list[tuple[int, int, int, str]]] = []
    for f in ordered:
        last = compounds[-1][-1] if compounds else None
        if last is not None and f[1] < last[2]:
            continue  # inside a longer word of another list
        if last is not None and _JOINED.fullmatch(part, last[2], f[1]):
            compounds[-1].append(f)
        else:
            compounds.append([f])
    out = []
    for words in compounds:
        level = max(w[0] for w in words)
        head = [w for w in words if w[0] == level][-1]
        if fold(part[head[1] : head[1] + 8]).startswith("compress"):
            modifiers = [w for w in words if w is not head and w[3] != "compression"]
            head = modifiers[-1] if modifiers else head
        out.append((level, words[0][1], head[3]))
    return out


def _phrase_after(s: str, end: int, limit: int = 60) -> str:
    """The phrase a quantity governs: up to a stop word, punctuation or the next number.

    A phrase that opens with a conjunction belongs to the next conjunct, not to this
    quantity (`reduces FLOPs by 35% and latency by 28%`).
    """
    tail = s[end : end + limit]
    if "\n" in tail and (item := _NEW_ITEM.search(tail)):
        tail = tail[: item.start()]  # a list's next item is no part of this one
    if rx(r"\s*(?:and|or)\b").match(tail):
        return ""
    # (the next clause's verb may lie past the phrase's limit: `35% faster and the battery
    # consumed per training session decreases`; a clause opens with `and` or `or` in the tail)
    far = " and " in tail or " or " in tail
    clause = _NEXT_CLAUSE.search(s[end : end + 2 * limit] if far else tail)
    if clause:
        tail = tail[: clause.start()]
    m = _STOP.search(tail)
    return tail[: m.start()] if m else tail


_NEW_ITEM = lazy(r"\n[^\S\n]*(?:\n|[*•·\-–#|>]|\d+[.)]\s)")
# A statistic in brackets right after a quantity, which says nothing of what it measures:
# the words after it do.
_STATS_ASIDE = lazy(
    r"\s?\((?:\d{2}\s?%\s*)?(?:CI\b|confidence|±|\+/-|std\b|s\.d\.|SD\b|SE\b|s\.e\.|IQR\b|p\s?[<=≤])"
    r"[^()]{0,60}\)",
    FLAGS,
)
# "... 1.93x inference speedup and reduces FLOPs ...": a verb after `and` starts a new clause.
_NEXT_CLAUSE = Sieved(
    context("next_clause"),
    FLAGS,
)
_PREPOSITION = lazy(
    context("preposition"),
    FLAGS,
)
_NUMBER_OF = lazy(
    r"^\s*(?:the\s+)?(?:total\s+|overall\s+)?(?:number|amount|count|volume)\s+of\s+", FLAGS
)


@lru_cache(maxsize=64)
def _head_after(after: str) -> str:
    """The part of the phrase after a quantity that names what it measures.

    Direction words and their `in`/`of` are kept (`reduction in memory`); from the next
    preposition on the words say where or for what, not what (`by 60% during decoding`).
    """
    m = _DIRECTION.match(after)
    prefix = m.group() if m else ""
    return prefix + _head_words(_NUMBER_OF.sub("", after[len(prefix) :]))


@lru_cache(maxsize=64)
def _object_before(before: str) -> str | None:
    """The object of the last reducing or increasing verb before a quantity, if any:
    `reduce the RAM footprint of on-device inference by` → `the RAM footprint`."""
    verbs = _REDUCE_VERB.finditer(before) + _INCREASE_VERB.finditer(before)
    if not verbs:
        # a conjunct that shares the verb before it: `... by 3.5x and the total delay in ...`
        if _PREPOSITION.search(before) and rx(r"^\s*(?:the|its|their|our)\b").match(before):
            return _PREPOSITION.split(_NUMBER_OF.sub("", before), maxsplit=1)[0]
        return None
    last = max(verbs, key=lambda v: v.end())
    return _head_words(_NUMBER_OF.sub("", before[last.end() :]))


def _head_words(phrase: str) -> str:
    """A noun phrase up to its first preposition, or past an `of` whose complement names
    the resource of a weak head: `the size of the KV cache` is the KV cache's size."""
    cut = _PREPOSITION.search(phrase)
    if cut is None:
        return phrase
    if cut.group().lower() == "of" and _strongest(phrase[: cut.start()]) == 1:
        then = _PREPOSITION.search(phrase, cut.end())
        end = then.start() if then else len(phrase)
        if _strongest(phrase[cut.end() : end]) > 1:
            return phrase[:end]
    return phrase[: cut.start()]


_AND = lazy(r"\band\b")
# An acronym in brackets (`(TTFT)`) names the words before it; other brackets are asides.
_ACRONYM = r"\([A-Za-z][\w-]{0,11}\)"
_ACRONYM_IN_BRACKETS = lazy(_ACRONYM)
_ASIDE = lazy(rf"(?!{_ACRONYM})\([^()]*\)")
_DIGIT_RX = lazy(r"\d")
# A number of its own, not a digit inside a name (`FlashAttention2`, `Qwen2.5-7B`), or a
# quantity in words that ends a conjunct as a number does: `by half and latency by`.
_OWN_NUMBER = lazy(r"(?<![\w.-])\d")
_WORD_QUANTITY = Sieved(
    r"\b(?:by|in)\s+(?:a\s+)?(?:half|third|quarter)\b|\b(?:two|three|four|ten)-?fold\b"
    r"|\b(?:one|two|three)[\s-](?:thirds?|quarters?|fifths?|tenths?)\b",
    FLAGS,
)


def _phrase_before(s: str, start: int, limit: int = 80, conjuncts: bool = True) -> str:
    """The clause before a quantity, back to punctuation or (`conjuncts`) the previous
    conjunct where that holds a number of its own (`reduces FLOPs by 35% and latency by`);
    resources joined with no number between share it (`cut both latency and energy by`)."""
    clause = s[_clause_start(s, max(0, start - limit), start, _CLAUSE_MARKS) : start]
    # a subject set off by an aside between commas: `Energy efficiency, measured in
    # inferences per joule, is 6.8x`: the subject before the aside is the clause's
    at = start - len(clause)
    if s[at - 1 : at] == "," and (aside := _MEASURE_ASIDE.search(s, max(0, at - limit), at)):
        lead = _clause_start(s, max(0, aside.start() - limit), aside.start(), _CLAUSE_MARKS)
        clause = s[lead : aside.start()] + clause
    if "(" in clause:  # an aside read past says nothing of the quantity: blanked, same length
        clause = _ASIDE.sub(lambda m: " " * len(m.group()), clause)
    if conjuncts and (
        quantities := [*_OWN_NUMBER.finditer(clause), *_WORD_QUANTITY.finditer(clause)]
    ):
        # the conjunct after the last number: `by 3.5x and the delay in fetching and ...`
        c = _AND.search(clause, max(quantities, key=lambda m: m.start()).end())
        if c:
            return clause[c.end() :]
    return clause


# An aside that says how a subject is measured, between commas, before its verb.
_MEASURE_ASIDE = lazy(
    r",\s*(?:measured|expressed|counted|reported|defined|given)\s+(?:in|as|by)\s+[^,;.]{1,50},$",
    FLAGS,
)


def _value_of(p: Pattern, m: regex.Match[str]) -> tuple[float, float | None, str] | None:
    """(value, value_min, mode) of a matched quantity; mode tells how context applies.

    None when the numbers make no factor: a zero (`0x`), a fraction of the whole or more
    taken away (`by 1/1`), an exponent past what a float holds. A range is ordered.
    """
    got = _raw_value_of(p, m)
    if got is None:
        return None
    value, value_min, mode = got
    if value_min is not None:
        value, value_min = max(value, value_min), min(value, value_min)
        if not positive(value_min):
            if mode != "percent":
                return None
            value_min = None  # `0% to 40% less memory`: a reduction of up to 40%
    return (value, value_min, mode) if positive(value) else None


_LESS_AFTER = lazy(r"\s+(?:less|fewer|lower|cheaper|smaller)\b", FLAGS)


def _raw_value_of(p: Pattern, m: regex.Match[str]) -> tuple[float, float | None, str] | None:
    kind = p.kind
    if kind == "percent":  # the most common, read without building the groupdict
        return parse_number(m["n"]), None, "percent"
    g = m.groupdict()
    if kind == "times_range":
        return parse_number(g["hi"]), parse_number(g["lo"]), "times"
    if kind in ("times", "bare"):
        return (
            parse_number(g["n"]) * _SCALES.get((g.get("scale") or "").lower(), 1.0),
            None,
            "times",
        )
    if kind == "times_list":
        return _listed_numbers(g["list"])[-1], None, "times"
    if kind == "magnitude":
        n = g["n"].lower()
        orders = 1 if n in ("an", "one") else parse_number(n)
        return (10.0**orders, None, "times") if orders <= _MAX_ORDERS else None
    if kind == "plural_times":
        return _PLURAL[g["w"].lower()], None, "plural"
    if kind == "word":
        return float(_WORD_VALUES[g["w"].lower()]), None, "word"
    if kind == "fraction":
        # the share named: `a third`, `two thirds`
        share = (parse_number(g["parts"]) if g.get("parts") else 1.0) / _FRACTIONS[g["w"].lower()]
        if not 0 < share < 1:
            return None  # `four thirds` is more than the whole
        if _pruned(m.string, m.start(), m.end()):
            return 1 / (1 - share), None, "sparsity"  # `prunes two-thirds of the heads`
        # `by a third`, `a third less`: a third taken away, not a third left
        by = m.group().lower().startswith("by") or bool(_LESS_AFTER.match(m.string, m.end()))
        return 1 / (1 - share) if by else 1 / share, None, "fraction"
    if kind == "slash_fraction":
        d = parse_number(g["d"])
        if not d > 1:
            return None  # `1/1 of the original` is all of it; `by 1/0` is nothing
        by = rx(r"\bby\s+$").search(m.string[max(0, m.start() - 4) : m.start()]) is not None
        return (1 / (1 - 1 / d) if by else d), None, "fraction"
    if kind == "count_of":
        kept, whole = parse_number(g["a"]), parse_number(g["b"])
        return (whole / kept, None, "fraction") if 0 < kept < whole else None
    if kind == "in_half":
        return 2.0, None, "fraction"
    if kind == "fraction_range":
        parts = [parse_number(g[k]) for k in ("lo_n", "lo_d", "hi_n", "hi_d")]
        if not positive(*parts):
            return None
        lo, hi = parts[0] / parts[1], parts[2] / parts[3]
        if max(lo, hi) >= 1:
            return None  # a sparsity of the whole (`1/1`) leaves nothing to divide by
        return 1 / (1 - max(lo, hi)), 1 / (1 - min(lo, hi)), "fraction_by"
    if kind == "percent_range":
        return parse_number(g["hi"]), parse_number(g["lo"]), "percent"
    raise ValueError(kind)


#: Orders of magnitude past this are no factor a float holds (10 ** 308 is its limit).
_MAX_ORDERS = 300


_RATE_UNIT = lazy(
    r"^(?:tokens?/s|tok/s|fps|images?/s|samples?/s|queries/s|requests/s|qps|tflops|it/s|k?hz\b|[a-z]+/s\b|\w+\s+per\s+second)",
    FLAGS,
)
_SIZE_WORDS = lazy(
    r"\b(?:(?:model|its|their|the|file|checkpoint)\s+(?:sizes?|footprints?)|storage|checkpoints?|weights|disk|parameters?|params|"
    r"files?|downloads?)\b",  # a file's size is storage, whatever it holds
    FLAGS,
)
# ... and right after the amounts: `to 80 MB on disk`, `to 512 MB of storage`
_STORED_AFTER = lazy(r"\s?(?:on|of|in)\s+(?:the\s+)?(?:disk|storage|flash)\b", FLAGS)


def _singular(unit: str) -> str:
    """`hours` → `hour`, but `ms` stays `ms`."""
    if ms_per(unit) or unit in _BYTES or not unit.endswith("s"):
        return unit
    return unit[:-1]


def _device_hours(unit: str) -> float:
    """The hours of a unit of device time: GPU days are 24 hours, GPU years 365 days."""
    return 8760.0 if "year" in unit else 24.0 if "day" in unit else 1.0


def _from_to(g: dict[str, str | None], before: str, after: str = "") -> tuple[str, float] | None:
    """A change `from A to B` (the groups `a`, `ua`, `b`, `ub` of `g`): old / new in the
    resource the units or the verb name.

    Times give a speedup, bytes memory (or compression when they measure a model's
    size), rates a speedup of new / old, unitless counts the resource named before.
    """
    g = {**g, "after": after}
    a, b = parse_number(g["a"] or ""), parse_number(g["b"] or "")
    if not positive(a, b):
        return None
    ub = (g.get("ub") or "").lower()
    ua = (g.get("ua") or "").lower() or (ub if ub not in _SCALES else "")
    if _same_scale(ua, ub) and not rx(r"\s?param|\s?weights").match(
        g.get("tail") or ""
    ):  # counts written with a scale: "from 32k entries to 4k"
        a, b, ua, ub = a * _SCALES[ua or ub], b * _SCALES[ub], "", ""
    if g.get("money"):  # a cost in money: compute and money are one resource
        old = a * _SCALES.get(ua, 1.0)
        # the new amount shares the old one's scale (`from $118k to $64k`) unless it is
        # written in full (`from $1.2 million to $48,000`)
        new = b * _SCALES.get(ub or ua, 1.0)
        if not ub and new >= old:
            new = b
        return ("compute_reduction", old / new) if old > new else None
    if ub.endswith("b/s") and ub[:-2] in _BYTES and (not ua or ua.endswith("b/s")):
        # a bandwidth: data moved per second, a data volume
        old, new = a * _BYTES[ua[:-2] if ua else ub[:-2]], b * _BYTES[ub[:-2]]
        return ("compression", old / new) if old > new else None
    if ub.endswith("bps") or ub.endswith("bit/s"):
        scale = {"k": 1e3, "m": 1e6, "g": 1e9}
        old, new = a * scale.get(ua[:1], 1.0), b * scale.get(ub[:1], 1.0)
        return ("compression", old / new) if old > new else None  # a bitrate is data volume
    if ub and _RATE_UNIT.match(ub) and (not ua or ua == ub or _RATE_UNIT.match(ua)):
        hertz = {"hz": 1.0, "khz": 1e3, "mhz": 1e6, "ghz": 1e9}  # `1 kHz instead of 100 Hz`
        return "speedup", (b * hertz.get(ub, 1.0)) / (a * hertz.get(ua or ub, 1.0))
    if rx(r"(?:node|gpu|tpu|core|cpu|chip|accelerator)[\s-]?(?:hours?|days?|years?)", 0).match(ub):
        old, new = a * _device_hours(ua or ub), b * _device_hours(ub)
        return ("compute_reduction", old / new) if old > new else None
    scales = _energy_scales(g.get("ua") or "", g.get("ub") or "")
    if scales is not None:  # `from 1.9 W to 35 mW`: power or energy, in any of its units
        old, new = a * scales[0], b * scales[1]
        return ("energy_reduction", old / new) if old > new else None
    ua, ub = _singular(ua), _singular(ub)
    ta, tb = ms_per(ua), ms_per(ub or ua)
    if ta and tb and _BATTERY.search(before[-60:]):
        # a battery that lasts longer on the same charge: less power drawn
        return ("energy_reduction", (b * tb) / (a * ta)) if b * tb > a * ta else None
    if ta and tb:
        return "speedup", (a * ta) / (b * tb)
    if not ua and ms_per(ub):
        return "speedup", a / b
    if ub in _BYTES and (not ua or ua in _BYTES):
        old, new = a * _BYTES[ua or ub], b * _BYTES[ub]
        if old <= new:
            return None  # a growing amount or a span of sizes, not a saving
        # `its RAM footprint from`, `exchange`; the head before a modifier first: `total
        # index memory for a billion-vector index falls from` is memory
        named = resources_in(_MODIFIER.split(before, maxsplit=1)[0], nearest_last=True)
        named = named or resources_in(before, nearest_last=True)
        if named and named[-1] in ("memory_reduction", "compression"):
            return named[-1], old / new  # the last conjunct's, nearest the amounts
        obj = _object_before(before)
        stored = (
            _SIZE_WORDS.search(before)
            or _STORED_AFTER.match(after)  # `to 80 MB on disk`
            or _SENDS.search(before)  # `each round transmits 4.4 MB instead of 980 MB`: data sent
            or (obj and _SHRUNK_OBJECT.search(obj) and _SHRINK_VERB.search(before))
        )  # `shrinks the model from 450 MB to 80 MB`: a model's size
        return ("compression" if stored else "memory_reduction"), old / new
    if ub in _SCALES and (not ua or ua in _SCALES):
        # "reduces the model from 340M to 66M parameters", "shrinking the model from 1.2B to
        # 77M parameters"; "models from 0.4B to 4B" is a span
        old, new = a * _SCALES[ua or ub], b * _SCALES[ub]
        if (
            old > new
            and _REDUCE_VERB.search(before)
            and rx(r"\s?param|\s?weights").match(g.get("tail") or "")
        ):
            return "compression", old / new
        return None
    if ua == ub and ua in ("flop", "gflop", "tflop", "mac", "gmac"):
        return "compute_reduction", a / b
    if not ua and not ub:
        obj = _object_before(before)
        after_b = _PREPOSITION.split(
            rx(r"[,;:.()]", 0).split(g.get("after") or "", maxsplit=1)[0], maxsplit=1
        )[0]
        types = resources_in(after_b) or resources_in(
            obj if obj and resources_in(obj) else before, nearest_last=True
        )
        if types and types[0] != "speedup" and a > b:
            return types[0], a / b
        if types and types[0] == "speedup":
            rate = rx(
                r"\b(?:throughput|tokens|queries|requests|fps|frame\s+rate|speed|qps|samples)\b"
            ).search(before + after_b)
            return "speedup", (b / a) if rate else (a / b)
    return None


#: Units of power and of energy, as written (`mJ` is not `MJ`), in watts and joules.
_POWER_UNITS = table("power_units")
_ENERGY_UNITS = table("energy_units")


def _same_scale(ua: str, ub: str) -> bool:
    """Whether `ub` is a scale (`m`, `million`) and `ua` none or the same one."""
    return ub in _SCALES and (not ua or _SCALES.get(ua) == _SCALES[ub])


def _energy_scales(ua: str, ub: str) -> tuple[float, float] | None:
    """The scales of the units of `from A ua to B ub` when both measure power or both
    energy (a unit written once is both ends'), else None."""
    for units in (_POWER_UNITS, _ENERGY_UNITS):
        if ub in units and (ua or ub) in units:
            return units[ua or ub], units[ub]
    return None


#: changes named as such before the percentages they range over (`savings range from 30% to
#: 55%`, `gains range between 20% and 35%`, `the throughput gain is 22%`): the noun says
#: which way they go
_CHANGES_FROM = lazy(
    r"\b(?:(?P<down>savings?|reductions?|cuts?|decreases?)|(?P<up>speed-?ups?|gains?|increases?))\b"
    # (what changes may be named: `the reduction in decoded tokens lies between`)
    r"(?:\s+in\s+(?:[\w-]+\s+){0,2}?[\w-]+(?=\s+(?:is|are|was|were|lies|lie|lay|range[sd]?|var(?:y|ies|ied)|reach(?:es|ed)?|amounts?|stands?|totals?)\b))?"
    # only words that say how big the change is, none that changes it (`savings shrink 20%`)
    r"(?:\s+(?:is|are|was|were|lies|lie|lay|of|range[sd]?|ranging|var(?:y|ies|ied|ying)|reach(?:es|ed)?|"
    r"amounts?\s+to|stands?\s+at|totals?|up\s+to|about|around|roughly|nearly|over|from|between|"
    # a change that comes to a new size: `on math-heavy workloads the saving falls to 12%`
    r"(?:falls?|fell|drops?|dropped|shrinks?|shrank|narrows?|rises?|rose|grows?|grew)\s+to)){0,3}"
    r"\s+$",
    FLAGS,
)


# The share of a population a test or roll-out reaches (`an A/B test on 5% of traffic`,
# `rolled out to 10% of users`): who was measured, no saving.
_EXPOSED_BEFORE = lazy(r"\b(?:on|to|for|across)\s+(?:about\s+|roughly\s+|only\s+)?$", FLAGS)
_EXPOSED_AFTER = lazy(
    r"\s?of\s+(?:(?:the|our|all|its)\s+)?(?:[\w-]+\s+)?(?:traffic|users|sessions|visitors|customers)\b",
    FLAGS,
)


def _percent_value(
    s: str, start: int, end: int, p: float, after: str, before: str, verb_at: int | None = None
) -> tuple[float, str] | None:
    """Factor and a note on direction for a percentage, or None when it is no ratio."""
    run_on = _RUN_ON_BEFORE.search(before)
    if run_on and not run_on.group().lower().startswith("evaluat") and p > 0:
        # a model invoked on a share of the queries is run less, though a share of queries
        # alone is no claim (`fails on 3% of queries`)
        if _OF_AFTER.match(s[end : end + 8]):
            return 100 / p, "fraction"
    if _NOT_CLAIM_AFTER.match(s[end : end + 120]) or p <= 0:
        return None
    if _EXPOSED_BEFORE.search(before) and _EXPOSED_AFTER.match(s, end, end + 60):
        trace.note("veto", "ratio.percent.exposed", start, end, "an A/B test on 5% of traffic")
        return None
    if _pruned(s, start, end):
        return (1 / (1 - p / 100), "sparsity") if p < 100 else None
    if _RUN_ON_BEFORE.search(before) and _OF_AFTER.match(s[end : end + 8]):
        return 100 / p, "fraction"  # "invokes the detector on only 7% of frames"
    if _FRACTION_BEFORE.search(before) and (
        _OF_AFTER.match(s[end : end + 120])
        or (not _DIRECTION.match(after) and _strongest(_head_after(after)) == 2)
    ):
        return 100 / p, "fraction"  # "uses only 5% of the memory", "requires 25% wall-clock time"
    if _SHARE_DONE_AFTER.match(s, end, end + 100):
        return 100 / p, "fraction"  # "only 12% of synaptic operations are executed"
    if (
        _AT_BEFORE.search(before) or _APPOSED_SHARE_BEFORE.search(s, max(0, start - 100), start)
    ) and _of_cost_after(s, end):
        return 100 / p, "fraction"  # "at 26% of the cost", "at just 2% of the memory"
    if _CUT_SHARE_BEFORE.search(s, max(0, start - 40), start) and _OF_AFTER.match(s[end : end + 8]):
        return (1 / (1 - p / 100), "reduce") if p < 100 else None  # "decreases 52% of X"
    verb_at = start if verb_at is None else verb_at
    # a later member of a list reads the words before the first: `to 10% and 12%`
    at = verb_at if _DIGIT_RX.search(s, verb_at, start) else start
    # a change named as such before it says its size, also where it comes `to` a new one
    # (`the saving falls to 12%`)
    changes = _CHANGES_FROM.search(s, max(0, verb_at - 70), verb_at)
    to = _TO_BEFORE.search(s[max(0, at - 30) : at])
    if (
        to
        and not changes
        and (_REDUCE_VERB.search(before) or to.group().lower().startswith("down"))
    ):
        return 100 / p, "fraction"  # "cuts X to 25%", "brings latency down to 25% of"
    if _REDUCE_AFTER.match(after):
        return (1 / (1 - p / 100), "reduce") if p < 100 else None
    if _SLOWER_AFTER.match(after):
        return 1 + p / 100, "slower"  # whose is slower, `_read_percent` decides
    if _INCREASE_AFTER.match(after):
        return 1 + p / 100, "increase"
    if _MINUS_BEFORE.search(s, max(0, start - 3), start):  # "changes decoding time by -38%"
        return (1 / (1 - p / 100), "reduce") if p < 100 else None
    if _PLUS_BEFORE.search(s, max(0, start - 3), start):  # "decode thpt +48%"
        return 1 + p / 100, "increase"
    if changes and changes["down"]:
        return (1 / (1 - p / 100), "reduce") if p < 100 else None
    if changes:
        return 1 + p / 100, "increase"
    if _DIRECT_REDUCE.search(s[max(0, verb_at - 30) : verb_at]) or _REDUCE_OBJECT.search(
        s[max(0, verb_at - 60) : verb_at]
    ):
        return (1 / (1 - p / 100), "reduce") if p < 100 else None
    if _DIRECT_INCREASE.search(s[max(0, verb_at - 30) : verb_at]):
        return 1 + p / 100, "increase"  # "FPS improved 71%", "throughput rises 35%"
    if _OF_USED_AFTER.match(s[end : end + 120]) or _OF_PROCESSED_AFTER.match(s[end : end + 120]):
        return 100 / p, "fraction"  # "8% of the compute used by ...", "12% of tiles are processed"
    if _OF_REMOVED_AFTER.match(s[end : end + 120]):
        return (1 / (1 - p / 100), "reduce") if p < 100 else None  # "80% of X is skipped"
    # the words right before (`by up to`) are in its last 60 characters: the end-anchored
    # tests read only those, not the whole zone
    if rx(r"\b(?:by|of|in)\s+(?:\w+\s+){0,3}$", 0).search(s, max(0, start - 60), start):
        verb_zone = _verb_zone(s, start)
    else:
        verb_zone = s[
            max(0, verb_at - 70) : verb_at
        ]  # a later member of a list: the verb is before the first
    if (
        rx(r"\bby\s+(?:\w+\s+){0,3}$", 0).search(verb_zone[-60:])
        or rx(r"\b(?:of|in)\s+$", 0).search(verb_zone[-60:])
        or rx(r"\b(?:of|in)\s+$", 0).search(s[max(0, verb_at - 20) : verb_at])
        # a later member of `by 27% and 18%`, whose `by` is in the list's own bound
        or (at != start and rx(r"\bby\b", 0).search(s, verb_at, start) is not None)
    ):
        red = _REDUCE_VERB.finditer(verb_zone)
        inc = _INCREASE_VERB.finditer(verb_zone)
        if red and (not inc or red[-1].start() > inc[-1].start()):
            return (1 / (1 - p / 100), "reduce") if p < 100 else None
        if inc:
            return 1 + p / 100, "increase"
        if _GAIN_THAN.search(verb_zone):  # "faster than the baseline by over 40%"
            return 1 + p / 100, "increase"
    if _SHARED_REDUCTION.match(s, end, end + 120):
        return (
            (1 / (1 - p / 100), "reduce") if p < 100 else None
        )  # "80% memory and a 20% FLOPs reduction"
    return None


# A percentage whose resource follows it and whose direction comes after the next one:
# `up to 80% memory and a 20% FLOPs reduction`.
_SHARED_REDUCTION = lazy(
    expand(
        r"\s?(?:[\w-]+\s){1,2}(?:and|or)\s+(?:an?\s+)?(?:up\s+to\s+)?\d[\d.,]*{PCT}\s+"
        r"(?:[\w-]+\s){0,2}(?:reductions?|savings?|decreases?|cuts?)\b",
        macros(),
    ),
    FLAGS,
)


# A minus sign written before a percentage, after a space or bracket: `by -38%`, `(-12%)`.
_MINUS_BEFORE = lazy(r"(?:^|(?<=[\s(]))-$")
# ... and a plus sign right after what rises, as notes write it: `decode thpt +48%` (not
# `by +6.5%` or `up to +23%`, whose words before say no more than the sign does)
_PLUS_BEFORE = lazy(r"(?<=[A-Za-z0-9)]:?\s)(?<!\b(?:by|to|of|at|in|and|or)\s)\+$")


def _verb_zone(s: str, start: int) -> str:
    """Where the verb that gives a percentage its direction may be: up to 160 characters
    back, within its clause, commas included (`reduces the response length of
    Qwen-1.5B by 53%`, `reduces A by 8x, and B by 36%`). The clause's start is found with
    `str.rfind`, mark by mark: a regex searched backwards costs several times more."""
    return s[_clause_start(s, max(0, start - 160), start, _ZONE_MARKS) : start]


def _clause_start(s: str, lo: int, start: int, marks: tuple[str, ...]) -> int:
    """Where the clause that ends at `start` begins, no earlier than `lo`: after the last
    of the `marks` that ends a clause (`_ends_clause`)."""
    cut = lo
    for mark in marks:
        i = s.rfind(mark, cut, start)
        while i != -1 and not _ends_clause(s, i, mark, lo, start):
            i = s.rfind(mark, cut, i)
        if i != -1:
            cut = i + len(mark)
    return cut


#: What ends the clause before a percentage; a full stop before a digit is a decimal
#: point, brackets closed before the quantity (an acronym, `the time to first token
#: (TTFT) by`, or an aside, `on the benchmark (113 queries) by`) belong to the clause,
#: and so does a label set before the quantity with a colon (`throughput: +25%`).
_ZONE_MARKS = (";", ":", "[", "]", ".", "(", ")", " while ", " whereas ", " but ")
#: ... and a comma, for the clause a quantity's own words are read in.
_CLAUSE_MARKS = (",", *_ZONE_MARKS)


def _ends_clause(s: str, i: int, mark: str, lo: int, end: int) -> bool:
    """Whether the `mark` at `i` ends the clause that ends at `end`, searched from `lo`
    (see `_ZONE_MARKS`)."""
    if mark == ".":
        return not s[i + 1 : i + 2].isdigit()
    if mark == ",":  # a thousands separator (`per 1,000 tasks`) ends nothing
        return not (s[i - 1 : i].isdigit() and s[i + 1 : i + 2].isdigit())
    if mark == "(":  # an aside closed before the quantity is read past (`(113 queries)`)
        closed = s.find(")", i, end)
        return closed == -1 and _ACRONYM_IN_BRACKETS.match(s, i) is None
    if mark == ")":
        opened = s.rfind("(", lo, i)
        return opened == -1
    if mark == ":":  # a label whose value the quantity is ends nothing: `goodput: +64%`
        return bool(s[i + 1 : end].strip(" +-−~≈"))
    return True


# A verb right before the percentage: "saves 62% of VRAM", "cuts 40% of the FLOPs".
_DIRECT_REDUCE = Sieved(
    r"\b(?:sav(?:e|es|ed|ing)|cut(?:s|ting)?|reduc(?:e|es|ed|ing)|trim(?:s|med|ming)?|shav(?:e|es|ed|ing)|lower(?:s|ed|ing)?|eliminat\w*|skip(?:s|ped|ping)?|remov\w*"
    # a resource that falls a share, as news and notes write it: "FLOPs drop 62%"
    r"|drop(?:s|ped|ping)?|fall(?:s|ing)?|fell|decreas(?:e|es|ed|ing)|declin(?:e|es|ed|ing)|shr[iu]nk(?:s|ing)?|plung\w*|tumbl\w*"
    # a note's bare `down`: "peak GPU memory down 35%"
    r"|down(?:\s+(?:about|around|~))?)\s+$",
    FLAGS,
)
# The same with the resource between verb and share, and no `by`, as non-native writers
# put it: "reduce communication 97%", "the training time is decreased 31%".
_REDUCE_OBJECT = Sieved(
    r"\b(?:reduc(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)|sav(?:e|es|ed|ing)|cut(?:s|ting)?|lower(?:s|ed|ing)?)"
    r"\s+(?:(?!by\b|to\b|of\b|in\b)[\w-]+\s+){0,3}(?:about\s+|around\s+|nearly\s+|approximately\s+)?$",
    FLAGS,
)
# A verb of rising right before a share, with no `by`, as notes and non-native writers put
# it: "FPS improved 71%", "throughput rises 35%".
_DIRECT_INCREASE = Sieved(
    r"\b(?:improv(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|ris(?:e|es|en|ing)|rose|grow(?:s|n|ing)?|grew"
    r"|boost(?:s|ed|ing)?|accelerat(?:e|es|ed|ing)|climb(?:s|ed|ing)?|jump(?:s|ed|ing)?)"
    r"\s+(?:about\s+|around\s+|nearly\s+|approximately\s+)?$",
    FLAGS,
)
_GAP_BEFORE = Sieved(r"\bgaps?\s+of\s+$", FLAGS)
_SETTINGS_SPAN = Sieved(context("settings_span"), FLAGS)
_WORKLOAD_COUNT_AFTER = lazy(context("workload_count_after"), FLAGS)

# A number alone after "and" that repeats the previous claim for another setting (`and by
# 2.6x on`, `and by a factor of 50 relative to`).
_ELLIPSIS = lazy(r"^\s*(?:and\s+)?(?:by\s+|to\s+)?(?:an?\s+)?$", FLAGS)
# The second of two things just compared, with a bare factor: `; the latter achieves 8x`.
_LATTER = lazy(
    r"^\s*(?:and\s+|while\s+|whereas\s+)?the\s+(?:latter|second|other)(?:\s+one)?\s+"
    r"(?:achieves?|reaches?|gives?|yields?|gets?|attains?|brings?|manages?)\s*$",
    FLAGS,
)
_ELLIPSIS_AFTER = lazy(
    r"^\s*(?:on|for|in|at|with|when|under|compared|relative|versus|vs\b|against|over|"
    r"excluding|including|without|if|once|of|"
    # a comparative with no noun of its own: `44% fewer tool calls than X and 29% fewer than Y`
    r"(?:fewer|less|lower|smaller|cheaper)\s+than)\b",
    FLAGS,
)


def _repeats_verb(s: str, lead: str, before: int) -> bool:
    """Whether the words before a quantity repeat, after `and`, the verb right before the
    claim at `before`: `keeping 15% of visual tokens ..., and keeping 5%` keeps the same."""
    again = _AND_AGAIN.match(lead)
    if again is None:
        return False
    verb = _VERB_BEFORE.search(s, max(0, before - 40), before)
    return verb is not None and verb["v"].lower() == again["v"].lower()


_AND_AGAIN = lazy(
    r"^\s*(?:and|while|whereas|but)\s+(?:still\s+)?(?P<v>[a-z]+)\s+(?:only\s+|just\s+)?$", FLAGS
)
_VERB_BEFORE = lazy(r"\b(?P<v>[a-z]+)\s+(?:only\s+|just\s+)?$", FLAGS)


def _names_own_resource(after: str) -> bool:
    """Whether the words after a quantity name what it measures: `and 62 times on FLOPs`
    and `and 2.85x in area efficiency` measure their own (a resource, or one outside the
    five), where `and 12% on hard ones` shares the one before."""
    named = _MEASURED_ON.match(after) or _MEASURED_IN.match(after) or _OF_WHAT.match(after)
    if named is None:
        return False
    what = named["what"]
    return _strongest(what) > 1 or bool(
        _NOT_RESOURCE.search(what) or _METRIC.search(what) or _CARBON.search(what)
    )


# ... or the share's own `of` phrase: `and 60% of carbon emissions`, not `and 50% of MLP channels`
_OF_WHAT = lazy(r"^\s?of\s+(?:the\s+|its\s+|their\s+)?(?P<what>[^,;.()]{1,40})", FLAGS)


_LIST_GAP = lazy(r"^\s{0,2}(?:,\s{0,2}(?:and\s+|or\s+)?|and|or|/|&)\s{0,2}$", FLAGS)


@family("ratio", RATIO_TYPES, PATTERNS)
def find_ratios(s: str, facts: Facts) -> list[Found]:
    """Ratio claims in one normalised sentence.

    Quantities listed together (`5.8x/3.7x faster`, `2.24x and 4.90x better energy
    efficiency`) share the words around the list: the resource after the last and
    the verb and bound before the first.
    """
    matches: list[tuple[Pattern, regex.Match[str]]] = []
    taken = Spans()
    for p, m in PATTERNS.scan(s, facts):
        a, b = m.span()
        if taken.overlaps(a, b):
            continue
        taken.add(a, b)
        matches.append((p, m))
    matches.sort(key=lambda pm: pm[1].start())
    groups: list[list[tuple[Pattern, regex.Match[str]]]] = []
    for pm in matches:
        if (
            groups
            and _LIST_GAP.match(s[groups[-1][-1][1].end() : pm[1].start()])
            and (
                pm[0].kind == groups[-1][-1][0].kind
                or _RESPECTIVELY.match(s, pm[1].end(), pm[1].end() + 120)
            )
        ):
            groups[-1].append(pm)  # a list: `5.8x/3.7x`, `by 12% and 3x, respectively`
        else:
            groups.append([pm])
    out: list[Found] = []
    carried: list[str] = []
    for group in groups:
        first, last = group[0][1], group[-1][1]
        forced = _respectively(s, first.start(), last.end(), len(group)) if len(group) > 1 else []
        if (
            not forced
            and carried
            and len(carried) == len(group)
            and not resources_in(_phrase_before(s, first.start()))
        ):
            forced = carried  # "... by 49% and 89% ..., and by 37% and 55% ..."
        if forced:
            carried = forced
        inherit = [out[-1].type] if out else None
        lead = _phrase_before(s, bound_before(s, first.start())[1]) if inherit else ""
        if (
            not forced
            and inherit
            and (
                _ELLIPSIS.match(lead)
                and _ELLIPSIS_AFTER.match(s[last.end() : last.end() + 40])
                or _LATTER.match(lead)
                or _repeats_verb(s, lead, out[-1].start)
            )
            and not _names_own_resource(s[last.end() : last.end() + 60])
        ):
            # "... 45% of FLOPs on easy inputs and 12% on hard ones"; "the former reduces
            # memory by 5x; the latter achieves 8x"
            forced = inherit * len(group)
        total = _total_of_parts(s, out, first.start(), last.end()) if not forced else None
        if total is not None:
            forced = [total.type] * len(group)  # "24x smaller (8x from pruning, 3x from ...)"
        for i, (p, m) in enumerate(group):
            if forced and not forced[i]:
                trace.note(
                    "veto", "ratio.listed_other", m.start(), m.end(), "paired with no resource"
                )
                continue
            out.extend(
                _interpret(
                    s,
                    p,
                    m,
                    first.start(),
                    last.end(),
                    forced[i] if forced else None,
                    inherit,
                    facts,
                )
            )
    return out + _sequels(s, out) if out else out


# A bare number after a factor, in another setting: the factor's elliptical sequel (`by a
# factor of up to 12, and up to 20 when combined with recomputation`, `3.2x faster, and
# 4.1 with paged inputs`). No pattern matches such a number on its own: read from every
# number, the words after it would be tried at nearly every number of every text.
_SEQUEL = lazy(
    # (a digit inside a name between is no number: `by a factor of 7.5 on GSM8K and 5.2 on X`)
    r"(?:[^.;,\d]|(?<=[A-Za-z])\d+){0,40}?,?\s+and\s+(?:(?:up\s+to|about|around|roughly|over)\s+)?(?P<n>\d+(?:\.\d+)?)"
    r"(?![\w%×]|\.\d|\s?(?:%|percent|times))"
    r"(?=\s+(?:with|when|for|on|in|under|at|using|if|once)\b)",
    FLAGS,
)
# ... and after a share kept, another share kept in another setting: `keeping 64 of 576
# tokens for X and 160 of 2,880 for Y`.
_COUNT_SEQUEL = lazy(
    r"(?:[^.;]|\.(?=\d)){0,60}?,?\s+and\s+(?P<a>\d{1,6})\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?"
    r"(?P<b>\d{1,3}(?:,\d{3})+|\d{1,7})(?![\d.,%])",
    FLAGS,
)


def _factor_sequel(s: str, m: regex.Match[str]) -> tuple[str, int, int, float]:
    """Bound, span and value of a factor's sequel: its number, and the bound before it."""
    bound, start = bound_before(s, m.start("n"))
    return bound, start, m.end("n"), parse_number(m["n"])


def _share_sequel(s: str, m: regex.Match[str]) -> tuple[str, int, int, float]:
    """Bound, span and value of a kept share's sequel: the whole over the part kept."""
    kept, whole = parse_number(m["a"]), parse_number(m["b"])
    value = whole / kept if positive(kept, whole) and whole > kept else 0.0
    return "eq", m.start("a"), m.end("b"), value


_Sequel = Callable[[str, regex.Match[str]], tuple[str, int, int, float]]
#: the rules whose claims a sequel can follow, with the expression that finds it and the
#: reading of what it found
_SEQUEL_OF: dict[str, tuple[regex.Pattern[str], _Sequel]] = {
    "ratio.times": (_SEQUEL, _factor_sequel),
    "ratio.factor_of": (_SEQUEL, _factor_sequel),
    "ratio.count_of": (_COUNT_SEQUEL, _share_sequel),
}


def _sequels(s: str, found: list[Found]) -> list[Found]:
    """The elliptical sequels of the claims `found` in the sentence `s`."""
    out = []
    taken = {f.start for f in found}
    for f in found:
        sequel = _SEQUEL_OF.get(f.rule)
        if sequel is None:
            continue
        rx, read = sequel
        m = rx.match(s, f.end)
        if m is None or m.start(1) in taken:  # (group 1: its first number)
            continue
        bound, start, end, value = read(s, m)
        if positive(value) and value != 1:
            trace.note("reading", "ratio.elliptical", start, end, f.type)
            out.append(Found(f.type, value, start, end, "ratio.elliptical", bound))
    return out


_PART_AFTER = lazy(
    r"\s?(?:[×x]\s)?(?:from|due\s+to|via|thanks\s+to|through|by|with|owing\s+to|comes?\s+from)\b",
    FLAGS,
)


def _total_of_parts(s: str, found: list[Found], start: int, end: int) -> Found | None:
    """The claim whose total the numbers in a parenthesis after it split into parts:
    `24x smaller (8x from pruning, 3x from quantisation)` are compression too."""
    opened = s.rfind("(", 0, start)
    if opened == -1 or ")" in s[opened:start] or not _PART_AFTER.match(s, end):
        return None
    before = [f for f in found if f.end <= opened]
    return before[-1] if before else None


def _respectively(s: str, start: int, end: int, n: int) -> list[str]:
    """Types paired one to one with a list of n numbers by `respectively`; a member whose
    resource is outside the five pairs with `""`, so that its number is dropped, not
    shifted onto its neighbour (`reduces perplexity, latency and memory by 4%, 31% and
    58%, respectively`)."""
    said = "respectively" in s[max(0, start - 60) : end + 300].lower()
    series = None if said else _SERIES_AFTER.match(s[end : end + 160])
    if series:  # `2.6x, 17x and 2.8x better throughput, energy efficiency and area efficiency`
        members = [p for p in _LIST_SPLIT.split(series["list"]) if p.strip()]
        types = [_member_type(p) for p in members]
        named = {t for t in types if t}
        if len(members) == n and None not in types and len(named) >= 2:
            return [t or "" for t in types]
    tail = _RESPECTIVELY_TAIL.match(s[end : end + 160]) if said else None
    if tail:  # `..., for A and B, respectively`: a series of resources, or of settings
        phrase = tail["list"]
    elif said and _strongest(_head_after(_phrase_after(s, end))) > 2:
        # a head word after the numbers is theirs, and the series before them settings:
        # `decoding OPT-13B and LLaMA-2-70B with pruned weights is 1.8x and 2.1x faster`
        return []
    else:  # the series before the numbers: `lowers FLOPs, energy and storage by`
        window = s[max(0, start - 160) : start].replace("respectively", "")
        stop = _LIST_CLAUSE_STOP.search(window)
        phrase = _TRAILING_BY.sub("", window[stop.end() :] if stop else window)
    verbs = _REDUCE_VERB.finditer(phrase) + _INCREASE_VERB.finditer(phrase)
    if not said:  # the series is the object of the verb before the numbers
        if not verbs:
            return []
        phrase = phrase[max(v.end() for v in verbs) :]
    elif verbs and not tail:
        # said, the series may follow its verb (`... on Gaudi 3 reduced p95 latency, peak
        # memory and carbon by`) or come before it (`FLOPs and memory are reduced by`)
        obj = phrase[max(v.end() for v in verbs) :]
        if len([p for p in _LIST_SPLIT.split(obj) if p.strip()]) >= n:
            phrase = obj
    members = [p for p in _LIST_SPLIT.split(phrase) if p.strip()]
    parts = members[-n:]
    if len(parts) < n or any(_OWN_NUMBER.search(p) for p in parts):
        return []  # not one member for each number, or numbers of another series
    types = [_member_type(p) for p in parts]
    if all(t is None for t in types):
        return []  # no member names anything known: nothing to pair
    unknown = [i for i, t in enumerate(types) if t is None]
    first = next((i for i, t in enumerate(types) if t), n)
    if unknown and not (said and len(members) == n and unknown[0] > first):
        return []  # a member names nothing known: no pairing can be trusted
    # said, with one member for each number, a member after a resource that names nothing
    # known is some other quantity (`trims VRAM usage and popping artefacts by 63% and
    # 40%, respectively`): its number is dropped, as one outside the five is; one before
    # may be a modifier of a shared head (`prefill and verification phases`)
    if not said and (len(members) != n or "" in types or len(set(types)) < 2):
        # unsaid, the order pairs only a series of as many distinct resources as numbers
        # (`reduces latency, energy and memory by 2.3x, 3.1x and 1.7x`)
        return []
    return [t or "" for t in types]


def _member_type(part: str) -> str | None:
    """The resource a member of a listed series names; `""` when it names one outside the
    five (chip area, carbon, a metric, a spread), None when it names nothing known."""
    if (
        _NOT_RESOURCE.search(part)
        or _CARBON.search(part)
        or _METRIC.search(part)
        or _SPREAD.search(part)
    ):
        return ""
    found = resources_in(part, nearest_last=True)
    return found[0] if found else None


# A series of resources after a list of factors, paired in order: `2.6x, 17x and 2.8x
# better throughput, energy efficiency and area efficiency`.
_SERIES_AFTER = lazy(
    r"\s?(?:better|higher|lower|less|more|fewer|smaller|greater)\s+"
    r"(?P<list>[^;.()]{1,100}?)(?=\s*(?:[;.()]|$|\s(?:than|over|compared|relative|versus|vs)\b))",
    FLAGS,
)
_RESPECTIVELY = lazy(r"(?:[^.;]|\.(?=\d)){0,100}?\brespectively\b", FLAGS)
_RESPECTIVELY_TAIL = lazy(
    r"^[^;.()]{0,100}\b(?:for|in|on|of|across|under|with)\s+"
    r"(?P<list>[^;.()]{1,80}?)\s*,?\s*respectively",
    FLAGS,
)
# Where the series before a list of numbers begins, and what joins its members.
_LIST_CLAUSE_STOP = lazy(r"[;:()\[\]]|\.(?!\d)|\b(?:while|whereas|but)\b", regex.REVERSE)
_LIST_SPLIT = lazy(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*/\s*", FLAGS)
_TRAILING_BY = lazy(
    r"(?:\s+(?:by|of|to|at)(?:\s+(?:up\s+to|about|around|nearly|over|roughly|an?))?)?\s*$", FLAGS
)


# Words that only say which way a quantity goes; what follows them names the resource.
_DIRECTION = lazy(
    r"^\s?(?:in\s+(?:the\s+)?)?(?:(?:less|lower|fewer|smaller|larger|bigger|higher|more|better|greater|faster|quicker|shorter|compact|compacter|lighter|slimmer|reduction|reductions|increase|increased|improvement|improvements|enhancements?|decrease|savings?|saved|boost|gain|gains|cut|drop|cheaper)\b\s?(?:in|of)?\s?(?:the\s+)?)+",
    FLAGS,
)


def _content_after(after: str) -> str:
    """The words after a quantity that could name what it measures.

    Direction words are dropped, and so is everything from a preposition or a baseline's
    opening on (`by 60% in our experiments`, `of 64% respect to YOLOv8-m`, `to 1.38x the
    uncapped baseline`).
    """
    return _CONTENT_END.split(_DIRECTION.sub("", after), maxsplit=1)[0].strip()


_CONTENT_END = lazy(
    r"\b(?:in|during|across|within|among|from|to|by|of|under|into|per|and|or|while|which"
    r"|respect|relative|compared|versus|vs|against)\b|" + context("standard_after"),
    FLAGS,
)


@dataclass
class _Reading:
    """One matched quantity being read: where it and its list are, the words around it,
    and what has been decided of it so far (its value, the resources it improves)."""

    s: str
    p: Pattern
    m: regex.Match[str]
    group_start: int  # the first and last quantity of the list it is in
    group_end: int
    forced: str | None  # the resource a list or `respectively` gives it
    inherit: list[str] | None  # the resource of the claim before it
    facts: Facts  # the sentence's: the acronyms its text defines, the text, where it starts
    by_term: bool = False  # the resource came from a term the text defined
    capacity: bool = False  # the resource is the memory that a larger model or input fits
    bound: str = "eq"
    start: int = 0  # where the claim's text starts (its bound's words included)
    verb_at: int = 0  # where the words before the list's bound end
    bound_end: int = 0  # where the quantity ends with a bound after it (`10+%`)
    before: str = ""
    after: str = ""
    of_phrase: str = ""
    value: float = 0.0
    value_min: float | None = None
    mode: str = ""
    direction: str = ""
    types: list[str] = field(default_factory=list)

    @property
    def a(self) -> int:
        return self.m.start()

    @property
    def b(self) -> int:
        return self.m.end()

    @property
    def head(self) -> str:
        """What the words after the quantity name (`_head_after`)."""
        return _head_after(self.after)

    @property
    def obj(self) -> str | None:
        """The object of the last reducing or increasing verb before it."""
        return _object_before(self.before)


@dataclass(frozen=True)
class Veto:
    """A test that drops a quantity however it reads: `id` names it in `effclaims
    explain`, `why` says what the quantity is instead."""

    id: str
    why: str
    holds: Callable[[_Reading], bool]


def _vetoed(vetoes: tuple[Veto, ...], r: _Reading) -> bool:
    """Whether one of `vetoes` holds for `r` (the first that does is noted)."""
    for veto in vetoes:
        if veto.holds(r):
            trace.note("veto", veto.id, r.a, r.b, veto.why)
            return True
    return False


def _interpret(
    s: str,
    p: Pattern,
    m: regex.Match[str],
    group_start: int,
    group_end: int,
    forced: str | None,
    inherit: list[str] | None,
    facts: Facts,
) -> list[Found]:
    """The claims a matched quantity makes: its value read by its pattern's kind, its
    resources from the words around it, unless a veto says it is something else.

    The order is the algorithm: vetoes that need only the words before the quantity,
    then its value, then the vetoes that need its value, then its resources and
    direction (a percentage's `_read_percent`, a factor's `_read_factor`), then the
    vetoes that need its resources.
    """
    r = _Reading(s, p, m, group_start, group_end, forced, inherit, facts)
    r.bound, r.start = bound_before(s, group_start)
    if p.kind in ("bare", "in_half") and r.bound == "eq":
        r.bound = bound_before(s, m.start("n"))[0]  # in the match: "a factor of up to 12"
    if "plus" in m.re.groupindex and m["plus"]:
        r.bound = "min"  # "100+ times faster", "10+% lower latency"
    r.verb_at = r.start
    if group_start != r.a:
        r.start = r.a
    after_bound, r.bound_end = bound_after(s, group_end)
    if after_bound:
        r.bound = after_bound
    if _vetoed(_BEFORE_READING, r):
        return []
    r.before = _phrase_before(s, group_start)
    if p.kind == "bare":  # "a speedup of 3.2", "a compression ratio of 12": words in the match
        r.before += s[r.a : r.b]
    if p.kind in ("from_to", "versus"):
        return _read_from_to(r)
    got = _value_of(p, m)
    if got is None:
        trace.note("veto", "ratio.no_factor", r.a, r.b, "a zero, or a fraction of the whole")
        return []
    r.value, r.value_min, r.mode = got
    if r.mode == "plural":
        r.bound = "min"
    alternative = _ALTERNATIVE.match(s, r.bound_end)  # `71.1% or 617 ms lower TTFT`
    after_at = alternative.end() if alternative else r.bound_end
    if stats := _STATS_ASIDE.match(s, after_at):  # `a reduction of 43.2% (95% CI 39.8-46.5%) in`
        after_at = stats.end()
    r.after = _phrase_after(s, after_at)
    r.of_phrase = _of_phrase(s, r.bound_end)
    if _vetoed(_BEFORE_RESOURCE, r):
        return []
    if not (_read_percent(r) if r.mode == "percent" else _read_factor(r)):
        return []
    if _vetoed(_AFTER_RESOURCE, r):
        return []
    if "compression" in r.types and _trains(r):
        r.types = [t for t in r.types if t != "compression"]  # the share of parameters trained
        trace.note("veto", "ratio.trainable", r.a, r.b, "the share of parameters trained")
        if not r.types:
            return []
    trace.note("reading", f"ratio.{r.mode}", r.a, r.b, ", ".join(r.types))
    own_end = r.b if group_end != r.b else r.bound_end
    tail = rx(r"(?:\s+(?:and|or|the|a|an|in|of|terms|up))+\s*$").sub("", r.after.rstrip())
    if _CHANGE_OF_BEFORE.search(r.before[-60:]) and not _MEASURED_IN.match(r.after):
        tail = ""  # `reductions of 9x to 13x translate into`: the words after are no unit
    end = after_at + len(tail) if (own_end == group_end and tail.strip()) else own_end
    values = _listed_numbers(m["list"]) if p.kind == "times_list" else [r.value]
    return [Found(t, v, r.start, end, p.id, r.bound, r.value_min) for v in values for t in r.types]


def _listed_numbers(listed: str) -> list[float]:
    """The numbers of a list that shares one unit: `2.2 and 3.7` → [2.2, 3.7]."""
    return [parse_number(n) for n in _NUMBER_IN_LIST.findall(listed)]


_NUMBER_IN_LIST = lazy(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")


def _in_brackets(s: str, i: int, end: int) -> bool:
    """Whether position `i` of `s` is inside brackets that close before `end`."""
    return s.rfind("(", 0, i) > s.rfind(")", 0, i) and s.find(")", i, end) != -1


def _rounds_to(value: float, written: str) -> bool:
    """Whether a factor worked out from two amounts is the one `written` beside them:
    the same within 2%, or the same once rounded as it is written (5.1 hours to 3.1 hours
    is `a 1.6x improvement`)."""
    stated = parse_number(written)
    places = len(written.partition(".")[2])
    return abs(stated - value) <= max(0.02 * value, 0.5 * 10.0**-places - 1e-9)


# A factor stated right after an arrow's change: `(127 → 62 ms, 2.0×)`.
_STATED_FACTOR_AFTER = lazy(
    expand(r"[^.;()]{0,25}?(?<![\d.])(?P<n>\d+(?:\.\d+)?){X}", macros()), FLAGS
)
# A baseline's amount that is a target, not something measured: `against the 500 ms target`.
_TARGET_AFTER = lazy(
    r"\s+(?:(?:[\w-]+\s+)?(?:targets?|SLOs?|SLAs?|budgets?|limits?|deadlines?|bounds?|goals?|requirements?)"
    # or what needs it: `compared with the 1 kHz required by the control system`
    r"|" + context("needed_by") + r")\b",
    FLAGS,
)
# Amounts of content after the change: `from 8 to 32 seconds of video` is data generated.
_OF_CONTENT_AFTER = lazy(
    r"\s?of\s+(?:[\w-]+\s+){0,3}?(?:video|videos|audio|speech|footage|music|text|clips?|"
    r"content|recordings?)\b",
    FLAGS,
)
# `scales (nearly linearly) from 640 to 2,560 DPUs`, `durations range from 20 minutes to 2.5
# hours`: a span of sizes, not a change.
_SCALES_FROM = lazy(
    r"\b(?:scal(?:es|ed|ing|e)|"
    + "|".join(context_words("span_of_values", "span_verbs"))
    + r")\s+(?:[\w-]+\s+){0,3}$",
    FLAGS,
)


# Frequencies: a signal's (`audio sampled at 16 kHz versus 8 kHz`) is no rate of work.
_IN_HERTZ = lazy(r"[kMG]?Hz$")
_SIGNAL = Sieved(context("hz_not_a_rate"), FLAGS)


def _with_smaller_units(m: regex.Match[str]) -> dict[str, Any]:
    """The match's groups, each time made whole with the smaller unit after it: `2 h 11
    min` is 2.183 h."""
    g = m.groupdict()
    for n, u in (("a", "ua"), ("b", "ub")):
        unit = _singular((g.get(u) or "").lower())
        big = ms_per(unit) if unit else None
        if big is None:
            continue
        more = _SMALLER_UNIT.match(m.string, m.end(u))
        small = ms_per(_singular(more["u"].lower())) if more else None
        if more and small and small < big:
            g[n] = str(parse_number(g[n] or "") + parse_number(more["n"]) * small / big)
    return g


# The rest of a time in a smaller unit: ` 11 min` of `2 h 11 min`.
_SMALLER_UNIT = lazy(expand(r"\s(?P<n>\d{1,2})\s?(?P<u>{TIMEU})\b", macros()), FLAGS)


def _read_from_to(r: _Reading) -> list[Found]:
    """`from A to B`: the units (or the verb) name the resource, old / new the value; `from
    A to between B and C` is a range; `A vs. B` sets the subject's amount beside a
    baseline's, whose ratio baseline / subject reads as `from B to A`."""
    g = _with_smaller_units(r.m)
    if g.get("one"):
        g = {**g, "b": "1"}  # `from 50 steps to a single step`
    if g.get("sa") or g.get("sb"):
        # a scale word; one said once is the other amount's too where that amount has no
        # unit of its own (`9.2 million requests per second ... manages 5.1 million`)
        own_a = _SCALES[g["sa"].lower()] if g.get("sa") else 0.0
        own_b = _SCALES[g["sb"].lower()] if g.get("sb") else 0.0
        # (not where the first amount has a noun of its own: `20 bits instead of 32 million bits`)
        sa = (
            own_a
            or (own_b if not g.get("ua") and not (g.get("what") or "").strip() else 1.0)
            or 1.0
        )
        sb = own_b or (own_a if not g.get("ub") else 1.0) or 1.0
        g = {**g, "a": str(parse_number(g["a"]) * sa), "b": str(parse_number(g["b"]) * sb)}
    if g.get("c") and not g.get("ub"):  # "from 6 mJ to between 1.5 and 2 mJ"
        g = {**g, "ub": g.get("uc")}
    # what is counted, named beside the amounts: "6 LLM calls per task against 21", "from a
    # 13.5 GB checkpoint to 2.7 MB", "from 100 denoising steps to 4"
    what = g.get("what") or (" " + g["count"] if g.get("count") else "")
    before = r.before + what
    if not before.strip():  # "by 35x, from 240MB to 6.9MB": an apposition to the clause before
        before = r.s[max(0, r.a - 100) : r.a]
    start = r.a
    if r.p.kind == "versus" and g.get("what") and not g.get("ua"):
        # a count and then ours in the unit of the baseline's amount: `reranks 100 candidates
        # in 85 ms, versus 2.1 s`: the count is what the time is for
        own = _AMOUNT.search(r.s, r.m.start("what"), r.m.end("what"))
        if (
            own is not None
            and own["u"]
            and _from_to({"a": g["b"], "ua": g.get("ub"), "b": own["n"], "ub": own["u"]}, "")
        ):
            g = {**g, "a": own["n"], "ua": own["u"], "what": ""}
            start = own.start()
    if r.p.kind == "versus":
        # a unit written once, after the baseline's amount, is the subject's too
        g = {**g, "a": g["b"], "ua": g.get("ub"), "b": g.get("a"), "ub": g.get("ua") or g.get("ub")}
    # no unit, and no resource named beside the amounts (`8.7 on COCO-30K`, `the structural
    # similarity index decreased only from 0.861 to 0.853`)
    unitless = not (g.get("ua") or g.get("ub") or resources_in(g.get("what") or ""))
    if r.p.kind == "versus" and _METRIC.search(g.get("what") or ""):
        unitless = True
    if unitless and _METRIC.search(before[-60:] + " " + (g.get("what") or "")):
        trace.note("veto", "ratio.versus.metric", r.a, r.b, "10.9 perplexity vs. 11.1: quality")
        return []
    if r.p.id == "ratio.arrow" and _STATED_FACTOR_AFTER.match(r.s, r.b, r.b + 40):
        trace.note(
            "veto", "ratio.arrow.stated", r.a, r.b, "the factor stated beside it is the claim"
        )
        return []
    if _OF_CONTENT_AFTER.match(r.s, r.b):
        trace.note("veto", "ratio.from_to.content", r.a, r.b, "from 8 to 32 seconds of video: data")
        return []
    if _MACHINES_AFTER.match(r.s, r.b):
        trace.note("veto", "ratio.from_to.machines", r.a, r.b, "from 512 to 8,192 nodes: machines")
        return []
    if r.p.kind == "versus" and _TARGET_AFTER.match(r.s, r.b):
        trace.note("veto", "ratio.versus.target", r.a, r.b, "320 ms against the 500 ms target")
        return []
    if _IN_HERTZ.match(g.get("ub") or g.get("ua") or "") and _SIGNAL.search(
        r.s, max(0, r.a - 60), r.b + 30
    ):
        trace.note("veto", "ratio.hz.signal", r.a, r.b, "16 kHz versus 8 kHz audio: a signal")
        return []
    if _SCALES_FROM.search(before):
        trace.note("veto", "ratio.from_to.scaling", r.a, r.b, "scales from A to B: a span of sizes")
        return []
    # what is counted, named beside the amounts, says more than the words after them
    after = "" if resources_in(what) else r.s[r.b : r.b + 40]
    got = _from_to(g, before, after)
    if not got and r.p.kind == "versus" and g.get("ua"):
        # ours said apart from the baseline's amount (`57 FPS while drawing 9.4 W, compared
        # with 19 FPS`; `in 38 µs and sustains 24,000 frames per second, while X needs 7.6
        # ms`): the last amount before in a unit that compares with the baseline's
        for own in reversed(list(_AMOUNT.finditer(r.s, r.s.rfind(";", 0, r.a) + 1, r.a))):
            if _in_brackets(r.s, own.start(), r.a):
                continue  # an aside: `14 ms on an RTX 3090 (31 ms on a laptop) compared with`
            got = _from_to({**g, "b": own["n"], "ub": own["u"]}, before, r.s[r.b : r.b + 40])
            if got:
                start = own.start()
                break
    if not got and _CAPACITY_COUNT.search(before) and _CAPACITY.search(r.s, 0, r.a):
        old, new = parse_number(g["a"] or ""), parse_number(g["b"] or "")
        if positive(old, new) and new > old:  # "for a fixed memory budget, batch from 4 to 19"
            got = ("memory_reduction", new / old)
    if not got or got[1] == 1 or not positive(got[1]):
        trace.note("veto", "ratio.from_to.no_change", r.a, r.b, "no resource, or no change")
        return []
    low = None
    if g.get("c"):  # the other end of `to between B and C`
        other = _from_to({**g, "b": g["c"], "ub": g.get("uc") or g.get("ub")}, before)
        low = other[1] if other and other[0] == got[0] else None
    value = got[1]
    if low is not None and low > value:
        value, low = low, value
    stated = _STATED_FACTOR_AFTER.match(r.s, r.b, r.b + 40)
    if stated and _rounds_to(value, stated["n"]):
        # `17.6 GB instead of 140 GB, a 7.9x compression`: one change, told twice
        trace.note("veto", "ratio.from_to.stated", r.a, r.b, "the factor stated beside it")
        return []
    trace.note("reading", "ratio.from_to", r.a, r.b, got[0])
    # a new amount below a bound makes the factor at least the one it gives: `from 35
    # minutes to under 6 minutes`
    bound = "min" if r.p.kind == "from_to" and _TO_UNDER.search(r.m.group()) else "eq"
    out = [Found(got[0], value, start, r.b, r.p.id, bound, low)]
    more = _MORE_BASELINES.match(r.s, r.b) if r.p.kind == "versus" else None
    if more:  # `7.9 s, compared with 58 s for the reference and 19 s for a fork`
        other = _from_to({**g, "a": more["b"], "ua": more["ub"] or g.get("ua")}, before)
        if other and other[0] == got[0] and other[1] != 1 and positive(other[1]):
            out.append(Found(other[0], other[1], start, more.end(), r.p.id, "eq", None))
    listed = _LISTED_OWN.search(r.s, max(0, start - 80), start) if r.p.kind == "versus" else None
    if listed:  # `3.4 ms on the NPU and 5.1 ms on the DSP, compared with 27 ms on the CPU`
        other = _from_to({**g, "b": listed["n"], "ub": listed["u"]}, before)
        if other and other[0] == got[0] and other[1] != 1 and positive(other[1]):
            out.append(Found(other[0], other[1], listed.start(), r.b, r.p.id, "eq", None))
    return out


_TO_UNDER = lazy(r"\bto\s+(?:under|below|less\s+than)\s", FLAGS)
# An amount with its unit: `38 µs`, `24,000 frames per second`, `90 Hz`.
_AMOUNT_SOURCE = r"(?<![\w.,])(?P<n>{NUM})\s?(?P<u>{CMPU})"
_AMOUNT = lazy(expand(_AMOUNT_SOURCE + r"(?![\w%]|\.\d)", macros()), FLAGS)
# Another amount of ours listed before the one a baseline's is set against.
_LISTED_OWN = lazy(
    expand(_AMOUNT_SOURCE + r"(?:\s+[\w.+-]+){0,7}?\s*,?\s+and\s+$", macros()), FLAGS
)
# Another baseline's amount after the first's: `compared with 58 s for the reference
# implementation and 19 s for a popular fork`.
_MORE_BASELINES = lazy(
    expand(
        r"\s+for\s+(?:[\w.+-]+\s+){1,9}?(?:and|or)\s+(?:about\s+|around\s+|roughly\s+|nearly\s+)?"
        r"(?P<b>{NUM})\s?(?P<ub>{AMOUNTU}|{RATEU})?(?![\w%]|\.\d)",
        macros(),
    ),
    FLAGS,
)


def _clause_after(s: str, b: int, end: int) -> str:
    """The words from `b` to `end`, cut where a new clause starts (`, and`, `;`): `improved
    2.8 times, and the real-time factor` says nothing of real time about the 2.8."""
    window = s[b:end]
    cut = _NEW_CLAUSE_MARK.search(window)
    return window[: cut.start()] if cut else window


_NEW_CLAUSE_MARK = lazy(r",\s*(?:and|while|but|whereas)\b|;", FLAGS)


def _pruned(s: str, start: int, end: int) -> bool:
    """Whether the share at `s[start:end]` is a sparsity or pruning level: what is taken
    away (`prunes 60% of the channels`, `95% weight sparsity`, `two-thirds of the heads are
    removed`), not what is left."""
    before = s[max(0, start - 60) : start]
    return bool(
        _SPARSITY.match(s[end : end + 120])
        or _PRUNE_BEFORE.search(before)
        or _PRUNE_LISTED_BEFORE.search(s, max(0, start - 80), start)
        or (
            (drop := _DROP_BEFORE.search(before)) is not None
            and (
                _PARTS_AFTER.match(s[end : end + 120])
                or (drop.group().lower().startswith("skip") and _ITEMS_AFTER.match(s, end))
            )
        )
        or _sparse_work(s, end, before)
    )


# The items of the input whose processing is skipped: `skips 95% of incoming frames`.
_ITEMS_AFTER = lazy(
    r"\s?of\s+(?:the\s+|its\s+|their\s+|all\s+)?(?:[\w-]+\s+){0,2}?(?:frames|voxels|patches|"
    r"regions|pixels|windows|queries|requests|samples|steps|iterations|timesteps|computations?)\b",
    FLAGS,
)


def _sparsity_types(r: _Reading) -> list[str]:
    """The resource of a sparsity or pruning level: work skipped (attention, activations,
    tokens) is compute, weights and parts removed are data volume."""
    s = r.s
    sparse = _SPARSITY.match(s[r.bound_end : r.bound_end + 120])
    named = "" if sparse else _sparse_work(s, r.bound_end, r.before)
    what = (sparse["what"] or "") if sparse else named
    dropped = _DROP_BEFORE.search(r.before)
    skipped = _SKIPPED_WORK.search(what) is not None or (
        dropped is not None and dropped.group().lower().startswith("skip")
    )
    if skipped and _ITEMS_AFTER.match(s, r.bound_end):
        return ["compute_reduction"]  # `skips 70% of the distant voxels`: work not done
    return (
        (["compute_reduction" if skipped else "compression"] if named else [])
        or resources_in(r.of_phrase)
        # `prunes 77.8% of them`: what the pronoun stands for, named before
        or (_preceding_resource(s, r.a) if _PRONOUN_OBJECT.fullmatch(r.of_phrase) else [])
        or ["compute_reduction" if skipped else "compression"]
    )


def _read_percent(r: _Reading) -> bool:
    """A percentage: its direction (`reduces by 40%`, `uses 5% of`, `30% faster`) gives the
    factor, the words around it the resources; False when it is no ratio claim."""
    s, a = r.s, r.a
    value_pct = r.value
    got = _percent_value(s, a, r.bound_end, value_pct, r.after, r.before, r.verb_at) or (
        # a share that shares the verb of a reduction before it: `by 40% ... and 25%`, or
        # the level reduced to: `to 38% on X and to 55% on Y`
        (
            (100 / value_pct, "fraction")
            if _TO_BEFORE.search(r.before) or _FRACTION_BEFORE.search(r.before)
            else (1 / (1 - value_pct / 100), "reduce")
        )
        if r.forced and 0 < value_pct < 100 and _REDUCE_VERB.rx.search(s, max(0, a - 200), a)
        else None
    )
    if not got:
        trace.note("veto", "ratio.percent.no_direction", a, r.b, "no word says which way it goes")
        return False
    r.value, r.direction = got
    if r.direction == "sparsity":
        r.types = _sparsity_types(r)
    elif r.forced:
        r.types = [r.forced]
    else:
        r.types = (resources_in(r.of_phrase) if _strongest(r.of_phrase) > 1 else []) or _types(
            r.after, r.before, s, a, r.b, r.mode, r.p.kind, r.inherit
        )
        if not r.types and r.direction == "fraction":  # "in 45% of the time", "35% of the size"
            r.types = resources_in(r.of_phrase)
        if not r.types and r.direction == "fraction" and _SENDS.search(r.before):
            r.types = ["compression"]  # "transmit only 0.5% of their gradient entries": data sent
    if not r.types and r.direction != "sparsity":
        r.types = _defined_resource(r) or _keyed_resource(r)
        if not r.types and r.direction == "increase":
            r.types = _capacity_gain(r)
            r.capacity = bool(r.types)
        if (
            not r.types
            and r.direction == "fraction"
            and (
                _RUN_ON_BEFORE.search(r.before)
                or _OF_PROCESSED_AFTER.match(s, r.bound_end)
                or (
                    _SHARE_DONE_AFTER.match(s, r.bound_end, r.bound_end + 100)
                    and _PARTS_AFTER.match(s[r.bound_end : r.bound_end + 120])
                )
            )
        ):
            # a model run on a share of the inputs, a share of them processed, a share of
            # its layers executed: work done
            r.types = ["compute_reduction"]
    if _vetoed(_PERCENT_VETOES, r):
        return False
    r.types = _what_is_compressed(r)  # `the compression ratio of reasoning traces improves by 30%`
    if r.value_min is not None:
        lo = _percent_value(s, a, r.bound_end, r.value_min, r.after, r.before, r.verb_at)
        r.value_min = lo[0] if lo else None
        if r.value_min is not None and r.value_min > r.value:
            r.value, r.value_min = r.value_min, r.value
    if r.direction == "slower":
        return _read_slower(r)
    if r.direction == "reduce" and r.types == ["speedup"] and _lower_rate(r):
        if value_pct >= 100:
            return False
        r.value = 1 - value_pct / 100  # `throughput 17% lower than X`: a slowdown, 0.83
        if r.value_min is not None:
            r.value_min, r.value = sorted((r.value, 1 / r.value_min))
        return True
    if r.direction != "increase" or r.capacity:
        return True  # a capacity grows as it is: `25% more depth` in the same memory is 1.25
    if _RATE_WORDS.search(r.after + r.before):
        return not _vetoed(_INCREASE_VETOES, r)  # `improves throughput by 30%`: 1.3
    verb = _last_increase(s, r)
    if _IMPROVING_VERB.match(verb) and (
        r.types[0] != "speedup" or _TIME_WORDS.search(r.head + " " + _verb_zone(s, a))
    ):
        # `improves latency by 30%`: a cost made better is cut by that share
        if value_pct >= 100 or (r.value_min is not None and r.value_min >= 2):
            return False
        r.value = 1 / (1 - value_pct / 100)
        if r.value_min is not None:
            r.value_min = 1 / (2 - r.value_min)
        return True
    if _vetoed(_INCREASE_VETOES, r):
        return False
    if r.types[0] != "speedup" or _rises(s, r, verb):
        # the subject's own cost grows (`increases VRAM by 40%`, `latency grows by 8%`)
        if _SMALL_BEFORE.search(s, max(0, a - 30), a):
            trace.note("veto", "ratio.overhead", a, r.b, "a cost that grows by only P%: overhead")
            return False
        r.value = 1 / (1 + value_pct / 100)
        if r.value_min is not None:
            r.value_min, r.value = sorted((r.value, 1 / r.value_min))
    return True


# A share a cost grows by, called small: `increases by only 1.7%` is the method's overhead.
_SMALL_BEFORE = lazy(
    r"\b(?:only|just|merely|mere|slightly|marginally|less\s+than|at\s+most|no\s+more\s+than)"
    r"\s+(?:by\s+)?(?:an?\s+)?$",
    FLAGS,
)
_PRICE_WORD = lazy(r"price|cost|expense", FLAGS)
# A cost grown, named as the price paid for a gain: `at the price of 23% more compute`.
_PRICE_OF_BEFORE = lazy(
    r"\bat\s+(?:the\s+|a\s+)?(?:price|cost|expense)\s+of\s+(?:only\s+|just\s+|about\s+|roughly\s+|an?\s+)?$",
    FLAGS,
)
# A rate of work, more being better, that a percentage lowers: `throughput 17% lower`
# (not `speed`, which a text that cuts `inference speed by 90%` means as time).
_SPEED_RATE = lazy(
    r"\b(?:throughput|goodput|tokens?\s+per\s+second|tokens?/s|frame\s+rate|FPS|QPS|"
    r"queries\s+per\s+second|requests\s+per\s+second)\b",
    FLAGS,
)


def _lower_rate(r: _Reading) -> bool:
    """Whether a lowered speed is a rate of work (a slowdown), not a time (a gain): the
    resource nearest the number, after it or else before it, is a rate and no time."""
    zone = r.head if _strongest(r.head) > 0 else r.before[-50:]
    return bool(_SPEED_RATE.search(zone)) and not _TIME_WORDS.search(zone)


# What is larger when better, so that a share by which it increases is a gain.
#: Work per unit of energy, and what a charge lasts: `operating time per charge grows by
#: 31%` is an efficiency that grows.
_PER_ENERGY = r"\bper\s+(?:watt|joule|(?:battery\s+)?charge)\b|battery\s+life"
_RATE_WORDS = lazy(r"efficien|throughput|speed|ratio|rate\b|factor|" + _PER_ENERGY, FLAGS)


def _verb_of(kind: str) -> regex.Pattern[str]:
    """A whole verb of one kind of the increasing verbs (`improving_verbs`, ...)."""
    return lazy(r"^(?:" + "|".join(context_words("increasing_verb", kind)) + r")$", FLAGS)


_IMPROVING_VERB = _verb_of("improving_verbs")
_RISING_VERB = _verb_of("increasing_verbs")
#: a word after a percentage that says an amount grew (`25% higher latency`), unlike `faster`
_RISE_AFTER = lazy(
    r"^\s?(?:[\w-]+\s){0,3}?(?:higher|more|greater|larger|bigger|longer|increases?|increased)\b",
    FLAGS,
)
_TIME_WORDS = lazy(context("time_nouns"), FLAGS)


def _last_increase(s: str, r: _Reading) -> str:
    """The last verb before the quantity, within its clause, that says something goes up."""
    found = _INCREASE_VERB.finditer(_verb_zone(s, r.verb_at))
    return found[-1].group() if found else ""


def _rises(s: str, r: _Reading, verb: str) -> bool:
    """Whether a time (`latency`, `runtime`) goes up by the percentage: `verb` (the last
    that says something goes up, `_last_increase`) or the word after it one of plain
    rising (not of speeding up), with a time as what rises."""
    rising = (
        _RISING_VERB.match(verb) is not None if verb else _RISE_AFTER.match(r.after) is not None
    )
    return rising and _TIME_WORDS.search(r.head + " " + _verb_zone(s, r.verb_at)) is not None


# An imaging scan's acceleration is how much less of it is acquired (`at 4-fold
# acceleration`, in a text on MRI), not a method's speed.
_ACCELERATION_AFTER = lazy(
    # (one set against another method is a speed: `20x acceleration over compressed sensing`)
    r"[\s-]{0,2}accelerat(?:ion|ed)\b(?!\s+(?:over|compared|relative|versus|vs|than|against)\b)",
    FLAGS,
)
_UNDERSAMPLED = Sieved(
    r"\b(?:MRI|k-space|undersampl\w*|magnetic\s+resonance|multi-coil|coil\s+sensitivit\w*)\b",
    FLAGS,
)


# A factor that names no resource but refers back to one stated before: `the geometric-mean
# gain is 1.31x`, `the advantage falls to 1.15x`, `EAGLE-2 is quoted at 2.7x`.
#: What a gain is said to be or come to, and the hedges before its size.
_GAIN_IS = (
    r"(?:is|was|are|were|remains?|stays?|becomes?|(?:falls?|drops?|shrinks?|narrows?|"
    r"rises?|grows?|increases?|decreases?)\s+to)"
)
_GAIN_HEDGE = r"\s+(?:about\s+|around\s+|roughly\s+|only\s+|just\s+|up\s+to\s+|~\s?)?$"
_REFERS_BACK = lazy(
    r"(?:\b(?:gains?|advantages?|improvements?|benefits?|edge|margins?|lead)"
    rf"(?:\s+{_GAIN_IS})?"
    r"|\b(?:is|are|was|were)\s+(?:quoted|reported|listed|cited)\s+at"
    # a factor another system reaches: `EAGLE-2 [23] reaches 3.05x`, `Lookahead obtains 1.5x`
    r"|\b(?:reach(?:es|ed)?|achiev(?:es|ed)|attain(?:s|ed)|obtain(?:s|ed)|deliver(?:s|ed)|yield(?:s|ed)))"
    + _GAIN_HEDGE,
    FLAGS,
)
# ... named by a noun as the subject right before it: `the gain reaches`, `the gains shrink to`
_GAIN_REFERS_BACK = lazy(
    r"\b(?:the|this|that|these|its|their|our)\s+(?:gains?|advantages?|improvements?|benefits?|speed-?ups?)"
    rf"\s+(?:{_GAIN_IS}|reach(?:es|ed)?)" + _GAIN_HEDGE,
    FLAGS,
)
#: how far back the sentences a factor may refer to reach
_REFER_REACH = 600


def _earlier_resource(r: _Reading) -> list[str]:
    """The resource of the claim before it in its sentence, else the one resource of the
    ratio claims in the nearest sentence before that has some, for a factor that refers
    back to them (`_REFERS_BACK`) in a sentence that names nothing outside the five."""
    if not _REFERS_BACK.search(r.s, max(0, r.start - 80), r.start) or _NOT_RESOURCE.search(r.s):
        return []
    if _METRIC.search(r.after):
        return []  # `achieves 2.6x lower numerical error`: what it measures is named, a metric
    if r.inherit:
        return r.inherit  # `2-3x faster on the CPU, whereas on the GPU the gain is only 1.2x`
    if not r.facts.at:
        # the first sentence of its text, or one read again here (whose facts start at 0):
        # nothing before it to refer to, and no reading of a reading
        return []
    text = r.facts.text
    for a, b in reversed(split_sentences(text[: r.facts.at])):
        if b < r.facts.at - _REFER_REACH:
            break
        sentence = text[a:b]
        with trace.untraced():
            found = find_ratios(sentence, replace(facts(sentence), terms=r.facts.terms, text=text))
        types = {f.type for f in found}
        if types:
            return list(types) if len(types) == 1 else []
    return []


def _read_factor(r: _Reading) -> bool:
    """A factor, a multiplier or fraction word: the words around it give the resources;
    `slower` turns it round. False when no resource is named."""
    s, a = r.s, r.a
    if r.mode == "sparsity":
        r.types = _sparsity_types(r)
        return True
    if _ACCELERATION_AFTER.match(s, r.bound_end) and _UNDERSAMPLED.search(r.facts.text):
        trace.note("veto", "ratio.undersampling", a, r.b, "4-fold accelerated MRI: less data")
        return False
    takes_longer = _TAKES_BEFORE.search(r.before) and _LONGER_AFTER.match(s, r.bound_end)
    r.types = (
        [r.forced]
        if r.forced
        else ["speedup"]
        if takes_longer  # "the baseline takes 2.5 times longer to compile"
        else _types(r.after, r.before, s, a, r.b, r.mode, r.p.kind, r.inherit)
    )
    if (
        not r.forced
        and not resources_in(r.head)
        and _GAIN_REFERS_BACK.search(s, max(0, r.start - 40), r.start)
        and (earlier := _earlier_resource(r))
    ):
        # `on longer generations the gain reaches 27x`: the gain the text spoke of, not a
        # resource of the setting before it
        r.types = earlier
    if (
        r.mode == "fraction"
        and _strongest(r.of_phrase) < 2
        and _APPOSITION.search(s, max(0, a - 24), a)
        and (amount := _preceding_resource(s, a))
    ):
        r.types = amount  # "0.74 mJ per inference, roughly a third of the reference"
    if (
        r.of_phrase
        and r.mode in ("fraction", "times")
        and (not r.types or (r.mode == "fraction" and _strongest(r.of_phrase) > 1))
    ):
        r.types = resources_in(r.of_phrase)  # "requires 1/6 of the GPU memory"
    if not r.types and r.mode == "fraction" and _REDUCE_VERB.search(r.before):
        r.types = _preceding_resource(s, a)  # "167 GFLOPs per image, which we reduce by half"
    as_much = _AS_MUCH.match(s, r.bound_end) if r.mode in ("fraction", "times") else None
    if as_much and not r.types and r.mode == "times":
        # "1.6 times as many tokens per second as": more of a rate is a gain; more of a
        # cost is the subject spending more, no claim
        r.types = [t for t in resources_in(as_much["what"]) if t == "speedup"]
    elif as_much and not r.types:
        # "half as many parameters as", "costs a third as much to serve as", and after a
        # comma the noun before: "63M parameters, a third as many as the teacher"
        r.types = resources_in(as_much["what"]) or resources_in(r.before)
        if not r.types and _APPOSITION.search(s, max(0, a - 24), a):
            r.types = _preceding_resource(s, a)
    if not r.types:
        r.types = _defined_resource(r) or _capacity_gain(r) or _earlier_resource(r)
    if not r.types:
        trace.note("veto", "ratio.no_resource", a, r.b, "no resource named around it")
        return False
    if (
        takes_longer
        or _SLOWER_AFTER.match(s[r.bound_end : r.bound_end + 120])
        or (r.mode == "times" and _MORE_TIME_AFTER.match(s[r.bound_end : r.bound_end + 120]))
        or (
            r.mode == "times"
            and _HIGHER_AFTER.match(s, r.bound_end)
            and _TIME_IS_BEFORE.search(s, max(0, a - 60), a)
        )
    ):
        if not _read_slower(r):
            return False
    elif r.mode == "times" and 0 < r.value < 1 and not _less_of_better(r):
        r.value = 1 / r.value  # "uses 0.13 times the parameters", "0.5x the latency"
    elif r.mode == "times" and r.value > 1 and _own_multiple(r):
        r.value = 1 / r.value  # "requires 1.1x the wall-clock time": its own cost grows
    trails = (
        _TRAILS_BEFORE.search(s, max(0, a - 80), a)
        if r.types == ["speedup"] and _TRAIL_WORD.search(s, max(0, a - 80), a)
        else None
    )
    if trails and not _OURS_RX.search(trails.group()):
        r.value = 1 / r.value  # "throughput trails HNSW by a factor of 1.4": the slower one
        if r.value_min is not None:
            r.value_min, r.value = sorted((r.value, 1 / r.value_min))
    if r.mode != "fraction":  # "a twentieth the size" is smaller: no capacity gained
        r.types = _capacity(s, a, r.after, r.types)
    if r.types != ["memory_reduction"] and (
        # a speed named before gives way only to an input that grows: `throughput is up by
        # 2.1x, because the batch can grow 4x on the same GPU`
        _capacity_gain(r) if r.types != ["speedup"] else _capacity_gain(r, named_only=True)
    ):
        r.types = ["memory_reduction"]  # "hold 3.6x more concurrent sequences" on one GPU
    if r.types == ["speedup"] and _PLAIN_EFFICIENCY.match(r.head):
        if "energy_reduction" in _named_before(s, a, 150):
            r.types = ["energy_reduction"]  # "an efficiency of 3.2 TOPS/W, 7.4x higher efficiency"
    r.types = _what_is_compressed(r)
    return True


# A device's whole memory or time, of which a share is used: `20% of GPU memory`.
_DEVICE_CAPACITY = lazy(
    r"\s?(?:of\s+)?(?:the\s+|its\s+|their\s+|a\s+)?(?:GPU|device|accelerator|host|system|"
    r"available|total|on-chip|the\s+GPU's)\s+(?:memory|VRAM|HBM|DRAM|RAM|capacity|time)\b",
    FLAGS,
)
_BASELINE_NAMED = lazy(
    r"\b(?:than|compared|relative|versus|vs\b|baselines?|needed|required|used|consumed|taken)\b",
    FLAGS,
)
# A preposition or participle that opens a modifier after a noun phrase's head.
_MODIFIER = lazy(
    r"\s(?:for|per|of|on|in|across|at|between|held|used|spent|needed|required|measured|expressed|counted)\s",
    FLAGS,
)
# A comparative of gain before `than X by`: the share after `by` is how much.
_GAIN_THAN = lazy(r"\b(?:faster|quicker|higher|greater|better)\s+than\b", FLAGS)
# A share that is the subject of a passive clause: `42% of GPU time was spent waiting`.
_PASSIVE_SHARE = lazy(
    r"\s?of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:is|are|was|were)\s+(?:spent|wasted|lost|idle|used)\b",
    FLAGS,
)


_CONCESSION = lazy(r"\b(?:although|though|albeit|however)\b[^,;.()]{0,50}$", FLAGS)


def _read_slower(r: _Reading) -> bool:
    """A factor or share by which something is slower: the subject's own slowdown (`our
    method is 1.25x slower`, `training with X is 18% slower than training without it`, `a
    1.3x slowdown`) is one over it; a baseline that is slower (`PPO is 3x slower than
    ours`) gives our speedup as it is. False when it compares tasks, not systems, or is
    what comes with a method (`with less than 1% slowdown`)."""
    if _vetoed(_OVERHEAD_VETOES, r):
        return False
    if _BASELINE_ANTECEDENT.search(_relative_antecedent(r)):
        # a relative clause on a baseline: `a strong baseline that is 2.5x slower`,
        # `Compared with FFA-LoRA, which is 2.5x slower`
        return not _vetoed(_SLOWER_VETOES, r)
    than = _THAN_NAMED.match(r.s, r.bound_end, r.bound_end + 80)
    if than and than["name"] in own_names(r.facts.text):
        return True  # slower than the text's own method (`than with TestReward`): a baseline
    own = (
        # the text's own method named in the subject: `search with LazyPRM is 1.6x slower`
        _names_own(_subject_words(r), r.facts.text)
        # a unit of the work described as the subject: `each iteration runs 1.3x slower`
        or _UNIT_OF_WORK.search(_subject_words(r)) is not None
        or
        # `we find that PPO is 3x slower than LeanRL`: what we report of one named system
        # against another is about them, not about us
        _OWN_SUBJECT.search(_REPORTING.sub(" ", r.before) if than else _subject_words(r))
        or _OWN_CLAUSE.search(r.s, max(0, r.a - 80), r.a)
        # a concession, what the gain before it costs: `40 times less energy, although Loihi
        # 2 is 2.3x slower per sample` (not one that compares with something else:
        # `although 3D estimation remains 10x slower than 2D detection`)
        or (
            than is None
            and _CONCESSION.search(r.s, max(0, r.a - 60), r.a) is not None
            and _THAN_ANY.match(r.s, r.bound_end, r.bound_end + 40) is None
        )
        # an unnamed subject slower than a named system or a baseline: `range scans are
        # 1.1x slower than RocksDB` (where both are named, `PPO is 2x slower than ReMax`,
        # the subject is the baseline)
        or (
            _THAN_OTHER.match(r.s, r.bound_end, r.bound_end + 80) is not None
            and not _NAMED_SUBJECT.search(subject := _subject_words(r))
            and not _NAME.search(subject)
        )
        or _THAN_BASELINE.match(r.s, r.bound_end, r.bound_end + 80) is not None
        # a sentence that opens by naming what it compares with: `Compared with 16-bit LoRA
        # on 8 A100s, the single-GPU setup is roughly 5x slower`
        or (
            _COMPARED_FIRST.match(r.s, 0, r.a) is not None
            and _THAN_ANY.match(r.s, r.bound_end, r.bound_end + 40) is None
        )
        or _WITHOUT_AFTER.match(r.s, r.bound_end, r.bound_end + 80)
        or _SLOWDOWN.match(r.s, r.bound_end, r.bound_end + 20)
        # set after the subject's own time: `takes 89 ms, 18% slower than layer-by-layer
        # execution`, unless what is slower is ours (`..., 2x slower than ours`)
        or (
            _TIME_BEFORE_COMMA.search(r.s, max(0, r.a - 40), r.a) is not None
            and _THAN_OURS_AFTER.match(r.s, r.bound_end, r.bound_end + 40) is None
        )
    )
    if own:
        r.value = 1 / r.value
        if r.value_min is not None:
            r.value, r.value_min = 1 / r.value_min, r.value
        return True
    return not _vetoed(_SLOWER_VETOES, r)


def _names_own(words: str, text: str) -> bool:
    """Whether `words` name a method, model or system that `text` gives as its own."""
    names = _NAME.findall(words)
    return bool(names) and not own_names(text).isdisjoint(names)


#: A name anywhere, the first word too: `PPO`, `SwayProj`, `Llama-3`.
_NAME = lazy(r"(?-i:\b[A-Z][\w-]*[A-Z0-9][\w-]*\b)", FLAGS)
# Slower than a named system (`than RocksDB`, not `than ours`) or a baseline so called
# (`than the standard implementation`).
#: `slower than` or `as slow as`, up to what is compared with.
_SLOWER_THAN = r"\s?(?:slower|as\s+slow|" + _MORE_TIME + r")\s+(?:than|as)\s+"
#: What names ours after `than`: `ours`, `our model`, `the proposed`, `this method`.
_OURS = r"(?:ours\b|our\s|the\s+proposed\b|this\s+(?:method|work|model)\b)"
_OURS_RX = lazy(_OURS, FLAGS)
#: A system's name: a capital, then word characters (`RocksDB`, `TestReward`, `GPT-4`).
_SYSTEM_NAME = r"(?-i:[A-Z])[\w+-]*[A-Za-z0-9]"
#: The words that call a system a baseline: `the standard implementation`, `SOTA`.
_BASELINE = (
    r"(?:baselines?|standard|original|vanilla|dense|default|reference|conventional|existing|"
    r"prior|previous|unmodified|naive|eager|state[\s-]of[\s-]the[\s-]art|SOTA|competing|"
    r"traditional|classical)\b"
)
#: ... after `than`, with an article and a word before it: `than the colocated baseline`
_THAN_BASELINE_WORDS = r"(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+)?" + _BASELINE
_THAN_OTHER = lazy(
    _SLOWER_THAN
    + rf"(?:(?:in|for|on)\s+)?(?:(?!(?:our|ours|we)\b)(?:the\s+)?{_SYSTEM_NAME}|{_THAN_BASELINE_WORDS})",
    FLAGS,
)
#: ... and than a baseline called so, which makes the subject ours, named or not: `Tern's
#: TTFT is 1.2x slower than the colocated baseline`
_THAN_BASELINE = lazy(_SLOWER_THAN + _THAN_BASELINE_WORDS, FLAGS)
_THAN_ANY = lazy(_SLOWER_THAN, FLAGS)
#: A sentence's opening that names what it compares with, not ours: `Compared with X, `.
_COMPARED_FIRST = lazy(
    r"[\s*-]*(?:(?:moreover|however|furthermore|further|also|in\s+addition|finally|notably|overall|yet),?\s+)?"
    r"(?:(?:compared|relative|in\s+comparison)\s+(?:with|to)|vs\.?|versus|against)\s+"
    r"(?!(?:ours|our|we|the\s+proposed)\b)[^,;:]{1,80}[,:]",
    FLAGS,
)
# `X with the method is slower than X without it`, or than under another condition (`than
# with all experts resident`): the method's own slowdown.
_TIME_BEFORE_COMMA = lazy(
    expand(
        r"(?<![\w.,]){NUM}\s?{TIMEU}(?:\s+per\s+[\w-]+)?,\s*(?:about\s+|roughly\s+|only\s+)?$",
        macros(),
    ),
    FLAGS,
)
_THAN_OURS_AFTER = lazy(_SLOWER_THAN + _OURS, FLAGS)
#: A name after `than`, perhaps as a condition: `slower than with TestReward`.
_THAN_NAMED = lazy(_SLOWER_THAN + rf"(?:with\s+|using\s+)?(?P<name>{_SYSTEM_NAME})", FLAGS)
_WITHOUT_AFTER = lazy(
    r"\s?(?:slower|slowdown)\s+than\s+(?:(?:[\w-]+\s+){0,3}?without|with|when)\b", FLAGS
)
_SLOWDOWN = lazy(r"\s?slow[- ]?downs?\b", FLAGS)
# Amounts in brackets right after a factor, the change it sums up: `(4,918 ms to 50 ms)`.
_PAREN_AMOUNTS = lazy(
    r"\s?(?:[\w-]+\s){0,2}?\(\s*(?:from\s+)?(?P<a>\d[\d,]*(?:\.\d+)?)\s?(?P<ua>[A-Za-zµ/]+)?"
    r"\s*(?:to|->|→)\s*(?P<b>\d[\d,]*(?:\.\d+)?)\s?(?P<ub>[A-Za-zµ/]+)\s*\)",
    FLAGS,
)
# A change from one amount to another right before a quantity set after it by a comma:
# `shrinks the model from 96 GB to 1.5 GB, a 64x reduction`.
_AMOUNTS_BEFORE = Sieved(
    r"\bfrom\s+(?P<a>\d[\d,]*(?:\.\d+)?)\s?(?P<ua>[A-Za-zµ/]+)?"
    r"\s+to\s+(?P<b>\d[\d,]*(?:\.\d+)?)\s?(?P<ub>[A-Za-zµ/]+),\s*(?:i\.e\.,?\s+)?(?:an?\s+)?$",
    FLAGS,
)
# A gain set after a comma, an apposition to the amount before: `12.4 TOPS/W, an
# improvement of 11x over the A100`.
_GAIN_APPOSITION = lazy(
    r",\s*(?:(?:an?\s+)?(?:improvement|gain|reduction|saving|increase)s?\s+of\s+"
    # or a clause of beating another system: `..., improving on NEXUS and THOR by`
    r"|(?:improving\s+(?:on|upon|over)|outperforming|beating|surpassing)\s+[^,;.()]{1,40}?\s+by\s+)"
    r"(?:up\s+to\s+|about\s+|over\s+|roughly\s+|nearly\s+|more\s+than\s+)?$",
    FLAGS,
)
# What a factor is set against after it: `2.2 times (that) of the baseline`.
_OF_ANOTHER = lazy(r"\s?(?:that\s+|those\s+)?of\s+(?:the\s+|an?\s+|its\s+)?[\w-]", FLAGS)
# A fraction set against a baseline's amount: `a third as many (parameters) as`.
# (the second `as` may be left out where the setting follows: `serves 1.6 times as many
# requests per second under a 2-second SLO`)
_AS_MUCH = lazy(
    r"\s+as\s+(?:many|much)\s+(?:(?P<what>(?:[\w-]+\s+){0,4}?)as\b|(?P<what>(?:[\w-]+\s+){0,4}?[\w-]+)"
    r"(?=\s*[,;]|\s+(?:under|at|on|with|within|while|using)\b))",
    FLAGS,
)

_REAL_TIME = Sieved(
    r"\breal[- ]time\s+factors?\b|\bRTF\b|\bthan\s+real[- ]time\b|\breal[- ]time\s+speed\b", FLAGS
)
# A real-time factor set beside a named baseline's: `a 2.3x better RTF than X` is a speedup.
_RTF_THAN_BASELINE = lazy(
    r"\s?(?:[\w-]+\s){0,2}?(?:real[- ]time\s+factors?|RTFs?)\s+"
    r"(?:than|over|compared\s+(?:to|with)|relative\s+to|versus|vs\.?)\s+(?!real[- ]time\b)",
    FLAGS,
)
# The same change as an amount, between a quantity and the words it shares with it.
_ALTERNATIVE = lazy(
    expand(r"\s?or\s+(?:about\s+)?{NUM}(?:\s?{AMOUNTU}|{PCT}|{X})(?=\s)", macros()), FLAGS
)
# A baseline named right after the factor: `improves the RTF by 3.1x over HiFi-GAN`.
_OVER_BASELINE = lazy(
    r"\s?(?:over|than|compared\s+(?:to|with)|relative\s+to|versus|vs\.?|against)\s+"
    r"(?!real[- ]time\b)(?:the\s+)?(?-i:[A-Z])",
    FLAGS,
)
# A factor of real time itself (`0.5x real time`), unless real-time names a baseline.
_THAN_REAL_TIME = lazy(r"\s?(?:[\w-]+\s+){0,2}?than\s+real[- ]time\b", FLAGS)
_REAL_TIME_AFTER = lazy(
    r"\s?real[\s-]?time\b(?![\s-]+(?:methods?|models?|baselines?|systems?|approach\w*|"
    r"solutions?|counterparts?|alternatives?|implementations?|pipelines?|renderers?|"
    r"detectors?|ones?)\b)",
    FLAGS,
)
_SPREAD = Sieved(
    r"\b(?:jitter|variance|variances|variations?|deviations?|fluctuations?|spread|std|stdev|"
    r"var(?:y|ies|ied|ying)\s+by)\b",
    FLAGS,
)
_METRIC = Sieved(
    # (`time-to-accuracy` is a time, not an accuracy)
    r"(?:^\s?|\b)(?:(?:cache\s+)?hit\s+rates?|miss\s+rates?|error(?:\s+rates?)?|errors|(?<!to-)accuracy|"
    r"NDCG|recall|precision|perplexity|WER|CER|BLEU|ROUGE|F1|mAP|IoU|PSNR|SSIM|FID|win\s+rates?|"
    r"success\s+rates?|scores?|AUC|AUROC|BERTScore|MOS|PSDS|mIoU|click-?through(?:\s+rates?)?|CTR|"
    r"revenue|GMV|conversion\s+rates?|similarity\s+index|Dice|Jaccard|kappa|collision\s+rates?|"
    # errors of forecasts, trackers, trajectories, depth and speech quality, by acronym
    r"(?-i:(?:min)?ADE|(?:min)?FDE|MOTA|IDF1|HOTA|NDS|RMSE|MAE|MSE|LPIPS|EER|EPE|ATE|PESQ|STOI)|"
    r"false[\s-](?:activations?|alarms?|positives?|negatives?|accepts?|rejects?|triggers?|wake-?ups?))\b",
    FLAGS,
)
# A metric of something as the subject right before: `word error rates of compact models
# more than double`.
_METRIC_OF_BEFORE = lazy(
    _METRIC.pattern + r"\s+of\s+(?:[\w-]+\s+){1,3}(?:(?:more\s+than|nearly|almost|about)\s+)?$",
    FLAGS,
)
# What a resource is spent to reach: `the GPU-hours needed to match the final error of X`.
_TO_REACH = lazy(
    r"\b(?:needed|required|spent|used|taken|it\s+takes)\s+to\s+(?:match|reach|attain|achieve|hit|recover)\b",
    FLAGS,
)
# A metric that changes, its change after it: `their accuracy drops by 18% on long inputs`.
_METRIC_CHANGES = lazy(
    r"(?<!target\s)(?<!reach\s)(?<!to-)\b(?:accuracy|recall|precision|perplexity|(?-i:WER|BLEU|F1|mAP|NDCG|nDCG)|"
    r"scores?|(?:error|success|hit|miss|win)\s+rates?)"
    r"\s+(?:(?:is|was|are|were|also|then|only)\s+)?(?:drop|fall|fell|declin|decreas|ris|rose|increas|improv|degrad|grow|grew)\w*"
    r"\s+(?:by\s+)?(?:only\s+|about\s+|roughly\s+|up\s+to\s+|nearly\s+|almost\s+)?$",
    FLAGS,
)
# A metric with its value in brackets: `the same validation accuracy (66.1% on ...)`.
_METRIC_BRACKET = lazy(_METRIC.pattern + r"\s*\(\s*$", FLAGS)
_QUALITY = Sieved(
    _METRIC.pattern + r"|\b(?:performance|quality|capabilit\w*|abilit\w*|knowledge)\b", FLAGS
)
_CARBON = Sieved(
    r"\b(?:(?:embodied\s+)?carbon|CO2e?|CO₂e?|greenhouse(?:\s+gas(?:es)?)?)"
    r"(?:[\s-]+(?:emissions?|footprints?|intensity|costs?|output))?|\bemissions?\b",
    FLAGS,
)


def _only_carbon(phrase: str) -> bool:
    """Whether a phrase names carbon and, with its carbon words cut out, no resource:
    `carbon emissions` is no energy, but `energy and carbon emissions` still is."""
    if _CARBON.search(phrase) is None:
        return False
    return _strongest(_CARBON.rx.sub(" ", phrase)) < 2


def _first_conjunct(words: str) -> str:
    """`words` up to a conjunction or comma: `higher and area efficiency is` says nothing of
    the area about what came before the `and`."""
    return _CONJUNCT.split(words, maxsplit=1)[0]


_CONJUNCT = lazy(r"\s(?:and|or|but|while|whereas)\s|,", FLAGS)
_PER_AREA = Sieved(
    r"(?:\bper\s+|/\s?)(?:mm²|mm2|mm\^2|unit\s+area|area|cm²|DSPs?\b|LUTs?\b)"
    r"|\b(?:DSP|LUT|area|silicon)\s+efficiency\b",
    FLAGS,
)
# After a factor: the subject has or needs more of the resource than something else.
_MORE_AFTER = Sieved(
    r"^\s?(?:more(?!\s+(?:compact|[\w-]*efficient|[\w-]*effective|lightweight|economical|frugal|affordable|scalable)\b)"
    r"|larger|bigger|higher|greater|longer|as\s+(?:much|many|large|long))\b",
    FLAGS,
)
_EFFICIENCY = lazy(r"efficien|/\s?[WJ]\b|" + _PER_ENERGY, FLAGS)
_GOOD_WHEN_HIGHER = lazy(
    r"\b(?:efficien\w*|per\b|/|throughput|rates?|ratios?|capacity|speed|performance|"
    r"requests|users|batch|savings?|reductions?|compression\s+ratios?)",
    FLAGS,
)
# A larger model named beside ours: `Llama-3-405B, a model 5 times larger`, `a model that is
# 18 times larger`, `..., which is around 5 times larger`.
_APPOSITIVE = lazy(
    r"(?:(?:,\s*|\b)(?:an?|the)\s+(?:[\w-]+\s+){0,2}"
    r"|(?:\b(?:that|which)\s+(?:is|are|was|were)\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|over\s+)?))$",
    FLAGS,
)


# A model that is not ours right before a factor it is larger by: `a teacher 9.4x larger`.
_OTHER_MODEL_BEFORE = lazy(
    r"\b(?:an?|the|its|their)\s+(?:[\w-]+\s+)?(?:teacher|baseline|reference|original|dense)"
    r"(?:\s+(?:model|network|LLM))?\s+$",
    FLAGS,
)


def _uses_more(r: _Reading) -> bool:
    """Whether a factor says its subject has, needs or is given more of a cost resource
    (memory, compute, energy, parameters): `3x more parameters than ResNet`, `with 2x more
    training steps`. Not a claim, but for capacity (`models 8x larger on the same GPUs`)
    and for a larger model named beside a smaller one (`Llama-3-405B, a model 5x larger`)."""
    if r.types == ["speedup"] or not _MORE_AFTER.match(r.s[r.bound_end : r.bound_end + 40]):
        return False
    if r.mode == "fraction":
        return False  # "a third as much": a fraction of the baseline's is less
    if (
        _GOOD_WHEN_HIGHER.search(r.after)
        or _GOOD_WHEN_HIGHER.search(r.before[-30:])  # "with TOPS/Watt about 30X higher"
        or r.types == ["memory_reduction"]
        and _CAPACITY.search(r.s, max(0, r.a - 300), r.a + 300)
    ):
        return False
    than = rx(r"\b(?:than|as)\b").search(r.s[r.bound_end : r.bound_end + 80])
    if than and _THAN_OURS.match(r.s, r.bound_end + than.end(), r.bound_end + than.end() + 40):
        return False  # "X requires 4x more storage than our model": ours needs less
    if _BASELINE_SPENDS.search(r.s, max(0, r.a - 80), r.a):
        return False  # "a reference run that used 9x more compute": ours needs less
    if _BASELINE_ANTECEDENT.search(_relative_antecedent(r)):
        return False  # "a 9x speedup over GNS, which also needs 5x more memory": ours needs less
    if _OTHER_MODEL_BEFORE.search(r.s, max(0, r.a - 40), r.a):
        return False  # "a teacher 9.4x larger than the student": the other one is larger
    return bool(than) or not _APPOSITIVE.search(r.s[max(0, r.a - 40) : r.a])


def _less_of_better(r: _Reading) -> bool:
    """Whether a factor below one is of something better when higher: `sustains 0.94x
    the throughput of fp16` is a speedup of 0.94, where `0.5x the latency` is one of 2;
    so is one that names nothing after it, where the resource word nearest before it in
    its sentence is such a rate (`throughput: 0.85x of AdamW`, `decode throughput vs.
    FP16: 1.8x at batch 1, 0.9x at batch 64`, but `throughput is flat and latency drops
    to 0.5x`)."""
    if r.types != ["speedup"]:
        return False
    if _HIGHER_IS_FASTER.search(r.head) is not None:
        return True
    if resources_in(r.head):
        return False
    phrase = r.s[max(0, r.group_start - 120) : r.group_start]
    if "(" in phrase:  # an aside says nothing of it: `1.8x at batch 1 (memory-bound), 0.9x`
        phrase = _PARENTHESIS.sub("", phrase)
    named = _matches(phrase)
    if not named:
        return False
    _, start, end, _ = max(named, key=lambda m: m[2])
    return _HIGHER_IS_FASTER.search(phrase[start:end]) is not None


_HIGHER_IS_FASTER = lazy(context("higher_is_faster"), FLAGS)
# Any bracket, where `_ASIDE` keeps a short one as an acronym: `(memory-bound)` is no name.
_PARENTHESIS = lazy(r"\([^()]*\)")


def _grows_resource(r: _Reading) -> bool:
    """Whether the verb before a quantity makes a length it can handle longer
    (`increases the effective context length by 3.9x`, `extends the window by 4x`): a
    capacity gained, not a cost saved. (A cost that grows, `increases VRAM by 40%`, is the
    method's own loss and is read as such.) Verbs that say better (`improves`, `boosts`)
    and objects that are better when higher (efficiency, savings, ratios) are gains."""
    obj = r.obj
    if r.types == ["speedup"] or not obj or not _LENGTH.search(obj):
        return False
    if _GOOD_WHEN_HIGHER.search(obj + " " + r.head):
        return False
    return _PLAIN_GROWTH.match(_last_change_verb(r.before)) is not None


def _last_change_verb(text: str) -> str:
    """The last verb of `text` that says something goes down or up, or `""`."""
    verbs = _REDUCE_VERB.finditer(text) + _INCREASE_VERB.finditer(text)
    return max(verbs, key=lambda v: v.end()).group() if verbs else ""


_GROWN_BY = lazy(
    r"\b(?:by|to)\s+(?:(?:up\s+to|about|around|roughly|nearly|almost|over|more\s+than|an?|factor\s+of)"
    r"\s+)*$",
    FLAGS,
)


def _rising_cost(r: _Reading) -> bool:
    """Whether a factor is what a verb of plain rising makes a cost grow by (`increases the
    memory footprint by 3x`, `latency increased by a factor of 2`, `multiplies the energy
    by 4`) or to (`memory grows to 3x that of the default`), as `doubles the cost` is: the
    subject spends more, no gain. What is better when
    higher (throughput, efficiency, a ratio, a batch that fits) grows as a gain."""
    if r.mode != "times" or r.capacity or r.forced:
        return False
    number = r.m.start("n") if r.p.kind == "bare" else r.a  # `by a factor of 3`: in the match
    if not _GROWN_BY.search(r.s, max(0, number - 40), number):
        return False  # not what the verb grows it by: `3x less latency increase`
    zone = _verb_zone(r.s, r.verb_at)
    if r.p.kind == "bare":
        zone += r.s[r.a : r.b]  # the verb may be in the match: `multiplies X by 3`
    verb = _last_change_verb(zone)
    if not verb or _RISING_VERB.match(verb) is None:
        return False
    return not _GROWS_AS_GAIN.search(f"{r.obj or ''} {r.head} {r.before[-40:]}")


# What grows as a gain: a rate of work or of efficiency, a ratio, a capacity (`energy per
# query` is a cost, `tokens per second` a rate).
_GROWS_AS_GAIN = lazy(
    r"\b(?:efficien\w*|throughput|goodput|rates?|ratios?|capacity|speed\w*|performance|FPS|QPS|"
    r"requests|users|batch\w*|savings?|reductions?|per\s+(?:second|watt|joule|dollar)|/\s?(?:s|W|J)\b)",
    FLAGS,
)


# Verbs of growth that say nothing of better: the thing itself becomes larger.
# A loss or degradation told right before a percentage: `a loss of less than 0.02%`.
_LOSS_OF = lazy(
    r"\b(?:loss|losses|degradation|(?:accuracy|quality|scores?|AUC|F1|BLEU|mAP|top-[15]|"
    # a benchmark's name before the drop: "a VBench drop of less than 0.5%" (a resource's
    # name is told apart in `_quality_loss`: "FLOPs drop 62%")
    r"(?P<name>(?-i:[A-Z][\w-]*[A-Z][\w-]*)))\s+(?:drops?|declines?|decreases?))\s+(?:of\s+)?(?:only\s+|just\s+|less\s+than\s+|under\s+|"
    r"below\s+|at\s+most\s+|about\s+|around\s+|roughly\s+|within\s+|~\s?)?$",
    FLAGS,
)


def _quality_loss(s: str, a: int) -> bool:
    """Whether the share at `a` is what a quality measure loses (`an AUC drop of 0.02%`,
    `a VBench drop of 0.5%`), not what a resource named so loses (`FLOPs drop 62%`)."""
    m = _LOSS_OF.search(s, max(0, a - 40), a)
    return m is not None and not (m["name"] and _strongest(m["name"]) > 1)


# Verbs of beating a rival: what is beaten is a system, not a resource.
_BEATS = lazy(rf"\b(?:{'|'.join(context_words('increasing_verb', 'beating_verbs'))})\b", FLAGS)
_PLAIN_GROWTH = lazy(r"(?:increas|rais|enlarg|expand|extend|grow|grew|lengthen)", FLAGS)
_LENGTH = lazy(context("length_word"), FLAGS)


def _keyed_resource(r: _Reading) -> list[str]:
    """The resource a line's key names before a colon, where a note gives a change as the
    value: `monthly inference spend: down 60%`, `- energy / token: -44%`."""
    if r.before.strip(" -~") not in ("", "down", "up"):
        return []
    key = _KEY_BEFORE.search(r.s, max(0, r.a - 80), r.a)
    return resources_in(key["key"], nearest_last=True)[:1] if key else []


_KEY_BEFORE = lazy(
    r"(?:^|\n)[\s*•·\-–]*(?P<key>[^\n:]{1,60}):\s*(?:(?:down|up|about|~)\s*)?[-−]?$", FLAGS
)


def _defined_resource(r: _Reading) -> list[str]:
    """The resource of an acronym the text defined, named around the quantity:
    `time-to-action (TTA) ... lowers TTA by 3.4x` is a speedup."""
    if not r.facts.terms:
        return []
    around = r.head + " " + (r.obj if r.obj is not None else r.before)
    for term, words in r.facts.terms.items():
        # the words must name a resource, not only hint at one: `outperforms Vision
        # Transformer (ViT)` defines a model, whatever the verb before it
        if term in around and _strongest(words) > 1 and _term_in(term, around):
            found = resources_in(words, nearest_last=True)
            if found:
                r.by_term = True
                return found[:1]
    return []


def _term_in(term: str, text: str) -> bool:
    """Whether `term` occurs in `text` as a word of its own."""
    return regex.search(rf"(?<!\w){regex.escape(term)}(?!\w)", text) is not None


def _what_is_compressed(r: _Reading) -> list[str]:
    """A bare `compression` takes the type of what is compressed, named earlier in the
    sentence: `Quantising the KV cache ... yields a 6.2x compression` is memory."""
    if r.types != ["compression"] or not _COMPRESS_HEAD.search(r.head + " " + r.before[-60:]):
        return r.types
    if _COMPRESSION_OBJECT.search(r.head + " " + (r.obj or "")):
        return r.types  # weights, parameters, the model: compression proper
    objects = list(_COMPRESSED.finditer(r.s, max(0, r.a - 200), r.a))
    if not objects:
        return r.types
    last = objects[-1]
    return ["memory_reduction" if last["memory"] else "compute_reduction"]


_COMPRESS_HEAD = Sieved(r"\bcompress\w*", FLAGS)
_COMPRESSION_OBJECT = Sieved(
    r"\b(?:weights?|param\w*|models?|checkpoints?|storage|sizes?|bits|messages|files?)\b", FLAGS
)
# What a compression in the same sentence may be of, when the word stands alone.
_COMPRESSED = lazy(
    r"\b(?:(?P<memory>KV[\s-]?caches?|caches|activations?)"
    r"|(?:prompts?|contexts?|context\s+tokens|reasoning[\s-]+traces?|chains?[\s-]of[\s-]thought|demonstrations|"
    r"(?:agent\s+)?trajector(?:y|ies)|transcripts?|(?:conversation|dialogue|chat)\s+histor(?:y|ies)))\b",
    FLAGS,
)


def _subject_words(r: _Reading) -> str:
    """The words before a quantity that may hold its subject: its clause, and where that
    is a relative clause (`the previous state of the art, which is 3.3x slower`) or a bare
    verb after an aside (`the float baseline, X under ONNX Runtime, is 7 times slower`),
    the words before it too."""
    if _RELATIVE.match(r.before) or (
        _BARE_VERB.match(r.before) and r.s[: r.group_start - len(r.before)].rstrip().endswith(",")
    ):
        return _words_before_clause(r) + r.before
    return r.before


#: A clause that is only a verb of being, its subject before the comma: `, is about`.
_BARE_VERB = lazy(
    r"^\s*(?:is|are|was|were)\s+(?:about\s+|roughly\s+|nearly\s+|around\s+|up\s+to\s+|over\s+)?$",
    FLAGS,
)


def _words_before_clause(r: _Reading) -> str:
    """Up to 60 characters before the clause of a quantity."""
    start = r.group_start - len(r.before)
    return r.s[max(0, start - 60) : start]


def _relative_antecedent(r: _Reading) -> str:
    """The words before the relative clause a quantity is in (`Compared with FFA-LoRA, `
    of `which is 2.5x slower`, `a strong baseline ` of `that is 2.5x slower`), or `""`
    when it is in none."""
    text = _words_before_clause(r) + r.before
    clauses = list(_RELATIVE_IS.finditer(text))
    return text[: clauses[-1].start()] if clauses else ""


#: The pronouns that open a relative clause.
_RELATIVES = r"(?:which|that|who)"
_RELATIVE = lazy(rf"^\s*{_RELATIVES}\b", FLAGS)
_RELATIVE_IS = lazy(
    rf"\b{_RELATIVES}\s+(?:also\s+|still\s+)?(?:is|are|was|were|runs?|ran|needs?|needed|"
    r"uses?|used|requires?|required|consumes?|consumed|takes?|took|spends?|spent)\b",
    FLAGS,
)


def _running_a_system(r: _Reading) -> bool:
    """Whether the clause is about running a system (a kernel, compiler, scheduler,
    runtime, accelerator, mapping) and names no accuracy or quality metric: there,
    `46% higher performance` is speed."""
    clause = _phrase_before(r.s, r.a, limit=120, conjuncts=False) + r.s[r.b : r.bound_end + 80]
    return _SYSTEM.search(clause) is not None and _METRIC.search(clause) is None


_SYSTEM = Sieved(
    r"\b(?:runtimes?|kernels?|accelerators?|(?:auto-?)?schedul\w*|compil\w*|mappings?|"
    r"inference\s+engines?|serving\s+systems?|hardware|libraries|library|(?:auto-?)?tun(?:ing|ers?))\b",
    FLAGS,
)


def _trains(r: _Reading) -> bool:
    """Whether the parameters counted are the trainable ones: named after the share, as
    the verb's object, or as the subject of a share it is (`trainable params per adapter
    are only 0.06% of the base`)."""
    if _TRAINABLE.search(r.head) or _TRAINABLE.search(r.obj or ""):
        return True
    subject = _TRAINABLE_SUBJECT.search(_phrase_before(r.s, r.a))
    return subject is not None


#: The words that say parameters are the ones trained.
_TRAINABLE_WORDS = r"(?:trainable|learnable|tunable|tuned)"
# Trainable parameters as the subject of what a share says: `trainable params are only`.
_TRAINABLE_SUBJECT = lazy(
    rf"\b{_TRAINABLE_WORDS}\s+(?:param\w*|weights)\b(?:\s+[\w-]+){{0,3}}?"
    r"\s+(?:are|is|make\s+up|amount\s+to|account\s+for|represents?)\s+"
    r"(?:only\s+|just\s+|merely\s+|about\s+|around\s+|roughly\s+|under\s+|below\s+)?$",
    FLAGS,
)


_GROWTH_VERB = Sieved(
    r"\b(?:grow|grows|grew|grown|growing|increas\w*|ris(?:e|es|en|ing)|rose)\s+(?:by\s+)?(?:only\s+|just\s+|merely\s+|roughly\s+|about\s+|nearly\s+|over\s+|up\s+to\s+)?$"
    # verbs that only ever make a thing bigger, with their object between: `enlarges the
    # tile memory footprint fourfold`, `multiplies energy per query by 6 to 23 times`
    r"|\b(?:(?:enlarg|inflat|bloat)\w*|multipl(?:y|ies|ied|ying))\s+(?:[\w-]+\s+){0,5}?(?:by\s+)?(?:about\s+|roughly\s+|nearly\s+|up\s+to\s+)?$",
    FLAGS,
)
# A growth between two years: `a 300,000x increase from 2012 to 2018`.
_GROWTH_OVER_YEARS = lazy(
    r"\s?(?:[\w-]+\s){0,2}?(?:increase|growth|rise)\s+(?:in\s+\w+\s+)?(?:from|between|since)\s+(?:19|20)\d\d\b",
    FLAGS,
)
_TRAIN_VERB = lazy(
    r"\b(?:trains?|tunes?|fine-tunes?|updates?|learns?)\s+(?:only\s+|just\s+)?$", FLAGS
)
_NOT_RESOURCE = Sieved(
    r"\b(?:(?:silicon|chip|die)\s+area|area|dies?|die\s+sizes?|transistors?|gates|LUTs?|DSP\s+slices|wire\s*lengths?|servers|nodes\s+needed|"
    r"(?:compute|computational|computing|memory|storage|bit|logic|integration)\s+densit(?:y|ies)|"
    r"per\s+mm(?:2|²|\^2)?)(?!\w)",
    FLAGS,
)
_NOT_RESOURCE_IS = lazy(
    _NOT_RESOURCE.pattern
    + r"\s+(?:is|are|was|were|becomes?)\s+(?:about\s+|roughly\s+|only\s+|also\s+|nearly\s+)?$",
    FLAGS,
)
_GROWTH_WORD = lazy(r"(?:doubl|tripl|quadrupl)(?:es|ed|ing)", FLAGS)
#: A clause that reports what follows it: `we find that`, `our results show that`.
_REPORTING = lazy(
    r"\b(?:we|our\s+(?:results|experiments|measurements|analysis))\s+(?:also\s+|further\s+)?"
    r"(?:finds?|found|shows?|showed|shown|observes?|observed|notes?|noted|sees?|saw|reports?|"
    r"reported|demonstrates?|demonstrated|confirms?|confirmed|verif(?:y|ies)|verified)\s+that\b",
    FLAGS,
)
_OWN_SUBJECT = lazy(
    r"\b(?:our|ours|we|the\s+proposed|this\s+method|the\s+method|it|being)\b"
    # a part of the method that makes a process slower: "the updates make training 1.2x slower"
    r"|\b(?:makes?|made|making)\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){0,2}?(?:about\s+|roughly\s+|only\s+)?$",
    FLAGS,
)
# `higher efficiency` or `the efficiency` (of a baseline) with no resource of its own: an
# energy efficiency named before decides.
_PLAIN_EFFICIENCY = lazy(r"\s?(?:higher|better|greater|improved|the)\s+efficiency\b", FLAGS)
# Our own method after `than`: what a baseline uses more of, ours uses less of.
_THAN_OURS = lazy(r"\s+(?:that\s+of\s+|those\s+of\s+)?" + _OURS, FLAGS)
# A clause on the subject's own doing: "uses a quarter of the memory while generating
# tokens only 1.4x slower".
_OWN_CLAUSE = lazy(
    r"\bwhile\s+(?-i:[a-z]+ing)\s+(?:[\w-]+\s+){0,2}?(?:about\s+|roughly\s+|only\s+|just\s+)?$",
    FLAGS,
)
# A subject that is a named system or a baseline (a capitalised name not at the start, or
# a word that says so), or a comparison with our own method, after `slower`.
_BASELINE_WORDS = r"\b" + _BASELINE
# What a relative clause on a baseline follows: a word that says so, or a name compared
# with (`Compared with FFA-LoRA, which is`), with no other clause between.
_BASELINE_ANTECEDENT = lazy(
    r"(?:"
    + _BASELINE_WORDS
    + r"|\b(?:compared\s+(?:with|to)|against|versus|vs\.?|over)\s+(?-i:[A-Z][\w.-]*))[^,;]*,?\s*$",
    FLAGS,
)
# A baseline that a relative clause says spent the amount: `a reference run that used`.
_BASELINE_SPENDS = lazy(
    _BASELINE_WORDS
    + r"\s+(?:[\w-]+\s+){0,2}?(?:that|which)\s+(?:used|uses|needed|needs|required|requires|"
    r"consumed|consumes|took|takes|spent|spends)\s+(?:about\s+|roughly\s+|nearly\s+)?$",
    FLAGS,
)
_NAMED_SUBJECT = lazy(
    # (a product named by a word and a number: `Loihi 2`, `Gaudi 3`)
    r"(?-i:(?<!^)(?<![.:;]\s)\b[A-Z][\w-]*[A-Z0-9][\w-]*\b|(?<=\s)[A-Z][a-z]+[A-Z]\w*"
    r"|(?<=\s)[A-Z][a-z]+\s\d{1,3}\b)|" + _BASELINE_WORDS,
    FLAGS,
)
_BASELINE_SUBJECT = lazy(_BASELINE_WORDS, FLAGS)
# A verb of using right before `N× the` cost: `requires 1.1x the wall-clock time`.
_USES_MULTIPLE = lazy(
    r"\b(?:us(?:e|es|ed|ing)|requir\w*|need\w*|consum\w*|tak(?:e|es|ing)|spend\w*|costs?)"
    r"\s+(?:about\s+|roughly\s+|around\s+|nearly\s+|only\s+)?$",
    FLAGS,
)
_THE_AFTER = lazy(r"\s?(?:the|its)\s", FLAGS)
# What grants or bounds an amount rather than saving it: `Given 4x the compute budget`,
# `within 1.2x the number of rounds`.
_ALLOWED_BEFORE = lazy(
    r"\b(?:given|granted|allowed|allotted|within)\s+(?:up\s+to\s+|only\s+|about\s+|roughly\s+)?$",
    FLAGS,
)


def _own_multiple(r: _Reading) -> bool:
    """Whether `N× the` cost after a verb of using is the subject's own, larger cost
    (`SwayProj requires 1.1x the wall-clock time`), not a baseline's (`the baseline needs
    3x the memory`), whose factor is our saving as it stands."""
    if _THE_AFTER.match(r.s, r.bound_end) is None:
        return False
    verb = _USES_MULTIPLE.search(r.before)
    return (
        verb is not None
        and not _RATE_WORDS.search(r.after)
        and not _BASELINE_SUBJECT.search(r.before[: verb.start()])
    )


_OURS_AFTER = Sieved(
    "^"
    + _SLOWER_THAN
    + r"(?:ours|our\b|the\s+proposed|this\s+(?:method|work)|the\s+neural|(?-i:[A-Z][\w-]*))",
    FLAGS,
)
_OVERHEAD = lazy(r"\b(?:latenc\w*|run[- ]?times?|time|overheads?|delay)\b", FLAGS)
# The method's own overhead, told before the factor (`a memory overhead of 1.1x`) or as
# its head (`a 1.05x memory overhead`).
_OVERHEAD_BEFORE = lazy(
    r"\boverheads?\s+(?:of|is|was|are|at|stays\s+at|remains\s+at)\s+"
    r"(?:only\s+|just\s+|about\s+|roughly\s+|around\s+|up\s+to\s+|under\s+|below\s+)?$",
    FLAGS,
)
_OVERHEAD_HEAD = lazy(r"^\s?(?:(?:[\w-]+\s){0,2}?overheads?|additional|extra)\b", FLAGS)
_VAGUE = lazy(r"\b(?:performance|efficien\w*|outperform\w*|kernels?)\b", FLAGS)


def _only_weak_speed(*phrases: str) -> bool:
    """Whether the only speed words around a percentage are vague (`performance`)."""
    text = _VAGUE.sub(" ", " ".join(phrases))
    present = _present(text)
    return not any(
        lx.rx.search(text)
        for lx in resource_lexicon()
        if lx.type == "speedup" and lx.may_match(present)
    )


def _of_phrase(s: str, end: int) -> str:
    """The noun phrase after `of` right behind a quantity: `saves 62% of VRAM` → `VRAM`."""
    m = rx(r"\s?of\s+((?:the\s+|its\s+|their\s+|our\s+)?[^,;.()]{1,50})").match(s[end : end + 120])
    if not m:
        return ""
    phrase = _PREPOSITION.split(_NUMBER_OF.sub("", m.group(1)), maxsplit=1)[0]
    # up to a clause of its own: `62% of the channels and reduces FLOPs by`
    verb = _AND_VERB.search(phrase)
    return phrase[: verb.start()] if verb else phrase


_AND_VERB = lazy(rf"\s(?:and|while|but)\s+(?:then\s+|also\s+)?(?:{_REDUCE_VERB.pattern})", FLAGS)
_SPAN_BEFORE = Sieved(
    r"\b(?:across|spanning|spans?|ranging|range|varying|var(?:y|ies))\s+(?:about\s+|over\s+|roughly\s+)?$",
    FLAGS,
)
_TRAINABLE = lazy(rf"\b(?:{_TRAINABLE_WORDS}|adapter)\b", FLAGS)
# A quantity in a parenthesis right after what it measures: `the weights (4x)`.
_NOUN_BEFORE_PAREN = lazy(
    r"(?P<noun>(?:[\w-]+\s+){0,2}[\w-]+)\s*\(\s*(?:by\s+)?"
    r"(?:(?:up\s+to|about|around|over|nearly|roughly|approximately|~)\s*)?$",
    FLAGS,
)
_MEASURED_IN = lazy(
    r"^\s?(?:on|in)\s+(?:the\s+|terms\s+of\s+)?(?:total\s+|overall\s+)?(?P<what>[\w-]+(?:\s+per\s+\w+|\s+[\w-]+(?:/s\b|\s+per\s+\w+)?)?(?:/s\b)?)",
    FLAGS,
)
# A factor whose modifier is followed by another factor and their shared head:
# `14.2x prefill and 7.6x decoding wall-clock speedups`.
_SHARED_HEAD = lazy(
    r"^\s?(?P<mod>[\w-]+(?:\s[\w-]+)?)\s*(?:,\s*|\s)(?:and\s+|or\s+)?(?:up\s+to\s+)?"
    + expand(r"\d[\d.,]*{X}\s+", macros())
    + r"(?P<head>(?:[\w-]+\s){0,3}(?:speed-?ups?|reductions?|savings?|gains?|improvements?))\b",
    FLAGS,
)
# `on` ends the phrase a quantity governs (`2x on A100`), but a resource that is all of
# what follows `on` is what the quantity measures: `12.7 times on model size and 62 on FLOPs`.
_MEASURED_ON = lazy(
    r"^\s?on\s+(?:the\s+)?(?:total\s+|overall\s+)?"
    # not a kind of workload: `on communication-heavy configurations`, `memory-bound layers`
    r"(?![^\W\d_]+-(?:heavy|bound|intensive|dominated|limited|constrained|sensitive)\b)"
    r"(?P<what>[^\W\d][^\W\d_]*(?:-[^\W\d_]+)*"
    r"(?:\s+[^\W\d][^\W\d_]*(?:-[^\W\d_]+)*)?)"
    r"(?=\s*(?:[,;)]|\.(?!\d)|and\b|with\b|while\b|compared\b|than\b|$))",
    FLAGS,
)
# The last verb before a quantity is one of speed: `accelerates computation by`.
_SPEED_VERB = Sieved(
    r"\b(?:accelerat\w*|speeds?\s+up|sped\s+up|speeding\s+up)\b(?!.*\b(?:reduc|cut|lower|sav|compress|improv|increas)\w*)",
    FLAGS,
)
_SPARSE_AFTER = Sieved(r"^[\s-]?(?:sparsity|sparse)\b", FLAGS)
# Sparsity of what is computed on, not stored: work skipped.
_SPARSE_WORK = Sieved(r"\b(?:attention|activations?|contexts?|tokens?|KV)\b", FLAGS)
_FILLER = lazy(
    r"\b(?:and|or|the|a|an|of|in|by|its|their|our|respectively|overall|total|end-to-end|average|number|amount)\b",
    FLAGS,
)
_BY_BEFORE = lazy(
    r"\b(?:by|of|in|is|are|was|were)\s+(?:up\s+to\s+|about\s+|around\s+|over\s+|nearly\s+|roughly\s+|approximately\s+|an?\s+)?$",
    FLAGS,
)
# The size of a group of people, which is no model's: `the size of the engineering team`.
_SIZE_OF_PEOPLE = lazy(
    r"^\s?(?:the\s+)?sizes?\s+of\s+(?:the\s+|our\s+|its\s+|their\s+)?(?:[\w-]+\s+)?"
    r"(?:teams?|staff|company|companies|workforce|offices?|organi[sz]ations?|user\s+base|"
    r"community|audience)\b",
    FLAGS,
)
# What grows in the same memory, named before `from A to B`: `the maximum batch size`.
_CAPACITY_COUNT = lazy(
    r"\b(?:batch(?:\s+sizes?)?|concurrent\s+(?:sequences|requests|streams|users|sessions)|"
    r"(?:context|sequence)\s+lengths?)\b[^,;]{0,30}$",
    FLAGS,
)
# A whole a part takes a share of (`of the step`), with no baseline's amount named.
_WHOLE = lazy(
    r"\s*(?:(?:the|each|a|every|one)\s+)?(?:(?:total|overall|end-to-end|training|decode|decoding|"
    r"inference|forward|solver)\s+)?(?:step|iteration|forward\s+pass|pass|run\s*time|runtime|"
    r"pipeline|time\s+step|step\s+time|iteration\s+time|step\s+throughput)\s*",
    FLAGS,
)
# A verb that says a part is so much of a whole: `the adder tree accounts for under a third
# of total macro power`.
_SHARE_VERB = lazy(
    r"\b(?:accounts?\s+for|accounted\s+for|makes?\s+up|made\s+up|represents?|represented|"
    r"constitutes?|constituted|comprises?|comprised)\s+(?:(?:only|just|about|roughly|nearly|"
    r"under|less\s+than|over|more\s+than|up\s+to|at\s+most|almost)\s+)*$",
    FLAGS,
)
# Counts of machines after two amounts, which are no resource of the five: `from 512 to
# 8,192 nodes`.
_MACHINE_NOUNS = r"(?:machines|servers|nodes|racks|hosts|instances|GPUs|CPUs|TPUs|devices|cores|chips|workers|ranks)"
_MACHINES_AFTER = lazy(rf"\s?{_MACHINE_NOUNS}\b", FLAGS)
# A count of machines as what a fraction is of: `a third of its parameter-server machines`.
_MACHINES = lazy(rf"\b{_MACHINE_NOUNS}\s*$", FLAGS)
# `reductions of` right before a quantity: what follows it is the clause's predicate.
_CHANGE_OF_BEFORE = Sieved(context("change_of_before"), FLAGS)
_ONLY_BY = lazy(r"^\s*(?:and\s+)?by\s*$", FLAGS)


# The rate another system runs at, after a factor: `3.4 times the rate of SuperPoint`, `five
# times the rate of the sampling-based planner it replaces`.
_RATE_OF_SYSTEM = lazy(
    r"^\s?the\s+(?:frame\s+|update\s+|control\s+|processing\s+)?rate\s+of\s+(?:"
    r"(?-i:[A-Z])[\w.-]*(?:\s|[,.;)]|$)|(?:the|its|their|our|an?)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:planners?|baselines?|teachers?|models?|solvers?|methods?|polic(?:y|ies)|detectors?|"
    r"networks?|systems?|pipelines?|implementations?|kernels?|controllers?|trackers?|builds?|"
    r"versions?|variants?|counterparts?|runtimes?|frameworks?|libraries|engines?|providers?|"
    r"services?|competitors?|offerings?|vendors?|deployments?|setups?|configurations?)\b)",
    FLAGS,
)

# A rate of ours before it, which the factor compares: `runs at 90 FPS,`, `at 1 kHz,`.
_OWN_RATE = lazy(
    r"\d\s?(?:k?Hz|FPS|(?:[\w-]+\s)?(?:tokens|frames|images|samples|queries|requests)\s?(?:/\s?s|per\s+second))\b",
    FLAGS,
)


def _types(
    after: str,
    before: str,
    s: str,
    a: int,
    b: int,
    mode: str,
    kind: str,
    inherit: list[str] | None = None,
) -> list[str]:
    """Resource types of a quantity: named after it, else in the verb phrase before it."""
    if _SIZE_OF_PEOPLE.match(after):
        return []  # "double the size of the engineering team": people, no resource
    if _RATE_OF_SYSTEM.match(after) and _OWN_RATE.search(s, max(0, a - 120), a):
        return ["speedup"]  # "at 90 FPS, 3.4 times the rate of SuperPoint": a system's rate
    head = _head_after(after)
    content = _FILLER.sub("", _content_after(after)).strip(" -")
    article = _ARTICLE_BEFORE.search(s, max(0, a - 3), a)
    if article and _GAIN_NOUN_AFTER.match(s, b) and (unit := _unit_apposed(s, article.start())):
        return unit  # "shortened retraining to 47 minutes, a 2.6x improvement": time
    if _SHORTER_PROCESS.match(head):
        return ["speedup"]  # "1.5x shorter epochs": a process made shorter takes less time
    types = resources_in(head)
    if types and _strongest(head) > 1:
        return types
    if not types and (apposed := _apposed(s, a, b, head, mode)) is not None:
        return apposed
    amounts = _PAREN_AMOUNTS.match(s, b, b + 80)
    if amounts and (got := _from_to(amounts.groupdict(), "")):
        return [got[0]]  # "98x improvement (4,918 ms to 50 ms)": the amounts' units decide
    amounts = _AMOUNTS_BEFORE.search(s, max(0, a - 80), a)
    if amounts and (got := _from_to(amounts.groupdict(), _phrase_before(s, amounts.start()))):
        return [got[0]]  # "shrinks the model from 96 GB to 1.5 GB, a 64x reduction": as they are
    paren = _NOUN_BEFORE_PAREN.search(s, max(0, a - 60), a)
    if paren and _strongest(paren["noun"]) > 1:
        return resources_in(paren["noun"], nearest_last=True)[:1]  # "the KV cache (2.5x)"
    subject = (
        _RELATIVE_SUBJECT.search(s, max(0, a - 60), a)
        if _RELATIVE_WORD.search(s, max(0, a - 24), a)
        else None
    )
    if subject and _strongest(subject["noun"]) > 1 and _strongest(head) < 2:
        return resources_in(subject["noun"], nearest_last=True)[
            :1
        ]  # "a KV cache that is 6x smaller"
    if _shortened_process(_object_before(before), before):
        # "shortens RL training by 35%": a process made shorter is time (what it is
        # shortened on is a condition: "shortens prefill by 2.3-4.1x on long prompts")
        return ["speedup"]
    measured_in = _MEASURED_IN.match(after)
    named = measured_in or _MEASURED_ON.match(s[b : b + 60])
    if (
        named
        and _strongest(named["what"]) > 1
        and _strongest(_object_before(before) or "") < 2
        # `on` after a resource named before is a condition: `memory down 35% on long prompts`
        and (measured_in or _strongest(before) < 2)
    ):
        return resources_in(named["what"])  # "30x on FLOPs", "a 40% cut in memory"
    if named and _NOT_RESOURCE.search(named["what"]):
        return []  # "1.9x in area efficiency": measured in something outside the five
    verb = _SPEED_VERB.search(before)
    if verb and not _REDUCE_VERB.search(before[-30:]) and not _DIGIT_RX.search(before, verb.end()):
        return ["speedup"]  # "accelerates computation by 14x": the verb names the resource
    if (
        _BEATS.search(before)
        and not resources_in(before)
        and _OWN_RATE.search(s, max(0, a - 160), a)
    ):
        return ["speedup"]  # "reaches 48 tokens/s, exceeding X by 1.4x": the rate beats X's
    if _SPARSE_AFTER.match(after):  # "at 50x sparsity": what is sparse decides
        skipped = _SPARSE_WORK.search(s)
        return ["compute_reduction" if skipped else "compression"]
    # a verb phrase before: "reduces memory usage by 40%", "a speedup of 3x"
    obj = _object_before(before)
    source = obj if obj and resources_in(obj) else before
    before_types = resources_in(source, nearest_last=True)
    head_part = source if _DIGIT_RX.search(source) else _MODIFIER.split(source, maxsplit=1)[0]
    if head_part != source and 1 < _strongest(head_part) >= _strongest(source):
        # the head of `GPU memory held by the KV cache for long requests` is the memory:
        # what a preposition adds after it qualifies it (in a phrase with no quantity of
        # its own, which would have its own words)
        before_types = resources_in(head_part, nearest_last=True)
    elif head_part != source and types and _strongest(head_part) < 1:
        # `double buffering of weights yields 46% higher performance`: the words before
        # name a resource only in what qualifies a subject that is none; the head after
        # the quantity, however weak, is what it measures
        before_types = []
    if _SPAN_BEFORE.search(before):
        before_types = []  # "scales across three orders of magnitude": a range, not a gain
    construction = obj is not None or _BY_BEFORE.search(before) or _strongest(head) <= 0
    if before_types and ((construction and _strongest(source) > _strongest(head)) or not types):
        if not content or types or _CHANGE_OF_BEFORE.search(before[-60:]):
            return before_types
    if types:
        return types
    shared = _SHARED_HEAD.match(s[b : b + 120])
    if shared and _strongest(shared["head"]) > 1 and not _METRIC.search(shared["mod"]):
        return resources_in(shared["head"])  # "14.2x prefill and 7.6x decoding speedups"
    if obj and _SHRUNK_OBJECT.search(obj) and _SHRINK_VERB.search(before):
        return ["compression"]  # "shrinks the detector by 36x": a model made smaller
    if _SENDS.search(before) and _DATA_HEAD.match(head):
        return ["compression"]  # "transmit 6.4x less data": data sent is data volume
    if content:
        return []  # named something, but not a resource: accuracy, data, perplexity
    if obj is not None and _PRONOUN_OBJECT.fullmatch(obj):
        return _antecedent(s, a - len(before)) or _preceding_resource(s, a)  # "reduce it to 66%"
    if inherit and _ONLY_BY.match(before):
        return inherit  # "lowered by 1.9x for the 7B model and by 2.6x for the 13B model"
    if mode != "times" or kind == "bare":
        return []
    if mode == "times" and _counts_occasions(s, a, b, before, inherit):
        return []  # "evaluated 5 times": occasions, not a factor
    if _REDUCE_AFTER.match(head):
        return _preceding_resource(s, a)  # "needs 4.5 GB of memory, a 3.1x reduction"
    if obj and _PRONOUNS.sub("", _FILLER.sub("", obj)).strip(" -"):
        return []  # "reduces machine footprint by 19x": the verb's object is no resource
    return _sentence_resource(s, a, b)


def _counts_occasions(s: str, a: int, b: int, before: str, inherit: list[str] | None) -> bool:
    """Whether `N times` that names no resource counts occasions (`sampled 5 times`) rather
    than multiplying something. It multiplies where a sign says so (`×`, `x`, `-fold`),
    after `by`, before a word of change (`a 3 times improvement`, `1.27 times higher`), or
    after a factor of its sentence, in another setting (`whereas ours attains 4.26 times`)."""
    if _FACTOR_SIGN.search(s[a:b].strip()) or _BY_BEFORE_TIMES.search(before):
        return False
    if _INCREASE_AFTER.match(s[b : b + 40]) or _REDUCE_AFTER.match(s[b : b + 40]):
        return False
    return not inherit or bool(_OCCASION_VERB.search(before[-40:]))


_FACTOR_SIGN = lazy(r"×|x$|fold$", FLAGS)
_BY_BEFORE_TIMES = lazy(r"\bby\s+(?:\w+\s+){0,2}$", FLAGS)
# A verb of doing something again right before a count: `repeated 5 times`, `run 3 times`.
_OCCASION_VERB = lazy(context("occasion_verb") + r"\s+(?:\w+\s+){0,2}$", FLAGS)

# A quantity set after a comma, an apposition to the noun before: `2.9M parameters, 47% fewer`.
_APPOSITION = lazy(
    r",\s*(?:or\s+|i\.e\.,?\s+|about\s+|roughly\s+|nearly\s+|(?:which|that)\s+(?:is|are)\s+(?:about\s+|only\s+|roughly\s+|nearly\s+|around\s+)?)?$",
    FLAGS,
)
# A rate right before a comma, which the quantity after it compares: `1,150 queries per
# second, an order of magnitude more than`; its setting may come between (`2,900 sentences
# per second at sequence length 128, about 40% higher than`).
_RATE_BEFORE_COMMA = lazy(
    expand(
        r"(?<![\w.,])(?:\d[\d,]*(?:\.\d+)?)\s?(?:[kKM]\s?)?{RATEU}"
        r"(?:\s+(?:at|on|with|for|in|using|under)\s+[^,;.()]{1,40}?)?"
        r",\s*(?:about\s+|roughly\s+|nearly\s+|over\s+)?(?:an?\s+)?$",
        macros(),
    ),
    FLAGS,
)
_GAIN_AFTER = lazy(r"\s?(?:times\s+)?(?:more|higher|greater|faster)\b", FLAGS)


def _rate_apposed(s: str, a: int) -> bool:
    """Whether a rate of ours stands before the comma before position `a`."""
    return _RATE_BEFORE_COMMA.search(s, max(0, a - 100), a) is not None


# A bound set after a resource and a comma: `achieves compression rates, exceeding 20x`,
# `the speedup compounds with quantization, reaching a combined factor of 5.2`.
_BOUND_APPOSITION = Sieved(
    r",\s*(?:exceeding|reaching|surpassing|above|over|up\s+to|as\s+high\s+as)\s+"
    r"(?:an?\s+(?:(?:combined|total|overall|cumulative|joint|final)\s+)?)?$",
    FLAGS,
)
# A model or a stored artefact as the object of a verb of making smaller: its size is what shrinks.
_SHRUNK_OBJECT = lazy(context("shrunk_object"), FLAGS)
# A verb of sending right before a quantity of data: the data is moved, a data volume.
_SENDS = lazy(context("sends_before"), FLAGS)
_DATA_HEAD = lazy(r"^\s?(?:[\w-]+\s){0,2}?data\b", FLAGS)
# A process as the object of `shorten`: what becomes shorter is its time.
_PROCESS_OBJECT = lazy(context("process_object"), FLAGS)
_SHORTEN_VERB = lazy(r"\bshorten\w*\b", FLAGS)
# ... and a process, or a unit of one, that a comparative after the quantity makes shorter
_SHORTER_PROCESS = lazy(
    r"^\s?shorter\s+(?:[\w-]+\s+)?(?:epochs?|iterations?|"
    + "|".join(context_words("process_object", "process_nouns"))
    + r")\b",
    FLAGS,
)


def _shortened_process(obj: str | None, before: str) -> bool:
    """Whether the words before a quantity shorten a process (`shortens RL training by`)."""
    return bool(obj and _PROCESS_OBJECT.search(obj) and _SHORTEN_VERB.search(before))


_SHRINK_VERB = lazy(context("shrinking_verb"), FLAGS)
_PRONOUN_OBJECT = lazy(r"\s*(?:it|them|this|these|those)\s*", FLAGS)
_PRONOUNS = lazy(r"\b(?:it|them|this|that|these|those|which|each|both|all)\b", FLAGS)


def _apposed(s: str, a: int, b: int, head: str, mode: str) -> list[str] | None:
    """The resource of the amount a quantity is set beside after a comma, or None when it
    is no such apposition: `2.9M parameters, 47% (2.3 times) fewer than`, `12.4 TOPS/W,
    an improvement of 11x`, `58 FPS, which is 2.2 times (that) of the baseline`."""
    if gain := _GAIN_APPOSITION.search(s, max(0, a - 60), a):
        # the amount before the comma, else the resource named last before it
        return _unit_apposed(s, gain.start() + 1) or _preceding_resource(s, gain.start())
    if mode not in ("percent", "times"):
        return None
    if _rate_apposed(s, a) and _GAIN_AFTER.match(s, b):
        return ["speedup"]  # "1,150 queries per second, an order of magnitude more than X"
    bounded = _BOUND_APPOSITION.search(s, max(0, a - 30), a)
    if bounded:  # "compression rates, exceeding 20x": the noun before the comma
        noun = " ".join(s[max(0, bounded.start() - 40) : bounded.start()].split()[-3:])
        if _strongest(noun) > 1:
            return resources_in(noun, nearest_last=True)
        clause = s[max(0, bounded.start() - 120) : bounded.start()]  # else what the clause is about
        if _strongest(clause) > 1:
            return resources_in(clause, nearest_last=True)[:1]
    if _REDUCE_AFTER.match(head) and _APPOSITION.search(s, max(0, a - 24), a):
        if _TRAINABLE.search(s, max(0, a - 40), a):
            return []  # "0.99M trainable parameters, 25% fewer than LoRA": the share trained
        # the amount before the comma first: `build time is 11 hours for one billion
        # vectors, which is about 40% shorter` is time, though `index` comes before it
        return _unit_apposed(s, a) or _preceding_resource(s, a)
    if "," in s[max(0, a - 30) : a] and _CUT_APPOSITION.search(s, max(0, a - 30), a):
        return _unit_apposed(s, a) or None  # "only 3.7M, which is reduced 86%"
    if (
        mode == "times"
        and _APPOSITION.search(s, max(0, a - 24), a)
        and _OF_ANOTHER.match(s[b : b + 30])
    ):
        return _preceding_resource(s, a)
    return None


def _unit_apposed(s: str, a: int) -> list[str]:
    """The resource an amount's unit names, where the amount stands right before the
    comma that sets a share beside it: `takes 19 minutes, 24% less than X` is time,
    `the parameters are only 3.7M, which is reduced 86%` model size."""
    amount = _AMOUNT_BEFORE_COMMA.search(s, max(0, a - 110), a)
    if amount is None:
        return []
    unit = amount["u"]
    if ms_per(_singular(unit.lower())):
        return ["speedup"]
    # the amount's own noun (`60 MB of cache memory`), not a setting (`1.7 MB for a schedule`)
    own = s[amount.end("u") : amount.end()]
    if not _SETTING_OPENS.match(own) and _strongest(own) > 1:
        return resources_in(own, nearest_last=True)[:1]
    if unit.lower() in _BYTES:
        return [
            "compression"
            if _SIZE_WORDS.search(s, max(0, amount.start() - 60), amount.start())
            else "memory_reduction"
        ]
    if _energy_scales(unit, unit) is not None:
        return ["energy_reduction"]
    if unit in ("K", "M", "B") and _PARAMS_BEFORE.search(
        s, max(0, amount.start() - 60), amount.start()
    ):
        return ["compression"]
    return []


# A change named by a noun of change alone, after an article (`a 2.6x improvement`, `a 58%
# saving`): set after a comma beside an amount, it is that amount's change.
_ARTICLE_BEFORE = lazy(r"\ban?\s$", FLAGS)
_GAIN_NOUN_AFTER = lazy(
    r"\s?(?:improvement|gain|reduction|saving|decrease|drop|cut)s?\b(?!\s+in\b)", FLAGS
)
_SETTING_OPENS = lazy(r"\s*(?:per|on|at|with|for|in|using|under|during|across|when)\b", FLAGS)
_RELATIVE_WORD = lazy(r"\b(?:that|which)\s", FLAGS)
# What a relative clause says a factor of: `a low-rank KV cache that is 6x smaller`.
_RELATIVE_SUBJECT = lazy(
    r"\b(?P<noun>[\w-]+(?:\s+[\w-]+){0,2}?)\s+(?:that|which)\s+(?:is|are|was|were)\s+"
    r"(?:now\s+|only\s+|about\s+|roughly\s+|up\s+to\s+|over\s+|nearly\s+)?$",
    FLAGS,
)
# An amount with its unit right before a comma: `19 minutes,`, `3.7M, which is`.
_AMOUNT_BEFORE_COMMA = lazy(
    expand(
        r"(?<![\w.,])\d[\d,]*(?:\.\d+)?\s?(?P<u>{AMOUNTU}|(?-i:[KMB]))"
        r"(?![\w/])(?:(?:\s+[\w-]+){0,3}?|\s+(?:per|on|at|with|for|in|using|under)\s+[^,;.()]{1,50}?)"
        r"(?:\s*,|\s+[-–—])\s*(?:which\s+is\s+|i\.e\.,?\s+|or\s+)?"
        r"(?:(?:reduced|cut|lowered|decreased)\s+(?:by\s+)?)?(?:only\s+|about\s+|roughly\s+|nearly\s+)?$",
        macros(),
    ),
    FLAGS,
)
# A verb of cutting in an apposition right before a share: `, which is reduced 86%`.
_CUT_APPOSITION = lazy(
    r",\s*(?:which\s+is\s+|i\.e\.,?\s+)?(?:reduced|cut|lowered|decreased)\s+(?:by\s+)?"
    r"(?:only\s+|about\s+|roughly\s+|nearly\s+)?$",
    FLAGS,
)
_PARAMS_BEFORE = lazy(r"\b(?:param\w*|weights|model\s+size)\b", FLAGS)


def _named_before(s: str, a: int, reach: int = 300) -> set[str]:
    """Every resource type the lexicon finds in the `reach` characters before `a`."""
    window = s[max(0, a - reach) : a]
    present = _present(window)
    return {
        lx.type
        for lx in resource_lexicon()
        if lx.level >= 1 and lx.may_match(present) and lx.rx.search(window)
    }


def _antecedent(s: str, clause: int) -> list[str]:
    """What `it` stands for in `we reduce it to 66%`: the resource that the verb before the
    clause starting at `clause` acts on (`we reduce the total compute ... to 64%; on A100
    GPUs we reduce it to 66%`), if it names one."""
    obj = _object_before(s[max(0, clause - 200) : clause])
    return resources_in(obj)[:1] if obj else []


def _preceding_resource(s: str, a: int) -> list[str]:
    """The resource named last before position `a` in the sentence, if any; a weak word
    (`per inference`) only where no stronger one is named (`an energy of 2.6 µJ per
    inference, 14 times lower`)."""
    best: tuple[int, int, int, str] | None = None
    present = _present(s[max(0, a - 300) : a])
    for lx in resource_lexicon():
        if lx.level < 1 or not lx.may_match(present):
            continue
        for m in lx.rx.finditer(s, max(0, a - 300), a):
            if _VAGUE.fullmatch(m.group()):
                continue
            if best is None or (lx.level, m.start(), m.end()) > best[:3]:
                best = (lx.level, m.start(), m.end(), lx.type)  # the longest of a tie
    return [best[3]] if best else []


_LARGER_BATCHES = lazy(r"\s?(?:larger|bigger)\s+(?:micro-?)?batch(?:es|\s+sizes?)?\b", FLAGS)


def _capacity(s: str, a: int, after: str, types: list[str]) -> list[str]:
    """Larger models on the same hardware is memory, larger models alone is model size;
    so are longer sequences or larger batches that fit (`fits 16x longer sequences`)."""
    if types == ["compression"] and _LARGER_BATCHES.match(after):
        return ["memory_reduction"]  # "enables 4x larger batch sizes": what fits in memory
    if types == ["compression"] and rx(
        r"\b(?:increase\s+in\s+(?:model\s+)?size|larger|bigger|size)\b"
    ).search(after):
        if rx(r"\bincrease\s+in\b").search(after) or _CAPACITY.search(s, max(0, a - 300), a + 300):
            return ["memory_reduction"]
    if (
        types != ["speedup"]
        and _LONGER_INPUTS.match(after)
        and _CAPACITY.search(s, max(0, a - 300), a + 300)
    ):
        return ["memory_reduction"]
    return types


# Inputs made longer or larger, which a device's memory must hold.
def _capacity_gain(r: _Reading, named_only: bool = False) -> list[str]:
    """Memory, for a model or input made larger on the same memory (`given a fixed memory
    budget, ... models with 25% more depth, or up to 2x the number of channels`); with
    `named_only`, only for an input named before the factor (`the batch can grow 4x`)."""
    grows = (not named_only and _MORE_DIMENSION.match(r.s, r.bound_end) is not None) or (
        _input_grows(r)
    )
    if grows and _CAPACITY.search(r.s, max(0, r.a - 300), r.b + 300):
        return ["memory_reduction"]
    return []


def _input_grows(r: _Reading) -> bool:
    """Whether the factor is how much an input named before it grows: `micro-batches twice
    as large`, `the batch can grow 4x`."""
    named = _INPUT_BEFORE.search(r.s, max(0, r.a - 40), r.a)
    if named is None:
        return False
    return bool(named["grow"]) or _AS_LARGE_AFTER.match(r.s, r.bound_end) is not None


_INPUT_BEFORE = lazy(
    r"\b(?:(?:micro-?)?batch(?:es|\s+sizes?)?|sequences?|contexts?|inputs?)\s+"
    r"(?:(?:can|could|may|to)\s+)?(?:(?P<grow>grows?|grew|increases?|increased|becomes?)\s+)?"
    r"(?:by\s+)?$",
    FLAGS,
)
_AS_LARGE_AFTER = lazy(r"\s?(?:as\s+(?:large|long|big)|larger|longer|bigger)\b", FLAGS)


# A dimension of a model or of its inputs that grows: `25% more depth`, `2x the number of channels`.
_MORE_DIMENSION = lazy(
    r"\s?(?:more|larger|bigger|deeper|wider|longer|the\s+number\s+of|as\s+many)\s+(?:[\w-]+\s+)?"
    r"(?:depth|layers?|channels?|width|hidden\s+sizes?|batch(?:es|\s+sizes?)?|resolution|"
    r"volumes?|images?|sequences?|contexts?|experts?|heads?)\b",
    FLAGS,
)
_LONGER_INPUTS = lazy(
    r"\s?(?:longer|larger|bigger)\s+(?:[\w-]+\s+)?(?:sequences?|contexts?|batch(?:es)?|"
    r"batch\s+sizes?|inputs?|images?|graphs?|utterances?|documents?)\b",
    FLAGS,
)


def _sentence_resource(s: str, a: int, b: int) -> list[str]:
    """Fallback for a bare `Nx` in a list of results: a speedup when the sentence is about
    speed, or about outperforming something by a factor."""
    present = _present(s[max(0, a - 300) : b + 300])
    for lx in resource_lexicon():
        if (
            lx.type == "speedup"
            and lx.level >= 2
            and lx.may_match(present)
            and lx.rx.search(s, max(0, a - 300), b + 300)
        ):
            return ["speedup"]
    return (
        ["speedup"]
        if compile_pattern(r"\boutperform\w*", FLAGS).search(s, max(0, a - 300), b + 300)
        else []
    )


_N_TO_M = lazy(r":\d")
_M_TO_N = lazy(r"\d:$")


# ---- the vetoes, in the order they are tried ----------------------------------------

_FROM_BEFORE = lazy(r"\bfrom\s*$", FLAGS)
_BEFORE_READING = (
    Veto(
        "ratio.price_paid",
        "at the price of 23% more compute: what a gain costs, no gain",
        lambda r: (
            _PRICE_WORD.search(r.s, max(0, r.a - 40), r.a) is not None
            and _PRICE_OF_BEFORE.search(r.s, max(0, r.a - 40), r.a) is not None
            # (a slowdown paid is the method's own, a claim: `at the cost of a 1.8x slowdown`)
            and _SLOWER_AFTER.match(r.s[r.bound_end : r.bound_end + 20]) is None
        ),
    ),
    Veto(
        "ratio.n_to_m",
        "2:4 sparsity, a 1:8 ratio: a proportion written with a colon, not a factor",
        lambda r: (
            _N_TO_M.match(r.s, r.b) is not None
            or _M_TO_N.search(r.s, max(0, r.a - 12), r.a) is not None
        ),
    ),
    Veto(
        "ratio.from_levels",
        "from 7.5% to 0.3%: a share's two levels, not a range of changes",
        lambda r: (
            r.p.kind == "percent_range"
            and _FROM_BEFORE.search(r.s, max(0, r.a - 6), r.a) is not None
            and _CHANGES_FROM.search(r.s, max(0, r.a - 70), r.a) is None
        ),
    ),
    Veto(
        "ratio.gap",
        "a shortfall against a target, not an improvement: a gap of 2X-40X",
        lambda r: _GAP_BEFORE.search(r.s[max(0, r.verb_at - 20) : r.verb_at]) is not None,
    ),
    Veto(
        "ratio.from_to.workloads",
        "nearly constant from 1 to 20 people: a span of workloads, not a change",
        lambda r: (
            r.p.kind == "from_to"
            and not (r.m["ua"] or r.m["ub"])
            and _WORKLOAD_COUNT_AFTER.match(r.s, r.m.end()) is not None
        ),
    ),
    Veto(
        "ratio.settings_span",
        "horizons from 1 hour to 7 days: the settings a study covers, not a change",
        lambda r: (
            r.p.kind == "from_to"
            and _SETTINGS_SPAN.search(r.s, max(0, r.m.start() - 60), r.m.start()) is not None
        ),
    ),
)
# One activity on two kinds of input compared: `training on video costs an order of
# magnitude more time than training on images` says how hard the tasks are.
_TASK_ACTIVITY = (
    r"(?:training|inference|decoding|fine-tuning|pre-training|processing|generation|generating|"
    r"serving|rendering|encoding)\s+on\s+"  # `on` names the input; `with` a method
)
_TASK_SUBJECT = lazy(
    r"\b" + _TASK_ACTIVITY + r"(?:[\w-]+\s+){0,4}?(?:is|are|costs?|takes?|needs?|requires?)\b",
    FLAGS,
)
_THAN_TASK = lazy(r"\bthan\s+(?:for\s+)?" + _TASK_ACTIVITY, FLAGS)
# What a share of people or of works counts: `fewer than a third of the papers report`.
_OF_PEOPLE = lazy(
    r"\s?of\s+(?:the\s+|all\s+|our\s+|these\s+)?(?:[\w-]+\s+)?(?:papers|works|studies|articles|"
    r"methods|participants|respondents|people|users|authors|teams|practitioners|developers)\b",
    FLAGS,
)
_BEFORE_RESOURCE = (
    Veto(
        "ratio.data",
        "data or samples, not a resource: 10x more data is data efficiency",
        lambda r: (
            _DATA_AFTER.match(r.s[r.bound_end : r.bound_end + 120]) is not None
            and _strongest(r.of_phrase) < 2
            and not _SENDS.search(r.before)
        ),
    ),
    Veto(
        "ratio.task_comparison",
        "training on video is 10x slower than training on images: tasks compared, not a method",
        lambda r: (
            # (`than` looked for first: a call of the regex on every quantity costs more)
            r.s.find("than", r.bound_end, r.bound_end + 80) != -1
            and _THAN_TASK.search(r.s, r.bound_end, r.bound_end + 80) is not None
            and _TASK_SUBJECT.search(r.s, max(0, r.a - 120), r.a) is not None
        ),
    ),
    Veto(
        "ratio.share_of_people",
        "a third of the papers, half of the users: a share of people or works, not of a resource",
        lambda r: r.mode == "fraction" and _OF_PEOPLE.match(r.s, r.bound_end) is not None,
    ),
)
_PERCENT_VETOES = (
    Veto(
        "ratio.metric_value",
        "the same validation accuracy (66.1%): a metric's value in brackets after it",
        lambda r: (
            _METRIC_BRACKET.search(r.s, max(0, r.a - 40), r.a) is not None
            and not resources_in(r.after)  # `hit rates (71.1% or 617 ms lower TTFT)` names its own
        ),
    ),
    Veto("ratio.no_resource", "no resource named around it", lambda r: not r.types),
    Veto(
        "ratio.quality_loss",
        "an AUC loss of less than 0.02%: what a method loses is quality, not a resource saved",
        lambda r: _quality_loss(r.s, r.a),
    ),
    Veto(
        "ratio.beats_unnamed",
        "surpasses X by 2%: beating a rival names no resource unless the words after do",
        lambda r: (
            not r.forced
            and r.direction == "increase"
            and _BEATS.search(r.before[-80:]) is not None
            and not resources_in(r.after)
            and not _names_own_resource(r.s[r.bound_end : r.bound_end + 60])
        ),
    ),
    Veto(
        "ratio.share_of_capacity",
        "the cache occupies 20% of GPU memory: a share of a device's capacity, no baseline",
        lambda r: (
            r.direction == "fraction"
            and _DEVICE_CAPACITY.match(r.of_phrase) is not None
            and not _BASELINE_NAMED.search(r.s, r.bound_end, r.bound_end + 80)
            and not _COMPARED_FIRST.search(r.s, 0, r.a)
        ),
    ),
    Veto(
        "ratio.passive_share",
        "42% of GPU time was spent waiting: a statistic whose subject is the share itself",
        lambda r: _PASSIVE_SHARE.match(r.s, r.bound_end, r.bound_end + 80) is not None,
    ),
    Veto(
        "ratio.share_of_quality",
        "retains 97% of the teacher's accuracy: a share of quality, not of a resource",
        lambda r: r.direction == "fraction" and _QUALITY.search(r.of_phrase) is not None,
    ),
    Veto(
        "ratio.percent.vague_speed",
        "a 12.8% improvement in performance is accuracy, not speed",
        lambda r: (
            r.types == ["speedup"]
            and not r.by_term
            and not r.forced
            and not _shortened_process(r.obj, r.before)
            and _only_weak_speed(r.head, r.before, r.of_phrase, r.after)
            and not _running_a_system(r)
            and not _unit_apposed(r.s, r.a)  # "takes 19 minutes, 24% less than X": a time
            and not _rate_apposed(r.s, r.a)  # "2,900 sentences per second, 40% higher than"
        ),
    ),
)
_INCREASE_VETOES = (
    Veto(
        "ratio.percent.overhead",
        "with less than 5% latency increase: an overhead",
        lambda r: _OVERHEAD.search(r.head + " " + (r.obj or "")) is not None,
    ),
)
#: what a run is slowed by, said as a small thing that comes with it: `with less than 1%
#: slowdown`, `with only a 1.3x slowdown` (`with a 1.3x slowdown`, which nothing calls
#: small, is the subject's own)
_WITH_SMALL_BEFORE = lazy(
    r"\bwith\s+(?!an?\s+(?:\d|$))(?:(?:an?|only|just|less\s+than|under|below|at\s+most|"
    r"no\s+more\s+than|mere|negligible|minimal|marginal|small|slight)\s+)+$",
    FLAGS,
)
_OVERHEAD_VETOES = (
    Veto(
        "ratio.slowdown_overhead",
        "with less than 1% slowdown: what the method costs, an overhead",
        lambda r: _WITH_SMALL_BEFORE.search(r.s, max(0, r.a - 40), r.a) is not None,
    ),
)
_SLOWER_VETOES = (
    Veto(
        "ratio.slower_task",
        "video training is 10x slower than image training: tasks, not a method and a baseline",
        lambda r: (
            not _NAMED_SUBJECT.search(_subject_words(r))
            and not _OURS_AFTER.match(r.s[r.bound_end : r.bound_end + 80])
        ),
    ),
)
_AFTER_RESOURCE = (
    Veto(
        "ratio.part_share",
        "inference consumes under 3% of the step: a part's share of the whole is overhead",
        lambda r: (
            (r.direction == "fraction" and _WHOLE.fullmatch(r.of_phrase) is not None)
            or (
                "fraction" in (r.mode, r.direction)
                and _SHARE_VERB.search(r.s, max(0, r.a - 50), r.a) is not None
            )
        ),
    ),
    Veto(
        "ratio.share_outside",
        "the predictor costs 5% of the total area: a share of something outside the five",
        lambda r: (
            "fraction" in (r.mode, r.direction)
            and _NOT_RESOURCE.search(r.of_phrase) is not None
            and _strongest(r.of_phrase) < 2
        ),
    ),
    Veto(
        "ratio.machines",
        "retires a third of its servers: counts of machines are no resource",
        lambda r: "fraction" in (r.mode, r.direction) and _MACHINES.search(r.of_phrase) is not None,
    ),
    Veto(
        "ratio.real_time",
        "faster than real time, a real-time factor: no baseline method",
        lambda r: (
            (
                _REAL_TIME.search(r.before + " " + _clause_after(r.s, r.b, r.bound_end + 40))
                is not None
                or _REAL_TIME_AFTER.match(r.s, r.bound_end, r.bound_end + 40) is not None
            )
            and _RTF_THAN_BASELINE.match(r.s, r.bound_end, r.bound_end + 80) is None
            # `Compared with X, a 2.3x better RTF`, but not `runs 400x faster than real time`
            and (
                _COMPARED_FIRST.search(r.s, 0, r.a) is None
                or _THAN_REAL_TIME.match(r.s, r.bound_end, r.bound_end + 40) is not None
            )
            and _OVER_BASELINE.match(r.s, r.bound_end, r.bound_end + 40) is None  # `by 3.1x over X`
        ),
    ),
    Veto(
        "ratio.spread",
        "jitter, variance, deviation: the spread of a resource is not the resource",
        lambda r: (
            not r.forced
            and _SPREAD.search(r.head + " " + (r.obj or "") + " " + r.before) is not None
        ),
    ),
    Veto(
        "ratio.metric",
        "hit rate, error, accuracy: a metric, not a resource",
        lambda r: (
            not r.forced
            and (
                (
                    _METRIC.search(r.obj or "") is not None
                    and _strongest(r.head) < 2
                    and _strongest(r.of_phrase) < 2
                )
                or _METRIC.match(r.head) is not None
                # (a metric that is the target of the work is no subject: `the GPU-hours
                # needed to match the error of X by 35%`)
                or (
                    _METRIC_OF_BEFORE.search(r.before) is not None
                    and not _TO_REACH.search(r.before)
                )
                or _METRIC_CHANGES.search(r.before) is not None
            )
        ),
    ),
    Veto(
        "ratio.carbon",
        "carbon emissions and footprints are not energy",
        lambda r: not r.forced and _only_carbon(r.head + " " + (r.obj or "")),
    ),
    Veto(
        "ratio.per_area",
        "efficiency per mm² or per unit area is not a claim",
        lambda r: (
            _PER_AREA.search(
                f"{r.before} {_first_conjunct(r.head)} {_first_conjunct(r.after)} {r.obj or ''}"
            )
            is not None
        ),
    ),
    Veto(
        "ratio.allowed_multiple",
        "given 4x the compute budget, within 1.2x the rounds: a setting or a bound, not a gain",
        lambda r: (
            r.mode == "times"
            and _ALLOWED_BEFORE.search(r.s, max(0, r.a - 30), r.a) is not None
            and _THE_AFTER.match(r.s, r.bound_end) is not None
        ),
    ),
    Veto(
        "ratio.uses_more",
        "3x more parameters than X, with 2x more training steps: spending more is no gain",
        _uses_more,
    ),
    Veto(
        "ratio.growth_trend",
        "training costs have grown by 2.4x per year: a trend, not a gain",
        lambda r: (
            (
                r.types != ["speedup"]
                and _GROWTH_VERB.search(r.before) is not None
                and not _capacity_gain(r)  # `the batch can grow 4x on the same GPU`: memory freed
                and not _EFFICIENCY.search(f"{r.obj or ''} {r.before} {r.after}")
                and not _REDUCE_AFTER.match(r.after)
            )
            or _GROWTH_OVER_YEARS.match(r.s, r.bound_end, r.bound_end + 60) is not None
        ),
    ),
    Veto(
        "ratio.own_overhead",
        "a memory overhead of 1.1x, a 1.05x time overhead: what the method adds",
        lambda r: (
            (
                _OVERHEAD_BEFORE.search(r.before) is not None
                or _OVERHEAD_HEAD.match(r.after) is not None
            )
            and not _REDUCE_VERB.search(r.before[-60:])
            and not _REDUCE_AFTER.match(r.after)
        ),
    ),
    Veto(
        "ratio.grows_resource",
        "increases the context length by 3.9x: a capacity gained, not a cost saved",
        _grows_resource,
    ),
    Veto(
        "ratio.rising_cost",
        "increases the memory footprint by 3x: a cost that grows is no gain",
        _rising_cost,
    ),
    Veto(
        "ratio.trained_share",
        "trains 40% fewer parameters: the share trained",
        lambda r: (
            "compression" in r.types
            and _TRAIN_VERB.search(r.s[max(0, r.verb_at - 30) : r.verb_at]) is not None
        ),
    ),
    Veto(
        "ratio.not_resource",
        "chip area, gate counts: resources outside the five",
        lambda r: (
            _NOT_RESOURCE.search(_first_conjunct(r.head)) is not None
            # or the subject of a bare comparative: `die area is 18% smaller`
            or (_strongest(r.head) < 2 and _NOT_RESOURCE_IS.search(r.before) is not None)
        ),
    ),
    Veto(
        "ratio.growing_cost",
        "doubles the cost of fine-tuning: a resource that grows is a cost, not a gain",
        lambda r: (
            r.mode == "word"
            and _GROWTH_WORD.match(r.m.group()) is not None
            and (r.types != ["speedup"] or _OVERHEAD.search(r.head) is not None)
        ),
    ),
)
