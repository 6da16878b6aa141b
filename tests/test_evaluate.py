"""The evaluator: its matching rules, and exact agreement with the reference scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from effclaims import schema, writers
from effclaims.cli import app
from effclaims.errors import InputError
from effclaims.evaluate import (
    MISS_COLUMNS,
    SCORE_COLUMNS,
    evaluate,
    load_gold,
    norm_hardware,
    norm_title,
    values_match,
)
from effclaims.model import CLAIM_TYPES, Claim, Paper

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCORER = SHARED / "tools" / "score.py"
GOLD = SHARED / "gold" / "seeds.jsonl"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("GPU-Free Inference!", "gpufreeinference"),
        ("  gpu free   INFERENCE ", "gpufreeinference"),
        ("Ｆｕｌｌ－ｗｉｄｔｈ Title", "fullwidthtitle"),
        ("Über Schnell", "berschnell"),
        (None, ""),
    ],
)
def test_norm_title(title, key):
    assert norm_title(title) == key


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("NVIDIA A100", "A100", True),
        ("A100-80GB", "a100", True),
        ("NVIDIA Tesla V100 32GB", "V100", True),
        ("GeForce RTX 3090", "RTX 3090", True),
        ("DGX H100", "H100", True),
        ("DGX-2", "2", False),
        ("Google TPUv4", "TPU v4", True),
        ("Qualcomm Snapdragon 8 Gen 2", "Snapdragon 8 Gen 2", True),
        ("Apple M2", "M2", True),
        ("A100", "H100", False),
        ("Jetson Orin Nano", "Jetson Nano", False),
    ],
)
def test_hardware_names_match_without_vendor_words(a, b, same):
    assert (norm_hardware(a) == norm_hardware(b)) is same
    assert values_match(a, b, "hardware") is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (3.2, 3.2, True),
        (100.0, 100.99, True),
        (100.0, 101.2, False),
        (7e9, 7.05e9, True),
        (0, 0.0, True),
        ("4", 4.0, True),
        ("four", 4.0, False),
        (None, 4.0, False),
    ],
)
def test_numbers_match_within_one_percent(a, b, same):
    assert values_match(a, b, "speedup") is same


def gold_line(id_: str, title: str, *claims: tuple[str, object, str]) -> dict:
    return {
        "id": id_,
        "title": title,
        "claims": [{"type": t, "value": v, "text": x} for t, v, x in claims],
    }


ABSTRACT_A = (
    "Sparse kernels matter. Our kernel is 3.2x faster on an NVIDIA A100 GPU with 4-bit weights. "
    "It also runs on a DGX H100."
)
GOLD_LINES = [
    gold_line(
        "a",
        "Fast Sparse Attention!",
        ("speedup", 3.2, "3.2x faster"),
        ("speedup", 3.21, "3.2x faster"),  # the same value within 1%: one claim
        ("hardware", "NVIDIA A100", "NVIDIA A100"),
        ("hardware", "H100", "DGX H100"),
        ("bit_width", 4, "4-bit"),
        ("latency", 12, "12 ms"),
    ),
    gold_line(
        "b", "Tiny Models, Big Wins", ("model_size", 7e9, "7B"), ("model_size", 1.3e10, "13B")
    ),
    gold_line("c", "Never Extracted", ("compression", 4, "4x smaller")),
    gold_line("e", "GPU-Free Inference", ("throughput", 1500, "1,500 tokens per second")),
    gold_line("f", "Replaced Title", ("speedup", 9, "9x")),
    gold_line("f2", "replaced title", ("speedup", 2, "2x")),  # same key: this one counts
    gold_line("g", "No Claims Here"),
]


def make_claim(type_: str, value: float | str, text: str = "", sentence: str = "") -> Claim:
    return Claim(
        type=type_, value=value, text=text or str(value), start=0, end=1, sentence=sentence
    )


def paper(index: int, title: str, abstract: str = "An abstract.", source: str = "in.txt") -> Paper:
    return Paper(index=index, title=title, abstract=abstract, source=source)


PAIRS = [
    (
        paper(1, "Fast Sparse Attention!", ABSTRACT_A),
        [
            make_claim("speedup", 3.19, "3.2x faster"),
            make_claim("speedup", 5.0, "5x", sentence="It is 5x faster."),
            make_claim("hardware", "A100"),
            make_claim("bit_width", 4.0),
            make_claim("bit_width", 4.0),
            make_claim("model_size", 7e9),
        ],
    ),
    (paper(2, "Tiny Models, Big Wins"), [make_claim("model_size", 7e9)]),
    (paper(1, "Tiny models big wins", source="other.txt"), [make_claim("model_size", 13e9)]),
    (paper(3, "Not In The Gold"), [make_claim("speedup", 2.0)]),
    (
        paper(4, "gpu free inference"),
        [make_claim("throughput", 1490.0), make_claim("hardware", "CPU")],
    ),
    (paper(5, "Replaced Title"), [make_claim("speedup", 2.0)]),
    (paper(6, "No Claims Here"), [make_claim("latency", 3.0)]),
]


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(g) for g in GOLD_LINES) + "\n\n", encoding="utf-8")
    return path


def test_evaluate_counts(gold_file):
    result = evaluate(load_gold(gold_file), PAIRS)
    counts = {t: (s.tp, s.fp, s.fn) for t, s in result.scores.items()}
    assert counts["speedup"] == (2, 1, 0)  # 3.19~3.2 and the replaced title's 2; 5 is a false alarm
    assert counts["hardware"] == (1, 1, 1)  # A100 found, H100 missed, CPU a false alarm
    assert counts["bit_width"] == (1, 0, 0)
    assert counts["model_size"] == (2, 1, 0)  # pooled across two inputs; 7B on paper a is extra
    assert counts["compression"] == (0, 0, 1)
    assert counts["throughput"] == (1, 0, 0)
    assert counts["latency"] == (0, 1, 1)
    assert counts["ALL"] == (7, 4, 3)
    assert list(result.scores) == [*CLAIM_TYPES, "ALL"]
    row = dict(zip(SCORE_COLUMNS, result.rows()[-1].values(), strict=True))
    assert row == {
        "type": "ALL",
        "tp": 7,
        "fp": 4,
        "fn": 3,
        "precision": 0.6364,
        "recall": 0.7,
        "f1": 0.6667,
    }


def test_misses_carry_their_sentence(gold_file):
    result = evaluate(load_gold(gold_file), PAIRS)
    misses = {(m.kind, m.id, m.type, str(m.value)): m for m in result.misses}
    h100 = misses[("FN", "a", "hardware", "H100")]
    assert h100.sentence == "It also runs on a DGX H100."
    assert misses[("FP", "a", "speedup", "5.0")].sentence == "It is 5x faster."
    assert misses[("FN", "c", "compression", "4")].sentence == ""  # paper not in the input
    assert all(tuple(m.row()) == MISS_COLUMNS for m in result.misses)


def test_types_restrict_scoring(gold_file):
    result = evaluate(load_gold(gold_file), PAIRS, ["hardware", "speedup"])
    assert list(result.scores) == ["hardware", "speedup", "ALL"]
    assert (result.scores["ALL"].tp, result.scores["ALL"].fp, result.scores["ALL"].fn) == (3, 2, 1)


def test_nothing_predicted_is_full_precision_zero_recall(gold_file):
    rows = {r["type"]: r for r in evaluate(load_gold(gold_file), []).rows()}
    assert (
        rows["ALL"]["precision"] == 1.0
        and rows["ALL"]["recall"] == 0.0
        and rows["ALL"]["f1"] == 0.0
    )
    assert rows["energy_reduction"] == {
        "type": "energy_reduction", "tp": 0, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"id": "x", "title": "T", "claims": []}\n{"title": \n',
            r"gold\.jsonl:2: not a gold record",
        ),
        ('{"id": "x", "claims": []}\n', r"gold\.jsonl:1: .*missing 'title'"),
        ('{"title": "T", "claims": [{"type": "speedup"}]}\n', r"gold\.jsonl:1: .*missing 'value'"),
        ('["not", "an", "object"]\n', r"gold\.jsonl:1: not a gold record"),
    ],
)
def test_load_gold_names_the_bad_line(tmp_path, content, message):
    path = tmp_path / "gold.jsonl"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        load_gold(path)


def test_load_gold_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read gold file"):
        load_gold(tmp_path / "nope.jsonl")


def reference(gold: Path, predictions: Path, *types: str) -> dict:
    if not SCORER.is_file():
        pytest.skip("reference scorer not available")
    args = [sys.executable, str(SCORER), str(gold), str(predictions), "--json"]
    if types:
        args += ["--types", ",".join(types)]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def as_spec(claim: dict) -> dict:
    """A claim row in the shape of the specification's claims, which the reference scorer
    reads: a hardware claim's value is its name (in rows, `value` is null and the name is
    in `value_text`)."""
    if claim["type"] == "hardware":
        return {**claim, "value": claim["value_text"]}
    return claim


def spec_predictions(path: Path) -> None:
    """Rewrite the rows or paper records of a JSON Lines file as `as_spec` claims."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for record in records:
        if "claims" in record:
            record["claims"] = [as_spec(c) for c in record["claims"]]
    lines = [json.dumps(r if "claims" in r else as_spec(r)) for r in records]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def as_reference(rows: list[dict]) -> dict:
    return {r["type"]: {k: r[k] for k in SCORE_COLUMNS[1:]} for r in rows}


