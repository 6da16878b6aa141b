"""Extraction on Dask: the per-partition step on pandas, then a real local cluster against the CLI.

The cluster test reads a corpus the way a big one would be read (JSON Lines files, one
partition each, with `dd.read_json`), runs `extract_claims` on two worker processes and
compares every row with `effclaims extract --format jsonl` on the same listings.
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

from effclaims import readers
from effclaims.distributed import CLAIM_DTYPES, claims_frame, empty_claims_frame, extract_claims
from effclaims.extraction import extract_paper
from effclaims.model import Paper
from effclaims.writers import CLAIM_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = [
    str(ROOT / "fixtures" / name) for name in ("example_hf.txt", "example.jsonl", "example.csv")
]

PAPERS = pd.DataFrame(
    {
        "title": ["Quokka: Sparse Decoding on one A100", "A Survey of Surveys", None],
        "abstract": [
            "Quokka runs 3.2x faster than dense decoding and stores weights in 4-bit precision.",
            "We review prior reviews.",
            "Our 7B model answers in 12 ms on a Jetson Orin Nano.",
        ],
        "source": ["listing.jsonl"] * 3,
        "paper": [4, 5, 6],
    }
)


def canonical(row: dict[str, Any]) -> tuple:
    """A row as a comparable tuple: NaN (how pandas keeps a missing value) is None."""
    return tuple(
        None if isinstance(v, float) and math.isnan(v) else v
        for v in (row[c] for c in CLAIM_COLUMNS)
    )


def test_claims_frame_has_the_cli_rows_and_dtypes():
    frame = claims_frame(PAPERS)
    assert list(frame.columns) == list(CLAIM_COLUMNS)
    assert {c: str(t) for c, t in frame.dtypes.items()} == {
        c: str(t) for c, t in empty_claims_frame().dtypes.items()
    }
    expected = []
    for row in PAPERS.itertuples():
        title = row.title if isinstance(row.title, str) else ""  # None reads back as NaN
        paper = Paper(index=row.paper, title=title, abstract=row.abstract, source=row.source)
        for claim in extract_paper(paper):
            expected.append(
                {**claim.to_dict(), "source": row.source, "paper": row.paper, "title": paper.title}
            )
    assert len(frame) == len(expected) > 0
    assert [canonical(r) for r in frame.to_dict("records")] == [canonical(r) for r in expected]
    assert set(frame["paper"]) == {4, 6}  # the survey has no claims
    assert (frame[frame["paper"] == 6]["title"] == "").all()  # a missing title is empty text


def test_claims_frame_numbers_rows_by_index_without_a_paper_column():
    frame = claims_frame(PAPERS[["title", "abstract"]].set_axis([10, 11, 12]))
    assert set(frame["paper"]) == {10, 12}
    assert set(frame["source"]) == {""}


def test_claims_frame_types_and_empty_input():
    only = claims_frame(PAPERS, types=["hardware"])
    assert set(only["type"]) == {"hardware"} and len(only) >= 2
    none = claims_frame(PAPERS.iloc[0:0])
    assert none.empty and list(none.columns) == list(CLAIM_COLUMNS)
    assert dict(none.dtypes) == dict(empty_claims_frame().dtypes)


@pytest.mark.parametrize(
    ("frame", "types", "message"),
    [
        (PAPERS[["title"]], None, "missing abstract"),
        (PAPERS.rename(columns={"title": "name"}), None, "missing title"),
        (PAPERS, ["speedups"], "unknown claim type speedups"),
    ],
)
def test_claims_frame_refuses_what_it_cannot_read(frame, types, message):
    with pytest.raises(ValueError, match=message):
        claims_frame(frame, types=types)


def test_dtypes_cover_every_claim_column():
    assert tuple(CLAIM_DTYPES) == CLAIM_COLUMNS


# --------------------------------------------------------------------------- a local cluster


def corpus_paths() -> list[str]:
    seeds = sorted(map(str, SEEDS.glob("*.txt")))
    return seeds or FIXTURES


def test_local_cluster_rows_equal_the_cli_rows(tmp_path):
    dd = pytest.importorskip(
        "dask.dataframe", reason="dask is not installed (pip install '.[dask]')"
    )
    distributed = pytest.importorskip("distributed", reason="distributed is not installed")

    paths = corpus_paths()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, path in enumerate(paths):
        records = [
            {"source": p.source, "paper": p.index, "title": p.title, "abstract": p.abstract}
            for p in readers.read(path)
        ]
        pd.DataFrame(records).to_json(
            corpus / f"part-{n}.jsonl", orient="records", lines=True, force_ascii=False
        )

    cli = subprocess.run(
        [sys.executable, "-m", "effclaims", "extract", *paths, "--format", "jsonl"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    cli_rows = [json.loads(line) for line in cli.stdout.splitlines()]

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
        papers = dd.read_json(str(corpus / "*.jsonl"), lines=True, blocksize=None)
        assert papers.npartitions == len(paths)
        claims = extract_claims(papers)
        assert list(claims.columns) == list(CLAIM_COLUMNS)
        dask_rows = claims.compute().to_dict("records")

    assert len(dask_rows) == len(cli_rows) > 0
    assert Counter(map(canonical, dask_rows)) == Counter(map(canonical, cli_rows))
    # the narrower key of the comparison, which is what a join back to the papers uses
    key = ("title", "type", "value", "start", "end")
    assert Counter(tuple(r[k] for k in key) for r in dask_rows) == Counter(
        tuple(r[k] for k in key) for r in cli_rows
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
