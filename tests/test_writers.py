"""Writers on hand-built papers and claims: rows, formats, streaming, CSV safety, atomic files."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

from effclaims import claim_types, schema, writers
from effclaims.errors import OutputError
from effclaims.model import Claim, Paper

ABSTRACT = (
    "We present Quokka, a sparse decoder that runs 3.2x faster than dense decoding on an "
    "NVIDIA A100 while storing weights in 4-bit precision. Quokka-7B serves 1,200 tokens/s "
    "with a first-token latency of 12 ms."
)


def claim(text: str, type_: str, value: float | str, **kw) -> Claim:
    start = ABSTRACT.index(text)
    return Claim(type=type_, value=value, text=text, start=start, end=start + len(text), **kw)


CLAIMS = [
    claim(
        "3.2x faster", "speedup", 3.2, hardware="A100", baseline="dense decoding", rule="ratio.x"
    ),
    claim("NVIDIA A100", "hardware", "A100"),
    claim("4-bit", "bit_width", 4.0),
    claim("Quokka-7B", "model_size", 7e9, model="Quokka-7B"),
    claim("1,200 tokens/s", "throughput", 1200.0, unit="tokens/s"),
    claim("12 ms", "latency", 12.0, unit="ms", bound="eq"),
]
PAPER = Paper(
    index=1,
    title="Quokka: Sparse Decoding",
    abstract=ABSTRACT,
    source="listing.txt",
    upvotes=12,
    meta={"arxiv": "2401.00001"},
)
EMPTY = Paper(
    index=2, title="A Paper Without Numbers", abstract="Nothing to see.", source="listing.txt"
)
PAIRS = [(PAPER, CLAIMS), (EMPTY, [])]


def test_claim_rows_are_flat_in_column_order_with_provenance():
    rows = list(schema.claim_rows(PAIRS))
    assert len(rows) == len(CLAIMS)
    for row, c in zip(rows, CLAIMS, strict=True):
        assert tuple(row) == schema.CLAIM_COLUMNS
        assert (row["source"], row["paper"], row["title"]) == ("listing.txt", 1, PAPER.title)
        assert row["type"] == c.type and row["value_text"] == claim_types.format_value(c)
        # a number, or null for hardware, whose name is the value as text
        assert row["value"] == (None if c.type == "hardware" else c.value)
        assert c.type != "hardware" or row["value_text"] == c.value
        assert ABSTRACT[row["start"] : row["end"]] == row["text"]
    assert rows[0]["hardware"] == "A100" and rows[0]["baseline"] == "dense decoding"


def test_paper_records_nest_claims_and_keep_papers_without_claims_and_meta():
    records = list(schema.paper_records(PAIRS))
    assert [r["index"] for r in records] == [1, 2]
    assert [len(r["claims"]) for r in records] == [len(CLAIMS), 0]
    assert records[0]["meta"] == {"arxiv": "2401.00001"}
    assert records[0]["abstract"] == ABSTRACT
    assert records[0]["claims"][2] == {**CLAIMS[2].to_dict(), "value_text": "4-bit"}
    assert records[0]["claims"][1]["value"] == "A100"  # JSON records keep hardware's name
    assert records[0]["claims"][1]["value_text"] == "A100"


def test_paper_rows_count_claims():
    rows = list(schema.paper_rows(PAIRS))
    assert [(r["index"], r["claims"], r["upvotes"]) for r in rows] == [(1, 6, 12), (2, 0, None)]
    assert all(tuple(r) == schema.PAPER_COLUMNS for r in rows)


@pytest.mark.parametrize(
    ("records", "expected"),
    [([], "[]\n"), ([{"a": 1}], '[\n  {\n    "a": 1\n  }\n]\n')],
)
def test_write_json_empty_and_one(records, expected):
    out = io.StringIO()
    writers.write_json(records, out)
    assert out.getvalue() == expected


def test_write_json_round_trips_unicode_and_nesting():
    out = io.StringIO()
    records = list(schema.paper_records(PAIRS))
    writers.write_json(records, out)
    assert json.loads(out.getvalue()) == json.loads(json.dumps(records))
    # JSON carries values as numbers, and their display beside them
    claims = json.loads(out.getvalue())[0]["claims"]
    assert [c["value"] for c in claims] == [c.value for c in CLAIMS]
    assert [c["value_text"] for c in claims][:2] == ["3.2×", "A100"]


class Recorder(io.StringIO):
    """A stream that remembers what had been flushed when."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed = ""

    def flush(self) -> None:
        self.flushed = self.getvalue()


