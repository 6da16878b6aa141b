"""The Python API: claims of a text, papers of an input, and both as a pandas DataFrame.

These are thin wrappers over what the command line runs (`extraction`, `readers`), so a
notebook gets the same claims as `effclaims extract`; `to_frame` adds the column types
that make the result convenient to filter and group.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from .claim_types import select
from .extraction import extract_paper, extract_text
from .model import Claim, Paper
from .readers import read as _read
from .schema import CLAIM_COLUMNS, PAPER_KEYS, Row, claim_fields, frame, paper_keys

if TYPE_CHECKING:
    import pandas as pd


def extract(
    text: str, *, types: Iterable[str] | None = None, field: str = "abstract"
) -> list[Claim]:
    """Claims in `text`, in order of position; `start`/`end` index `text`.

    `types` keeps only the given claim types (names from `CLAIM_TYPES`, or one
    comma-separated string). `field` is recorded on each claim, as for a paper's title or
    abstract.
    """
    return extract_text(text, field, select(types))


def read(
    source: str | os.PathLike[str] | IO[bytes] | io.TextIOBase,
    input_format: str | None = None,
    **kw: Any,
) -> Iterator[Paper]:
    """Papers of one input, lazily: a path, "-" for standard input, or an open file.

    Files opened in text mode are read through their byte buffer (or, for an in-memory
    `io.StringIO`, as UTF-8). `input_format` is one of `hf`, `jsonl`, `json`, `csv`, `text`
    and is detected when None; keywords go to `effclaims.readers.read` (`skip_bad`,
    `on_warning`, `name`).
    """
    if isinstance(source, io.TextIOBase):
        name = getattr(source, "name", None)
        kw.setdefault("name", name if isinstance(name, str) else None)
        buffer = getattr(source, "buffer", None)
        source = buffer if buffer is not None else io.BytesIO(source.read().encode("utf-8"))
    return _read(source, input_format, **kw)


def to_frame(
    items: Iterable[Claim] | Iterable[Paper] | Iterable[tuple[Paper, list[Claim]]],
) -> pd.DataFrame:
    """A DataFrame with one row per claim, from claims, from papers, or from (paper, claims) pairs.

    Claims give the claim columns; papers (whose claims are extracted here) and pairs add
    `source`, `paper`, `id` and `title` in front, and a paper without claims keeps one row
    whose claim columns are missing (`type` is NaN), so `df.paper.nunique()` counts every
    paper. An empty input gives an empty frame with every column. The columns and their
    types are those of every output (`effclaims.schema`): `type`, `bound` and `field` are
    categoricals (in `CLAIM_TYPES`, `BOUNDS` and title/abstract order); `value` and
    `value_min` are float64, with `value` NaN for hardware; `value_text` is the value as
    text for every claim (`A100`, `2.4×`, `7B`, `12 ms`); `paper`, `start`, `end` are
    nullable Int64; the other columns are pandas strings.
    """
    rows: list[Row] = []
    with_papers: bool | None = None
    for item in items:
        if isinstance(item, Claim):
            from_paper = False
            rows.append(claim_fields(item))
        elif isinstance(item, Paper):
            from_paper = True
            rows.extend(_paper_rows(item, extract_paper(item)))
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], Paper):
            from_paper = True
            rows.extend(_paper_rows(item[0], item[1]))
        else:
            raise TypeError(
                f"to_frame takes Claims, Papers or (Paper, claims) pairs, not {type(item).__name__}"
            )
        if with_papers is not None and from_paper != with_papers:
            raise TypeError("to_frame takes either claims or papers, not both")
        with_papers = from_paper
    keys = {column.name for column in PAPER_KEYS}
    columns = [c for c in CLAIM_COLUMNS if with_papers is not False or c not in keys]
    return frame(rows, columns)


def _paper_rows(paper: Paper, claims: list[Claim]) -> list[Row]:
    head = paper_keys(paper)
    return [claim_fields(claim, head) for claim in claims] or [head]
