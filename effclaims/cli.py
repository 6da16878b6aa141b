"""The `effclaims` command line: options in, library calls, rows out.

Data goes to stdout (or `-o FILE`), messages to stderr as `effclaims: <message>`.
Only typer and the standard library are imported here at start-up; readers, the
extractor, pandas and rich tables are imported inside the commands that use them,
so that `effclaims --version` and `--help` answer at once.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import inspect
import os
import signal
import stat
import sys
import time
import traceback
import typing
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TextIO

import typer
from typer.core import TyperGroup

from .claim_types import select
from .errors import EffclaimsError, OutputError
from .launch import VERSION_LINE
from .model import CLAIM_TYPES

if TYPE_CHECKING:
    # the context a group is invoked with: the base of typer.Context, in typer's own click
    from rich.progress import Progress, TaskID
    from typer._click import Context

    from .model import Claim, Paper
    from .ranges import Part, Range
    from .readers import FieldNames, Meter
    from .writers import Joined

Format = Literal["table", "json", "jsonl", "csv", "tsv", "xlsx", "parquet", "sqlite"]
InputFormat = Literal["hf", "jsonl", "json", "csv", "atom", "text"]

#: Output format implied by the extension of `-o FILE` when `--format` is not given.
EXTENSION_FORMATS: dict[str, Format] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".txt": "table",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
    ".db": "sqlite",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
}

#: Formats of bytes rather than text: never written to a terminal.
BINARY_FORMATS = frozenset({"xlsx", "parquet", "sqlite"})

#: The formats a command writes rows in; `extract` also writes a database.
ROW_FORMATS: tuple[Format, ...] = ("table", "json", "jsonl", "csv", "tsv", "xlsx", "parquet")

#: Inputs of more papers than this get a progress bar (on a terminal).
PROGRESS_AFTER = 300

_DEBUG = "effclaims.debug"
#: The exit code of a run that wrote everything but the claims of papers that failed.
INCOMPLETE = 3


def _say(message: str) -> None:
    """One line on stderr, even when the message quotes input (a file name, a title) with
    line breaks or escape sequences: control characters are shown as escapes."""
    from .terminal import escaped

    print(f"effclaims: {escaped(message)}", file=sys.stderr, flush=True)


def _parse_types(value: str) -> frozenset[str] | None:
    try:
        return select(value)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None


def _remember_debug(ctx: typer.Context, value: bool) -> bool:
    """Note --debug where the error handler of the command group can see it."""
    ctx.meta[_DEBUG] = value
    return value


@dataclass(frozen=True)
class InputOptions:
    """How inputs are read and what is extracted from them: shared by every command."""

    input_format: Annotated[
        InputFormat | None,
        typer.Option(
            "--input-format",
            "-f",
            help="Format of the inputs (default: guessed per input).",
            show_default=False,
        ),
    ] = None
    dedupe: Annotated[
        bool, typer.Option("--dedupe", help="Keep only the first of papers with the same title.")
    ] = False
    skip_bad: Annotated[
        bool,
        typer.Option(
            "--skip-bad", help="Warn about malformed records and go on, instead of stopping."
        ),
    ] = False
    types: Annotated[
        frozenset[str] | None,
        typer.Option(
            "--type",
            parser=_parse_types,
            metavar="TYPE[,TYPE...]",
            help=f"Only claims of these types: {', '.join(CLAIM_TYPES)}.",
            show_default=False,
        ),
    ] = None
    title_field: Annotated[
        str | None,
        typer.Option(
            "--title-field",
            metavar="NAME",
            help="JSON field or CSV column of the title (default: title); a.b for a nested field.",
            show_default=False,
        ),
    ] = None
    abstract_field: Annotated[
        str | None,
        typer.Option(
            "--abstract-field",
            metavar="NAME",
            help="JSON field or CSV column of the abstract (default: abstract, else summary).",
            show_default=False,
        ),
    ] = None
    id_field: Annotated[
        str | None,
        typer.Option(
            "--id-field",
            metavar="NAME",
            help="JSON field or CSV column of the record id, carried into every row (default: id).",
            show_default=False,
        ),
    ] = None
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Worker processes (default: all cores).", show_default=False
        ),
    ] = None
    debug: Annotated[
        bool,
        typer.Option("--debug", callback=_remember_debug, help="Show the traceback of an error."),
    ] = False

    @property
    def workers(self) -> int:
        # the cores this process may use (a container's limit), not all the machine has
        usable = (
            len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        )
        return self.jobs or usable or 1

    @property
    def fields(self) -> FieldNames:
        from .readers import FieldNames

        return FieldNames(self.title_field, self.abstract_field, self.id_field)


@dataclass(frozen=True)
class OutputOptions:
    """Where rows go and in which format: shared by every command that writes rows."""

    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            help="Output format (default: from the -o extension, else table on a terminal, json otherwise).",
            show_default=False,
        ),
    ] = None
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (whole or not at all) instead of stdout; the format follows "
            f"its extension ({', '.join(EXTENSION_FORMATS)}).",
            show_default=False,
        ),
    ] = None
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="CSV or TSV for Excel: start with the UTF-8 byte-order mark that Excel needs "
            "to read accents and symbols right.",
        ),
    ] = False

    def resolve(self, formats: Sequence[Format] = ROW_FORMATS) -> Format:
        """The output format: --format, else the extension of -o, else by where stdout goes.

        A format the command does not write, an extension that names none, a binary format
        bound for a terminal and --excel with a format other than CSV or TSV are usage errors.
        """
        fmt = self.format or self._format_of_output()
        if fmt not in formats:
            raise typer.BadParameter(
                f"this command writes {', '.join(formats)}, not {fmt}", param_hint="--format"
            )
        if fmt in BINARY_FORMATS and self.to_terminal:
            raise typer.BadParameter(
                f"{fmt} is not for a terminal: name a file with -o FILE", param_hint="--format"
            )
        if fmt == "sqlite" and self.output is None:
            raise typer.BadParameter("a database needs -o FILE", param_hint="--format")
        if fmt == "parquet" and importlib.util.find_spec("pyarrow") is None:
            raise OutputError("writing Parquet needs pyarrow: pip install 'effclaims[parquet]'")
        if self.excel and fmt not in ("csv", "tsv"):
            raise typer.BadParameter(f"is for csv and tsv, not {fmt}", param_hint="--excel")
        return fmt

    def _format_of_output(self) -> Format:
        if self.output is None:
            return "table" if sys.stdout.isatty() else "json"
        if self.output.is_dir():
            raise OutputError(f"cannot write {self.output}: it is a directory")
        if self.output.exists() and not self.output.resolve().is_file():
            return "json"  # a device, a pipe, /dev/stdout: written as a pipe is, in place
        name = self.output.name.lower().removesuffix(".gz")  # written compressed
        fmt = EXTENSION_FORMATS.get(os.path.splitext(name)[1])
        if fmt is None:
            raise typer.BadParameter(
                f"cannot tell the format of {self.output.name!r} from its extension: use one of "
                f"{', '.join(EXTENSION_FORMATS)}, or give --format",
                param_hint="--output",
            )
        return fmt

    def check_not_input(self, paths: list[str]) -> None:
        """Refuse, before any work, an output file that is also one of the inputs: the
        input would be replaced by what is read from it."""
        if self.output is None or not self.output.exists():
            return
        for path in paths:
            if path != "-" and os.path.exists(path) and os.path.samefile(path, self.output):
                raise OutputError(f"cannot write {self.output}: it is the input {path}")

    @property
    def to_terminal(self) -> bool:
        return self.output is None and sys.stdout.isatty()

    @contextmanager
    def open(self) -> Iterator[TextIO]:
        """The stream to write to; a file only appears once everything is written."""
        if self.output is None:
            # a table's cells are cleaned as they are laid out, around the table's own styles
            if sys.stdout.isatty() and self.resolve() != "table":
                from .terminal import Sanitised

                yield typing.cast(TextIO, Sanitised(sys.stdout))
            else:
                yield sys.stdout
            sys.stdout.flush()  # a closed pipe must show up here, not at exit
            return
        from .writers import atomic_open

        with atomic_open(self.output) as fh:
            yield fh


_OPTION_GROUPS = (InputOptions, OutputOptions)


def option_groups(command: Callable[..., Any]) -> Callable[..., Any]:
    """Let a command take `InputOptions`/`OutputOptions` parameters as single objects.

    Each such parameter is replaced, in the signature typer reads, by the options
    its dataclass declares; the command then gets them back as one object. So every
    command shares one definition of each option group.
    """
    signature = inspect.signature(command, eval_str=True)
    groups = {
        p.name: p.annotation
        for p in signature.parameters.values()
        if p.annotation in _OPTION_GROUPS
    }
    params = [p for p in signature.parameters.values() if p.name not in groups]
    for cls in groups.values():
        hints = typing.get_type_hints(cls, include_extras=True)
        params += [
            inspect.Parameter(
                f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=hints[f.name]
            )
            for f in dataclasses.fields(cls)
        ]

    @functools.wraps(command, assigned=("__module__", "__name__", "__qualname__", "__doc__"))
    def run(**kwargs: Any) -> Any:
        for name, cls in groups.items():
            kwargs[name] = cls(**{f.name: kwargs.pop(f.name) for f in dataclasses.fields(cls)})
        return command(**kwargs)

    # a function takes any attribute, and inspect.signature reads this one; typeshed
    # declares no __signature__ on callables
    run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    return run


class _Commands(TyperGroup):
    """Turns what can go wrong in a command into one line on stderr and an exit code."""

    def invoke(self, ctx: Context) -> Any:
        global _failures
        _failures = 0  # the command may run again in the same process (tests, notebooks)
        try:
            result = super().invoke(ctx)
            if _failures:
                _say(
                    f"{_failures} paper{'s' * (_failures != 1)} without claims: "
                    f"extraction failed (see the warnings above); exit code {INCOMPLETE}"
                )
                raise typer.Exit(INCOMPLETE)
            return result
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise
        except EffclaimsError as e:
            if ctx.meta.get(_DEBUG):
                traceback.print_exc()
            _say(str(e))
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt as e:
            # What is still buffered for stdout is dropped: a reader that stopped reading
            # would otherwise block the flush at exit, and the interrupt with it.
            _discard_stdout()
            signum = e.signum if isinstance(e, Terminated) else signal.SIGINT
            _say(
                "interrupted"
                if signum == signal.SIGINT
                else f"{signal.Signals(signum).name}: stopped"
            )
            raise typer.Exit(128 + signum) from None
        except BrokenPipeError:
            # The reader went away (`| head`): say nothing, and let nothing more be
            # written to the closed pipe when Python flushes stdout on exit.
            _discard_stdout()
            raise typer.Exit(1) from None
        except Exception as e:
            if ctx.meta.get(_DEBUG):
                raise
            if isinstance(e, OSError) and e.strerror:
                _say(f"{e.strerror}: {e.filename}" if e.filename else e.strerror)
            else:
                _say(
                    f"internal error: {type(e).__name__}: {e} (run with --debug for the traceback)"
                )
            raise typer.Exit(1) from None


def _discard_stdout() -> None:
    """Send whatever stdout still holds, and anything written to it later, nowhere."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):
        return  # not a real file (stdout captured in process): nothing can block
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