@pytest.mark.parametrize("types", [CLAIM_TYPES, ("hardware", "model_size", "speedup")])
@pytest.mark.parametrize("by_paper", [False, True])
def test_agrees_with_reference_scorer_on_hand_made_cases(gold_file, tmp_path, types, by_paper):
    predictions = tmp_path / "pred.jsonl"
    with predictions.open("w", encoding="utf-8") as fh:
        records = schema.paper_records(PAIRS) if by_paper else schema.claim_rows(PAIRS)
        writers.write_jsonl(records, fh)
    spec_predictions(predictions)
    ours = evaluate(load_gold(gold_file), PAIRS, types).rows()
    assert as_reference(ours) == reference(gold_file, predictions, *types)


def test_eval_command_agrees_with_reference_scorer_on_the_seeds(tmp_path):
    if not (GOLD.is_file() and SEEDS):
        pytest.skip("seeds and gold not available")
    predictions, scores = tmp_path / "pred.jsonl", tmp_path / "scores.json"
    effclaims = str(Path(sys.executable).with_name("effclaims"))
    commands = [
        ["extract", *SEEDS, "-o", predictions],
        ["eval", GOLD, *SEEDS, "--format", "json", "-o", scores],
    ]
    # Side by side, one worker each: the two passes over the seeds take the time of one.
    procs = [subprocess.Popen([effclaims, *map(str, c), "-j", "1"]) for c in commands]
    assert [p.wait(timeout=600) for p in procs] == [0, 0]
    spec_predictions(predictions)
    assert as_reference(json.loads(scores.read_text())) == reference(GOLD, predictions)


