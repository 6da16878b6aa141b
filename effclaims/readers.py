"""From bytes to papers: Hugging Face Daily Papers dumps, JSON Lines, JSON, CSV and plain text.

Inputs come from copy-pasting web pages, from dataset snapshots and from spreadsheets, so
the reader is forgiving about what does not change the meaning (encodings, byte-order
marks, line endings, gzip, blank lines, trailing spaces) and strict, with one line naming
the input, about what does (binary data, malformed records, records without an abstract).

Everything but a single JSON document is streamed line by line, so a large dump is never
held in memory at once. Titles and abstracts are kept exactly as given, leading spaces and
line endings included, because claim offsets point into them: into the JSON string or the
CSV cell as written, or the lines of a text paragraph or listing as they are in the file.
The only change is that lone surrogates (`\ud800`, from JSON cut in the middle of a
UTF-16 pair) become U+FFFD, one for one and with a warning, as no encoder takes them.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import math
import os
import re
import stat
import sys
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any, cast

from .errors import InputError
from .model import Paper
from .pattern_cache import compile_re

FORMATS: tuple[str, ...] = ("hf", "jsonl", "json", "csv", "atom", "text")

Warn = Callable[[str], None]
Lines = Iterator[tuple[int, str]]
#: An input's bytes: as opened, or as gzip decompresses them.
_ByteStream = IO[bytes] | gzip.GzipFile

#: How much of an input is looked at to recognise binary data and sniff the format.
HEAD_SIZE = 64 * 1024

_GZIP_MAGIC = b"\x1f\x8b"

#: Signatures of the binary files people most often pass by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"(\xb5/\xfd", "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"PAR1", "Parquet file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document"),
)

#: Byte-order marks of the wide encodings, longest first (UTF-32 LE starts like UTF-16 LE).
_WIDE_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)
_UTF8_BOM = b"\xef\xbb\xbf"
#: A line with its ending (LF, CRLF or a lone CR), or a last line without one.
_LINE = compile_re(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")
_ENDING = "\r\n"

#: A paper whose title and abstract together are longer than this is skipped with a
#: warning: a thousand times a long abstract, and what extraction does in a few seconds.
MAX_PAPER_CHARS = 2_000_000
#: A paper with more numbers than this in its title and abstract is skipped with a warning:
#: real abstracts hold a few dozen, a run of a thousand of them a few thousand; a dense run
#: of quantities (a table, a dump, `7B 7B 7B ...`) costs tens of microseconds a claim.
MAX_PAPER_NUMBERS = 20_000
#: Where a number starts: a digit, or the point of `.5`, with no word character before.
_NUMBER = compile_re(r"(?<!\w)\.?\d")

#: A plain-text paragraph longer than this is most likely several abstracts without the
#: blank lines between them; it is read as one, with a warning.
LONG_PARAGRAPH = 20_000


@dataclass(frozen=True)
class FieldNames:
    """Which fields of a JSON record or CSV row hold the title, the abstract and the id.

    None means the usual names: `title`; `abstract`, else `summary`; `id`. A name matches
    a key whatever its case, and a dotted name (`paper.summary`) a key of a nested object.
    """

    title: str | None = None
    abstract: str | None = None
    id: str | None = None


class Meter:
    """How far the reading of some inputs has got, in bytes, for a progress bar.

    `total` is the size of all the inputs when they are all regular files (else None);
    `done()` the bytes read so far, from the position of the stream being read.
    """

    def __init__(self, paths: Sequence[str]) -> None:
        sizes = [_file_size(path) for path in paths]
        self.total = None if None in sizes else sum(s for s in sizes if s is not None)
        self._finished = 0  # bytes of the inputs read to the end
        self._size = 0  # bytes of the input being read
        self._stream: IO[bytes] | None = None

    def reading(self, stream: IO[bytes]) -> None:
        """`stream` is the input now being read: those before it are done."""
        self._finished += self._size
        self._stream = stream
        try:
            self._size = os.fstat(stream.fileno()).st_size
        except (OSError, ValueError, AttributeError):
            self._size = 0

    def done(self) -> int:
        if self._stream is None or self._stream.closed:
            return self._finished + self._size
        try:
            return self._finished + min(self._stream.tell(), self._size)
        except (OSError, ValueError):
            return self._finished


def _file_size(path: str) -> int | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_size if path != "-" and stat.S_ISREG(info.st_mode) else None


# --------------------------------------------------------------------------- public API


def check_readable(path: str) -> None:
    """Fail early, before any output is written, if `path` cannot be read ("-" is stdin)."""
    if path == "-":
        return
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory")
    if not os.access(path, os.R_OK):
        raise InputError(f"{path}: permission denied")


def read(
    source: str | os.PathLike[str] | IO[bytes],
    input_format: str | None = None,
    *,
    skip_bad: bool = False,
    on_warning: Warn | None = None,
    name: str | None = None,
    fields: FieldNames | None = None,
    meter: Meter | None = None,
) -> Iterator[Paper]:
    """Papers of one input, lazily, numbered from 1.

    `source` is a path, "-" for standard input, or a binary file object (left open).
    `input_format` overrides detection. With `skip_bad`, malformed records are skipped and
    counted in a warning instead of stopping the run. Warnings (skipped records, encoding
    fallbacks) go to `on_warning`, one line each, and are dropped when it is None.
    `fields` names the title, abstract and id fields of JSON records and CSV columns
    where they are not the usual ones; `meter` is told which stream is being read.
    """
    _check_format(input_format)
    names = fields or FieldNames()
    return _read(source, input_format, skip_bad, on_warning or _ignore, name, names, meter)


def read_many(
    sources: Sequence[str],
    input_format: str | None = None,
    *,
    skip_bad: bool = False,
    on_warning: Warn | None = None,
    dedupe: bool = False,
    fields: FieldNames | None = None,
    meter: Meter | None = None,
) -> Iterator[Paper]:
    """Papers of several inputs in order; with `dedupe`, only the first paper of each title.

    Titles are compared by `title_key`, so case, punctuation and full-width letters do not
    make a paper new. Every path is checked before the first paper is read, so that a typo
    in the last argument fails the run before any output is produced.
    """
    _check_format(input_format)
    if list(sources).count("-") > 1:
        raise InputError("standard input ('-') given more than once")
    for source in sources:
        check_readable(source)
    warn = on_warning or _ignore
    papers = (
        paper
        for source in sources
        for paper in read(
            source, input_format, skip_bad=skip_bad, on_warning=warn, fields=fields, meter=meter
        )
    )
    return _dedupe(papers, warn) if dedupe else papers


def detect_format(name: str, head: bytes) -> str:
    """The format of an input from its name and first bytes (see `FORMATS`).

    The extension decides when it is specific (.jsonl, .csv, .tsv, .atom, .json unless the
    content is one object per line); otherwise the content is sniffed: a JSON array, JSON
    objects, an XML feed, a CSV header with title and abstract columns, a Hugging Face
    listing, or plain text.
    """
    if name.lower().endswith(".gz"):
        name = name[:-3]
    if head.startswith(_GZIP_MAGIC):
        head = _gunzip_prefix(head)
    ext = os.path.splitext(name)[1].lower()
    if ext in (".jsonl", ".ndjson", ".jsonlines"):
        return "jsonl"
    if ext in (".csv", ".tsv", ".tab"):
        return "csv"
    if ext == ".atom":
        return "atom"
    text = _decode_head(head)
    if ext == ".json":
        return "jsonl" if _one_object_per_line(text.splitlines()) else "json"
    return _sniff(name, text)


# --------------------------------------------------------------------------- ranges


def jsonl_file(path: str, input_format: str | None = None) -> bool:
    """Whether `path` is a regular file of JSON Lines in UTF-8, uncompressed: a file whose
    byte ranges cut after a line feed read as its lines do, so that separate readers can
    each take one (`read_range`). Anything else is for `read`, as a whole."""
    try:
        with open(path, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return False
            head = _read_head(fh)
    except (OSError, ValueError):
        return False
    if head.startswith(_GZIP_MAGIC) or _missing_utf16_bom(head) or _binary_kind(head):
        return False
    if any(head.startswith(bom) for bom, _, _ in _WIDE_BOMS):
        return False
    return (input_format or detect_format(without_surrogates(path), head)) == "jsonl"


def read_range(
    path: str,
    start: int,
    end: int,
    *,
    lines_before: int = 0,
    papers_before: int = 0,
    skip_bad: bool = False,
    on_warning: Warn | None = None,
    fields: FieldNames | None = None,
    on_skipped: Callable[[Skipped], None] | None = None,
) -> Iterator[Paper]:
    """Papers of bytes `start:end` of a JSON Lines file (see `jsonl_file`), a range that
    starts and ends after a line feed (or at an end of the file), as `read` gives them from
    the whole file: numbered after the `lines_before` lines and `papers_before` records
    before the range, with the same warnings and errors. What `skip_bad` skipped goes to
    `on_skipped` rather than into a warning, for the whole input's report."""
    label = without_surrogates(path)
    warn = on_warning or _ignore
    data = _range_bytes(path, label, start, end)
    lines = _text_lines(io.BytesIO(data), data, label, warn, lines_before)
    source = _Input(label, label, skip_bad, warn, fields or FieldNames(), on_skipped)
    return _papers(_parse_jsonl(lines, source), label, warn, papers_before)


