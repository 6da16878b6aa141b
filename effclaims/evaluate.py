"""Score extracted claims against hand-annotated gold, paper by paper.

The semantics are those of the project's reference scorer, so that `effclaims eval`
and an external scoring of `effclaims extract --format jsonl` give the same numbers:

- papers are matched by normalised title; a paper missing from the gold is not scored,
  and of two gold lines with the same normalised title the later one counts;
- per paper and type, claims are compared as sets of values: duplicates (by the same
  tolerance used for matching) count once, the first one seen standing for the rest;
- numbers match within 1 % relative difference, hardware names after dropping vendor
  and marketing words, memory suffixes and punctuation;
- gold values are matched greedily, in gold order, to the first unused prediction.
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .errors import InputError
from .model import CLAIM_TYPES, Claim, Paper
from .sentences import split_sentences

#: Columns of the rows of `Evaluation.rows()`.
SCORE_COLUMNS: tuple[str, ...] = ("type", "tp", "fp", "fn", "precision", "recall", "f1")

_VENDOR = re.compile(
    r"\b(nvidia|amd|intel|qualcomm|google|apple|arm|xilinx|huawei|samsung|mediatek|tesla"
    r"|geforce|radeon|galaxy|coral|quadro|cerebras|graphcore|tenstorrent|syntiant|sifive|lattice"
    r"|meta|microsoft|aws|amazon|gpus?|the)\b"
)
_MEMORY_SUFFIX = re.compile(r"[-\s]*\d+\s*gb\b")
_DGX_PREFIX = re.compile(r"^\s*dgx[-\s]+(?=[a-z])")  # DGX H100 -> H100, but DGX-2 stays
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_DIGIT = re.compile(r"\d")


def norm_title(title: str | None) -> str:
    """The key papers are matched by: lower-case ASCII letters and digits only.

    Unlike the de-duplication key of the readers, other letters (`ü`) are dropped too,
    as the reference scorer drops them, so that both pair papers the same way.
    """
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", title or "").lower())


def norm_hardware(name: object) -> str:
    """`NVIDIA A100-80GB` and `A100` are the same hardware for scoring."""
    s = unicodedata.normalize("NFKC", str(name)).lower()
    s = _VENDOR.sub(" ", s)
    s = _MEMORY_SUFFIX.sub(" ", s)
    s = _DGX_PREFIX.sub("", s)
    return _NOT_ALNUM.sub("", s)


def values_match(a: object, b: object, claim_type: str) -> bool:
    """Whether two values of `claim_type` state the same thing."""
    if claim_type == "hardware":
        x, y = sorted((norm_hardware(a), norm_hardware(b)), key=len)
        # a family word before a model code may be left out: `Versal VCK190` = `VCK190`
        return x == y or (len(x) >= 4 and _DIGIT.search(x) is not None and y.endswith(x))
    try:
        # any value is tried: what float() refuses is no number, caught here
        p, q = float(a), float(b)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return p == q or abs(p - q) <= 0.01 * max(abs(p), abs(q))


class GoldClaim(NamedTuple):
    type: str
    value: object
    text: str


@dataclass(frozen=True)
class GoldPaper:
    """One line of a gold file: a paper and the claims annotated in it."""

    id: str | None
    title: str
    claims: tuple[GoldClaim, ...]


def load_gold(path: str | Path) -> dict[str, GoldPaper]:
    """Gold papers by normalised title, from JSON Lines with `title` and `claims`."""
    gold: dict[str, GoldPaper] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    claims = tuple(
                        GoldClaim(c["type"], c["value"], c.get("text") or "")
                        for c in record["claims"]
                    )
                    paper = GoldPaper(record.get("id"), record["title"], claims)
                except (json.JSONDecodeError, AttributeError, KeyError, TypeError) as e:
                    raise InputError(f"{path}:{lineno}: not a gold record ({_reason(e)})") from e
                gold[norm_title(paper.title)] = paper
    except OSError as e:
        raise InputError(f"cannot read gold file {path}: {e.strerror or e}") from e
    return gold


def _reason(e: Exception) -> str:
    if isinstance(e, KeyError):
        return f"missing {e.args[0]!r}"
    if isinstance(e, json.JSONDecodeError):
        return e.msg
    return "expected an object with a title and a list of claims"


@dataclass
class Score:
    """Counts for one claim type (or all of them)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self, claim_type: str) -> dict[str, Any]:
        """The row written for this type, rounded as the reference scorer rounds."""
        rates = (round(self.precision, 4), round(self.recall, 4), round(self.f1, 4))
        return dict(
            zip(SCORE_COLUMNS, (claim_type, self.tp, self.fp, self.fn, *rates), strict=True)
        )