@pytest.mark.parametrize(("follow", "flushed"), [(True, [0, 1, 2]), (False, [0, 0, 0])])
def test_write_jsonl_flushes_each_row_before_the_next_only_when_following(follow, flushed):
    out = Recorder()
    seen_before: list[int] = []

    def rows():
        for i in range(3):
            seen_before.append(out.flushed.count("\n"))
            yield {"i": i}

    writers.write_jsonl(rows(), out, follow=follow)
    assert seen_before == flushed
    assert [json.loads(line) for line in out.getvalue().splitlines()] == [
        {"i": 0},
        {"i": 1},
        {"i": 2},
    ]


def test_write_jsonl_empty_writes_nothing():
    out = io.StringIO()
    writers.write_jsonl([], out)
    assert out.getvalue() == ""


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("3.2x faster", "3.2x faster"),
        ("a=b", "a=b"),
        ("", ""),
        (-1.5, -1.5),
        (-3, -3),
        (None, None),
    ],
)
def test_csv_safe(cell, expected):
    assert writers.csv_safe(cell) == expected


def test_write_csv_round_trips_and_defuses_formulas_but_not_numbers():
    tricky = Paper(
        index=3, title="=cmd|' /C calc'!A0", abstract='-5 ms, "quoted", a,b\nnext', source="x.jsonl"
    )
    odd = Claim("latency", 5.0, '-5 ms, "quoted", a,b\nnext', 0, 27, value_min=-1.5, unit="ms")
    out = io.StringIO()
    writers.write_csv(
        schema.claim_rows([(PAPER, CLAIMS), (tricky, [odd])]), out, schema.CLAIM_COLUMNS
    )
    df = pd.read_csv(io.StringIO(out.getvalue()), dtype=str, keep_default_na=False)
    assert list(df.columns) == list(schema.CLAIM_COLUMNS)
    assert len(df) == len(CLAIMS) + 1
    last = df.iloc[-1]
    assert last["title"] == "'=cmd|' /C calc'!A0"
    assert last["text"] == "'" + odd.text  # embedded quotes, commas and newline survive
    assert last["value_min"] == "-1.5"  # a negative number is still a number
    assert (last["start"], last["end"], df["value_min"][0]) == ("0", "27", "")
    assert list(df["text"][: len(CLAIMS)]) == [c.text for c in CLAIMS]


def test_write_csv_empty_is_header_only():
    out = io.StringIO()
    writers.write_csv(iter([]), out, schema.CLAIM_COLUMNS)
    assert out.getvalue().splitlines() == [",".join(schema.CLAIM_COLUMNS)]


def test_write_csv_streams_in_chunks():
    out = Recorder()
    total = 2 * writers._CSV_CHUNK + 5
    lines_when_asked: dict[int, int] = {}

    def rows():
        for i in range(total):
            lines_when_asked[i] = out.flushed.count("\n")
            yield {"index": i, "title": f"paper {i}"}

    writers.write_csv(rows(), out, ("index", "title"))
    # Asking for the first row of the second chunk finds the header and the first chunk written.
    assert lines_when_asked[writers._CSV_CHUNK] == writers._CSV_CHUNK + 1
    assert out.getvalue().count("\n") == total + 1


@pytest.mark.parametrize(
    ("type_", "value", "value_min", "unit", "expected"),
    [
        ("speedup", 3.2, None, None, "3.2×"),
        ("speedup", 2.3, 1.5, None, "1.5×–2.3×"),
        ("compression", 3.3333, None, None, "3.333×"),
        ("memory_reduction", 22.0, None, None, "22×"),
        ("bit_width", 4.0, None, None, "4-bit"),
        ("bit_width", 1.58, None, None, "1.58-bit"),
        ("hardware", "A100", None, None, "A100"),
        ("model_size", 7e9, None, None, "7B"),
        ("model_size", 1.75e11, None, None, "175B"),
        ("model_size", 3.4e8, None, None, "340M"),
        ("model_size", 5.6e10, None, None, "56B"),
        ("model_size", 1e12, None, None, "1T"),
        ("throughput", 1200.0, None, "tokens/s", "1,200 tokens/s"),
        ("throughput", 30.0, None, "FPS", "30 FPS"),
        ("latency", 12.0, None, "ms", "12 ms"),
        ("latency", 0.5, None, "ms", "0.5 ms"),
        ("latency", 1500.0, None, "ms", "1.5 s"),
        ("latency", 1.44e7, None, "ms", "4 h"),
        ("latency", 2120.0, 1000.0, "ms", "1 s–2.12 s"),
    ],
)
def test_format_value(type_, value, value_min, unit, expected):
    c = Claim(type_, value, "x", 0, 1, value_min=value_min, unit=unit)
    assert claim_types.format_value(c) == expected


