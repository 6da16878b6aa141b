"""Properties that hold for any input: of the extractor, the readers and the CSV writer.

The texts are those of `strategies.py`; sizes and counts are kept small enough for the
file to run in seconds.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import PROPERTY, TEXTS, WORDS

from effclaims.errors import InputError
from effclaims.extraction import extract_text
from effclaims.model import BOUNDS, CLAIM_TYPES
from effclaims.readers import FORMATS, read
from effclaims.writers import csv_safe, write_csv

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
EFFCLAIMS = str(Path(sys.executable).with_name("effclaims"))


def _check_claims(text: str, claims: list) -> None:
    for claim in claims:
        assert claim.type in CLAIM_TYPES and claim.bound in BOUNDS
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.text
        if claim.type == "hardware":
            assert isinstance(claim.value, str) and claim.value.strip()
        else:
            assert isinstance(claim.value, float | int) and not isinstance(claim.value, bool)
            assert 0 < claim.value < math.inf
        assert claim.value_min is None or 0 < claim.value_min <= claim.value
    assert [(c.start, c.end) for c in claims] == sorted((c.start, c.end) for c in claims)


@PROPERTY
@given(TEXTS)
def test_extraction_of_any_text(text: str) -> None:
    claims = extract_text(text)
    _check_claims(text, claims)
    assert extract_text(text) == claims  # the same again: no state carried between calls


@PROPERTY
@given(TEXTS, st.sampled_from(CLAIM_TYPES))
def test_a_type_filter_selects_and_changes_nothing_else(text: str, claim_type: str) -> None:
    claims = extract_text(text, "title", frozenset({claim_type}))
    assert claims == [c for c in extract_text(text, "title") if c.type == claim_type]
    assert all(c.field == "title" for c in claims)


# --------------------------------------------------------------------------- readers

# fmt: off
LISTING_LINES = st.one_of(
    st.sampled_from(
        (
            "", "new", "Daily Papers", "Subscribe", "byAK and the research community", "·",
            "  • 3 authors", "• 1 author", "Mar 3", "Mar 3, 2024 12", "Jul 4", "41", "0",
            "acme-ai Acme AI", "A Short Title", "8-bit Everything", "https://github.com/a/b",
        )
    ),
    # abstracts: long enough (>= 120 characters) to be taken for one
    st.lists(st.sampled_from(WORDS[:120]), min_size=30, max_size=60).map(" ".join),
    st.text(max_size=60),
)
# fmt: on
LISTINGS = st.tuples(
    st.lists(LISTING_LINES, max_size=25), st.sampled_from(("\n", "\r\n", "\r", "\n\n"))
).map(lambda t: t[1].join(t[0]))


def _read_all(data: bytes, input_format: str | None) -> list:
    try:
        papers = list(read(io.BytesIO(data), input_format, name="input"))
    except InputError as err:
        assert "\n" not in str(err) and str(err).startswith("input")
        return []
    assert [p.index for p in papers] == list(range(1, len(papers) + 1))
    for paper in papers:
        assert paper.abstract.strip()  # kept as written, so that offsets index the input
    return papers


@PROPERTY
@given(LISTINGS)
def test_a_listing_of_any_lines_reads_or_fails_cleanly(text: str) -> None:
    for paper in _read_all(text.encode(), "hf"):
        _check_claims(paper.abstract, extract_text(paper.abstract))


# fmt: off
#: Starts that send the reader down its other paths: byte-order marks, gzip, JSON, CSV.
PREFIXES = (b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x1f\x8b",
            b"\x1f\x8b\x08\x00", b"{", b'{"abstract": "', b"[", b"title,abstract\n", b"\x89PNG")
# fmt: on
BYTES = st.one_of(
    TEXTS.map(str.encode),
    LISTINGS.map(str.encode),
    LISTINGS.map(lambda text: text.encode("utf-16")),
    LISTINGS.map(lambda text: text.encode("utf-16-le")),  # without a byte-order mark
    TEXTS.map(lambda text: text.encode("utf-16-be")),
    TEXTS.map(lambda text: gzip.compress(text.encode())),
    st.tuples(st.sampled_from(PREFIXES), st.binary(max_size=300)).map(b"".join),
)


@PROPERTY
@given(BYTES)
def test_any_bytes_in_any_format_read_or_fail_cleanly(data: bytes) -> None:
    for input_format in (None, *FORMATS):
        _read_all(data, input_format)


# --------------------------------------------------------------------------- CSV


@PROPERTY
@given(st.text(max_size=30))
def test_csv_safe_defuses_formulas_and_keeps_the_text(cell: str) -> None:
    safe = csv_safe(cell)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert safe in (cell, "'" + cell)


@PROPERTY
@given(st.lists(st.tuples(st.text(max_size=20), st.integers(-5, 5)), max_size=5))
def test_csv_cells_read_back_as_written_and_defused(rows: list[tuple[str, int]]) -> None:
    out = io.StringIO(newline="")
    write_csv(({"title": t, "upvotes": n} for t, n in rows), out, ("title", "upvotes"))
    back = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert back[0] == ["title", "upvotes"]
    # A lone carriage return would end the row for a reader: it is written as a line feed.
    assert back[1:] == [[re.sub(r"\r(?!\n)", "\n", csv_safe(t)), str(n)] for t, n in rows]


# --------------------------------------------------------------------------- determinism


def _inputs() -> list:
    inputs = [pytest.param([ROOT / "fixtures" / "example_hf.txt"], id="example listing")]
    seeds = pytest.mark.skipif(len(SEEDS) != 5, reason="shared seed dumps not available")
    return [*inputs, pytest.param(SEEDS, id="seed dumps", marks=seeds)]


@pytest.mark.parametrize("paths", _inputs())
def test_output_is_the_same_bytes_whatever_the_jobs(paths: list[Path]) -> None:
    def run(jobs: str) -> bytes:
        done = subprocess.run(
            [EFFCLAIMS, "extract", *map(str, paths), "--format", "jsonl", "--jobs", jobs],
            capture_output=True,
            timeout=600,
        )
        assert (done.returncode, done.stderr) == (0, b"")
        return done.stdout

    one = run("1")
    assert one.count(b"\n") > 10
    assert run("2") == one
