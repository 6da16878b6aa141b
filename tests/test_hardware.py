"""Hardware gazetteer: table of sentences, data integrity, speed, and agreement with the seed gold."""

from __future__ import annotations

import importlib.util
import json
import random
import string
import time
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
import regex

from effclaims.rules.hardware import (
    _HEAD,
    _LEFT,
    _RIGHT,
    _SUFFIX,
    HardwareMention,
    _core_source,
    _gazetteer,
    _hits,
    _openings,
    find_hardware,
)
from effclaims.substrings import lower, matches_at

CASES = tomllib.loads((Path(__file__).parent / "cases" / "hardware.toml").read_text("utf-8"))[
    "case"
]
GAZETTEER = tomllib.loads(
    resources.files("effclaims.data").joinpath("hardware.toml").read_text("utf-8")
)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CATEGORIES = {
    "gpu",
    "tpu",
    "soc",
    "phone",
    "board",
    "cpu",
    "accelerator",
    "fpga",
    "supercomputer",
    "instance",
    "device",
}


def check_mentions(text: str, mentions: list[HardwareMention]) -> None:
    """Spans are real, trimmed, in order and disjoint; categories and rules are known."""
    end = 0
    for m in mentions:
        span = text[m.start : m.end]
        assert span and span == span.strip(), m
        assert m.start >= end, f"{m} overlaps the previous mention"
        end = m.end
        assert m.category in CATEGORIES
        assert m.rule.startswith("hw.")


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_case(case: dict) -> None:
    text = case["text"]
    mentions = find_hardware(text)
    check_mentions(text, mentions)
    assert [m.name for m in mentions] == case["expected"]


def test_case_table_covers_positives_and_negatives() -> None:
    assert sum(1 for c in CASES if c["expected"]) >= 60
    assert sum(1 for c in CASES if not c["expected"]) >= 30


def _spellings() -> list[tuple[str, str]]:
    out = []
    for family in GAZETTEER["family"]:
        out += [(n, n) for n in family.get("names", [])]
        out += list(family.get("aliases", {}).items())
    return out


@pytest.mark.parametrize(("spelling", "name"), _spellings())
def test_every_name_and_alias_is_found_as_itself(spelling: str, name: str) -> None:
    text = f"Results on the {spelling} are shown."
    mentions = find_hardware(text)
    assert [m.name for m in mentions] == [name]
    assert text[mentions[0].start : mentions[0].end] == spelling


@cache
def _one_regex(posix: bool = False) -> regex.Pattern[str]:
    """Every name after up to three vendor words in one regex, which the scan splits by the
    character a name opens with; with `posix`, the longest match of all its ways."""
    g = _gazetteer()
    core = _core_source(g.branches)
    head = _HEAD.format(heads=g.heads)
    flag = "(?p)" if posix else ""
    return regex.compile(
        rf"{flag}{_LEFT}(?P<pre>(?:{g.vendor.pattern}){{0,3}}){core}"
        rf"(?:(?<=[A-Z0-9])s)?(?P<suf>{_SUFFIX})(?P<head>{head})?{_RIGHT}"
    )


def _matches(text: str) -> list[tuple[int, int]]:
    g = _gazetteer()
    return [(h.start, h.end) for h in _hits(text, _openings(text, lower(text), g)[0], g)]


def _every_position_matches(text: str) -> list[tuple[int, int]]:
    """The one regex tried at every position: what the fast scan must reproduce."""
    matcher = _one_regex()
    found, pos = [], 0
    while pos < len(text):
        m = matcher.match(text, pos)
        if m:
            found.append(m.span())
            pos = m.end()
        else:
            pos += 1
    return found


_AWKWARD = [
    "8xA100 and 4×H100 nodes, 16timesV100",
    "NVIDIA's GeForce RTX 4090, a 3090 Ti and 2080 GPUs",
    "Apple A17 Pro, M2 Max, i9-13900K, TPUv4, TPU-v5e and Snapdragon 8 Gen 3",
    "İstanbul A100 ßH100 — Ǆ V100",
    "adaptive data architectures on the original Ada Lovelace and Orin boards",
    "2024 results: 1080 Ti, 10 GPUs, 4090s",
    "Data Center GPU Max 1550, DataCenter GPU Max 1100 and Data - Center GPU Max in a data center dataset",
    "ArcA770, Arc-A750 and Arc  A580 on an architecture of arcs; Arcé",
    "the Neural Engine, neural engines and neural networks; El Capitan, ElCapitan and elapsed time",
    "TPUv4, TPU v5e and TPUs; tpu-v3 pods; Intel's Gaudi2, intel(R) Xeon, INTEL-Xeon",
    "GPU memory, GPU Max 1550, GPU-Max 1100, gpu max 1100 and GPU MAX 1550",
    "MI250X, Mi250X, mi300x and MI 300A for a million mixtures; Arc A770, ARC A770, arc a750",
    "Architecture search, El Capitan, el capitan, EL CAPITAN, Elcapitan; RK3588, rk3588, Rk3566",
    "Data Center GPU Max 1550, data center GPU Max 1100, Data center gpu Max; Tensor G3, tensor g2",
    "2080 Ti, 1060, 3090 SUPER, 4090s, 2024, 10%, 0805, 5090 and 6090; 10801 and 20 80",
    "on volta V100 GPUs, ampere A100, apple M2, cloud TPU v4, samsung Exynos and xeon W",
    "raspberry pi 4, RASPBERRY PI 4, jetson orin nano, JETSON ORIN and neural compute stick",
]


