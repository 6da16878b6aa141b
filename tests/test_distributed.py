"""Extraction on Dask: the per-partition step on pandas, then a real local cluster.

The cluster test reads a corpus the way a big one would be read (JSON Lines files, one
partition each, with `dd.read_json`), runs `extract_claims` on two worker processes,
joins every claim back to its paper by the record id and by the row number that runs
through all partitions, and compares the rows with `effclaims extract --format jsonl`.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import effclaims
from effclaims import readers
from effclaims.distributed import claims_frame, empty_claims_frame, extract_claims
from effclaims.extraction import extract_paper
from effclaims.model import Paper
from effclaims.schema import CLAIM_COLUMNS, claim_rows

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = [
    str(ROOT / "fixtures" / name) for name in ("example_hf.txt", "example.jsonl", "example.csv")
]

PAPERS = pd.DataFrame(
    {
        "title": ["Quokka: Sparse Decoding\n  on one A100", "A Survey of Surveys", None],
        "abstract": [
            "Quokka runs 3.2x faster than dense decoding and stores weights in 4-bit precision.",
            "We review prior reviews.",
            "Our 7B model answers in 12 ms on a Jetson Orin Nano.",
        ],
        "source": ["listing.jsonl"] * 3,
        "paper": [4, 5, 6],
        "id": ["2401.00010", "2401.00020", None],
    }
)


def canonical(row: dict[str, Any], columns: tuple[str, ...] = CLAIM_COLUMNS) -> tuple:
    """A row as a comparable tuple: NaN and NA (how pandas keeps a missing value) are None."""
    return tuple(None if _missing(v) else v for v in (row[c] for c in columns))


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def expected_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The claim rows of the command line's writer for the papers of `frame`."""
    pairs = []
    for row in frame.itertuples():
        paper = Paper(
            index=row.paper,
            title=row.title if isinstance(row.title, str) else "",
            abstract=row.abstract,
            source=row.source,
            id=row.id if isinstance(row.id, str) else None,
        )
        pairs.append((paper, extract_paper(paper)))
    return list(claim_rows(pairs))


def test_claims_frame_has_the_cli_rows():
    frame = claims_frame(PAPERS)
    assert list(frame.columns) == list(CLAIM_COLUMNS)
    expected = expected_rows(PAPERS)
    assert len(frame) == len(expected) > 0
    assert [canonical(r) for r in frame.to_dict("records")] == [canonical(r) for r in expected]
    assert set(frame["paper"]) == {4, 6}  # the survey has no claims
    assert set(frame[frame["paper"] == 4]["id"]) == {"2401.00010"}
    assert frame[frame["paper"] == 6]["id"].isna().all()  # no id: missing, not "nan"
    assert (frame[frame["paper"] == 6]["title"] == "").all()  # a missing title is empty text
    # the title is cleaned as the command line cleans it; offsets index it as given
    titled = frame[frame["field"] == "title"]
    assert len(titled) > 0 and set(titled["title"]) == {"Quokka: Sparse Decoding on one A100"}
    given = PAPERS.set_index("paper")["title"]
    for row in titled.itertuples():
        assert given[row.paper][row.start : row.end] == row.text


def test_claims_frame_types_its_columns_as_to_frame_does():
    frame = claims_frame(PAPERS)
    papers = [
        Paper(
            index=r.paper,
            title=r.title or "",
            abstract=r.abstract,
            source=r.source,
            id=r.id,
        )
        for r in PAPERS.astype(object).where(PAPERS.notna(), None).itertuples()
    ]
    api = effclaims.to_frame(papers)
    assert dict(frame.dtypes) == dict(api.dtypes) == dict(empty_claims_frame().dtypes)
    assert frame["value"].dtype == "float64" and str(frame["type"].dtype) == "category"
    # the same claims, once the row of the paper without claims is dropped
    with_claims = api.dropna(subset=["type"]).reset_index(drop=True)
    assert [canonical(r) for r in with_claims.to_dict("records")] == [
        canonical(r) for r in frame.to_dict("records")
    ]


def test_claims_frame_numbers_rows_through_the_input_without_a_paper_column():
    bare = PAPERS[["title", "abstract"]].set_axis([10, 11, 12])
    assert set(claims_frame(bare)["paper"]) == {1, 3}
    assert set(claims_frame(bare, first_row=101)["paper"]) == {101, 103}
    assert set(claims_frame(bare)["source"]) == {""}