_HELP = """Extract efficiency claims (speedups, memory savings, bit-widths, hardware, model
sizes, throughput, latency) from ML paper abstracts, as a table, JSON, JSON Lines, CSV,
TSV, an Excel or Parquet file, or an SQLite database.

\b
Examples:
  effclaims extract daily_papers.txt
  effclaims extract dumps/*.txt --dedupe --type speedup,hardware -o claims.csv
  effclaims extract papers.jsonl -o claims.db
  cat papers.jsonl | effclaims extract --format jsonl --by-paper
  effclaims papers daily_papers.txt
  effclaims eval gold.jsonl daily_papers.txt --errors
  effclaims show daily_papers.txt --html report.html
  effclaims stats daily_papers.txt
"""

app = typer.Typer(
    cls=_Commands,
    help=_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Paths = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATH",
        help="Input files (Daily Papers text dumps, JSON, JSON Lines, CSV, Atom feeds); - for "
        "stdin, which is also read when no path is given and it is not a terminal.",
        show_default=False,
    ),
]


def _inputs(paths: list[str] | None) -> list[str]:
    """The paths to read: those given, else standard input when something is piped in."""
    if paths:
        return paths
    if sys.stdin is None or sys.stdin.isatty():
        raise typer.BadParameter("name a file to read, or pipe one in", param_hint="PATH")
    return ["-"]