def test_eval_errors_rows_match_the_counts(tmp_path, gold_file):
    source = tmp_path / "papers.jsonl"
    source.write_text(
        "\n".join(json.dumps({"title": p.title, "abstract": p.abstract}) for p, _ in PAIRS) + "\n"
    )
    runner = CliRunner()
    scores = runner.invoke(app, ["eval", str(gold_file), str(source), "--format", "json"])
    errors = runner.invoke(
        app, ["eval", str(gold_file), str(source), "--format", "jsonl", "--errors"]
    )
    assert scores.exit_code == errors.exit_code == 0, scores.stderr + errors.stderr
    total = json.loads(scores.stdout)[-1]
    misses = [json.loads(line) for line in errors.stdout.splitlines()]
    assert sum(m["kind"] == "FN" for m in misses) == total["fn"]
    assert sum(m["kind"] == "FP" for m in misses) == total["fp"]
    assert all(tuple(m) == MISS_COLUMNS for m in misses)
    table = runner.invoke(
        app, ["eval", str(gold_file), str(source), "--format", "table", "--errors"]
    )
    assert table.exit_code == 0
    assert "ALL" in table.stdout and "Misses (FN) and false alarms (FP)" in table.stdout
    assert table.stdout.count("  FN  ") == total["fn"]