def count_range(
    path: str, start: int, end: int, fields: FieldNames | None = None
) -> tuple[int, int] | None:
    """The lines and the records (papers, those past the limits included) of a range of a
    JSON Lines file, as `read_range` numbers them; None where reading it fails, an error
    that `read_range` meets again in its place."""
    label = without_surrogates(path)
    last = [0]

    def counted(lines: Lines) -> Lines:
        for number, line in lines:
            last[0] = number
            yield number, line

    try:
        data = _range_bytes(path, label, start, end)
        lines = counted(_text_lines(io.BytesIO(data), data, label, _ignore))
        source = _Input(label, label, True, _ignore, fields or FieldNames(), _forget)
        records = sum(1 for _ in _parse_jsonl(lines, source))
    except InputError:
        return None
    return last[0], records


def _range_bytes(path: str, label: str, start: int, end: int) -> bytes:
    try:
        with open(path, "rb") as fh:
            fh.seek(start)
            return fh.read(end - start)
    except OSError as exc:
        raise InputError(f"{label}: read error ({exc})") from exc


def _forget(_skipped: Skipped) -> None:
    """The sink of skip counts that nobody reports."""


class Once(str):
    """A warning an input gives once, for the first line it concerns (a fallback encoding),
    with the `key` of its kind: readers of ranges of one input each give theirs, and the
    first of each kind is the one the whole input gives."""

    key: str

    def __new__(cls, text: str, key: str = "") -> Once:
        warning = super().__new__(cls, text)
        warning.key = key
        return warning


# --------------------------------------------------------------------------- reading


def _check_format(input_format: str | None) -> None:
    if input_format is not None and input_format not in FORMATS:
        raise InputError(
            f"unknown input format {input_format!r} (expected one of: {', '.join(FORMATS)})"
        )


def _ignore(_message: str) -> None:
    """The warning sink of callers that pass none."""


@dataclass(frozen=True)
class _Input:
    """What every format parser needs to know about the input it parses."""

    label: str  # the name shown in messages and stored as Paper.source
    inner: str  # the name with any .gz removed, for extension checks
    skip_bad: bool
    warn: Warn
    fields: FieldNames = field(default_factory=lambda: FieldNames())
    #: Given what was skipped when the input (or the range of it read) ends; None reports it.
    on_skipped: Callable[[Skipped], None] | None = None


def _read(
    source: str | os.PathLike[str] | IO[bytes],
    input_format: str | None,
    skip_bad: bool,
    warn: Warn,
    name: str | None,
    names: FieldNames,
    meter: Meter | None,
) -> Iterator[Paper]:
    with _open(source, name) as (stream, label):
        if meter is not None:
            meter.reading(stream)
        gzipped = False
        try:
            # With the format given, nothing needs sniffing: a first line is head enough,
            # so that papers from a pipe are read as they come, not 64 KB at a time.
            line_will_do = input_format is not None
            head = _read_head(stream, line_will_do, _from_pipe(stream))
            body: _ByteStream = stream
            if head.startswith(_GZIP_MAGIC):
                gzipped = True
                body = gzip.GzipFile(fileobj=_rewound(head, stream), mode="rb")
                head = _read_head(body, line_will_do)
            # Put back a UTF-16 byte-order mark that the writer left out (the head is
            # played back before the rest of the stream).
            head = _missing_utf16_bom(head) + head
            kind = _binary_kind(head)
            if kind:
                raise InputError(f"{label}: binary data ({kind}), not text")
            inner = label[:-3] if gzipped and label.lower().endswith(".gz") else label
            fmt = input_format or detect_format(inner, head)
            lines = _text_lines(_rewound(head, body), head, label, warn)
            parse = _PARSERS[fmt]
            yield from _papers(
                parse(lines, _Input(label, inner, skip_bad, warn, names)), label, warn
            )
        except (OSError, EOFError, zlib.error) as exc:
            what = "corrupt gzip data" if gzipped else "read error"
            raise InputError(f"{label}: {what} ({exc})") from exc


