"""The Python API: extract, read and to_frame, the README's notebook example, and lazy import.

The extractor's findings change as its rules grow, so most expectations are relations
with the modules the API wraps (the same claims as `extract_text`, the same papers as
`readers.read`, the same rows as the CLI's writer) plus a few plain cases.
"""

from __future__ import annotations

import io
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import effclaims
from effclaims import readers
from effclaims.claim_types import format_value, select
from effclaims.extraction import extract_paper, extract_text
from effclaims.model import BOUNDS, CLAIM_TYPES, Claim, Paper
from effclaims.schema import CLAIM_COLUMNS, claim_rows

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FIXTURES = sorted((ROOT / "fixtures").glob("example*"))
EXAMPLE_HF = ROOT / "fixtures" / "example_hf.txt"

TEXT = (
    "We prune attention heads on the fly. The pruned model decodes 2.4x faster on an A100 "
    "and needs 3x less memory, with 4-bit weights throughout."
)
PLAIN_CASES = [
    ("Decoding is 2.4x faster than greedy decoding.", [("speedup", 2.4)]),
    ("It runs on an NVIDIA A100.", [("hardware", "A100")]),
    ("We quantize weights to 4 bits.", [("bit_width", 4.0)]),
    ("Nothing here is measured.", []),
]
TEXT_COLUMNS = ["value_text", "unit", "text", "sentence", "rule", "hardware", "model", "baseline"]