@pytest.mark.parametrize("text", [*_AWKWARD, *(c["text"] for c in CASES)], ids=lambda t: t[:50])
def test_fast_scan_finds_what_trying_every_position_finds(text: str) -> None:
    assert _matches(text) == _every_position_matches(text)


def _spelled_in_context() -> list[str]:
    """Every name and alias of the gazetteer with a vendor, a hardware noun, a plural and a
    suffix around it, and every case sentence: where names that share a beginning meet."""
    texts = [c["text"] for c in CASES]
    for spelling, _ in _spellings():
        texts += [f"Results on the {spelling} GPU.", f"An NVIDIA {spelling}s, the {spelling} 80GB."]
    return texts


def test_the_first_match_is_the_longest() -> None:
    """The matcher takes the first way its alternatives give; POSIX matching, the longest of
    all, is the reference it must agree with."""
    g = _gazetteer()
    first, longest = _one_regex(), _one_regex(posix=True)
    for text in [*_AWKWARD, *_spelled_in_context()]:
        starts = _openings(text, lower(text), g)[0]
        assert [m.span() for m in matches_at(first, text, starts)] == [
            m.span() for m in matches_at(longest, text, starts)
        ], text


def test_two_digit_openers_are_those_a_bare_number_can_open_with() -> None:
    g = _gazetteer()
    numbers = [f"{n:04d}{tail}" for n in range(10_000) for tail in ("", " Ti", "SUPER", " Super")]
    opening = {t[:2] for t in numbers if g.stemless and g.stemless.match(t)}
    keyed = {d for d in (f"{n:02d}" for n in range(100)) if (0, 2) in g.openers.hits(d)}
    assert opening == keyed


@pytest.mark.parametrize(
    ("opener", "spellings"),
    [("arc", {"Arc"}), ("mi", {"MI"}), ("el", {"El"}), ("rk", {"RK"})],
)
def test_openers_of_case_sensitive_names_only_are_found_as_spelled(
    opener: str, spellings: set[str]
) -> None:
    g = _gazetteer()
    assert (0, len(opener)) not in g.openers.hits(opener)
    for spelling in spellings:
        assert (0, len(opener)) in g.cased_openers.hits(spelling)
    for other in {opener, opener.upper(), opener.capitalize()} - spellings:
        assert (0, len(opener)) not in g.cased_openers.hits(other)


@pytest.mark.parametrize("opener", ["nvidia", "jetson", "iphone", "raspberry", "10"])
def test_openers_of_names_in_any_case_are_found_lower_cased(opener: str) -> None:
    g = _gazetteer()
    assert (0, len(opener)) in g.openers.hits(opener)
    assert (0, len(opener)) not in g.cased_openers.hits(opener.upper())


def test_fast_scan_agrees_on_seed_abstracts() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared (the seed dumps) is not present")
    from effclaims.normalize import normalize
    from effclaims.readers import read

    papers = [p for path in sorted((SHARED / "seeds").glob("*.txt")) for p in read(path)]
    for paper in papers[::6]:
        text = normalize(paper.abstract).text
        assert _matches(text) == _every_position_matches(text)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Training runs on 64 NVIDIA A100-80GB GPUs.", ["NVIDIA A100-80GB GPUs"]),
        ("Our kernel is tuned for an H100 SXM5 and for the B200.", ["H100 SXM5", "B200"]),
        (
            "We fine-tune on a single NVIDIA Tesla V100 32GB and serve on T4 GPUs.",
            ["NVIDIA Tesla V100 32GB", "T4 GPUs"],
        ),
        ("Inference on 8timesH100 GPUs is compared with 4timesA100.", ["H100 GPUs", "A100"]),
        ("A single 48xGH200 node and an 8xH200 server were used.", ["GH200 node", "H200 server"]),
        ("It fits on an A100 (40GB) and also runs on A100 PCIe.", ["A100 (40GB)", "A100 PCIe"]),
        (
            "Everything runs on commodity hardware such as 4x NVIDIA A6000 or 8x NVIDIA 3090 GPUs.",
            ["NVIDIA A6000", "NVIDIA 3090 GPUs"],
        ),
        ("The demo synthesises 50 poses per second on a single 4090 GPU.", ["4090 GPU"]),
        (
            "Our method runs on a GeForce RTX 2080 Ti and a GTX 1080 Ti.",
            ["GeForce RTX 2080 Ti", "GTX 1080 Ti"],
        ),
        (
            "Training on one NVIDIA DGX-2 node is slower than on a DGX A100.",
            ["NVIDIA DGX-2 node", "DGX A100"],
        ),
        (
            "We trained the model on 6144 TPU v4 chips, saving 4.4 million TPUv4 hours.",
            ["TPU v4 chips", "TPUv4"],
        ),
        (
            "Pangu was trained on 6K Ascend NPUs; the Ascend 910B is the chip used.",
            ["Ascend NPUs", "Ascend 910B"],
        ),
        (
            "We use data from 4th Generation Intel Xeon Scalable Processors across benchmarks.",
            ["Intel Xeon Scalable Processors"],
        ),
        (
            "The Hexagon NPU of the Snapdragon 8 Elite runs it.",
            ["Hexagon NPU", "Snapdragon 8 Elite"],
        ),
        ("On a MacBook Pro with M1 Max.", ["MacBook Pro with M1 Max"]),
        ("on the Summit supercomputer", ["Summit supercomputer"]),
    ],
)
def test_span_covers_vendor_name_and_hardware_noun(text: str, spans: list[str]) -> None:
    assert [text[m.start : m.end] for m in find_hardware(text)] == spans


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("on 8xH100", "H100"),
        ("on 8×A100 GPUs", "A100 GPUs"),
        ("on 4timesRTX 3090", "RTX 3090"),
        ("on 128 A100 GPUs", "A100 GPUs"),
        ("on 2 x V100", "V100"),
    ],
)
def test_counts_stay_outside_the_span(text: str, span: str) -> None:
    (m,) = find_hardware(text)
    assert text[m.start : m.end] == span


