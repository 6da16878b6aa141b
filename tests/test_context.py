"""The context a claim carries: the baseline named after it, found where comparisons open."""

from __future__ import annotations

import pytest
import regex
from corpus import case_sentences, seed_sentences

from effclaims.context import _BASELINE, _COMPARISONS, Names, baselines


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It runs 2.1x faster than TensorRT-LLM on A100.", ["TensorRT-LLM"]),
        ("It runs 2.1x faster than vLLM.", []),  # a name must open with a capital
        (
            "A 3x speedup over FlashAttention-2 and 2x over the PyTorch baseline.",
            ["FlashAttention-2", "PyTorch"],
        ),
        ("Memory drops 4x compared to FP16.", ["FP16"]),
        ("Memory drops 4x compared with 16-bit weights.", ["16-bit"]),
        ("It is 40% cheaper relative to full fine-tuning.", ["full fine-tuning"]),
        ("Ours vs. GPTQ: 1.5x.", ["GPTQ"]),
        ("A gain w.r.t. the dense baseline.", ["dense baseline"]),
        ("Speedups with respect to Megatron-LM reach 2x.", ["Megatron-LM"]),
        ("In comparison to LoRA it trains 3x faster.", []),  # capital `In` opens no comparison
        ("It is 2x faster in comparison with QLoRA.", ["QLoRA"]),
        ("Gains beyond Llama 2 are small.", ["Llama 2"]),
        ("A 2x speedup against baselines.", ["baselines"]),
        ("It is faster than we expected.", []),
        ("The prover than Coq.", ["Coq"]),  # `than` is a word of its own here too
        ("Moreover Qwen and hover A100 and invs GPTQ.", []),  # comparison words inside words
        ("", []),
    ],
)
def test_baselines(sentence: str, expected: list[str]) -> None:
    assert [name for _, name in baselines(sentence)] == expected


def test_baselines_are_found_as_a_scan_of_every_position_finds_them() -> None:
    """Only where a comparison word opens a word is the regex tried."""
    awkward = [
        "x over\u00a0GPT-4, éover A100, _than B, 3than C, over  the  D, OVER E, vs.F vs. G",
        "w.r.t FP16; w.r.t. INT8 (compared\nto BF16) against\tdense Llama",
    ]
    texts = list(case_sentences()) + list(seed_sentences()) + awkward
    assert len(texts) > 100
    for s in texts:
        expected = [(m.start(), m["b"].rstrip(".,")) for m in _BASELINE.finditer(s)]
        assert baselines(s) == expected, s


def test_each_comparison_opens_with_its_word() -> None:
    for word, opening in _COMPARISONS:
        assert opening.startswith(regex.escape(word, literal_spaces=True)) or opening == word, (
            word,
            opening,
        )
        assert (
            regex.match(opening, word + " to")
            or regex.match(opening, word + " comparison to")
            or regex.match(opening, word + " respect to")
        ), word


def reference_nearest(items: list[tuple[int, str]], pos: int, after_only: bool = False) -> str:
    """The plain formulation `Names.nearest` finds by bisection: the nearest of all."""
    cands = [(abs(p - pos), name) for p, name in items if not after_only or p >= pos]
    return min(cands)[1] if cands else ""


@pytest.mark.parametrize(
    "items",
    [
        [],
        [(5, "A100")],
        [(0, "H100"), (10, "A100")],
        [(3, "b"), (3, "a"), (7, "c"), (7, "B"), (20, "x")],  # names sharing a position
        [(i * 7 % 50, f"n{i % 5}") for i in range(40)],
    ],
)
def test_nearest_name_is_the_nearest_of_all(items: list[tuple[int, str]]) -> None:
    names = Names(items)
    for pos in range(-2, 55):
        for after_only in (False, True):
            assert names.nearest(pos, after_only) == reference_nearest(items, pos, after_only)