def _stdin_follows(paths: list[str]) -> bool:
    """Whether an input is standard input fed over time (a pipe or terminal, not a file)."""
    if "-" not in paths:
        return False
    try:
        return not stat.S_ISREG(os.fstat(sys.stdin.fileno()).st_mode)
    except (AttributeError, ValueError, OSError):
        return True  # not a real file (stdin replaced in process): take it as a stream


def _show_version(value: bool) -> None:
    if value:
        print(VERSION_LINE)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    pass


def _claims(
    paths: list[str], inputs: InputOptions, out: OutputOptions
) -> Iterable[tuple[Paper, list[Claim]]]:
    """(paper, claims) pairs of the inputs, streamed; unreadable inputs fail here, before any work."""
    from .extraction import extract_papers
    from .readers import Meter, read_many

    out.check_not_input(paths)
    meter = Meter(paths)
    papers = read_many(
        paths,
        inputs.input_format,
        skip_bad=inputs.skip_bad,
        on_warning=lambda message: _say(f"warning: {message}"),
        dedupe=inputs.dedupe,
        fields=inputs.fields,
        meter=meter,
    )
    follow = _stdin_follows(paths)
    pairs = _interruptible(
        extract_papers(
            papers, types=inputs.types, jobs=inputs.workers, follow=follow, on_failure=_failed
        )
    )
    # On a terminal, a table on stdout shows progress by itself and a bar would tear it.
    if sys.stderr.isatty() and not out.to_terminal:
        return _with_progress(pairs, meter)
    return pairs