def _papers(
    parsed: Iterator[dict[str, Any]], label: str, warn: Warn, before: int = 0
) -> Iterator[Paper]:
    """Papers of parsed records, numbered after the `before` records that precede them;
    records past the limits are skipped with a warning, keeping their number."""
    for index, fields in enumerate(parsed, before + 1):
        too_big = _too_big(fields["title"], fields["abstract"])
        if too_big:
            warn(f"{label}: paper {index}: skipped, {too_big}")
            continue
        if "code_urls" not in fields:
            fields["code_urls"] = find_urls(fields["abstract"])
        yield Paper(index=index, source=label, **fields)


def _too_big(title: str, abstract: str) -> str | None:
    """Why a paper is past the limits of what is extracted (`MAX_PAPER_CHARS`,
    `MAX_PAPER_NUMBERS`), or None."""
    size = len(title) + len(abstract)
    if size > MAX_PAPER_CHARS:
        return f"{size:,} characters of title and abstract (the limit is {MAX_PAPER_CHARS:,})"
    if size > 2 * MAX_PAPER_NUMBERS:  # shorter, it cannot hold that many
        numbers = sum(1 for text in (title, abstract) for _ in _NUMBER.finditer(text))
        if numbers > MAX_PAPER_NUMBERS:
            return f"{numbers:,} numbers in title and abstract (the limit is {MAX_PAPER_NUMBERS:,})"
    return None


@contextmanager
def _open(
    source: str | os.PathLike[str] | IO[bytes], name: str | None
) -> Iterator[tuple[IO[bytes], str]]:
    """The byte stream of `source` and the label that names it; closes only what it opened."""
    if isinstance(source, str) and source == "-":
        yield _stdin(), name or "<stdin>"
        return
    if isinstance(source, (str, os.PathLike)):
        path = os.fsdecode(source)
        label = without_surrogates(name or path)  # a file name that is not UTF-8
        try:
            handle = open(path, "rb")
        except FileNotFoundError:
            raise InputError(f"{label}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{label}: is a directory") from None
        except PermissionError:
            raise InputError(f"{label}: permission denied") from None
        except OSError as exc:
            raise InputError(f"{label}: cannot open ({exc.strerror or exc})") from None
        with handle:
            yield handle, label
        return
    stream_name = getattr(source, "name", None)
    yield source, name or (stream_name if isinstance(stream_name, str) else "<stream>")


def _stdin() -> IO[bytes]:
    """Standard input's bytes, through a reader of its own where it is a real file.

    Papers from a pipe may be read by a thread of their own (see `parallel`), which waits
    in a read at the end: were that read holding the lock of `sys.stdin.buffer`, Python
    could not close that at exit and would abort.
    """
    try:
        return open(sys.stdin.fileno(), "rb", closefd=False)
    except (AttributeError, ValueError, OSError):
        return sys.stdin.buffer  # replaced in process (a test runner's input): no descriptor


def _read_head(stream: _ByteStream, line_will_do: bool = False, pipe: bool = False) -> bytes:
    """Up to HEAD_SIZE bytes, or with `line_will_do` the first line if it comes sooner;
    loops because pipes and decompressors return short reads.

    From a `pipe`, a first line that is a whole JSON object is head enough too: that
    input is JSON Lines, and its papers are read as they come rather than once 64 KB
    have arrived.
    """
    parts: list[bytes] = []
    size = 0
    while size < HEAD_SIZE:
        chunk = _read_some(stream, HEAD_SIZE - size)
        if isinstance(chunk, str):
            raise TypeError("read() needs a binary stream (mode 'rb'), not a text one")
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
        if b"\n" in chunk and (line_will_do or (pipe and _json_object_line(b"".join(parts)))):
            break
    return b"".join(parts)


def _from_pipe(stream: IO[bytes]) -> bool:
    """Whether `stream` is one that data arrives on over time (a pipe, a terminal)."""
    try:
        return not stream.seekable()
    except (OSError, ValueError):
        return False


def _json_object_line(head: bytes) -> bool:
    """Whether the first line of `head` is complete and a JSON object on its own."""
    first = head.split(b"\n", 1)[0].strip().removeprefix(_UTF8_BOM)
    if not (first.startswith(b"{") and first.endswith(b"}")):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def _read_some(stream: _ByteStream, size: int) -> bytes:
    """At most `size` bytes, as many as are there: from a pipe, what has arrived so far
    (`read1`), rather than waiting until `size` bytes have."""
    read1 = getattr(stream, "read1", None)
    return read1(size) if read1 is not None else stream.read(size)


class _Rewound(io.RawIOBase):
    """A stream whose first bytes were already consumed to sniff them, played back first.

    Closing it leaves the underlying stream open: that belongs to whoever opened it.
    """

    def __init__(self, head: bytes, rest: _ByteStream) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = _read_some(self._rest, len(buffer))
        n = len(data)
        buffer[:n] = data
        return n


def _rewound(head: bytes, rest: _ByteStream) -> IO[bytes]:
    return io.BufferedReader(_Rewound(head, rest), buffer_size=HEAD_SIZE)


def _missing_utf16_bom(head: bytes) -> bytes:
    """The byte-order mark of UTF-16 text saved without one, else b"".

    Such text, where it is ASCII, has a NUL in every other byte: the odd bytes in
    little-endian order, the even ones in big-endian. Binary data does not keep that up.
    """
    pairs = len(head) // 2
    if pairs < 2 or any(head.startswith(bom) for bom, _, _ in _WIDE_BOMS):
        return b""
    for bom, high, low in (
        (b"\xff\xfe", head[1::2], head[0::2]),
        (b"\xfe\xff", head[0::2], head[1::2]),
    ):
        if high[:pairs].count(0) >= 0.9 * pairs and 0 not in low[:pairs]:
            return bom
    return b""


