"""Model-name gazetteer: a table of sentences with the names and families they contain."""

from __future__ import annotations

import random
import string
import time

import pytest

from effclaims.datafiles import load_data
from effclaims.rules.base import name_key
from effclaims.rules.models import _SCHEMA, _gazetteer, find_models

# (text, [(name as written, family), ...])
CASES: list[tuple[str, list[tuple[str, str]]]] = [
    ("We prune Llama-2-70B to 50% sparsity.", [("Llama-2-70B", "Llama")]),
    ("On LLaMA 7B and LLaMA-65B the gap closes.", [("LLaMA 7B", "Llama"), ("LLaMA-65B", "Llama")]),
    ("Mixtral 8x7B activates 13B parameters per token.", [("Mixtral 8x7B", "Mixtral")]),
    ("A ResNet-50 trained for 90 epochs reaches 76% top-1.", [("ResNet-50", "ResNet")]),
    ("ViT-B/16 and ViT-L/14 backbones are compared.", [("ViT-B/16", "ViT"), ("ViT-L/14", "ViT")]),
    ("GPT-3 175B needs 350 GB in FP16.", [("GPT-3 175B", "GPT")]),
    ("Even Qwen2.5-0.5B benefits from distillation.", [("Qwen2.5-0.5B", "Qwen")]),
    (
        "DeepSeek-R1-Distill-Qwen-1.5B beats GPT-4o on AIME.",
        [("DeepSeek-R1-Distill-Qwen-1.5B", "DeepSeek"), ("GPT-4o", "GPT")],
    ),
    (
        "Qwen3-30B-A3B and Qwen2.5-VL-7B-Instruct are served with vLLM.",
        [("Qwen3-30B-A3B", "Qwen"), ("Qwen2.5-VL-7B-Instruct", "Qwen")],
    ),
    (
        "We fine-tune Llama-3.1-8B-Instruct and Llama 2 Chat.",
        [("Llama-3.1-8B-Instruct", "Llama"), ("Llama 2 Chat", "Llama")],
    ),
    ("Mistral 7B outperforms Llama 2 13B.", [("Mistral 7B", "Mistral"), ("Llama 2 13B", "Llama")]),
    (
        "Flan-T5-XL, T5-11B and mT5-XXL are encoder-decoders.",
        [("Flan-T5-XL", "T5"), ("T5-11B", "T5"), ("mT5-XXL", "T5")],
    ),
    ("OPT-175B and BLOOM-176B are open.", [("OPT-175B", "OPT"), ("BLOOM-176B", "BLOOM")]),
    ("PaLM 540B and PaLM 2 were trained on TPUs.", [("PaLM 540B", "PaLM"), ("PaLM 2", "PaLM")]),
    (
        "Gemma-2-9B and Gemini 1.5 Pro are compared.",
        [("Gemma-2-9B", "Gemma"), ("Gemini 1.5 Pro", "Gemini")],
    ),
    ("Phi-3-mini runs on a phone, Phi-2 on a laptop.", [("Phi-3-mini", "Phi"), ("Phi-2", "Phi")]),
    (
        "Falcon-180B and Vicuna-13B are chat models.",
        [("Falcon-180B", "Falcon"), ("Vicuna-13B", "Vicuna")],
    ),
    ("DeepSeek-V3 uses FP8 training.", [("DeepSeek-V3", "DeepSeek")]),
    (
        "GLM-130B is quantized to INT4; ChatGLM-6B to INT8.",
        [("GLM-130B", "GLM"), ("ChatGLM-6B", "GLM")],
    ),
    ("Pythia-1.4B checkpoints are analysed.", [("Pythia-1.4B", "Pythia")]),
    (
        "BERT-base, RoBERTa-large and BERT Large are encoders.",
        [("BERT-base", "BERT"), ("RoBERTa-large", "RoBERTa"), ("BERT Large", "BERT")],
    ),
    ("DeiT-S and Swin-T are 2x slower than our model.", [("DeiT-S", "DeiT"), ("Swin-T", "Swin")]),
    (
        "MobileNetV2 and MobileNet-V1 are baselines; EfficientNet-B0 too.",
        [
            ("MobileNetV2", "MobileNet"),
            ("MobileNet-V1", "MobileNet"),
            ("EfficientNet-B0", "EfficientNet"),
        ],
    ),
    ("YOLOv8n runs at 80 FPS, YOLO11s at 60 FPS.", [("YOLOv8n", "YOLO"), ("YOLO11s", "YOLO")]),
    (
        "Stable Diffusion v1.5 and SDXL-Turbo generate images.",
        [("Stable Diffusion v1.5", "Stable Diffusion"), ("SDXL-Turbo", "SDXL")],
    ),
    ("DiT-XL/2 reaches FID 2.27.", [("DiT-XL/2", "DiT")]),
    ("CLIP and Whisper are frozen encoders.", [("CLIP", "CLIP"), ("Whisper", "Whisper")]),
    ("LLaVA-1.5-7B answers visual questions.", [("LLaVA-1.5-7B", "LLaVA")]),
    (
        "Claude 3.5 Sonnet and GPT-3.5-turbo grade answers.",
        [("Claude 3.5 Sonnet", "Claude"), ("GPT-3.5-turbo", "GPT")],
    ),
    ("GPT-4V and ChatGPT are proprietary.", [("GPT-4V", "GPT"), ("ChatGPT", "GPT")]),
    ("Yi-34B and SAM 2 are released.", [("Yi-34B", "Yi"), ("SAM 2", "SAM")]),
    ("MobileNetV2× 1.4 runs at 1.6 ms.", [("MobileNetV2", "MobileNet")]),
    ("A Mamba-2.8B model matches Transformers twice its size.", [("Mamba-2.8B", "Mamba")]),
    # negatives and boundaries
    ("We fine-tune BERT 3 times with different seeds.", [("BERT", "BERT")]),
    ("OPT is an optimal choice; a GLM with logistic link fits the data.", []),
    ("SAM improves generalisation as an optimizer.", []),
    ("Yi and Wan are common surnames.", []),
    ("The Bloom filter keeps a phi fraction of the keys.", []),
    ("We clip gradients and whisper softly to the llamas.", []),
    ("Granite Rapids CPUs serve the model.", []),
    ("The GPT architecture and OPT models are decoder-only.", []),
    (
        "EfficientViT-M2 beats MobileViT-XXS.",
        [("EfficientViT-M2", "EfficientViT"), ("MobileViT-XXS", "MobileViT")],
    ),
    ("Our MyResNet50 and preLLaMA variants are internal names.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_case(text: str, expected: list[tuple[str, str]]) -> None:
    mentions = find_models(text)
    end = 0
    for m in mentions:
        assert m.start >= end
        end = m.end
        assert text[m.start : m.end].split() == m.name.split()
        assert m.rule.startswith("model.")
    assert [(m.name, m.family) for m in mentions] == expected


_AWKWARD = [
    "preLLaMA, my-Llama-2, (Llama-2-7B), [GPT-4]; 8xMistral-7B and Code  Llama-34B",
    "İ Llama-2 ßQwen2 — Qwen-7B/ViT-B/16",
]


@pytest.mark.parametrize("text", [*_AWKWARD, *(c[0] for c in CASES)], ids=lambda t: t[:50])
def test_scan_at_word_starts_finds_what_finditer_finds(text: str) -> None:
    g = _gazetteer()
    expected = [
        m.span()
        for m in g.matcher.finditer(text)
        if m.group("tail") or not g.stems[name_key(m.group("stem"))].needs_suffix
    ]
    assert [(m.start, m.end) for m in find_models(text)] == expected


def test_every_stem_is_found_as_itself() -> None:
    data = load_data("models", _SCHEMA)
    for family in data["family"]:
        suffix = "-7B" if family.get("needs_suffix") else ""
        for stem in family["stems"]:
            text = f"We compare with {stem}{suffix} here."
            assert [m.name for m in find_models(text)] == [stem + suffix], stem


def test_a_megabyte_of_junk_is_fast() -> None:
    rng = random.Random(2)
    text = "".join(
        rng.choice(string.ascii_letters + "     0123456789.,-()/x") for _ in range(1_000_000)
    )
    start = time.perf_counter()
    find_models(text)
    assert time.perf_counter() - start < 10


def test_long_suffix_chains_are_cut_and_fast() -> None:
    text = "Llama" + "-7B" * 20_000
    start = time.perf_counter()
    (m,) = find_models(text)
    assert time.perf_counter() - start < 5
    assert m.name == "Llama" + "-7B" * 9  # a version, then at most eight more parts


@pytest.mark.parametrize(
    "text",
    [("Llama" + "-7B" * 9 + "x ") * 2000, ("Qwen" + "-v2b" * 9 + "_ ") * 2000],
    ids=["glued-letter", "glued-underscore"],
)
def test_ambiguous_parts_before_a_failing_boundary_do_not_backtrack(text: str) -> None:
    start = time.perf_counter()
    assert len(find_models(text)) == 2000
    assert time.perf_counter() - start < 5