#: Papers whose extraction failed in this command, for its exit code.
_failures = 0


def _failed(paper: Paper, error: str) -> None:
    """Warn of a paper whose extraction failed, and count it for the exit code."""
    global _failures
    _failures += 1
    _say(
        f"warning: {paper.source}: paper {paper.index} ({_paper_name(paper)}): "
        f"extraction failed ({error}); written without claims"
    )


def _paper_name(paper: Paper) -> str:
    """How a warning names a paper: its id where the record has one, else its title."""
    if paper.id:
        return f"id {paper.id[:60]}"
    name = " ".join((paper.title or paper.abstract).split())
    return repr(name if len(name) <= 60 else name[:59] + "…")


#: The signal that is ending the command (SIGINT, SIGTERM or SIGHUP), once one came.
_interrupted: KeyboardInterrupt | None = None


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: handled as Ctrl-C is, so that nothing is left half-written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, frame: object) -> None:
    """Ctrl-C, SIGTERM or SIGHUP: remember it, then interrupt as Python does for Ctrl-C.

    Python raises KeyboardInterrupt wherever the program is when the signal comes. Raised
    inside a finaliser (an unfinished generator being collected), it is printed as
    ignored and the program goes on, and if it then waits for more input on stdin, it
    waits for good. What is remembered here is raised again between papers.
    """
    global _interrupted
    _interrupted = KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)
    raise _interrupted