def python_blocks(section: str) -> list[str]:
    """The ```python blocks of one `## section` of the README."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(section)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"README has no section {section!r}"
    return re.findall(r"^```python\n(.*?)^```", match.group(1), re.M | re.S)


# --------------------------------------------------------------------------- README


def test_readme_notebook_example_runs(monkeypatch):
    blocks = python_blocks("Python API and spaCy")
    assert len(blocks) == 2
    notebook = blocks[0]
    assert len(notebook.strip().splitlines()) == 5
    monkeypatch.chdir(ROOT)
    scope: dict = {}
    exec(compile(notebook, "README.md", "exec"), scope)
    assert [(c.type, c.value) for c in scope["claims"]] == [("speedup", 3.1), ("hardware", "H100")]
    df, speedups = scope["df"], scope["speedups"]
    assert list(speedups.columns) == ["title", "value", "bound", "text"]
    assert len(speedups) == (df.type == "speedup").sum() > 0
    assert scope["best"]["speedup"] == speedups.value.max()


def test_readme_spacy_example_runs():
    scope: dict = {}
    exec(compile(python_blocks("Python API and spaCy")[1], "README.md", "exec"), scope)
    assert scope["found"] == [("2.1x faster", "speedup", 2.1), ("RTX 4090", "hardware", "RTX 4090")]


# --------------------------------------------------------------------------- extract


@pytest.mark.parametrize(("text", "expected"), PLAIN_CASES)
def test_extract_plain_cases(text, expected):
    claims = effclaims.extract(text)
    assert [(c.type, c.value) for c in claims] == expected
    assert all(text[c.start : c.end] == c.text for c in claims)


def test_extract_is_the_engine():
    assert effclaims.extract(TEXT) == extract_text(TEXT)
    assert effclaims.extract(TEXT, field="title") == extract_text(TEXT, "title")


@pytest.mark.parametrize(
    "types",
    [["speedup"], ("hardware", "bit_width"), "speedup,memory_reduction", " hardware "],
)
def test_extract_types(types):
    chosen = select(types)
    claims = effclaims.extract(TEXT, types=types)
    assert claims == [c for c in extract_text(TEXT) if c.type in chosen]


@pytest.mark.parametrize(
    ("types", "message"),
    [
        (["speed"], "unknown claim type 'speed'; choose from speedup, "),
        ("gpu,speedup,ram", "unknown claim types 'gpu', 'ram'"),
        ([], "no claim type given; choose from speedup, "),
        (" , ", "no claim type given"),
    ],
)
def test_extract_unknown_type(types, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        effclaims.extract(TEXT, types=types)


# --------------------------------------------------------------------------- read


def expected_papers(path: Path) -> list[Paper]:
    return list(readers.read(str(path)))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_read_path_and_files(path):
    expected = expected_papers(path)
    assert expected
    assert list(effclaims.read(str(path))) == expected
    assert list(effclaims.read(path)) == expected
    with path.open("rb") as fh:
        assert list(effclaims.read(fh)) == expected
    with path.open(encoding="utf-8") as fh:
        assert list(effclaims.read(fh)) == expected
    assert [p.source for p in effclaims.read(path)] == [str(path)] * len(expected)


def test_read_in_memory_text_and_bytes():
    text = f"{TEXT}\n\nA second abstract, with a 7B model.\n"
    from_bytes = list(effclaims.read(io.BytesIO(text.encode()), "text"))
    from_text = list(effclaims.read(io.StringIO(text), "text"))
    assert (
        [p.abstract for p in from_text]
        == [p.abstract for p in from_bytes]
        == [
            TEXT,
            "A second abstract, with a 7B model.",
        ]
    )


def test_read_passes_options_and_is_lazy(tmp_path):
    path = tmp_path / "papers.jsonl"
    path.write_text(
        json.dumps({"title": "Fast", "abstract": TEXT}) + "\n{broken\n", encoding="utf-8"
    )
    warnings: list[str] = []
    papers = list(effclaims.read(path, skip_bad=True, on_warning=warnings.append, name="mine"))
    assert [(p.title, p.source) for p in papers] == [("Fast", "mine")]
    assert warnings and "skipped 1" in warnings[0]
    missing = effclaims.read(tmp_path / "absent.txt")  # nothing is opened yet
    with pytest.raises(effclaims.errors.InputError, match="no such file"):
        list(missing)
    with pytest.raises(effclaims.errors.InputError, match="unknown input format"):
        effclaims.read(path, "yaml")


# --------------------------------------------------------------------------- to_frame


def check_types(df: pd.DataFrame) -> None:
    """The column types to_frame promises, whatever the rows."""
    assert list(df.type.cat.categories) == list(CLAIM_TYPES)
    assert list(df.bound.cat.categories) == list(BOUNDS)
    assert list(df["field"].cat.categories) == ["title", "abstract"]
    assert df.value.dtype == "float64" and df.value_min.dtype == "float64"
    for column in ("start", "end") + (("paper",) if "paper" in df else ()):
        assert df[column].dtype == "Int64"
    for column in TEXT_COLUMNS + [c for c in ("source", "id", "title") if c in df]:
        assert df[column].dtype == "string", column


def test_frame_of_claims():
    claims = extract_text(TEXT)
    df = effclaims.to_frame(claims)
    assert list(df.columns) == [
        "type", "value", "value_text", "bound", "value_min", "unit", "text", "field",
        "start", "end", "sentence", "rule", "hardware", "model", "baseline",
    ]  # fmt: skip
    check_types(df)
    assert len(df) == len(claims) > 0
    for row, claim in zip(df.itertuples(index=False), claims, strict=True):
        assert row.type == claim.type and row.text == claim.text
        assert (row.start, row.end) == (claim.start, claim.end)
        assert row.value_text == format_value(claim)
        if claim.type == "hardware":
            assert math.isnan(row.value) and row.value_text == claim.value
        else:
            assert row.value == claim.value


def test_frame_of_papers_matches_the_cli_rows():
    papers = [p for path in FIXTURES for p in readers.read(str(path))]
    pairs = [(p, extract_paper(p)) for p in papers]
    df = effclaims.to_frame(papers)
    check_types(df)
    assert list(df.columns) == list(CLAIM_COLUMNS)
    assert df.equals(effclaims.to_frame(pairs))
    rows = list(claim_rows(pairs))
    claimed = df.dropna(subset=["type"])
    assert len(claimed) == len(rows) > 0
    for row, expected in zip(claimed.to_dict("records"), rows, strict=True):
        for column in ("source", "paper", "title", "type", "value_text", "text", "start", "end"):
            assert row[column] == expected[column], column
        assert (pd.isna(row["id"]) and expected["id"] is None) or row["id"] == expected["id"]
        value = expected["value"]
        assert (pd.isna(row["value"]) and value is None) or row["value"] == value


def test_papers_without_claims_keep_a_row():
    quiet = Paper(
        index=1, title="On annotation", abstract="We study how people disagree.", source="s"
    )
    loud = Paper(index=2, title="Faster", abstract=TEXT, source="s")
    df = effclaims.to_frame([quiet, loud])
    check_types(df)
    assert df.paper.tolist() == [1] + [2] * len(extract_paper(loud))
    first = df.iloc[0]
    assert first.title == "On annotation" and first.source == "s"
    assert pd.isna(first.type) and pd.isna(first.value) and pd.isna(first.start)
    assert df.paper.nunique() == 2
    assert len(df.dropna(subset=["type"])) == len(df) - 1


def test_empty_frame_has_every_column():
    for empty in ([], iter(()), effclaims.read(io.BytesIO(b""), "text")):
        df = effclaims.to_frame(empty)
        assert df.empty
        assert list(df.columns) == list(CLAIM_COLUMNS)
        check_types(df)


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([{"type": "speedup"}], "not dict"),
        (["2.4x faster"], "not str"),
        ([Claim("speedup", 2.0, "2x", 0, 2), Paper(1, "t", "a")], "either claims or papers"),
    ],
)
def test_frame_rejects_other_items(items, message):
    with pytest.raises(TypeError, match=message):
        effclaims.to_frame(items)


# --------------------------------------------------------------------------- the package


def test_import_is_light_and_attributes_are_lazy():
    probe = (
        "import sys, effclaims\n"
        "heavy = lambda: sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'spacy')"
        " or m in ('effclaims.api', 'effclaims.engine'))\n"
        "before = heavy()\n"
        "effclaims.extract\n"
        "print(before, 'effclaims.api' in sys.modules, 'pandas' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["[]", "True", "False"]


def test_public_names():
    assert effclaims.Claim is Claim and effclaims.Paper is Paper
    assert effclaims.CLAIM_TYPES == CLAIM_TYPES
    assert {"extract", "read", "to_frame", "Claim", "Paper", "__version__"} <= set(dir(effclaims))
    assert set(effclaims.__all__) <= set(dir(effclaims))
    with pytest.raises(AttributeError, match="no attribute 'extrac'"):
        _ = effclaims.extrac
