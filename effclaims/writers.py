"""Rendering of claims and other rows as JSON, JSON Lines, CSV, TSV, xlsx, Parquet or a rich table.

Everything here streams: rows are produced from (paper, claims) pairs as they come and
written straight away (CSV in chunks), so memory does not grow with the input. Only
the rich table of a plain row listing needs all its rows at once, as a table does.
pandas and rich are imported inside the functions that use them, to keep start-up fast.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import stat
import tempfile
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from .claim_types import BOUNDS, format_value
from .errors import OutputError
from .model import Claim, Paper
from .pattern_cache import compile_re
from .terminal import cell

if TYPE_CHECKING:
    from rich.console import Console

Pairs = Iterable[tuple[Paper, list[Claim]]]
Row = dict[str, Any]

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_CSV_CHUNK = 1000

#: A carriage return not followed by a line feed: the csv module leaves a cell holding one
#: unquoted when rows end in "\n", and every CSV reader then breaks the row there.
_LONE_CR = compile_re(r"\r(?!\n)")


# default=str: a `meta` value JSON has no type for (a date, a path) is written as text;
# allow_nan=False: JSON has no NaN or Infinity (the readers keep such values as text, and
# every claim's value is finite), so one would be a bug to stop at, not output to write
_ENCODERS = {
    indent: json.JSONEncoder(ensure_ascii=False, indent=indent, default=str, allow_nan=False)
    for indent in (None, 2)
}


def _dumps(record: Row, indent: int | None = None) -> str:
    return _ENCODERS[indent].encode(record)


def write_json(records: Iterable[Row], fh: TextIO) -> None:
    """A JSON array, one element at a time; `[]` when there are none."""
    separator = "[\n"  # written with the first record, so a failure before it leaves no "["
    for record in records:
        fh.write(separator + _json_element(record))
        separator = ",\n"
    fh.write("[]\n" if separator == "[\n" else "\n]\n")


def _json_element(record: Row) -> str:
    return textwrap.indent(_dumps(record, indent=2), "  ")


def write_json_elements(records: Iterable[Row], fh: TextIO) -> None:
    """The elements of a JSON array without its brackets, each after `,\\n`: a part of
    `write_json`'s array, which `Joined` puts together with the others."""
    for record in records:
        fh.write(",\n" + _json_element(record))


def write_jsonl(records: Iterable[Row], fh: TextIO, follow: bool = False) -> None:
    """One JSON object per line; with `follow`, each is flushed as soon as it is written.

    Following suits input that arrives over time (a pipe into stdin): each row is out
    before the input is waited for. Otherwise rows leave in full buffers, as from grep or
    jq, since a flush per row costs a system call that takes longer than encoding it.
    """
    for record in records:
        fh.write(_dumps(record) + "\n")
        if follow:
            fh.flush()


def csv_safe(cell: object) -> object:
    """A text cell that a spreadsheet would run as a formula, defused with a leading `'`.

    Numbers (negative ones too) are left as numbers; only text is changed.
    """
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def _csv_cell(cell: object) -> object:
    """A cell defused (`csv_safe`) with any lone carriage return made a line feed.

    A line feed makes the writer quote the cell; lengths, and so offsets, stay the same.
    """
    cell = csv_safe(cell)
    return _LONE_CR.sub("\n", cell) if isinstance(cell, str) else cell


def write_csv(
    rows: Iterable[Row],
    fh: TextIO,
    columns: Sequence[str],
    sep: str = ",",
    bom: bool = False,
    follow: bool = False,
) -> None:
    """CSV (or with `sep="\\t"`, TSV) with one header line even if empty, a chunk of rows
    at a time, or with `follow` row by row (see `write_jsonl`).

    `bom` starts it with the UTF-8 byte-order mark by which Excel recognises UTF-8. A
    missing value is an empty cell; numbers are written as Python writes them.
    """
    fh.write(csv_header(columns, sep, bom))
    write_csv_rows(rows, fh, columns, sep, 1 if follow else _CSV_CHUNK)


def csv_header(columns: Sequence[str], sep: str = ",", bom: bool = False) -> str:
    """The first line of a CSV or TSV file, after the byte-order mark if `bom`."""
    line = io.StringIO()
    csv.writer(line, delimiter=sep, lineterminator="\n").writerow(columns)
    return ("\ufeff" if bom else "") + line.getvalue()


def write_csv_rows(
    rows: Iterable[Row], fh: TextIO, columns: Sequence[str], sep: str = ",", every: int = 0
) -> None:
    """The rows of a CSV or TSV file without its header, flushed every `every` rows (0: never)."""
    writer = csv.writer(fh, delimiter=sep, lineterminator="\n")
    for n, row in enumerate(rows, 1):
        writer.writerow([_csv_cell(row.get(column)) for column in columns])
        if every and n % every == 0:
            fh.flush()


#: Rows of an xlsx sheet, the header included (Excel's limit).
XLSX_MAX_ROWS = 1_048_576