def _interruptible(
    pairs: Iterable[tuple[Paper, list[Claim]]],
) -> Iterator[tuple[Paper, list[Claim]]]:
    """Pass pairs through, stopping before the next paper is read once Ctrl-C was pressed."""
    for pair in pairs:
        yield pair
        if _interrupted is not None:
            raise _interrupted


def _with_progress(
    pairs: Iterable[tuple[Paper, list[Claim]]], meter: Meter
) -> Iterator[tuple[Paper, list[Claim]]]:
    """Pass pairs through; once there are many, show a bar on stderr.

    The bar measures the bytes read against the inputs' size where they are files (so its
    percentage and time left hold for any format), and counts papers and their rate.
    """
    progress = None
    started = time.monotonic()
    try:
        for n, pair in enumerate(pairs, 1):
            if n == PROGRESS_AFTER:
                progress, task = _progress_bar(meter.total, n)
            if progress is not None:
                rate = n / max(time.monotonic() - started, 1e-9)
                progress.update(task, completed=meter.done(), papers=n, rate=rate)
            yield pair
    finally:
        if progress is not None:
            progress.stop()


def _ranges_with_progress(
    parts: Generator[tuple[Range, Part], None, None], total: int
) -> Generator[tuple[Range, Part], None, None]:
    """Pass the parts of ranges through, with a bar on stderr of the bytes and papers done;
    closed, it closes `parts`.

    The bar starts with the first part, once the workers have started: a process forked
    while the bar's thread holds a lock (of stderr, say) would inherit it held.
    """
    progress = None
    started = time.monotonic()
    done = papers = 0
    try:
        for piece, part in parts:
            if progress is None:
                progress, task = _progress_bar(total, 0)
            done += piece.end - piece.start
            papers += part.papers
            rate = papers / max(time.monotonic() - started, 1e-9)
            progress.update(task, completed=done, papers=papers, rate=rate)
            yield piece, part
    finally:
        if progress is not None:
            progress.stop()
        parts.close()