def _binary_kind(head: bytes) -> str | None:
    """What binary data `head` starts with, or None for text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[257:262] == b"ustar":
        return "tar archive"
    if any(head.startswith(bom) for bom, _, _ in _WIDE_BOMS):
        return None
    if b"\x00" in head:
        return "contains NUL bytes"
    return None


def _text_lines(stream: IO[bytes], head: bytes, label: str, warn: Warn, before: int = 0) -> Lines:
    """(line number, text) of every line, with its line ending (LF, CRLF or lone CR),
    numbered after the `before` lines that precede the stream.

    UTF-8 is expected; a UTF-16/32 byte-order mark switches to that encoding, and a line
    that is not valid UTF-8 is decoded as cp1252 (latin-1 where cp1252 has no character),
    with one warning per fallback encoding (a `Once`, keyed by the encoding).
    """
    for bom, encoding, title in _WIDE_BOMS:
        if head.startswith(bom):
            warn(f"{label}: decoded as {title}")
            yield from _wide_lines(stream, encoding, title, label)
            return
    number = before
    fallbacks: set[str] = set()
    for raw in stream:
        if b"\x00" in raw:
            raise InputError(f"{label}: line {number + 1}: binary data (NUL bytes), not text")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text, encoding = _decode_legacy(raw)
            if encoding not in fallbacks:
                fallbacks.add(encoding)
                where = f"{label}: line {number + 1}"
                warn(Once(f"{where}: not valid UTF-8, decoded as {encoding}", encoding))
        for line in _split_eol(text):
            number += 1
            yield number, line.removeprefix("\ufeff") if number == 1 else line


def _wide_lines(stream: IO[bytes], encoding: str, title: str, label: str) -> Lines:
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    number = 0
    try:
        for line in text:
            number += 1
            yield number, line
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{label}: line {number + 1}: invalid {title} data ({exc.reason})"
        ) from None


def _split_eol(text: str) -> list[str]:
    """The lines of a chunk that ends at most with one LF, each with its ending, treating
    a lone CR as a line break too."""
    body = len(text) - (2 if text.endswith("\r\n") else 1 if text.endswith(("\n", "\r")) else 0)
    return _LINE.findall(text) if "\r" in text[:body] else [text]


def _decode_legacy(raw: bytes) -> tuple[str, str]:
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


# --------------------------------------------------------------------------- detection


def _gunzip_prefix(head: bytes) -> bytes:
    """As much of the decompressed content as the compressed prefix gives."""
    try:
        return zlib.decompressobj(wbits=31).decompress(head, HEAD_SIZE)
    except zlib.error:
        return b""


def _decode_head(head: bytes) -> str:
    """The head as text for sniffing: a cut multi-byte character at the end is harmless."""
    for bom, encoding, _ in _WIDE_BOMS:
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    return head.removeprefix(_UTF8_BOM).decode("utf-8", errors="replace")


def _sniff(name: str, text: str) -> str:
    content = [line.strip() for line in text.splitlines() if line.strip()]
    if not content:
        return "text"
    first = content[0]
    if re.match(r"\[\s*(?:[{\]\[\"]|$)", first):
        return "json"
    if first.startswith("<") and _ATOM_FEED.search(text):
        return "atom"
    if re.match(r"\{\s*(?:\"|\}|$)", first):
        return _sniff_object(first, complete=bool(re.search(r"[\r\n]", text.lstrip())))
    if _csv_columns(first, _delimiter(name, first)) is not None:
        return "csv"
    if _looks_like_hf(content):
        return "hf"
    return "text"


def _sniff_object(first: str, complete: bool) -> str:
    """JSON Lines if the first line is an object of its own, JSON if it opens a document."""
    try:
        obj = json.loads(first)
    except (json.JSONDecodeError, RecursionError):
        # A first line cut by the head may be a long JSON Lines record; a complete line
        # that does not parse opens a pretty-printed document.
        return "json" if complete else "jsonl"
    if isinstance(obj, dict) and "papers" in obj and not _has_abstract(obj):
        return "json"
    return "jsonl"


def _one_object_per_line(lines: list[str]) -> bool:
    content = [line.strip() for line in lines if line.strip()]
    if len(content) < 2 or not content[1].startswith("{"):
        return False
    try:
        return isinstance(json.loads(content[0]), dict)
    except (json.JSONDecodeError, RecursionError):
        return False


def _delimiter(name: str, header: str) -> str:
    if os.path.splitext(name)[1].lower() in (".tsv", ".tab"):
        return "\t"
    counts = {d: header.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_columns(header: str, delimiter: str) -> list[str] | None:
    """The lower-cased column names of a header with title and abstract columns, else None."""
    try:
        cells = next(csv.reader([header], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    columns = [cell.strip().lower() for cell in cells]
    if "title" in columns and ("abstract" in columns or "summary" in columns):
        return columns
    return None


def _looks_like_hf(content: list[str]) -> bool:
    """The page chrome or metadata of a listing, or mostly title-then-abstract pairs."""
    if any(line.lower() in _HF_MARKERS for line in content[:40]):
        return True
    if any(_is_metadata(line) for line in content):
        return True
    pairs = sum(
        1
        for title, abstract in zip(content, content[1:], strict=False)
        if len(title) <= _TITLE_MAX
        and len(abstract) >= _ABSTRACT_MIN
        and len(abstract) > 2 * len(title)
    )
    long_lines = sum(1 for line in content if len(line) >= _ABSTRACT_MIN)
    return pairs > 0 and 2 * pairs >= long_lines


# --------------------------------------------------------------------------- records


class _BadRecord(Exception):
    """A JSON/CSV record that cannot become a paper; the message names why."""


_DATE_KEYS = ("date", "published", "publishedat", "update_date")
_KNOWN_KEYS = frozenset(
    {
        "title",
        "abstract",
        "summary",
        "id",
        *_DATE_KEYS,
        "organization",
        "upvotes",
        "authors",
        "code_urls",
    }
)


def _has_abstract(record: dict[str, Any]) -> bool:
    keys = {str(k).strip().lower() for k in record}
    return "abstract" in keys or "summary" in keys


def _unwrapped(record: dict[str, Any], names: FieldNames) -> dict[str, Any]:
    """A record with the fields it was asked for at its top level.

    A dotted field name (`paper.summary`) is looked up through nested objects and its
    value put under that name. Without names, a record of the Hugging Face API (its paper
    under `paper`, as the daily-papers endpoint gives) is the paper's fields, the outer
    ones beside them.
    """
    given = [name for name in (names.title, names.abstract, names.id) if name and "." in name]
    if given:
        record = dict(record)
        for name in given:
            value = _nested(record, name.split("."))
            if value is not None:
                record[name] = value
    elif not _has_abstract(record):
        paper = next((v for k, v in record.items() if str(k).lower() == "paper"), None)
        if isinstance(paper, dict) and _has_abstract(paper):
            outer = {k: v for k, v in record.items() if v is not paper}
            return {**outer, **paper}
    return record


def _nested(record: Any, path: list[str]) -> Any:
    for part in path:
        if not isinstance(record, dict):
            return None
        record = next((v for k, v in record.items() if str(k).lower() == part.lower()), None)
    return record


def _record_fields(record: dict[str, Any], names: FieldNames) -> dict[str, Any]:
    """Paper fields of one JSON object or CSV row; unknown keys are kept in `meta`.

    Keys match case-insensitively. Unless `names` says otherwise, `summary` stands in for
    `abstract`; the date is the first of date/published/publishedAt/update_date that is
    set.
    """
    keys: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    for k, v in record.items():
        key = str(k).strip().lower()
        keys[key] = k
        # Empty cells of the columns effclaims maps say nothing: keep them out of `meta`.
        if not (key in _KNOWN_KEYS and _blank(v)):
            meta[k] = v

    def take(key: str) -> Any:
        original = keys.get(key)
        if original is None or _blank(record[original]):
            return None
        return meta.pop(original)

    abstract_keys = _wanted(names.abstract, ("abstract", "summary"))
    abstract = next((a for a in map(take, abstract_keys) if a is not None), None)
    if abstract is None:
        present = any(key in keys for key in abstract_keys)
        raise _BadRecord("empty abstract" if present else f"no {_either(abstract_keys)} field")
    if not isinstance(abstract, str):
        raise _BadRecord(f"the abstract is {type(abstract).__name__}, not text")
    title = take(_wanted(names.title, ("title",))[0])
    fields: dict[str, Any] = {"title": _as_text(title), "abstract": abstract}
    record_id = take(_wanted(names.id, ("id",))[0])
    if record_id is not None and not isinstance(record_id, (dict, list)):
        fields["id"] = _as_text(record_id).strip()
    for key in _DATE_KEYS:
        date = take(key)
        if date is not None:
            fields["date"] = _as_text(date).strip()
            break
    organization = take("organization")
    if organization is not None:
        fields["organization"] = _as_text(organization).strip()
    upvotes = _as_count(record, keys.get("upvotes"))
    if upvotes is not None:
        fields["upvotes"] = upvotes
        meta.pop(keys["upvotes"])
    authors = _as_count(record, keys.get("authors"))
    if authors is not None:
        fields["authors"] = authors
        if not isinstance(record[keys["authors"]], list):
            meta.pop(keys["authors"])  # a list of names says more than its length: keep it
    urls_key = keys.get("code_urls")
    if urls_key is not None:
        urls = record[urls_key]
        if isinstance(urls, list) and all(isinstance(u, str) for u in urls):
            fields["code_urls"] = tuple(urls)
            meta.pop(urls_key)
    fields["meta"] = meta
    return fields


def _wanted(name: str | None, usual: tuple[str, ...]) -> tuple[str, ...]:
    """The keys to look for, lower-cased: the name given, else the usual ones."""
    return (name.strip().lower(),) if name else usual


def _either(keys: Sequence[str]) -> str:
    return " or ".join(f"'{key}'" for key in keys)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _as_count(record: dict[str, Any], key: str | None) -> int | None:
    """A count given as a number, a string of digits, or (for authors) a list of names."""
    if key is None:
        return None
    value = record[key]
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 18:
        return int(value.strip())  # not `²`, which is a digit int() cannot read
    if isinstance(value, list):
        return len(value)
    return None


@dataclass
class Skipped:
    """What `skip_bad` dropped from an input or a range of it, and where lone surrogates
    were replaced: counted where it is read, reported once for the whole input."""

    malformed: int = 0
    no_abstract: int = 0
    surrogates: list[str] = field(default_factory=list)

    def add(self, other: Skipped) -> None:
        self.malformed += other.malformed
        self.no_abstract += other.no_abstract
        self.surrogates += other.surrogates

    def report(self, label: str, unit: str, warn: Warn) -> None:
        """One warning per kind of thing skipped or replaced in the input `label`."""
        if self.surrogates:
            where = self.surrogates[0] + ": " if self.surrogates[0] else ""
            more = len(self.surrogates) - 1
            warn(
                f"{label}: {where}lone surrogates (half of a UTF-16 pair) replaced by U+FFFD"
                + (f", and in {_plural(more, unit)} more" if more else "")
            )
        if self.malformed:
            warn(f"{label}: skipped {_plural(self.malformed, f'malformed {unit}')}")
        if self.no_abstract:
            warn(f"{label}: skipped {_plural(self.no_abstract, 'record')} without an abstract")


class _Skips(Skipped):
    """Counts what `skip_bad` dropped, to report it once when the input is done."""

    def __init__(self, source: _Input, unit: str) -> None:
        super().__init__()
        self.source = source
        self.unit = unit

    def bad(self, where: str, problem: str, malformed: bool) -> None:
        if not self.source.skip_bad:
            raise InputError(f"{self.source.label}: {where}: {problem}")
        if malformed:
            self.malformed += 1
        else:
            self.no_abstract += 1

    def done(self) -> None:
        """The input (or the range of it read) is done: report, or hand the counts over."""
        if self.source.on_skipped is None:
            self.report(self.source.label, self.unit, self.source.warn)
        else:
            self.source.on_skipped(Skipped(self.malformed, self.no_abstract, self.surrogates))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _object_fields(obj: Any, where: str, skips: _Skips) -> dict[str, Any] | None:
    if not isinstance(obj, dict):
        skips.bad(where, f"expected a JSON object, got {_json_type(obj)}", malformed=True)
        return None
    names = skips.source.fields
    try:
        return _record_fields(_unwrapped(obj, names), names)
    except _BadRecord as exc:
        skips.bad(where, str(exc), malformed=False)
        return None


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


# --------------------------------------------------------------------------- formats

#: A JSON escape of a surrogate, of which `json.loads` leaves lone ones in strings.
_SURROGATE_ESCAPE = compile_re(r"\\u[dD][89a-fA-F]")
_SURROGATE = compile_re("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD (a character for a character)."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _json_loads(text: str, where: str, skips: _Skips) -> Any:
    """A JSON value, with what JSON output cannot hold kept in a form it can.

    `NaN`, `Infinity` and numbers beyond a float or past Python's limit on the digits of
    an int (4,300) are kept as the text they are written as; lone surrogates are
    replaced (`without_surrogates`) and counted in `skips`.
    """
    value = json.loads(text, parse_constant=str, parse_int=_json_int, parse_float=_json_float)
    if "\\u" in text and _SURROGATE_ESCAPE.search(text) and _has_surrogates(value):
        skips.surrogates.append(where)
        value = _replace_surrogates(value)
    return value


def _json_int(text: str) -> int | str:
    return int(text) if len(text) <= 4000 else text


def _json_float(text: str) -> float | str:
    value = float(text)
    return value if math.isfinite(value) else text


def _has_surrogates(value: Any) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_surrogates(k) or _has_surrogates(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogates(v) for v in value)
    return False


def _replace_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return without_surrogates(value)
    if isinstance(value, dict):
        return {without_surrogates(k): _replace_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_surrogates(v) for v in value]
    return value


#: What a JSON value nested deeper than the json module can recurse is reported as.
_TOO_DEEP = "invalid JSON (nested too deeply)"


def _parse_jsonl(lines: Lines, source: _Input) -> Iterator[dict[str, Any]]:
    skips = _Skips(source, "line")
    for number, line in lines:
        if not line.strip():
            continue
        try:
            obj = _json_loads(line.rstrip(_ENDING), f"line {number}", skips)
        except json.JSONDecodeError as exc:
            skips.bad(
                f"line {number}", f"invalid JSON ({exc.msg} at column {exc.colno})", malformed=True
            )
            continue
        except RecursionError:  # the json module recurses once per level of nesting
            skips.bad(f"line {number}", _TOO_DEEP, malformed=True)
            continue
        fields = _object_fields(obj, f"line {number}", skips)
        if fields is not None:
            yield fields
    skips.done()


def _parse_json(lines: Lines, source: _Input) -> Iterator[dict[str, Any]]:
    # strings in JSON hold no raw line breaks: the lines' own endings change no value
    text = "\n".join(line.rstrip(_ENDING) for _, line in lines)
    if not text.strip():
        return
    skips = _Skips(source, "record")
    try:
        data = _json_loads(text, "", skips)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source.label}: line {exc.lineno}: invalid JSON ({exc.msg} at column {exc.colno})"
        ) from None
    except RecursionError:
        raise InputError(f"{source.label}: {_TOO_DEEP}") from None
    if isinstance(data, dict) and isinstance(data.get("papers"), list):
        records = data["papers"]
    elif isinstance(data, list):
        records = data
    elif isinstance(data, dict) and (
        source.fields.abstract or _has_abstract(_unwrapped(data, source.fields))
    ):
        records = [data]
    else:
        raise InputError(
            f"{source.label}: expected an array of papers or an object with a 'papers' array"
        )
    for number, obj in enumerate(records, 1):
        fields = _object_fields(obj, f"record {number}", skips)
        if fields is not None:
            yield fields
    skips.done()


def _parse_csv(lines: Lines, source: _Input) -> Iterator[dict[str, Any]]:
    _raise_csv_field_limit()
    first = next(((n, line) for n, line in lines if line.strip()), None)
    if first is None:
        return
    offset = first[0] - 1  # blank lines before the header are not fed to the csv module
    delimiter = _delimiter(source.inner, first[1].rstrip(_ENDING))
    # The lines come with their endings, which the csv module keeps in quoted cells as
    # written. Strict: a quote left open is an error, not a cell that runs to the next one.
    feed = (line for _, line in itertools.chain([first], lines))
    reader = csv.reader(feed, delimiter=delimiter, strict=True)
    skips = _Skips(source, "row")
    row_start = first[0]
    try:
        header = next(reader)
        columns = [cell.strip().lower() for cell in header]
        names = source.fields
        abstract_keys = _wanted(names.abstract, ("abstract", "summary"))
        if not any(key in columns for key in abstract_keys):
            shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
            shown = shown.replace("\r", "\\r").replace("\n", "\\n")  # a quoted cell may span lines
            raise InputError(
                f"{source.label}: line {reader.line_num + offset}: no {_either(abstract_keys)} "
                f"column in the CSV header ({shown})"
            )
        row_start = reader.line_num + offset + 1
        for row in reader:
            where = f"line {row_start}"
            row_start = reader.line_num + offset + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                skips.bad(
                    where, f"{len(row)} fields but the header has {len(header)}", malformed=True
                )
                continue
            try:
                yield _record_fields(dict(zip(header, row, strict=False)), names)
            except _BadRecord as exc:
                if len(row) < len(header):  # the row ends before its abstract cell
                    skips.bad(
                        where, f"{len(row)} fields but the header has {len(header)}", malformed=True
                    )
                else:
                    skips.bad(where, str(exc), malformed=False)
    except csv.Error as exc:
        where = f"line {row_start}" + (
            f"-{reader.line_num + offset}" if reader.line_num + offset > row_start else ""
        )
        problem = "a quoted cell is not closed" if "end of data" in str(exc) else str(exc)
        raise InputError(f"{source.label}: {where}: malformed CSV ({problem})") from None
    skips.done()


def _raise_csv_field_limit() -> None:
    """Abstracts can exceed the csv module's 128 KiB field limit; lift it as far as it goes."""
    limit = sys.maxsize
    while limit > csv.field_size_limit():
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 2


