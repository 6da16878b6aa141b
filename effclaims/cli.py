"""The `effclaims` command line: options in, library calls, rows out.

Data goes to stdout (or `-o FILE`), messages to stderr as `effclaims: <message>`.
Only typer and the standard library are imported here at start-up; readers, the
extractor, pandas and rich tables are imported inside the commands that use them,
so that `effclaims --version` and `--help` answer at once.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import os
import signal
import sys
import traceback
import typing
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TextIO

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import EffclaimsError, OutputError
from .model import CLAIM_TYPES

if TYPE_CHECKING:
    from .model import Claim, Paper

Format = Literal["table", "json", "jsonl", "csv"]
InputFormat = Literal["hf", "jsonl", "json", "csv", "text"]

#: Output format implied by the extension of `-o FILE` when `--format` is not given.
EXTENSION_FORMATS: dict[str, Format] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".txt": "table",
}

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


def _parse_types(value: str) -> frozenset[str]:
    names = {name.strip() for name in value.split(",") if name.strip()}
    unknown = sorted(names - set(CLAIM_TYPES))
    if unknown or not names:
        raise typer.BadParameter(
            f"unknown claim type {', '.join(map(repr, unknown)) or repr(value)}; "
            f"choose from {', '.join(CLAIM_TYPES)}"
        )
    return frozenset(names)


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
            help="Write to FILE (whole or not at all) instead of stdout.",
            show_default=False,
        ),
    ] = None

    def resolve(self) -> Format:
        if self.format:
            return self.format
        if self.output is not None:
            name = self.output.name.lower().removesuffix(".gz")  # written compressed
            return EXTENSION_FORMATS.get(os.path.splitext(name)[1], "json")
        return "table" if sys.stdout.isatty() else "json"

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

    run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    return run


class _Commands(TyperGroup):
    """Turns what can go wrong in a command into one line on stderr and an exit code."""

    def invoke(self, ctx: typer.Context) -> Any:
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
sizes, throughput, latency) from ML paper abstracts, as a table, JSON, JSON Lines or CSV.

\b
Examples:
  effclaims extract daily_papers.txt
  effclaims extract dumps/*.txt --dedupe --type speedup,hardware -o claims.csv
  cat papers.jsonl | effclaims extract - --format jsonl --by-paper
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
    list[str],
    typer.Argument(
        metavar="PATH",
        help="Input files (Daily Papers text dumps, JSON, JSON Lines, CSV); - for stdin.",
        show_default=False,
    ),
]


def _show_version(value: bool) -> None:
    if value:
        print(f"effclaims {__version__}")
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
    from .readers import read_many

    out.check_not_input(paths)
    papers = read_many(
        paths,
        inputs.input_format,
        skip_bad=inputs.skip_bad,
        on_warning=lambda message: _say(f"warning: {message}"),
        dedupe=inputs.dedupe,
    )
    pairs = _interruptible(
        extract_papers(papers, types=inputs.types, jobs=inputs.workers, on_failure=_failed)
    )
    # On a terminal, a table on stdout shows progress by itself and a bar would tear it.
    if sys.stderr.isatty() and not out.to_terminal:
        return _with_progress(pairs)
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
    for key, value in paper.meta.items():
        if str(key).strip().lower() == "id" and str(value).strip():
            return f"id {str(value).strip()[:60]}"
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
    pairs: Iterable[tuple[Paper, list[Claim]]],
) -> Iterator[tuple[Paper, list[Claim]]]:
    """Pass pairs through; once there are many, count them in a bar on stderr."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    progress = None
    try:
        for n, pair in enumerate(pairs, 1):
            if n == PROGRESS_AFTER:
                progress = Progress(
                    TextColumn("extracting"),
                    BarColumn(),
                    TextColumn("{task.completed} papers"),
                    TimeElapsedColumn(),
                    console=Console(stderr=True),
                    transient=True,
                )
                task = progress.add_task("extracting", total=None, completed=n)
                progress.start()
            elif progress is not None:
                progress.advance(task)
            yield pair
    finally:
        if progress is not None:
            progress.stop()


@app.command(epilog="Example: effclaims extract dumps/*.txt --type speedup,hardware -o claims.csv")
@option_groups
def extract(
    paths: Paths,
    inputs: InputOptions,
    out: OutputOptions,
    by_paper: Annotated[
        bool,
        typer.Option(
            "--by-paper", help="One record per paper with its claims nested (json, jsonl, table)."
        ),
    ] = False,
) -> None:
    """Extract the efficiency claims of papers: one row per claim."""
    from . import writers

    fmt = out.resolve()
    if by_paper and fmt == "csv":
        raise typer.BadParameter(
            "needs --format json, jsonl or table (CSV has no nesting)", param_hint="--by-paper"
        )
    pairs = _claims(paths, inputs, out)
    with out.open() as fh:
        if fmt == "table":
            writers.write_claims_table(pairs, writers.console_for(fh), show_empty=by_paper)
        elif by_paper:
            writers.write_rows(writers.paper_records(pairs), fmt, fh, follow=_follow(paths, fh))
        else:
            rows = writers.claim_rows(pairs)
            writers.write_rows(rows, fmt, fh, writers.CLAIM_COLUMNS, _follow(paths, fh))


@app.command(epilog="Example: effclaims papers daily_papers.txt --format csv -o papers.csv")
@option_groups
def papers(paths: Paths, inputs: InputOptions, out: OutputOptions) -> None:
    """List the papers read from the inputs, with how many claims each has."""
    from . import writers

    fmt = out.resolve()
    pairs = _claims(paths, inputs, out)
    with out.open() as fh:
        rows = writers.paper_rows(pairs)
        writers.write_rows(rows, fmt, fh, writers.PAPER_COLUMNS, _follow(paths, fh))


def _follow(paths: list[str], fh: TextIO) -> bool:
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
    paths: Paths,
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

    fmt = out.resolve()
    gold_papers = load_gold(gold)
    types = [t for t in CLAIM_TYPES if inputs.types is None or t in inputs.types]
    pairs = _claims(paths, inputs, out)
    with out.open() as fh:
        result = evaluate(gold_papers, pairs, types)
        misses = (miss.row() for miss in result.misses)
        if fmt != "table":
            rows, columns = (misses, MISS_COLUMNS) if errors else (result.rows(), SCORE_COLUMNS)
            writers.write_rows(rows, fmt, fh, columns)
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
    paths: Paths,
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
) -> None:
    """Write an HTML page: a summary with charts, then each paper with its claims highlighted.

    The page is one file that needs no network: styles and charts are inline.
    """
    from .report import write_report

    out = OutputOptions(output=html)
    if out.to_terminal:
        raise typer.BadParameter("name the page's file (or redirect stdout)", param_hint="--html")
    pairs = _claims(paths, inputs, out)
    with out.open() as fh:
        write_report(pairs, fh, top=top)


@app.command(epilog="Example: effclaims stats dumps/*.txt --format json")
@option_groups
def stats(paths: Paths, inputs: InputOptions, out: OutputOptions, top: Top = 10) -> None:
    """Summarise the claims: counts per type, speedup factors, bit-widths and the most frequent hardware.

    The same summary heads the HTML page of `effclaims show`; table or json.
    """
    import json

    from .stats import print_summary, summarize
    from .writers import console_for

    fmt = out.resolve()
    if fmt not in ("table", "json"):
        raise typer.BadParameter("a summary is written as table or json", param_hint="--format")
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
