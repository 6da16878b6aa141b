"""`--jobs` over byte ranges of a file: workers that read, extract and write for themselves.

Handing papers to workers in batches (`parallel.ordered_map`) leaves the parent reading,
parsing and pickling every paper, and unpickling and writing every claim: a share of the
work that no number of workers divides. Where an input can be cut into ranges of whole
records without parsing it, each worker instead reads a range of bytes, extracts its
papers and writes their rows, and the parent copies the parts into the output in order.

Which inputs are cut, and why the others are read whole, as before:

- JSON Lines in UTF-8, uncompressed: a record ends at a line feed, a byte that no other
  UTF-8 character contains, so a range cut after one reads as those lines of the file.
- CSV: a quoted cell may hold line breaks, so where a row starts is known only by
  reading the file from its first line.
- A JSON document: one value, whose records are known only by parsing it from its start.
- An Atom feed: XML, whose entries are known only by parsing from the start.
- A Daily Papers page dump and plain text: a paper is told by the lines around it (a
  title before an abstract, the metadata after it), so a cut may fall inside one.
- gzip: compressed data can only be read from its beginning.
- UTF-16 and UTF-32: a line feed is two or four bytes, and each line is decoded with
  what the byte-order mark at the start of the file says.
- Standard input: a stream that can be read only once, from where it is.
- `--dedupe`: whether a paper is kept depends on every title before it.

and which outputs are joined: those of `writers.JOINABLE`, into a regular file that is
not gzip-compressed (one compressed stream over every row); a pipe or a terminal gets
its rows as they are extracted, and a reader that goes away (`| head`) ends the run then.

A worker does not know how many papers precede its range, while each row carries its
paper's number in the whole input, and each warning or error its line. So the workers
first count the lines and records of each range (reading without extracting, a few
percent of the work), and a range is extracted once the counts of those before it are in:
rows, warnings and errors are numbered as a single reader numbers them. Each part comes
back with its warnings and what `--skip-bad` skipped, which the parent gives in order
and reports for the whole input, as a single reader does.
"""

from __future__ import annotations

import io
import os
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import parallel
from .errors import EffclaimsError, InputError
from .model import Claim, Paper
from .readers import (
    FieldNames,
    Skipped,
    count_range,
    jsonl_file,
    read_range,
    without_surrogates,
)

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

#: A range is at most this many bytes (about a thousand papers, a second of work): what a
#: worker holds at a time, what the parent holds of each part that waits for those before
#: it, and at most how long a worker may idle at the end while another finishes its last.
MAX_RANGE = 2 << 20
#: Ranges per job where the file allows, so that the last ones leave no worker idle long.
RANGES_PER_JOB = 16
#: ... but none shorter than this (some tens of papers), whose set-up would cost more
#: than its papers.
MIN_RANGE = 64 << 10


@dataclass(frozen=True)
class Range:
    """Bytes `start:end` of the input `path`, cut after line feeds."""

    path: str
    start: int
    end: int
    first: bool = True  # the first range of its input: numbering starts there
    last: bool = True  # the last range of its input: its report follows

    @property
    def label(self) -> str:
        """The input's name, as readers give it."""
        return without_surrogates(self.path)


@dataclass(frozen=True)
class Job:
    """What is done with every range of a run: the options of `effclaims extract`."""

    fmt: str
    by_paper: bool = False
    types: frozenset[str] | None = None
    skip_bad: bool = False
    fields: FieldNames = field(default_factory=FieldNames)


@dataclass(frozen=True)
class Warned:
    """A warning of the reader; `once` is the kind of a warning an input gives once."""

    message: str
    once: str | None = None


@dataclass(frozen=True)
class Failed:
    """A paper whose extraction failed, with the error: written without claims."""

    paper: Paper
    error: str


@dataclass
class Part:
    """A range's rows as the output's bytes, with what the parent reports of it."""

    data: bytes = b""
    papers: int = 0
    claims: int = 0
    events: list[Warned | Failed] = field(default_factory=list)
    skipped: Skipped = field(default_factory=Skipped)
    #: The error that stopped the reading of the range, after the rows before it.
    error: EffclaimsError | None = None


# --------------------------------------------------------------------------- the plan


def plan(paths: Sequence[str], input_format: str | None, jobs: int) -> list[Range] | None:
    """The ranges to cut the inputs into, in order, or None where they are to be read
    whole: an input that cannot be cut (see above), or fewer papers than
    `parallel.MIN_PARALLEL` in all (done in process, as starting workers costs more)."""
    if jobs <= 1 or not paths or not all(jsonl_file(path, input_format) for path in paths):
        return None
    if not _at_least(paths, parallel.MIN_PARALLEL):
        return None
    return [piece for path in paths for piece in cut(path, jobs)]


def _at_least(paths: Sequence[str], records: int) -> bool:
    """Whether the inputs hold at least `records` lines that are not blank, read from the
    start only as far as it takes to tell."""
    seen = 0
    for path in paths:
        with open(path, "rb") as fh:
            rest = b""
            while chunk := fh.read(1 << 20):
                lines = (rest + chunk).split(b"\n")
                rest = lines.pop()
                seen += sum(1 for line in lines if line.strip())
                if seen >= records:
                    return True
            seen += bool(rest.strip())
    return seen >= records