_ATOM = "{http://www.w3.org/2005/Atom}"
#: The start of an Atom feed, after any XML declaration and comments.
_ATOM_FEED = compile_re(r"<(?:\w+:)?feed\b[^>]*http://www\.w3\.org/2005/Atom")
#: An arXiv abstract page, whose path is the paper's id, with its version.
_ARXIV_ABS = compile_re(r"https?://(?:export\.)?arxiv\.org/abs/(?P<id>.+?)(?:v\d+)?$")


def _parse_atom(lines: Lines, source: _Input) -> Iterator[dict[str, Any]]:
    """Papers of an Atom feed, as the arXiv API returns: one per `<entry>`, read as it ends.

    An entry's `<summary>` is the abstract, its `<published>` the date and its authors
    are counted; its `<id>` is the record id, an arXiv abstract URL becoming the arXiv id
    without version (`http://arxiv.org/abs/2401.12345v2` → `2401.12345`). Other elements
    are kept in `meta` by name. XML entities are not fetched or expanded beyond XML's own.
    """
    from xml.etree.ElementTree import Element, ParseError, XMLPullParser

    parser: XMLPullParser[Element] = XMLPullParser(events=("end",))
    skips = _Skips(source, "entry")
    line_number = entries = 0

    def ended() -> Iterator[dict[str, Any]]:
        nonlocal entries
        # with only "end" events asked for, each event is ("end", element)
        for _, element in cast(Iterator[tuple[str, Element]], parser.read_events()):
            if element.tag != _ATOM + "entry":
                continue
            entries += 1
            fields = _object_fields(_atom_record(element), f"entry {entries}", skips)
            element.clear()
            if fields is not None:
                yield fields

    try:
        fed = False
        for line_number, line in lines:  # noqa: B007 (the number is read in the errors below)
            fed = fed or bool(line.strip())
            parser.feed(line)
            yield from ended()
        if not fed:
            return  # an empty input, as in every format: no papers
        parser.close()
        yield from ended()
    except ParseError as exc:
        where, reason = exc.position[0], re.sub(r": line \d+, column \d+$", "", str(exc))
        raise InputError(f"{source.label}: line {where}: invalid XML ({reason})") from None
    if not entries and line_number:
        raise InputError(f"{source.label}: no Atom <entry> elements (is this an Atom feed?)")
    skips.done()