def write_xlsx(rows: Iterable[Row], fh: IO[bytes], columns: Sequence[str]) -> None:
    """An Excel workbook of one sheet, streamed row by row (openpyxl's write-only mode).

    Text cells are stored as text, always: `40.4%` or `=1+1` stays what the paper says,
    never a number or a formula. Numbers are numbers, a missing value an empty cell, and
    the header row stays in view (frozen). Characters a sheet cannot hold (control
    characters other than tab and line breaks) become U+FFFD, one for one, so offsets
    still count the same characters.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet("effclaims")
    sheet.freeze_panes = "A2"
    sheet.append(list(columns))

    def sheet_cell(value: object) -> object:
        if not isinstance(value, str):
            return value
        text = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
        text.data_type = "s"  # openpyxl would take a leading "=" for a formula
        return text

    for n, row in enumerate(rows, 2):
        if n > XLSX_MAX_ROWS:
            raise OutputError(
                f"more than {XLSX_MAX_ROWS - 1:,} rows, the most an xlsx sheet holds: "
                "write csv, parquet or sqlite instead"
            )
        sheet.append([sheet_cell(row.get(column)) for column in columns])
    book.save(fh)


#: Rows per Parquet row group: a bounded amount in memory at a time.
_PARQUET_CHUNK = 50_000


def write_parquet(rows: Iterable[Row], fh: IO[bytes], columns: Sequence[str]) -> None:
    """A Parquet file with the column types of `schema.frame`, a row group at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .schema import frame

    rows = iter(rows)
    first = frame(islice(rows, _PARQUET_CHUNK), columns)
    table = pa.Table.from_pandas(first, preserve_index=False)
    with pq.ParquetWriter(fh, table.schema) as writer:
        writer.write_table(table)
        while chunk := list(islice(rows, _PARQUET_CHUNK)):
            part = pa.Table.from_pandas(frame(chunk, columns), preserve_index=False)
            writer.write_table(part.cast(table.schema))


def _context(claim: Claim) -> str:
    parts = [
        claim.model,
        claim.hardware and f"on {claim.hardware}",
        claim.baseline and f"vs {claim.baseline}",
    ]
    return ", ".join(part for part in parts if part)


def console_for(fh: TextIO) -> Console:
    """A console on `fh`: the terminal's width and colours, else plain text 100 columns wide."""
    from rich.console import Console

    terminal = fh.isatty()
    return Console(
        file=fh, width=None if terminal else 100, force_terminal=terminal, highlight=False
    )


def write_claims_table(pairs: Pairs, console: Console, *, show_empty: bool = False) -> None:
    """One small table per paper with claims, as the papers come; then a one-line summary.

    Papers without claims are listed by title only when `show_empty`, else just counted.
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    n_papers = n_claims = n_empty = 0
    for paper, claims in pairs:
        n_papers += 1
        n_claims += len(claims)
        heading = Text.assemble(
            (f"[{paper.index}] {cell(paper.title.strip())}", "bold"),
            (f"  {cell(os.path.basename(paper.source))}", "dim"),
        )
        if not claims:
            n_empty += 1
            if show_empty:
                console.print(heading.append("  no claims", "dim italic"))
            continue
        contexts = [_context(claim) for claim in claims]
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        for column in ("type", "value", "bound"):
            table.add_column(column, no_wrap=True, justify="right" if column == "value" else "left")
        table.add_column("text", ratio=3)
        if any(contexts):
            table.add_column("context", ratio=2)
        for claim, context in zip(claims, contexts, strict=True):
            bound = BOUNDS[claim.bound].word
            cells: list[str | Text] = [
                claim.type,
                format_value(claim),
                bound,
                Text(cell(claim.text)),
                Text(cell(context)),
            ]
            table.add_row(*cells[: len(table.columns)])
        console.print(heading)
        console.print(table)
    summary = (
        f"{n_claims} claim{'s' * (n_claims != 1)} in {n_papers - n_empty} of {n_papers} papers"
    )
    console.print(Text(summary, "dim"))


def write_rows_table(
    rows: Iterable[Row], columns: Sequence[str], console: Console, title: str | None = None
) -> None:
    """A plain table of rows; None shows as an empty cell, text is never read as markup."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if row.get(c) is None else cell(str(row.get(c)))) for c in columns))
    console.print(table)


def write_rows(
    rows: Iterable[Row],
    fmt: str,
    fh: TextIO,
    columns: Sequence[str] = (),
    follow: bool = False,
    bom: bool = False,
) -> None:
    """Rows in `fmt` (json, jsonl, csv, tsv, xlsx, parquet or table); `columns` orders the
    cells of every format but JSON's.

    `follow` flushes JSON Lines, CSV and TSV row by row (see `write_jsonl`); `bom` starts CSV and TSV
    with a byte-order mark (see `write_csv`).
    """
    if fmt == "json":
        write_json(rows, fh)
    elif fmt == "jsonl":
        write_jsonl(rows, fh, follow)
    elif fmt in ("csv", "tsv"):
        write_csv(rows, fh, columns, sep="\t" if fmt == "tsv" else ",", bom=bom, follow=follow)
    elif fmt in _BYTE_WRITERS:
        fh.flush()  # the bytes go to the stream's binary buffer, after any text
        _BYTE_WRITERS[fmt](rows, fh.buffer, columns)
    else:
        write_rows_table(rows, columns, console_for(fh))


