"""Claims of a corpus too big for one machine: extraction as a Dask DataFrame operation.

Extraction is independent per paper, so it spreads over a cluster by partitions: each
worker runs the same `extract_paper` as the command line on the rows of its partitions
and returns the same flat rows (`writers.CLAIM_COLUMNS`) that `effclaims extract
--format jsonl` writes. `claims_frame` is that per-partition step on a plain pandas
DataFrame; `extract_claims` maps it over a Dask DataFrame. Dask is an optional
dependency (`pip install 'effclaims[dask]'`), imported only by `extract_claims`.

Input rows need `title` and `abstract` columns; `source` and `paper` columns, when
present, are carried into each claim row (else the source is empty and `paper` is the
row's index label). Offsets index the given title and abstract strings as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import repeat
from typing import TYPE_CHECKING, Any

import pandas as pd

from .extraction import extract_paper
from .model import CLAIM_TYPES, Paper
from .writers import CLAIM_COLUMNS, claim_rows

if TYPE_CHECKING:
    import dask.dataframe as dd

#: Column dtypes of a claims frame. `value` holds numbers and hardware names, so it stays
#: object; a missing `value_min` or `unit` is NaN, as pandas has it.
CLAIM_DTYPES: dict[str, str] = {
    "source": "str",
    "paper": "int64",
    "title": "str",
    "type": "str",
    "value": "object",
    "bound": "str",
    "value_min": "float64",
    "unit": "str",
    "text": "str",
    "field": "str",
    "start": "int64",
    "end": "int64",
    "sentence": "str",
    "rule": "str",
    "hardware": "str",
    "model": "str",
    "baseline": "str",
}

REQUIRED_COLUMNS = ("title", "abstract")


def extract_claims(papers: dd.DataFrame, types: Iterable[str] | None = None) -> dd.DataFrame:
    """A lazy Dask DataFrame of the claims of `papers`, one row per claim, CLI columns.

    Nothing runs until the result is computed or written (`.to_parquet`, `.compute()`),
    on whatever scheduler or cluster is active.
    """
    _check_columns(papers.columns)
    selected = _check_types(types)
    return papers.map_partitions(claims_frame, types=selected, meta=empty_claims_frame())


def claims_frame(papers: pd.DataFrame, types: Iterable[str] | None = None) -> pd.DataFrame:
    """The claims of the papers of a pandas DataFrame, with `CLAIM_DTYPES` columns."""
    _check_columns(papers.columns)
    selected = _check_types(types)
    pairs = ((paper, extract_paper(paper, selected)) for paper in _papers(papers))
    rows = list(claim_rows(pairs))
    return pd.DataFrame.from_records(rows, columns=list(CLAIM_COLUMNS)).astype(CLAIM_DTYPES)


def empty_claims_frame() -> pd.DataFrame:
    """A claims frame without rows: the `meta` that tells Dask the result's columns."""
    return pd.DataFrame(columns=list(CLAIM_COLUMNS)).astype(CLAIM_DTYPES)


def _papers(frame: pd.DataFrame) -> Iterator[Paper]:
    sources = frame["source"] if "source" in frame.columns else repeat("")
    numbers = frame["paper"] if "paper" in frame.columns else frame.index
    for title, abstract, source, number in zip(
        frame["title"], frame["abstract"], sources, numbers, strict=False
    ):
        yield Paper(
            index=int(number), title=_text(title), abstract=_text(abstract), source=_text(source)
        )


def _text(value: Any) -> str:
    """A cell as text: a missing title or abstract (None, NaN) is empty, not 'nan'."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _check_columns(columns: Iterable[str]) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in set(columns)]
    if missing:
        raise ValueError(
            f"papers need {' and '.join(REQUIRED_COLUMNS)} columns; missing {', '.join(missing)}"
        )


def _check_types(types: Iterable[str] | None) -> frozenset[str] | None:
    if types is None:
        return None
    selected = frozenset(types)
    unknown = sorted(selected - set(CLAIM_TYPES))
    if unknown:
        raise ValueError(
            f"unknown claim type {', '.join(unknown)}; choose from {', '.join(CLAIM_TYPES)}"
        )
    return selected
