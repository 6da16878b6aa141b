"""The extractor on the development set: the quality bar it must keep, and provenance.

Reads the seed dumps and their gold annotations from ../shared at run time (skipped
where that is absent); nothing from them is copied into the project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from effclaims.evaluate import evaluate, load_gold
from effclaims.extraction import extract_papers
from effclaims.readers import read_many

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
GOLD = SHARED / "gold" / "seeds.jsonl"

pytestmark = pytest.mark.skipif(not SEEDS or not GOLD.exists(), reason="../shared is not present")

#: Types with at least this many gold claims must each reach PER_TYPE_F1.
MIN_CLAIMS, PER_TYPE_F1, OVERALL_F1 = 10, 0.85, 0.93


@pytest.fixture(scope="module")
def pairs():
    return list(extract_papers(read_many([str(p) for p in SEEDS]), jobs=1))


def test_overall_and_per_type_f1(pairs) -> None:
    result = evaluate(load_gold(GOLD), pairs)
    scores = result.scores
    assert scores["ALL"].f1 >= OVERALL_F1, f"overall F1 {scores['ALL'].f1:.3f}"
    weak = {
        t: round(s.f1, 3)
        for t, s in scores.items()
        if t != "ALL" and s.tp + s.fn >= MIN_CLAIMS and s.f1 < PER_TYPE_F1
    }
    assert not weak, f"types below {PER_TYPE_F1}: {weak}"


def test_every_claim_points_into_its_field(pairs) -> None:
    checked = 0
    for paper, claims in pairs:
        for c in claims:
            field = paper.title if c.field == "title" else paper.abstract
            assert field[c.start : c.end] == c.text, (paper.title, c)
            assert c.rule, c
            checked += 1
    assert checked > 500


def test_claims_carry_their_sentence_context(pairs) -> None:
    with_hardware = [c for _, cs in pairs for c in cs if c.type == "speedup" and c.hardware]
    with_baseline = [c for _, cs in pairs for c in cs if c.type == "speedup" and c.baseline]
    assert len(with_hardware) >= 10
    assert len(with_baseline) >= 20
    for c in with_hardware:
        assert c.sentence, c