def _atom_record(entry: Any) -> dict[str, Any]:
    """An Atom entry as a record: its elements' texts by local name, authors as a list."""
    record: dict[str, Any] = {}
    authors: list[str] = []
    for child in entry:
        name = child.tag.rsplit("}", 1)[-1]
        if name == "author":
            authors.append(child.findtext(_ATOM + "name", "").strip())
        elif name == "link":
            record.setdefault("links", []).append(dict(child.attrib))
        elif name == "category":
            record.setdefault("categories", []).append(child.get("term", ""))
        elif name not in record:
            # an element without text says it in an attribute (`<arxiv:primary_category term=..>`)
            text = (child.text or "").strip()
            record[name] = text or child.get("term") or child.get("href") or ""
    if authors:
        record["authors"] = authors
    entry_id = _ARXIV_ABS.match(str(record.get("id", "")).strip())
    if entry_id:
        record["id"] = entry_id["id"]
    return record


def _parse_text(lines: Lines, source: _Input) -> Iterator[dict[str, Any]]:
    """One abstract per paragraph: its lines as in the file, without the last line's ending."""
    paragraph: list[str] = []
    first = 0
    long_ones: list[int] = []

    def abstract() -> dict[str, Any]:
        text = "".join(paragraph)
        text = text[: len(text) - _ending_length(text)]
        if len(text) > LONG_PARAGRAPH and len(paragraph) > 1:
            long_ones.append(first)
        return {"title": "", "abstract": text}

    for number, line in lines:
        if line.strip():
            if not paragraph:
                first = number
            paragraph.append(line)
        elif paragraph:
            yield abstract()
            paragraph = []
    if paragraph:
        yield abstract()
    if long_ones:
        source.warn(
            f"{source.label}: line {long_ones[0]}: "
            + (f"{len(long_ones)} paragraphs" if len(long_ones) > 1 else "a paragraph")
            + f" of more than {LONG_PARAGRAPH:,} characters over several lines, each read as "
            "one abstract (abstracts are separated by blank lines)"
        )