def _progress_bar(total: int | None, papers: int) -> tuple[Progress, TaskID]:
    """A bar on stderr, started: of bytes read where their `total` is known, with papers
    done and their rate (the fields `papers` and `rate` of its task)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    known = total is not None
    columns = [
        TextColumn("extracting"),
        BarColumn(),
        *((TaskProgressColumn(), DownloadColumn()) if known else ()),
        TextColumn("{task.fields[papers]:,} papers, {task.fields[rate]:,.0f}/s"),
        TimeRemainingColumn() if known else TimeElapsedColumn(),
    ]
    progress = Progress(*columns, console=Console(stderr=True), transient=True)
    task = progress.add_task("extracting", total=total, papers=papers, rate=0.0)
    progress.start()
    return progress, task


@dataclass
class _Tally:
    """What went through a run, for the line that says what was written."""

    papers: int = 0
    claims: int = 0

    def count(
        self, pairs: Iterable[tuple[Paper, list[Claim]]]
    ) -> Iterator[tuple[Paper, list[Claim]]]:
        for paper, claims in pairs:
            self.papers += 1
            self.claims += len(claims)
            yield paper, claims


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _wrote(what: str, out: OutputOptions) -> None:
    """One line on stderr at the end: what was written where, to a file or from a terminal."""
    if out.output is not None:
        _say(f"wrote {what} to {out.output}")
    elif sys.stderr.isatty() and not sys.stdout.isatty():
        _say(f"wrote {what} to stdout")


@app.command(epilog="Example: effclaims extract dumps/*.txt --type speedup,hardware -o claims.csv")
@option_groups
def extract(
    paths: Paths = None,
    *,
    inputs: InputOptions,
    out: OutputOptions,
    by_paper: Annotated[
        bool,
        typer.Option(
            "--by-paper", help="One record per paper with its claims nested (json, jsonl, table)."
        ),
    ] = False,
) -> None:
    """Extract the efficiency claims of papers: one row per claim.

    Into a database (-o claims.db), papers are added that it does not hold yet.
    """
    from . import schema, writers

    paths = _inputs(paths)
    fmt = out.resolve((*ROW_FORMATS, "sqlite"))
    if by_paper and fmt not in ("json", "jsonl", "table"):
        raise typer.BadParameter(
            f"needs --format json, jsonl or table ({fmt} has no nesting)", param_hint="--by-paper"
        )
    if fmt == "sqlite":
        assert out.output is not None  # resolve() saw to it
        _extract_into_database(paths, inputs, out, out.output)
        return
    tally = _Tally()
    pieces = _ranges(paths, inputs, out, fmt)
    if pieces is not None:
        with out.open() as fh:
            _write_ranges(pieces, inputs, out, fmt, by_paper, fh, tally)
        _wrote(f"{_plural(tally.claims, 'claim')} from {_plural(tally.papers, 'paper')}", out)
        return
    pairs = tally.count(_claims(paths, inputs, out))
    with out.open() as fh:
        if fmt == "table":
            writers.write_claims_table(pairs, writers.console_for(fh), show_empty=by_paper)
        elif by_paper:
            records = schema.paper_records(pairs)
            writers.write_rows(records, fmt, fh, follow=_follow(paths, fh))
        else:
            rows = schema.claim_rows(pairs, named=fmt in ("json", "jsonl"))
            follow = _follow(paths, fh)
            writers.write_rows(rows, fmt, fh, schema.CLAIM_COLUMNS, follow, bom=out.excel)
    if fmt != "table" or out.output is not None:
        _wrote(f"{_plural(tally.claims, 'claim')} from {_plural(tally.papers, 'paper')}", out)


def _ranges(
    paths: list[str], inputs: InputOptions, out: OutputOptions, fmt: Format
) -> list[Range] | None:
    """The byte ranges of the inputs for workers that read and write for themselves, or
    None where the papers go through this process (see `ranges` for which inputs and
    outputs are cut and joined)."""
    from .ranges import plan
    from .writers import JOINABLE

    if fmt not in JOINABLE or inputs.dedupe or "-" in paths or inputs.workers <= 1:
        return None
    if not (_joinable_stdout() if out.output is None else _joinable_file(out.output)):
        return None
    out.check_not_input(paths)
    return plan(paths, inputs.input_format, inputs.workers)


def _joinable_file(path: Path) -> bool:
    """Whether parts can be copied into the output file `path`: a regular file (or one yet
    to be made) that is not one compressed stream (`.gz`). A pipe, a terminal or another
    device gets its rows as they are extracted, and from a pipe whose reader went away
    (`| head`) the run stops at once."""
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        regular = True
    except OSError:
        return False
    return regular and not path.name.lower().endswith(".gz")


def _joinable_stdout() -> bool:
    """Whether parts can be copied into stdout: bytes under it, and a regular file, or no
    descriptor at all (a stream in process); see `_joinable_file` for why not a pipe."""
    if not hasattr(sys.stdout, "buffer"):
        return False  # a stream of text only takes text
    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (AttributeError, ValueError, OSError):
        return True


def _write_ranges(
    pieces: list[Range],
    inputs: InputOptions,
    out: OutputOptions,
    fmt: Format,
    by_paper: bool,
    fh: TextIO,
    tally: _Tally,
) -> None:
    """The rows of the ranges' papers, each range read, extracted and written by a worker,
    the parts joined here in order; warnings, failures and errors as `_claims` gives them."""
    from .ranges import Job, run
    from .schema import CLAIM_COLUMNS
    from .writers import Joined

    job = Job(fmt, by_paper, inputs.types, inputs.skip_bad, inputs.fields)
    fh.flush()
    joined = Joined(fmt, fh.buffer, CLAIM_COLUMNS, bom=out.excel)
    parts = run(pieces, job, inputs.workers)
    if sys.stderr.isatty() and not out.to_terminal:
        parts = _ranges_with_progress(parts, sum(piece.end - piece.start for piece in pieces))
    # closed as the loop ends, however it ends: the workers stop there and then, not once
    # the generator is collected (an error's traceback holds on to it)
    with closing(parts):
        _join(parts, joined, tally)
    joined.close()


def _join(parts: Iterable[tuple[Range, Part]], joined: Joined, tally: _Tally) -> None:
    """The parts into `joined` in order, with their warnings and failures, and each input's
    report of what was skipped after its last part; a part's error is raised after it."""
    from .ranges import Failed
    from .readers import Skipped

    skipped = Skipped()
    given: set[tuple[str, str]] = set()  # the warnings an input gives once, given
    for piece, part in parts:
        for event in part.events:
            if isinstance(event, Failed):
                _failed(event.paper, event.error)
            elif event.once is None or (piece.path, event.once) not in given:
                if event.once is not None:
                    given.add((piece.path, event.once))
                _say(f"warning: {event.message}")
        joined.write(part.data)
        tally.papers += part.papers
        tally.claims += part.claims
        if part.error is not None:
            raise part.error
        skipped.add(part.skipped)
        if piece.last:
            skipped.report(piece.label, "line", lambda message: _say(f"warning: {message}"))
            skipped = Skipped()
        if _interrupted is not None:
            raise _interrupted


