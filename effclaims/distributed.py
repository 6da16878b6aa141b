"""Claims of a corpus too big for one machine: extraction as a Dask DataFrame operation.

Extraction is independent per paper, so it spreads over a cluster by partitions: each
worker runs the same `extract_paper` as the command line on the rows of its partitions
and returns claim rows with the columns and types of `effclaims.to_frame` (see
`schema`). `claims_frame` is that per-partition step on a plain pandas DataFrame;
`extract_claims` maps it over a Dask DataFrame. Dask is an optional dependency
(`pip install 'effclaims[dask]'`), imported only by `extract_claims`.

Input rows need `title` and `abstract` columns. Each claim row says which paper it
came from by a key that holds across partitions: the `id` column (a record id such as
an arXiv id) where the input has one, and `paper`, the input's own `paper` column or
else the paper's row number in the whole input, from 1, as the command line numbers
papers. A `source` column is carried too. Titles are cleaned as the command line
cleans them (whitespace runs made one space) and the `title` column holds the cleaned
title; offsets into the abstract index the abstract string as given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import repeat
from operator import add
from typing import TYPE_CHECKING, Any

import pandas as pd

from .claim_types import select
from .extraction import extract_paper
from .model import Paper
from .schema import CLAIM_COLUMNS, claim_rows, frame

if TYPE_CHECKING:
    import dask.dataframe as dd

REQUIRED_COLUMNS = ("title", "abstract")


def extract_claims(papers: dd.DataFrame, types: Iterable[str] | None = None) -> dd.DataFrame:
    """A lazy Dask DataFrame of the claims of `papers`, one row per claim, `to_frame` columns.

    Nothing runs until the result is computed or written (`.to_parquet`, `.compute()`),
    on whatever scheduler or cluster is active. Without a `paper` column, each partition
    is numbered from the count of rows before it, so that row numbers run through the
    whole input: the counts are computed in the same pass, from the partitions as they
    are loaded for extraction.
    """
    import dask
    import dask.dataframe as dd

    _check_columns(papers.columns)
    selected = select(types)
    parts = papers.to_delayed()
    meta = empty_claims_frame()
    if "paper" in papers.columns:
        firsts: list[Any] = [None] * len(parts)
    else:
        firsts = [1]
        for part in parts[:-1]:
            firsts.append(dask.delayed(add)(firsts[-1], dask.delayed(len)(part)))
    step = dask.delayed(claims_frame, pure=True)
    frames = [step(part, selected, first) for part, first in zip(parts, firsts, strict=True)]
    return dd.from_delayed(frames, meta=meta, verify_meta=False)


def claims_frame(
    papers: pd.DataFrame, types: Iterable[str] | None = None, first_row: int | None = None
) -> pd.DataFrame:
    """The claims of the papers of a pandas DataFrame, typed as `effclaims.to_frame` types them.

    Papers are numbered by the `paper` column when there is one, else by their row,
    from `first_row` (1 by default).
    """
    _check_columns(papers.columns)
    selected = select(types)
    pairs = ((paper, extract_paper(paper, selected)) for paper in _papers(papers, first_row or 1))
    return frame(claim_rows(pairs), CLAIM_COLUMNS)


def empty_claims_frame() -> pd.DataFrame:
    """A claims frame without rows: the `meta` that tells Dask the result's columns."""
    return frame([], CLAIM_COLUMNS)


def _papers(papers: pd.DataFrame, first_row: int) -> Iterator[Paper]:
    columns = papers.columns
    sources = papers["source"] if "source" in columns else repeat("")
    numbers = papers["paper"] if "paper" in columns else range(first_row, first_row + len(papers))
    ids = _ids(papers["id"]) if "id" in columns else repeat(None)
    for title, abstract, source, number, record_id in zip(
        papers["title"], papers["abstract"], sources, numbers, ids, strict=False
    ):
        yield Paper(
            index=int(number),
            title=_text(title),
            abstract=_text(abstract),
            source=_text(source),
            id=record_id,
        )


def _ids(column: pd.Series) -> Iterator[str | None]:
    """Record ids as text; a column of floats is refused, as its ids have lost digits."""
    if pd.api.types.is_float_dtype(column.dtype):
        raise ValueError(
            "the id column holds floating-point numbers, in which ids such as 2403.10230 have "
            "lost their last digits: read it as text (dd.read_json(..., dtype=False))"
        )
    for value in column:
        text = _text(value).strip()
        yield text or None


def _text(value: Any) -> str:
    """A cell as text: a missing title or abstract (None, NaN) is empty, not 'nan'."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _check_columns(columns: Iterable[str]) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in set(columns)]
    if missing:
        raise ValueError(
            f"papers need {' and '.join(REQUIRED_COLUMNS)} columns; missing {', '.join(missing)}"
        )