def test_offsets_index_into_the_given_text() -> None:
    text = "Ünïcödé prefix — then NVIDIA H100 GPUs and, later, a Jetson Orin Nano."
    mentions = find_hardware(text)
    assert [text[m.start : m.end] for m in mentions] == ["NVIDIA H100 GPUs", "Jetson Orin Nano"]


def test_ten_thousand_names_in_a_row_are_fast() -> None:
    names = [
        "A100",
        "NVIDIA H100 GPUs",
        "Snapdragon 8 Gen 2",
        "TPU v4",
        "RTX 3090",
        "Jetson AGX Orin",
        "8xH200",
    ]
    rng = random.Random(0)
    text = ", ".join(rng.choice(names) for _ in range(10_000))
    start = time.perf_counter()
    mentions = find_hardware(text)
    assert time.perf_counter() - start < 10
    assert len(mentions) == 10_000


def test_a_megabyte_of_junk_is_fast() -> None:
    rng = random.Random(1)
    text = "".join(
        rng.choice(string.ascii_letters + "     0123456789.,-()/x") for _ in range(1_000_000)
    )
    start = time.perf_counter()
    find_hardware(text)
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize(
    "text",
    [
        "NVIDIA " * 20_000 + "GPU",
        "A100 " + "80GB " * 20_000 + "x",
        "Frontier, " * 10_000 + "and Ada",
        "Ada, " * 10_000 + "A100",
        "TPU v4-8 " * 10_000,
    ],
    ids=["vendors", "suffixes", "pending-list", "long-list", "pod-slices"],
)
def test_repetitive_input_does_not_backtrack(text: str) -> None:
    start = time.perf_counter()
    find_hardware(text)
    assert time.perf_counter() - start < 10


def test_a_long_list_is_accepted_from_one_cue() -> None:
    text = "GPU architectures: " + ", ".join(["Hopper", "Ada", "Ampere", "Volta", "Turing"] * 3)
    assert [m.name for m in find_hardware(text)] == [
        "Hopper",
        "Ada",
        "Ampere",
        "Volta",
        "Turing",
    ] * 3


def _reference_scorer():
    spec = importlib.util.spec_from_file_location("reference_score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (SHARED / "gold" / "seeds.jsonl").exists(), reason="development set absent")
def test_seed_gold_recall_and_precision() -> None:
    """Against every gold hardware claim of the seed dumps, compared as the scorer does."""
    from effclaims.normalize import normalize
    from effclaims.readers import read

    score = _reference_scorer()
    found: dict[str, set[str]] = {}
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        for paper in read(str(path)):
            names = {
                m.name
                for field in (paper.title, paper.abstract)
                for m in find_hardware(normalize(field).text)
            }
            found.setdefault(score.norm_title(paper.title), set()).update(
                score.norm_hw(n) for n in names
            )
    tp = fp = fn = 0
    misses, false_alarms = [], []
    for line in (SHARED / "gold" / "seeds.jsonl").read_text("utf-8").splitlines():
        paper = json.loads(line)
        gold = {score.norm_hw(c["value"]) for c in paper["claims"] if c["type"] == "hardware"}
        pred = found.get(score.norm_title(paper["title"]), set())
        tp += len(gold & pred)
        misses += [(paper["id"], name) for name in gold - pred]
        false_alarms += [(paper["id"], name) for name in pred - gold]
    fn, fp = len(misses), len(false_alarms)
    recall, precision = tp / (tp + fn), tp / (tp + fp)
    print(f"hardware on seeds: recall {recall:.3f}, precision {precision:.3f}")
    print("misses:", misses, "false alarms:", false_alarms)
    assert recall >= 0.9, misses
    assert precision >= 0.85, false_alarms