def _extract_into_database(
    paths: list[str], inputs: InputOptions, out: OutputOptions, path: Path
) -> None:
    """Claims into the SQLite database at `path`, adding the papers it does not hold yet."""
    from .database import open_database

    with open_database(path) as db:
        for _ in db.add(_claims(paths, inputs, out)):
            pass
    added = db.added
    held = f" ({_plural(added.held, 'paper')} already held)" if added.held else ""
    _say(
        f"added {_plural(added.papers, 'paper')}{held} and "
        f"{_plural(added.claims, 'claim')} to {path}"
    )


@app.command(epilog="Example: effclaims papers daily_papers.txt --format csv -o papers.csv")
@option_groups
def papers(paths: Paths = None, *, inputs: InputOptions, out: OutputOptions) -> None:
    """List the papers read from the inputs, with how many claims each has."""
    from . import schema, writers

    paths = _inputs(paths)
    fmt = out.resolve()
    tally = _Tally()
    pairs = tally.count(_claims(paths, inputs, out))
    with out.open() as fh:
        rows = schema.paper_rows(pairs)
        follow = _follow(paths, fh)
        writers.write_rows(rows, fmt, fh, schema.PAPER_COLUMNS, follow, bom=out.excel)
    if fmt != "table" or out.output is not None:
        _wrote(_plural(tally.papers, "paper"), out)


def _follow(paths: Sequence[str], fh: TextIO) -> bool:
    """Whether rows should leave one by one: input from a pipe, or output to a terminal."""
    return "-" in paths or fh.isatty()