@dataclass(frozen=True)
class Miss:
    """A gold claim not found (`FN`) or a found claim not in the gold (`FP`)."""

    kind: str
    id: str | None
    title: str
    type: str
    value: object
    text: str
    sentence: str

    def row(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


#: Columns of `Miss.row()`.
MISS_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Miss))


@dataclass
class Evaluation:
    """Scores per type in the order asked for, then `ALL`; and every miss."""

    scores: dict[str, Score] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)

    def rows(self) -> list[dict[str, Any]]:
        return [score.row(claim_type) for claim_type, score in self.scores.items()]


def evaluate(
    gold: Mapping[str, GoldPaper],
    pairs: Iterable[tuple[Paper, list[Claim]]],
    types: Sequence[str] = CLAIM_TYPES,
) -> Evaluation:
    """Score the claims of `pairs` (as `extract_papers` yields them) against `gold`.

    Papers that appear in several inputs pool their claims, as they would in one
    predictions file; papers not in the gold are read past and kept nowhere.
    """
    predicted: dict[str, list[Claim]] = {}
    papers: dict[str, Paper] = {}
    for paper, claims in pairs:
        key = norm_title(paper.title)
        if key in gold:
            papers.setdefault(key, paper)
            predicted.setdefault(key, []).extend(claims)

    result = Evaluation(scores={t: Score() for t in types})
    for key, gold_paper in gold.items():
        found = papers.get(key)
        for claim_type in types:
            _score_type(gold_paper, found, predicted.get(key, []), claim_type, result)
    scores = result.scores.values()
    result.scores["ALL"] = Score(
        sum(s.tp for s in scores), sum(s.fp for s in scores), sum(s.fn for s in scores)
    )
    return result


def _distinct(items: Iterable[tuple[object, Any]], claim_type: str) -> list[tuple[object, Any]]:
    """(value, payload) pairs with near-duplicate values dropped, first one kept."""
    kept: list[tuple[object, Any]] = []
    for value, payload in items:
        if not any(values_match(value, seen, claim_type) for seen, _ in kept):
            kept.append((value, payload))
    return kept


def _score_type(
    gold_paper: GoldPaper,
    paper: Paper | None,
    claims: list[Claim],
    claim_type: str,
    result: Evaluation,
) -> None:
    gold_values = _distinct(
        ((c.value, c) for c in gold_paper.claims if c.type == claim_type), claim_type
    )
    found = _distinct(((c.value, c) for c in claims if c.type == claim_type), claim_type)
    score = result.scores[claim_type]
    used: set[int] = set()
    for value, annotation in gold_values:
        hit = next(
            (
                i
                for i, (v, _) in enumerate(found)
                if i not in used and values_match(value, v, claim_type)
            ),
            None,
        )
        if hit is None:
            score.fn += 1
            sentence = _sentence_of(paper, annotation.text)
            result.misses.append(
                Miss(
                    "FN",
                    gold_paper.id,
                    gold_paper.title,
                    claim_type,
                    value,
                    annotation.text,
                    sentence,
                )
            )
        else:
            used.add(hit)
            score.tp += 1
    for i, (value, claim) in enumerate(found):
        if i not in used:
            score.fp += 1
            sentence = claim.sentence or _sentence_of(paper, claim.text)
            result.misses.append(
                Miss("FP", gold_paper.id, gold_paper.title, claim_type, value, claim.text, sentence)
            )


def _sentence_of(paper: Paper | None, text: str) -> str:
    """The sentence(s) of the paper's abstract (or its title) that hold `text`."""
    if paper is None or not text:
        return ""
    for source in (paper.abstract, paper.title):
        start = source.find(text)
        if start >= 0:
            end = start + len(text)
            spans = split_sentences(source)
            left = max((a for a, _ in spans if a <= start), default=0)
            right = min((b for _, b in spans if b >= end), default=len(source))
            return source[left:right]
    return ""