#: Formats that are bytes, not text, and their writers.
_BYTE_WRITERS = {"xlsx": write_xlsx, "parquet": write_parquet}

# Formats whose rows can be written in parts, by separate processes, and joined: each
# row's text depends on that row alone. A table lays out all its rows together, and
# xlsx, Parquet and SQLite have a structure and compression of their own over all rows.
JOINABLE = frozenset({"jsonl", "json", "csv", "tsv"})


def write_part(rows: Iterable[Row], fmt: str, fh: TextIO, columns: Sequence[str] = ()) -> None:
    """The rows of one part of a `JOINABLE` format, for `Joined` to put in its place."""
    if fmt == "json":
        write_json_elements(rows, fh)
    elif fmt == "jsonl":
        write_jsonl(rows, fh)
    else:
        write_csv_rows(rows, fh, columns, "\t" if fmt == "tsv" else ",")


class Joined:
    """Parts written by `write_part`, in order, made the bytes `write_rows` writes for all
    their rows at once: what begins and ends the whole (a CSV header, a JSON array's
    brackets) is added here, the parts are copied as they are.

    After a failure, what was written is what `write_rows` leaves: the parts before it,
    and no closing bracket.
    """

    def __init__(
        self, fmt: str, fh: IO[bytes], columns: Sequence[str] = (), bom: bool = False
    ) -> None:
        self.fmt = fmt
        self.fh = fh
        self.empty = True  # no JSON element written yet
        if fmt in ("csv", "tsv"):
            fh.write(csv_header(columns, "\t" if fmt == "tsv" else ",", bom).encode())

    def write(self, part: bytes) -> None:
        if self.fmt == "json" and part and self.empty:
            part = b"[\n" + part[2:]  # the first element opens the array, not a ",\n"
        if part:
            self.empty = False
            self.fh.write(part)

    def close(self) -> None:
        """The end of the whole, once every part is written."""
        if self.fmt == "json":
            self.fh.write(b"[]\n" if self.empty else b"\n]\n")


@contextmanager
def atomic_open(path: Path) -> Iterator[TextIO]:
    """A text stream whose content replaces `path` only once the block ends without error.

    It writes to a hidden temporary file beside `path` (same file system, so the final
    `os.replace` is atomic), created on entry so that a bad path fails before any work;
    on any error or interrupt the temporary file is removed and `path` left as it was.
    A symbolic link is followed, so the file it points to is replaced and the link
    kept; a file replaced keeps its permissions (and, where allowed, its owner). What is
    not a regular file (`/dev/null`, a terminal, a named pipe, `/dev/stdout`) cannot be
    replaced and is written in place. A name ending in `.gz` gets gzip-compressed text.
    """
    try:
        mode: int | None = os.stat(path).st_mode  # of what a link points to
    except FileNotFoundError:
        mode = None
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {path}: it is a directory")
    if mode is not None and not stat.S_ISREG(mode):
        with _in_place(path) as fh:
            yield fh
        return
    target = Path(os.path.realpath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except FileNotFoundError:
        raise OutputError(f"cannot write {path}: no directory {path.parent}") from None
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror}") from None
    try:
        with _text(os.fdopen(fd, "wb"), path) as fh:
            yield fh
        _keep_mode(tmp, target)
        os.replace(tmp, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextmanager
def _in_place(path: Path) -> Iterator[TextIO]:
    """A device, pipe or terminal, opened for writing as it is: there is no file to replace."""
    try:
        raw = open(path, "wb")  # closed by _text
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror}") from None
    with _text(raw, path) as fh:
        yield fh


@contextmanager
def _text(raw: IO[bytes], path: Path) -> Iterator[TextIO]:
    """UTF-8 text over `raw`, through gzip when `path` ends in `.gz`; all closed at the end."""
    with raw:
        if path.name.lower().endswith(".gz"):
            with (
                gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed,
                io.TextIOWrapper(packed, encoding="utf-8", newline="") as fh,
            ):
                yield fh
        else:
            with io.TextIOWrapper(raw, encoding="utf-8", newline="") as fh:
                yield fh


def _keep_mode(tmp: str, target: Path) -> None:
    """Give the temporary file the mode (and owner) of the file it replaces, else that of
    a file `open` would create."""
    try:
        old = os.stat(target)
    except FileNotFoundError:
        os.chmod(tmp, 0o666 & ~_umask())
        return
    os.chmod(tmp, stat.S_IMODE(old.st_mode))
    if hasattr(os, "chown"):
        with suppress(OSError):  # only the owner's group, or root, may change them
            os.chown(tmp, old.st_uid, old.st_gid)


def _umask() -> int:
    """The process umask (only readable by setting it), for a file mode like open()'s."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