@app.command("eval", epilog="Example: effclaims eval gold.jsonl dumps/*.txt --errors")
@option_groups
def eval_command(
    gold: Annotated[
        Path,
        typer.Argument(
            metavar="GOLD",
            help="Gold claims: JSON Lines of {id, title, claims}.",
            show_default=False,
        ),
    ],
    paths: Paths = None,
    *,
    inputs: InputOptions,
    out: OutputOptions,
    errors: Annotated[
        bool,
        typer.Option(
            "--errors",
            help="Also list each missed gold claim (FN) and false alarm (FP) with its sentence; "
            "with --format json, jsonl or csv, write these rows instead of the scores.",
        ),
    ] = False,
) -> None:
    """Score the extractor against gold claims: precision, recall and F1 per type and overall.

    Papers are matched by title and compared on sets of (type, value); numbers match
    within 1%, hardware names without vendor words.
    """
    from . import writers
    from .evaluate import MISS_COLUMNS, SCORE_COLUMNS, evaluate, load_gold

    paths = _inputs(paths)
    fmt = out.resolve()
    gold_papers = load_gold(gold)
    types = [t for t in CLAIM_TYPES if inputs.types is None or t in inputs.types]
    pairs = _claims(paths, inputs, out)
    with out.open() as fh:
        result = evaluate(gold_papers, pairs, types)
        misses = (miss.row() for miss in result.misses)
        if fmt != "table":
            rows, columns = (misses, MISS_COLUMNS) if errors else (result.rows(), SCORE_COLUMNS)
            writers.write_rows(rows, fmt, fh, columns, bom=out.excel)
            return
        console = writers.console_for(fh)
        writers.write_rows_table(result.rows(), SCORE_COLUMNS, console)
        if errors:
            # The sentence shows the text; title and text columns would not fit beside it.
            columns = ("kind", "id", "type", "value", "sentence")
            title = "Misses (FN) and false alarms (FP)"
            writers.write_rows_table(misses, columns, console, title=title)


Top = Annotated[
    int, typer.Option("--top", min=1, help="How many of the most frequent hardware names to list.")
]


@app.command(epilog="Example: effclaims show dumps/*.txt --dedupe --html report.html")
@option_groups
def show(
    paths: Paths = None,
    *,
    inputs: InputOptions,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            metavar="FILE",
            help="Write the page to FILE (whole or not at all); default: stdout, if not a terminal.",
            show_default=False,
        ),
    ] = None,
    top: Top = 10,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            min=0,
            help="Show at most this many papers, those with claims first (0: all); the "
            "summary and charts count every paper.",
        ),
    ] = 1000,
) -> None:
    """Write an HTML page: a summary with charts, then each paper with its claims highlighted.

    The page is one file that needs no network: styles and charts are inline.
    """
    from .report import write_report

    paths = _inputs(paths)
    out = OutputOptions(output=html)
    if out.to_terminal:
        raise typer.BadParameter("name the page's file (or redirect stdout)", param_hint="--html")
    pairs = _claims(paths, inputs, out)
    with out.open() as fh:
        write_report(pairs, fh, top=top, limit=limit or None)


@app.command(epilog="Example: effclaims stats dumps/*.txt --format json")
@option_groups
def stats(paths: Paths = None, *, inputs: InputOptions, out: OutputOptions, top: Top = 10) -> None:
    """Summarise the claims: counts per type, speedup factors, bit-widths and the most frequent hardware.

    The same summary heads the HTML page of `effclaims show`; table or json.
    """
    import json

    from .stats import print_summary, summarize
    from .writers import console_for

    paths = _inputs(paths)
    fmt = out.resolve(("table", "json"))
    summary = summarize(_claims(paths, inputs, out), top=top)
    with out.open() as fh:
        if fmt == "json":
            fh.write(
                json.dumps(summary.to_dict(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
            )
        else:
            print_summary(summary, console_for(fh))


@app.command(epilog='Example: effclaims explain "Our kernel is 2.4x faster on an A100."')
def explain(
    text: Annotated[str, typer.Argument(help="The text to explain; - reads it from stdin.")],
) -> None:
    """Show what the rules made of each number of a text: the patterns that matched it, the
    reading or veto that decided, and the claim (or none)."""
    from .explain import explain as explain_text
    from .explain import render

    if text == "-":
        text = sys.stdin.read()
    sys.stdout.write(render(explain_text(text)))


def main() -> None:
    """Entry point of the `effclaims` console script."""
    # Where Ctrl-C is ignored (a background job of a non-interactive shell), it stays so;
    # SIGTERM and SIGHUP, unless ignored (nohup), clean up as Ctrl-C does.
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_signal)
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, _on_signal)
    app(prog_name="effclaims")