def _ending_length(line: str) -> int:
    """The length of the line ending `line` ends with (0, 1 or 2)."""
    return 2 if line.endswith("\r\n") else 1 if line.endswith(("\n", "\r")) else 0


# --------------------------------------------------------------------------- Hugging Face

#: Lines of the page around the listing; matched case-insensitively.
_HF_CHROME = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "byak and the research community",
    }
)
#: Chrome lines specific enough to recognise a listing by.
_HF_MARKERS = frozenset(
    {"get trending papers in your email inbox!", "daily papers", "byak and the research community"}
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = compile_re(rf"(?P<date>{_MONTH}\.? \d{{1,2}}(?:, \d{{4}})?)(?: (?P<upvotes>\d{{1,9}}))?")
_AUTHORS = compile_re(r"(?:[•·*-]\s*)?(\d{1,9})\s+authors?")
_UPVOTES = compile_re(r"\d{1,7}")
#: A title is at most this long; an abstract at least _ABSTRACT_MIN long.
_TITLE_MAX = 300
_ABSTRACT_MIN = 120


@dataclass
class _Listed:
    """A paper of a listing while its lines are being read."""

    title: str
    abstract: str | None = None
    authors: int | None = None
    organization: str | None = None
    dot: bool = False
    date: str | None = None
    upvotes: int | None = None
    paragraphs: list[str] = field(default_factory=list)

    def has_metadata(self) -> bool:
        return self.dot or self.authors is not None or self.organization is not None

    def fields(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "abstract": "".join([self.abstract or "", *self.paragraphs]),
            "authors": self.authors,
            "organization": self.organization,
            "date": self.date,
            "upvotes": self.upvotes,
        }

    def take_metadata(self, line: str, following: str | None) -> bool:
        """Consume `line` if it is one of the metadata lines after the abstract."""
        if self.date is not None:
            if self.upvotes is None and _UPVOTES.fullmatch(line):
                self.upvotes = int(line)
                return True
            return False
        if not self.dot:
            if self.authors is None and self.organization is None:
                match = _AUTHORS.fullmatch(line)
                if match:
                    self.authors = int(match[1])
                    return True
            if line == "·":
                self.dot = True
                return True
            if self.organization is None and following == "·" and len(line) <= 100:
                self.organization = line
                return True
        if self.has_metadata():
            match = _DATE.fullmatch(line)
            if match:
                self.date = match["date"]
                self.upvotes = int(match["upvotes"]) if match["upvotes"] else None
                return True
        return False


class _Lookahead:
    """The stripped non-blank lines of an input, with a look at the next one.

    Lines are recognised stripped; papers keep them as written: `raw` is the current
    line without its ending, and `gap` what the file has between the previous non-blank
    line and it (that line's ending and any blank lines).
    """

    def __init__(self, lines: Lines) -> None:
        self._lines = self._content(lines)
        self._next = next(self._lines, None)
        self.raw = ""
        self.gap = ""

    @staticmethod
    def _content(lines: Lines) -> Iterator[tuple[str, str, str]]:
        gap: list[str] = []
        for _, line in lines:
            stripped = line.strip()
            if not stripped:
                gap.append(line)
                continue
            body = line[: len(line) - _ending_length(line)]
            yield stripped, body, "".join(gap)
            gap = [line[len(body) :]]

    def __iter__(self) -> Iterator[str]:
        while self._next is not None:
            stripped, self.raw, self.gap = self._next
            self._next = next(self._lines, None)
            yield stripped

    def peek(self) -> str | None:
        return self._next[0] if self._next is not None else None


def _parse_hf(lines: Lines, source: _Input) -> Iterator[dict[str, Any]]:
    """Papers of a Daily Papers page as text: title, abstract, then optional metadata.

    The metadata after an abstract is `• N authors` or an organisation line, then `·`,
    then the date with an optional upvote count. Lines are recognised by shape, not by
    blank lines, so missing or extra blank lines do not matter; a title whose abstract is
    missing is skipped and counted in a warning.
    """
    items = _Lookahead(lines)
    paper: _Listed | None = None
    found = orphans = 0
    seen_text = False
    for line in items:
        seen_text = True
        following = items.peek()
        if line.lower() in _HF_CHROME:
            if paper is not None and paper.abstract is not None:
                found += 1
                yield paper.fields()
            elif paper is not None:
                orphans += 1
            paper = None
            continue
        if paper is not None and paper.abstract is not None:
            if paper.take_metadata(line, following):
                continue
            if not paper.has_metadata() and not _starts_paper(line, following):
                paper.paragraphs.append(items.gap + items.raw)  # an abstract of paragraphs
                continue
            found += 1
            yield paper.fields()
            paper = None
        if paper is None:
            if _is_metadata(line):
                continue  # metadata of a paper whose abstract was not copied
            if len(line) > _TITLE_MAX or (
                len(line) >= _ABSTRACT_MIN and following is not None and _is_metadata(following)
            ):
                paper = _Listed(title="", abstract=items.raw)  # the title was not copied
            elif not _is_heading(line, following):
                paper = _Listed(title=items.raw)
            continue
        if _is_abstract(line, following):
            paper.abstract = items.raw
        else:
            orphans += 1
            metadata = _is_metadata(line) or _is_heading(line, following)
            paper = None if metadata else _Listed(title=items.raw)
    if paper is not None and paper.abstract is not None:
        found += 1
        yield paper.fields()
    elif paper is not None:
        orphans += 1
    if seen_text and not found:
        raise InputError(
            f"{source.label}: no papers found "
            "(is this a Hugging Face Daily Papers dump? try --input-format text)"
        )
    if orphans:
        source.warn(f"{source.label}: skipped {_plural(orphans, 'title')} without an abstract")


def _starts_paper(line: str, following: str | None) -> bool:
    """Whether a line after an abstract is the next title rather than another paragraph.

    Short lines are titles; a line of title length is one only if a longer line, its
    abstract, follows.
    """
    if len(line) > _TITLE_MAX:
        return False
    if len(line) < _ABSTRACT_MIN or following is None:
        return True
    return len(following) >= _ABSTRACT_MIN and len(following) > len(line)


def _is_heading(line: str, following: str | None) -> bool:
    """A date heading of the page ("Jul 29"), unless an abstract follows: then it is a title."""
    return bool(_DATE.fullmatch(line)) and not (
        following is not None and len(following) >= _ABSTRACT_MIN and len(following) > len(line)
    )


def _is_metadata(line: str) -> bool:
    """An authors line or the `·` separator: never a title."""
    return line == "·" or bool(_AUTHORS.fullmatch(line))


def _is_abstract(line: str, following: str | None) -> bool:
    """Whether `line`, after a title, is its abstract rather than the next title.

    Abstracts are long. A line of title length counts as the abstract only if the next line
    is not longer still, which would make the current title one whose abstract is missing.
    """
    if len(line) < _ABSTRACT_MIN:
        return False
    if len(line) > _TITLE_MAX or following is None:
        return True
    return len(following) <= len(line) or following.lower() in _HF_CHROME


# --------------------------------------------------------------------------- helpers

_PARSERS: dict[str, Callable[[Lines, _Input], Iterator[dict[str, Any]]]] = {
    "hf": _parse_hf,
    "jsonl": _parse_jsonl,
    "json": _parse_json,
    "csv": _parse_csv,
    "atom": _parse_atom,
    "text": _parse_text,
}

_URL = compile_re(
    r"(?:https?://|www\.|github\.com/|gitlab\.com/|huggingface\.co/)[^\s<>\"'{}|\\^`\[\]]*"
)
#: A repository path cut from its host by a stray space: "https://github.com/ user/repo".
_CUT_PATH = compile_re(r" ([\w.-]+/[^\s<>\"'{}|\\^`\[\]]+)")
_HOST_ONLY = compile_re(r"(?:https?://)?[\w.-]+\.[a-z]{2,}/", re.IGNORECASE)
_TRAILING = ".,;:!?*'\"~"


def find_urls(text: str) -> tuple[str, ...]:
    """The distinct URLs in `text`, in order, cleaned of the punctuation around them.

    Bare github.com/gitlab.com/huggingface.co/www. addresses get an https:// scheme, and a
    path cut from its host by a space is joined back.
    """
    if not ("http" in text or "www." in text or ".com/" in text or "huggingface.co/" in text):
        return ()  # most abstracts: substring tests, where the regex would scan them all
    urls: list[str] = []
    for match in _URL.finditer(text):
        url = match.group()
        before = text[match.start() - 1 : match.start()]
        if not url.startswith("http") and before and (before.isalnum() or before in "_./@-"):
            continue  # inside a longer address, such as an e-mail or another URL
        if _HOST_ONLY.fullmatch(url):
            cut = _CUT_PATH.match(text, match.end())
            if cut:
                url += cut.group(1)
        url = _strip_trailing(url)
        if not url.startswith(("http://", "https://")):
            url = "https://" + url
        if re.match(r"https?://[^/]+\.[^/]+", url) and url not in urls:
            urls.append(url)
    return tuple(urls)


def _strip_trailing(url: str) -> str:
    while url:
        if url[-1] in _TRAILING or (url[-1] == ")" and url.count(")") > url.count("(")):
            url = url[:-1]
        else:
            break
    return url


def title_key(title: str) -> str:
    """The key papers are de-duplicated by: NFKC, lower case, letters and digits only."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", title).lower() if ch.isalnum())


def _dedupe(papers: Iterable[Paper], warn: Warn) -> Iterator[Paper]:
    """The first paper of each title (of each abstract, for papers without a title)."""
    seen: set[tuple[str, str]] = set()
    dropped = 0
    for paper in papers:
        key = (
            ("title", title_key(paper.title))
            if paper.title.strip()
            else ("abstract", title_key(paper.abstract))
        )
        if key in seen:
            dropped += 1
            continue
        seen.add(key)
        yield paper
    if dropped:
        warn(f"dropped {_plural(dropped, 'duplicate paper')}")