def cut(path: str, jobs: int) -> list[Range]:
    """The ranges of one file, each ending after a line feed (the last at the end)."""
    size = os.path.getsize(path)
    count = max(-(-size // MAX_RANGE), min(jobs * RANGES_PER_JOB, size // MIN_RANGE), 1)
    ends: list[int] = []
    with open(path, "rb") as fh:
        for n in range(1, count):
            at = _line_end(fh, size * n // count)
            if at < size and (not ends or at > ends[-1]):
                ends.append(at)
    ends.append(size)
    starts = [0, *ends[:-1]]
    last = len(ends) - 1
    return [
        Range(path, start, end, first=i == 0, last=i == last)
        for i, (start, end) in enumerate(zip(starts, ends, strict=True))
    ]


def _line_end(fh: io.BufferedReader, at: int) -> int:
    """The offset just after the first line feed at or after `at - 1`: where the line that
    holds byte `at - 1` ends (`at` itself when that byte is a line feed)."""
    fh.seek(at - 1)
    return at - 1 + len(fh.readline())


# --------------------------------------------------------------------------- the workers


def count(piece: Range, fields: FieldNames) -> tuple[int, int] | None:
    """What a worker does first: the lines and records of a range (see `count_range`)."""
    return count_range(piece.path, piece.start, piece.end, fields)


def write(piece: Range, before: tuple[int, int], job: Job) -> Part:
    """What a worker does then: the rows of a range's papers in the output's format, the
    papers numbered after the `before` lines and records of the input before the range."""
    from . import schema, writers
    from .extraction import extract_papers

    part = Part()

    def warned(message: str) -> None:
        part.events.append(Warned(str(message), getattr(message, "key", None)))

    def failed(paper: Paper, error: str) -> None:
        kept = Paper(paper.index, paper.title, paper.abstract, paper.source, paper.id)
        part.events.append(Failed(kept, error))

    papers = read_range(
        piece.path,
        piece.start,
        piece.end,
        lines_before=before[0],
        papers_before=before[1],
        skip_bad=job.skip_bad,
        on_warning=warned,
        fields=job.fields,
        on_skipped=part.skipped.add,
    )
    pairs = _tallied(extract_papers(papers, job.types, on_failure=failed), part)
    if job.by_paper:
        rows = schema.paper_records(pairs)
    else:
        rows = schema.claim_rows(pairs, named=job.fmt in ("json", "jsonl"))
    text = io.StringIO()
    try:
        writers.write_part(rows, job.fmt, text, schema.CLAIM_COLUMNS)
    except EffclaimsError as error:
        part.error = error
    part.data = text.getvalue().encode("utf-8")
    return part


def _tallied(
    pairs: Iterator[tuple[Paper, list[Claim]]], part: Part
) -> Iterator[tuple[Paper, list[Claim]]]:
    for paper, claims in pairs:
        part.papers += 1
        part.claims += len(claims)
        yield paper, claims


# --------------------------------------------------------------------------- the parent


def run(pieces: list[Range], job: Job, jobs: int) -> Generator[tuple[Range, Part], None, None]:
    """Each range with its part, in order, from up to `jobs` workers, up to the first part
    with an error. At most `parallel.WINDOW_PER_JOB` parts per job are in flight or held,
    and the counts are asked for `COUNTS_AHEAD` times as many ranges ahead of them."""
    jobs = min(jobs, len(pieces))
    window = parallel.WINDOW_PER_JOB * jobs
    with parallel.pool(jobs) as (pool, workers):
        counts = _Counts(pool, workers, pieces, job.fields, ahead=COUNTS_AHEAD * window)
        pending: deque[tuple[Range, AsyncResult[Part]]] = deque()
        numbered = zip(pieces, _numbering(pieces, counts), strict=False)
        while True:
            while len(pending) < window and (piece_before := next(numbered, None)):
                piece, before = piece_before
                pending.append((piece, pool.apply_async(write, (piece, before, job))))
            if not pending:
                break
            piece, result = pending.popleft()
            part = parallel.result_of(result, workers)
            yield piece, part
            if part.error is not None:
                return
    if piece is not pieces[-1]:
        # a range that could not be counted, yet was written without an error
        raise InputError(f"{piece.label}: read error (the file changed while it was read?)")


#: How far counts are asked for ahead of the ranges being written, in windows: far enough
#: that a count is in when its range's successor is to be written (a count is a few
#: percent of a range's work), near enough that the first rows are not held back while
#: a large file is counted to its end.
COUNTS_AHEAD = 2


class _Counts:
    """The counts of the ranges (`count`), each asked of the pool `ahead` ranges before it
    is needed; the last range of an input needs none."""

    def __init__(
        self, pool: Pool, workers: set[int], pieces: list[Range], fields: FieldNames, ahead: int
    ) -> None:
        self.pool = pool
        self.workers = workers
        self.pieces = pieces
        self.fields = fields
        self.ahead = ahead
        self.asked: list[AsyncResult[tuple[int, int] | None] | None] = []

    def of(self, index: int) -> tuple[int, int] | None:
        """The count of range `index` (None: it failed), once it is in."""
        wanted = min(index + 1 + self.ahead, len(self.pieces))
        for piece in self.pieces[len(self.asked) : wanted]:
            self.asked.append(
                None if piece.last else self.pool.apply_async(count, (piece, self.fields))
            )
        asked = self.asked[index]
        if asked is None:
            return 0, 0
        return parallel.result_of(asked, self.workers)


def _numbering(pieces: list[Range], counts: _Counts) -> Iterator[tuple[int, int]]:
    """The lines and records before each range in its input, as the counts come in;
    it stops after a range whose count failed, which will fail when it is written."""
    lines = records = 0
    for index, piece in enumerate(pieces):
        if piece.first:
            lines = records = 0
        yield lines, records
        got = counts.of(index)
        if got is None:
            return
        lines, records = lines + got[0], records + got[1]
