"""The rows effclaims writes: their columns, the kind of value each holds, and how they are built.

A claim row has the same columns in every output (CSV, TSV, JSON, JSON Lines, SQLite,
xlsx, Parquet, `effclaims.to_frame` and Dask). In the tabular ones, whose columns hold
one type each, `value` is a number, or null for hardware, whose canonical name is in
`value_text` beside the value as text of every other type. JSON keeps per value the type
it has, so there `value` is the claim's value as the specification of claims defines
it, hardware's name included: the form gold files and the reference scorer read.
Each writer maps the column kinds here to its own types, so no writer lists columns or
types of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal

from .claim_types import BOUNDS, TYPES, format_value
from .model import Claim, Paper


def clean_title(title: str) -> str:
    """A title with its runs of whitespace (arXiv's line breaks) made one space, ends stripped:
    what every output carries in its `title` column, to read and to join on. Claims found
    in a title index it as written in the input, as claims in an abstract do."""
    return " ".join(title.split())


if TYPE_CHECKING:
    import pandas as pd

Pairs = Iterable[tuple[Paper, list[Claim]]]
Row = dict[str, Any]
Kind = Literal["text", "number", "integer", "category"]

#: The `field` values of a claim: where in its paper it was found.
FIELDS: tuple[str, ...] = ("title", "abstract")


@dataclass(frozen=True)
class Column:
    """A column of a row: its name, the kind of value it holds, the categories of a category."""

    name: str
    kind: Kind = "text"
    categories: tuple[str, ...] = ()


#: The columns that say which paper a claim row belongs to.
PAPER_KEYS: tuple[Column, ...] = (
    Column("source"),
    Column("paper", "integer"),  # 1-based index of the paper in its input
    Column("id"),  # the record's own id (an arXiv id), where it has one
    Column("title"),
)

#: The claim's own columns, in row order.
CLAIM_FIELDS: tuple[Column, ...] = (
    Column("type", "category", tuple(TYPES)),
    Column("value", "number"),  # null for hardware
    Column("value_text"),  # the value as a reader writes it; hardware's canonical name
    Column("bound", "category", tuple(BOUNDS)),
    Column("value_min", "number"),
    Column("unit"),
    Column("text"),
    Column("field", "category", FIELDS),
    Column("start", "integer"),
    Column("end", "integer"),
    Column("sentence"),
    Column("rule"),
    Column("hardware"),
    Column("model"),
    Column("baseline"),
)

#: Every column of a claim row.
CLAIM_SCHEMA: tuple[Column, ...] = PAPER_KEYS + CLAIM_FIELDS
CLAIM_COLUMNS: tuple[str, ...] = tuple(column.name for column in CLAIM_SCHEMA)

#: Columns of the paper listing of `effclaims papers`.
PAPER_SCHEMA: tuple[Column, ...] = (
    Column("index", "integer"),
    Column("id"),
    Column("title"),
    Column("date"),
    Column("authors", "integer"),
    Column("upvotes", "integer"),
    Column("claims", "integer"),
    Column("source"),
)
PAPER_COLUMNS: tuple[str, ...] = tuple(column.name for column in PAPER_SCHEMA)

#: Columns by name, for writers that type their cells.
COLUMNS: dict[str, Column] = {column.name: column for column in CLAIM_SCHEMA + PAPER_SCHEMA}

#: Claim attributes copied to a row as they are (value, value_text and type are derived).
_COPIED = tuple(c.name for c in CLAIM_FIELDS if c.name not in ("type", "value", "value_text"))
_copied_values = attrgetter(*_COPIED)


def claim_fields(claim: Claim, keys: Row | None = None, *, named: bool = False) -> Row:
    """The claim's own columns of its row, in order, after the paper `keys` if given;
    `named` keeps hardware's name in `value` (for JSON)."""
    row: Row = dict(keys) if keys else {}
    row["type"] = claim.type
    row["value"] = claim.value if named or not isinstance(claim.value, str) else None
    row["value_text"] = format_value(claim)
    row.update(zip(_COPIED, _copied_values(claim), strict=True))
    return row


def paper_keys(paper: Paper) -> Row:
    """The columns of a claim row that name its paper."""
    return {
        "source": paper.source,
        "paper": paper.index,
        "id": paper.id,
        "title": clean_title(paper.title),
    }


def claim_rows(pairs: Pairs, *, named: bool = False) -> Iterator[Row]:
    """One flat row per claim, in CLAIM_COLUMNS order (`named` as for `claim_fields`)."""
    for paper, claims in pairs:
        if claims:
            keys = paper_keys(paper)
            for claim in claims:
                yield claim_fields(claim, keys, named=named)


def paper_rows(pairs: Pairs) -> Iterator[Row]:
    """One row per paper for the listing: what it is, where it was read, how many claims."""
    for paper, claims in pairs:
        yield {
            "index": paper.index,
            "id": paper.id,
            "title": clean_title(paper.title),
            "date": paper.date,
            "authors": paper.authors,
            "upvotes": paper.upvotes,
            "claims": len(claims),
            "source": paper.source,
        }


def paper_records(pairs: Pairs) -> Iterator[Row]:
    """One nested record per paper, papers without claims too, each claim with the columns
    of a claim row; records are JSON, so hardware keeps its name in `value`. A record keeps
    its paper's fields as read, which its claims' offsets index."""
    for paper, claims in pairs:
        yield {**paper.to_dict(), "claims": [claim_fields(claim, named=True) for claim in claims]}


def frame(rows: Iterable[Row], columns: Sequence[str]) -> pd.DataFrame:
    """Rows as a DataFrame typed by column kind.

    Categories keep the order of their definition; numbers are float64, integers the
    nullable Int64, text the pandas string type (missing cells are NA). Columns not in
    the schema are left for pandas to type.
    """
    import pandas as pd

    rows = list(rows)
    data: dict[str, Any] = {}
    for name in columns:
        values = [row.get(name) for row in rows]
        column = COLUMNS.get(name)
        if column is None:
            data[name] = pd.Series(values)
        elif column.kind == "category":
            data[name] = pd.Categorical(values, categories=list(column.categories))
        elif column.kind == "number":
            data[name] = pd.Series(values, dtype="float64")
        elif column.kind == "integer":
            data[name] = pd.Series(values, dtype="Int64")
        else:
            data[name] = pd.Series(values, dtype="string")
    return pd.DataFrame(data, columns=list(columns))
