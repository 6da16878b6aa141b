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

from .extraction import extract_paper, extract_text
from .model import BOUNDS, CLAIM_TYPES, Claim, Paper
from .readers import read as _read

if TYPE_CHECKING:
    import pandas as pd

#: The `field` values of a claim: where in its paper it was found.
FIELDS: tuple[str, ...] = ("title", "abstract")

#: Columns that tell which paper a claim row belongs to.
PAPER_COLUMNS: tuple[str, ...] = ("source", "paper", "title")


def claim_types(types: Iterable[str] | None) -> frozenset[str] | None:
    """`types` as the engine takes them, None for all; an unknown name is a ValueError."""
    if types is None:
        return None
    if isinstance(types, str):
        types = [t.strip() for t in types.split(",") if t.strip()]
    chosen = frozenset(types)
    unknown = sorted(chosen - set(CLAIM_TYPES))
    if unknown:
        raise ValueError(
            f"unknown claim type{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"choose from {', '.join(CLAIM_TYPES)}"
        )
    return chosen


def extract(
    text: str, *, types: Iterable[str] | None = None, field: str = "abstract"
) -> list[Claim]:
    """Claims in `text`, in order of position; `start`/`end` index `text`.

    `types` keeps only the given claim types (names from `CLAIM_TYPES`, or one
    comma-separated string). `field` is recorded on each claim, as for a paper's title or
    abstract.
    """
    return extract_text(text, field, claim_types(types))


def read(
    source: str | os.PathLike[str] | IO[bytes] | IO[str], input_format: str | None = None, **kw: Any
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
    `source`, `paper` and `title` in front, and a paper without claims keeps one row whose
    claim columns are missing (`type` is NaN), so `df.paper.nunique()` counts every paper.
    An empty input gives an empty frame with every column. Column types: `type`, `bound`
    and `field` are categoricals (in `CLAIM_TYPES`, `BOUNDS` and title/abstract order);
    `value` and `value_min` are float64, with `value` NaN for hardware; `value_text` is the
    value as text for every claim (`A100`, `2.4×`, `7B`, `12 ms`); `paper`, `start`, `end`
    are nullable Int64; the other columns are pandas strings.
    """
    rows: list[dict[str, Any]] = []
    with_papers: bool | None = None
    for item in items:
        if isinstance(item, Claim):
            from_paper = False
            rows.append(_claim_row(item))
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
    return _frame(rows, with_papers is not False)


def _claim_row(claim: Claim) -> dict[str, Any]:
    from .writers import format_value

    row = claim.to_dict()
    row["value_text"] = format_value(claim)
    if isinstance(claim.value, str):
        row["value"] = None
    return row


def _paper_rows(paper: Paper, claims: list[Claim]) -> list[dict[str, Any]]:
    head = {"source": paper.source, "paper": paper.index, "title": paper.title}
    return [{**head, **_claim_row(claim)} for claim in claims] or [head]


def _frame(rows: list[dict[str, Any]], with_papers: bool) -> pd.DataFrame:
    import pandas as pd

    from .writers import CLAIM_COLUMNS

    columns = [c for c in CLAIM_COLUMNS if with_papers or c not in PAPER_COLUMNS]
    columns.insert(columns.index("value") + 1, "value_text")
    categories = {"type": CLAIM_TYPES, "bound": BOUNDS, "field": FIELDS}
    data = {}
    for column in columns:
        values = [row.get(column) for row in rows]
        if column in categories:
            data[column] = pd.Categorical(values, categories=list(categories[column]))
        elif column in ("value", "value_min"):
            data[column] = pd.Series(values, dtype="float64")
        elif column in ("paper", "start", "end"):
            data[column] = pd.Series(values, dtype="Int64")
        else:
            data[column] = pd.Series(values, dtype="string")
    return pd.DataFrame(data, columns=columns)
