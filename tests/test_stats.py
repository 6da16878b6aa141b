"""The claims summary: counts, speedup quantiles and log-scale bins, bit-widths, hardware; `effclaims stats`."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from effclaims.cli import app
from effclaims.model import CLAIM_TYPES, Claim, Paper
from effclaims.stats import Bin, bar, log2_histogram, print_summary, quantile, summarize

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
INPUTS = [str(FIXTURES / name) for name in ("example_hf.txt", "example.jsonl", "example.csv")]


def claim(type_: str, value: float | str, text: str = "") -> Claim:
    text = text or str(value)
    return Claim(type=type_, value=value, text=text, start=0, end=len(text))


FIRST = Paper(index=1, title="Sparse Decoding", abstract="...", source="a.txt")
SECOND = Paper(index=2, title="Ternary Kernels", abstract="...", source="a.txt")
THIRD = Paper(index=3, title="A Survey", abstract="...", source="a.txt")
PAIRS = [
    (
        FIRST,
        [
            claim("speedup", 3.2, "3.2x faster"),
            claim("hardware", "A100", "NVIDIA A100"),
            claim("bit_width", 4.0, "4-bit"),
            claim("hardware", "A100", "A100 GPUs"),  # the same GPU again: still one paper
            claim("bit_width", 4.0, "INT4"),
            claim("speedup", 1.5, "50% faster"),
            claim("bit_width", 1.58, "1.58-bit"),
        ],
    ),
    (
        SECOND,
        [
            claim("speedup", 12.0, "12x"),
            claim("hardware", "H100"),
            claim("hardware", "A100"),
            claim("bit_width", 4.0, "W4A8"),
            claim("bit_width", 8.0, "W4A8"),
            claim("model_size", 7e9, "7B"),
            claim("speedup", 0.0, "0x"),  # no factor at all: kept as a claim, not on the log axis
        ],
    ),
    (THIRD, []),
]


def test_summary_counts_claims_per_type_and_papers_per_bit_width_and_hardware():
    summary = summarize(PAIRS)
    assert (summary.papers, summary.papers_with_claims, summary.claims) == (3, 2, 14)
    assert list(summary.per_type) == list(CLAIM_TYPES)
    assert {t: n for t, n in summary.per_type.items() if n} == {
        "speedup": 4,
        "hardware": 4,
        "bit_width": 5,
        "model_size": 1,
    }
    assert summary.speedups == (1.5, 3.2, 12.0)
    assert summary.bit_widths == {1.58: 1, 4.0: 2, 8.0: 1}
    assert list(summary.bit_widths) == [1.58, 4.0, 8.0]
    assert summary.hardware == (("A100", 2), ("H100", 1))


def test_summary_of_nothing():
    summary = summarize([])
    assert (summary.papers, summary.claims, summary.speedups, summary.hardware) == (0, 0, (), ())
    assert summary.per_type == dict.fromkeys(CLAIM_TYPES, 0)
    assert summary.histogram() == []
    assert summary.quantiles() == dict.fromkeys(("min", "q1", "median", "q3", "max"))


def test_hardware_list_is_cut_at_top_with_ties_by_name():
    papers = [
        (Paper(index=i, title=f"p{i}", abstract=""), [claim("hardware", name) for name in names])
        for i, names in enumerate(
            [["V100", "T4"], ["T4", "V100", "A10G"], ["TPU v4", "A10G"], ["Gaudi2"]], 1
        )
    ]
    assert summarize(papers).hardware == (
        ("A10G", 2),
        ("T4", 2),
        ("V100", 2),
        ("Gaudi2", 1),
        ("TPU v4", 1),
    )
    assert summarize(papers, top=2).hardware == (("A10G", 2), ("T4", 2))


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([5.0], 0.0, 5.0),
        ([5.0], 0.5, 5.0),
        ([5.0], 1.0, 5.0),
        ([1.0, 2.0, 3.0, 4.0, 5.0], 0.25, 2.0),
        ([1.0, 2.0, 3.0, 4.0, 5.0], 0.5, 3.0),
        ([1.0, 2.0, 3.0, 4.0], 0.5, 2.5),
        ([1.0, 2.0, 3.0, 4.0], 0.25, 1.75),
        ([1.0, 2.0, 3.0, 4.0], 0.75, 3.25),
        ([1.0, 2.0, 3.0, 4.0], 0.0, 1.0),
        ([1.0, 2.0, 3.0, 4.0], 1.0, 4.0),
        ([1.2, 10.0], 0.5, 5.6),
    ],
)
def test_quantiles_interpolate_between_neighbours(values, q, expected):
    assert quantile(values, q) == pytest.approx(expected)


def test_summary_quantiles():
    assert summarize(PAIRS).quantiles() == pytest.approx(
        {"min": 1.5, "q1": 2.35, "median": 3.2, "q3": 7.6, "max": 12.0}
    )


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], []),
        ([1.0], [(1, 2, 1)]),
        ([1.999], [(1, 2, 1)]),
        ([2.0], [(2, 4, 1)]),  # an edge belongs to the bin it starts
        (
            [1.5, 2.0, 3.9, 4.0, 100.0],
            [(1, 2, 1), (2, 4, 2), (4, 8, 1), (8, 16, 0), (16, 32, 0), (32, 64, 0), (64, 128, 1)],
        ),
        ([0.5, 0.75, 1.0], [(0.5, 1, 2), (1, 2, 1)]),
        ([1000.0, 1100.0], [(512, 1024, 1), (1024, 2048, 1)]),
    ],
)
def test_log_histogram_bins_double_and_keep_empty_bins_between(values, expected):
    assert log2_histogram(values) == [Bin(lo, hi, n) for lo, hi, n in expected]


@pytest.mark.parametrize(
    ("n", "largest", "width", "expected"),
    [
        (0, 10, 4, ""),
        (10, 10, 4, "████"),
        (5, 10, 4, "██"),
        (3, 8, 1, "▍"),
        (1, 16, 1, ""),
        (9, 8 * 2, 2, "█▏"),
        (3, 0, 4, ""),
    ],
)
def test_bars_are_drawn_in_eighths(n, largest, width, expected):
    assert bar(n, largest, width) == expected


def test_to_dict_is_plain_json_with_bits_as_written():
    data = json.loads(json.dumps(summarize(PAIRS).to_dict()))
    assert data["papers"] == 3 and data["claims"] == 14 and data["papers_with_claims"] == 2
    assert data["types"]["bit_width"] == 5
    assert data["bit_widths"] == [
        {"bits": 1.58, "papers": 1},
        {"bits": 4, "papers": 2},
        {"bits": 8, "papers": 1},
    ]
    assert data["hardware"] == [{"name": "A100", "papers": 2}, {"name": "H100", "papers": 1}]
    speedup = data["speedup"]
    assert (speedup["count"], speedup["median"], speedup["max"]) == (3, 3.2, 12.0)
    assert speedup["histogram"] == [
        {"low": 1.0, "high": 2.0, "count": 1},
        {"low": 2.0, "high": 4.0, "count": 1},
        {"low": 4.0, "high": 8.0, "count": 0},
        {"low": 8.0, "high": 16.0, "count": 1},
    ]


def test_terminal_summary_shows_every_section():
    buffer = io.StringIO()
    print_summary(summarize(PAIRS), Console(file=buffer, width=100, color_system=None))
    text = buffer.getvalue()
    assert text.startswith("14 claims in 2 of 3 papers\n")
    for expected in (
        "Claims per type",
        "Speedup factors (3 claims)",
        "median 3.2×",
        "Bit-widths (papers)",
        "1.58-bit",
        "Most frequent hardware (papers)",
        "H100",
        "8×–16×",
        *CLAIM_TYPES,
    ):
        assert expected in text, expected


# --------------------------------------------------------------------------- the command

runner = CliRunner()


def invoke(*args: str, code: int = 0):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result


def test_stats_json_agrees_with_the_extracted_rows():
    rows = [
        json.loads(line)
        for line in invoke("extract", *INPUTS, "--format", "jsonl").stdout.splitlines()
    ]
    papers = json.loads(invoke("papers", *INPUTS, "--format", "json").stdout)
    stats = json.loads(invoke("stats", *INPUTS, "--format", "json", "--top", "3").stdout)

    assert rows, "the examples have claims"
    assert stats["papers"] == len(papers)
    assert stats["papers_with_claims"] == sum(1 for p in papers if p["claims"])
    assert stats["claims"] == len(rows)
    assert stats["types"] == {t: sum(r["type"] == t for r in rows) for t in CLAIM_TYPES}
    speedups = sorted(r["value"] for r in rows if r["type"] == "speedup")
    assert stats["speedup"]["count"] == len(speedups)
    assert (stats["speedup"]["min"], stats["speedup"]["max"]) == (speedups[0], speedups[-1])
    assert sum(b["count"] for b in stats["speedup"]["histogram"]) == len(speedups)

    def per_paper(claim_type: str) -> Counter:
        return Counter(
            v
            for (_, _, t, v) in {
                (
                    r["source"],
                    r["paper"],
                    r["type"],
                    r["value_text"] if t == "hardware" else r["value"],
                )
                for r in rows
                for t in [r["type"]]
            }
            if t == claim_type
        )

    hardware = per_paper("hardware")
    assert len(stats["hardware"]) == min(3, len(hardware))
    assert [h["papers"] for h in stats["hardware"]] == sorted(hardware.values(), reverse=True)[:3]
    assert all(hardware[h["name"]] == h["papers"] for h in stats["hardware"])
    assert {b["bits"]: b["papers"] for b in stats["bit_widths"]} == per_paper("bit_width")


def test_stats_table_on_stdout_and_in_files(tmp_path):
    text = invoke("stats", *INPUTS, "--format", "table").stdout
    assert "Claims per type" in text and "Most frequent hardware" in text
    assert text.splitlines()[0].endswith(" papers")

    invoke("stats", *INPUTS, "-o", tmp_path / "stats.txt")  # the extension chooses a table
    assert "Claims per type" in (tmp_path / "stats.txt").read_text()
    invoke("stats", *INPUTS, "-o", tmp_path / "stats.json")
    assert json.loads((tmp_path / "stats.json").read_text())["claims"] > 0


def test_stats_type_filter_counts_only_that_type():
    stats = json.loads(invoke("stats", *INPUTS, "--format", "json", "--type", "hardware").stdout)
    assert stats["claims"] == stats["types"]["hardware"] > 0
    assert stats["speedup"]["count"] == 0 and stats["bit_widths"] == []


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_stats_refuses_row_formats(fmt, tmp_path):
    result = invoke("stats", *INPUTS, "--format", fmt, "-o", tmp_path / "out", code=2)
    assert "writes table, json, not" in result.stderr
    assert not (tmp_path / "out").exists()


def test_stats_of_a_missing_input_is_one_line_and_code_1(tmp_path):
    result = invoke("stats", tmp_path / "nowhere.txt", code=1)
    assert result.stderr == f"effclaims: {tmp_path / 'nowhere.txt'}: no such file\n"