def render(pairs, show_empty=False) -> str:
    out = io.StringIO()
    console = Console(file=out, width=100, highlight=False)
    writers.write_claims_table(pairs, console, show_empty=show_empty)
    return out.getvalue()


def test_claims_table_groups_by_paper_and_fits_100_columns():
    text = render(PAIRS)
    assert "[1] Quokka: Sparse Decoding" in text
    for shown in ("3.2×", "4-bit", "A100", "7B", "1,200 tokens/s", "12 ms", "vs dense decoding"):
        assert shown in text
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "Without Numbers" not in text
    assert "6 claims in 1 of 2 papers" in text


def test_claims_table_lists_papers_without_claims_when_asked():
    text = render(PAIRS, show_empty=True)
    assert "[2] A Paper Without Numbers" in text and "no claims" in text


def test_tables_print_markup_literally():
    paper = Paper(index=1, title="[bold]Loud[/bold] Title", abstract="ab", source="s")
    c = Claim("speedup", 2.0, "[red]2x[/red]", 0, 1)
    text = render([(paper, [c])])
    assert "[bold]Loud[/bold] Title" in text and "[red]2x[/red]" in text
    out = io.StringIO()
    writers.write_rows_table(
        [{"a": "[i]x[/i]", "b": None}], ("a", "b"), Console(file=out, width=100)
    )
    assert "[i]x[/i]" in out.getvalue() and "None" not in out.getvalue()


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_write_rows_dispatches_every_format(fmt):
    out = io.StringIO()
    rows = list(schema.paper_rows(PAIRS))
    writers.write_rows(rows, fmt, out, schema.PAPER_COLUMNS)
    text = out.getvalue()
    if fmt == "json":
        assert json.loads(text) == rows
    elif fmt == "jsonl":
        assert [json.loads(line) for line in text.splitlines()] == rows
    elif fmt == "csv":
        assert len(pd.read_csv(io.StringIO(text))) == len(rows)
    else:
        assert "Quokka: Sparse Decoding" in text and "index" in text


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_atomic_open_replaces_the_file_only_at_the_end(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    with writers.atomic_open(target) as fh:
        fh.write("new")
        assert target.read_text() == "old"
    assert target.read_text() == "new"
    assert leftovers(tmp_path) == ["out.json"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~writers._umask()


@pytest.mark.parametrize("error", [ValueError, KeyboardInterrupt])
def test_atomic_open_leaves_nothing_behind_on_failure(tmp_path, error):
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(error), writers.atomic_open(target) as fh:
        fh.write("half")
        raise error()
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == ["out.csv"]


def test_atomic_open_new_file_on_failure_is_not_created(tmp_path):
    with pytest.raises(RuntimeError), writers.atomic_open(tmp_path / "new.jsonl"):
        raise RuntimeError
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing/out.json", "no directory"), ("adir", "is a directory")],
)
def test_atomic_open_fails_on_entry_for_bad_paths(tmp_path, name, message):
    (tmp_path / "adir").mkdir()
    with pytest.raises(OutputError, match=message), writers.atomic_open(tmp_path / name):
        pytest.fail("the block must not run")
    assert leftovers(tmp_path) == ["adir"]
    assert os.listdir(tmp_path / "adir") == []


def test_meta_values_json_has_no_type_for_are_written_as_text():
    import datetime

    paper = Paper(index=1, title="T", abstract="A", meta={"seen": datetime.date(2024, 5, 1)})
    out = io.StringIO()
    writers.write_jsonl(schema.paper_records([(paper, [])]), out)
    assert json.loads(out.getvalue())["meta"] == {"seen": "2024-05-01"}