def test_claims_frame_types_and_empty_input():
    only = claims_frame(PAPERS, types=["hardware"])
    assert set(only["type"]) == {"hardware"} and len(only) >= 2
    assert only["value"].isna().all() and set(only["value_text"]) >= {"A100"}
    none = claims_frame(PAPERS.iloc[0:0])
    assert none.empty and list(none.columns) == list(CLAIM_COLUMNS)
    assert dict(none.dtypes) == dict(empty_claims_frame().dtypes)


@pytest.mark.parametrize(
    ("frame", "types", "message"),
    [
        (PAPERS[["title"]], None, "missing abstract"),
        (PAPERS.rename(columns={"title": "name"}), None, "missing title"),
        (PAPERS, ["speedups"], "unknown claim type 'speedups'; choose from speedup,"),
        (PAPERS, [], "no claim type given"),
        (PAPERS.assign(id=[2403.1023, 2403.2, 1.0]), None, "id column holds floating-point"),
    ],
)
def test_claims_frame_refuses_what_it_cannot_read(frame, types, message):
    with pytest.raises(ValueError, match=message):
        claims_frame(frame, types=types)


# --------------------------------------------------------------------------- a local cluster


def corpus_paths() -> list[str]:
    seeds = sorted(map(str, SEEDS.glob("*.txt")))
    return seeds or FIXTURES


def test_local_cluster_claims_join_back_to_their_papers_across_partitions(tmp_path):
    dd = pytest.importorskip(
        "dask.dataframe", reason="dask is not installed (pip install '.[dask]')"
    )
    distributed = pytest.importorskip("distributed", reason="distributed is not installed")

    paths = corpus_paths()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    listed = []  # (id, paper read by the command line), in corpus order
    for n, path in enumerate(paths):
        # ids such as 2401.10230 and 2401.00020 that floats would lose digits of
        papers = [(f"24{n:02d}.{p.index * 10:05d}", p) for p in readers.read(path)]
        listed += papers
        records = [{"id": i, "title": p.title, "abstract": p.abstract} for i, p in papers]
        pd.DataFrame(records).to_json(
            corpus / f"part-{n}.jsonl", orient="records", lines=True, force_ascii=False
        )

    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "effclaims",
            "extract",
            *sorted(corpus.glob("*.jsonl")),
            "--format",
            "jsonl",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    # JSON keeps hardware's name in `value`; a frame's column is numeric, the name in value_text
    cli_rows = [
        {**row, "value": None if row["type"] == "hardware" else row["value"]}
        for row in map(json.loads, cli.stdout.splitlines())
    ]

    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster),
    ):
        papers = dd.read_json(str(corpus / "*.jsonl"), lines=True, blocksize=None, dtype=False)
        assert papers.npartitions == len(paths) > 1
        claims = extract_claims(papers)
        assert list(claims.columns) == list(CLAIM_COLUMNS)
        result = claims.compute()
        corpus_frame = papers.compute().reset_index(drop=True)

    assert dict(result.dtypes) == dict(empty_claims_frame().dtypes)
    # every claim joins back to its paper by id, and by its row number through all partitions
    by_id = {i: p for i, p in listed}
    assert len(result) > 0 and result["id"].notna().all()
    for row in result.itertuples():
        paper = by_id[row.id]
        assert corpus_frame.loc[row.paper - 1, "id"] == row.id
        assert paper.title == row.title
        assert getattr(paper, row.field)[row.start : row.end] == row.text
    assert result["paper"].max() > len(listed) / len(paths)  # numbers run on, not per partition
    assert result.groupby("id")["paper"].nunique().eq(1).all()

    # the same rows as the command line's, which numbers papers per input file instead
    columns = tuple(c for c in CLAIM_COLUMNS if c not in ("source", "paper"))
    dask_rows = result.to_dict("records")
    assert len(dask_rows) == len(cli_rows)
    assert Counter(canonical(r, columns) for r in dask_rows) == Counter(
        canonical(r, columns) for r in cli_rows
    )


def test_extract_claims_is_lazy_and_checks_its_input():
    dd = pytest.importorskip(
        "dask.dataframe", reason="dask is not installed (pip install '.[dask]')"
    )
    papers = dd.from_pandas(PAPERS, npartitions=2)
    claims = extract_claims(papers, types=["speedup", "bit_width"])
    assert dict(claims.dtypes) == dict(empty_claims_frame().dtypes)
    result = claims.compute(scheduler="synchronous")
    assert sorted(result["type"]) == ["bit_width", "speedup"]
    with pytest.raises(ValueError, match="missing abstract"):
        extract_claims(dd.from_pandas(PAPERS[["title"]], npartitions=1))
