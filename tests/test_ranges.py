"""`extract --jobs` over byte ranges of JSON Lines files (`effclaims/ranges.py`): the same
bytes as `--jobs 1` on stdout, in files and on stderr, with the same exit code, wherever
the ranges are cut; inputs and outputs that are not cut go the way they went.

In process, the ranges are made a few records long, so that every case has cuts
everywhere; the command itself runs on an input long enough for ranges of the usual size.
Timings are measured by `make bench`, never asserted here.
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path

import pytest
from conftest import run_with_terminal_stderr
from typer.testing import CliRunner

from effclaims import cli, extraction, parallel, ranges, readers
from effclaims.cli import InputOptions, OutputOptions, app

ROOT = Path(__file__).resolve().parents[1]
EFFCLAIMS = str(Path(sys.executable).with_name("effclaims"))

#: Real records: arXiv-snapshot style, with claims, line breaks and leading spaces in them.
REAL = [
    json.loads(line)
    for line in (ROOT / "fixtures" / "example.jsonl").read_text(encoding="utf-8").splitlines()
]
#: Text in characters of two, three and four bytes, so that cuts fall inside them.
WIDE = "Ünïcödé — ☃ 𝔘𝔫𝔦 "


def records(n: int) -> list[dict]:
    """`n` real records, each with an id of its own."""
    return [{**record, "id": f"2501.{i:05d}"} for i, record in enumerate(islice(cycle(REAL), n))]


def lines(recs: list[dict], *, ascii: bool = True) -> list[bytes]:
    return [(json.dumps(r, ensure_ascii=ascii) + "\n").encode() for r in recs]


def plain(n: int = 30) -> bytes:
    return b"".join(lines(records(n)))


def blank_lines() -> bytes:
    out = [b"\n", b"  \n"]
    for i, line in enumerate(lines(records(30))):
        out += [line, b"\n" * (i % 3), b" \t \n" if i % 5 == 0 else b""]
    return b"".join(out)


def crlf() -> bytes:
    return b"".join(
        line[:-1] + b"\r\n" if i % 3 else line for i, line in enumerate(lines(records(30)))
    )


def no_final_newline() -> bytes:
    return plain().rstrip(b"\n")


def multi_byte() -> bytes:
    recs = records(30)
    for i, r in enumerate(recs):
        r["title"] = WIDE * (i % 4) + r["title"] + WIDE[: i % len(WIDE)]
        r["abstract"] = WIDE[: i % 7] + r["abstract"] + " " + WIDE * (i % 3)
    return b"".join(lines(recs, ascii=False))


def bad_record() -> bytes:
    out = lines(records(30))
    out[11] = b'{"title": "Cut short", "abstract": "We are 2x fa\n'
    out[23] = b"[1, 2, 3]\n"
    return b"".join(out)


def no_abstract() -> bytes:
    out = lines(records(30))
    out[7] = b'{"id": "2501.99999", "title": "A title alone"}\n'
    out[19] = b'{"title": "Empty", "abstract": "   "}\n'
    return b"".join(out)


def not_utf8() -> bytes:
    out = lines(records(30))
    for i in (4, 21):  # in different ranges: the input warns once, for the first
        out[i] = out[i].replace(b'"title": "', b'"title": "Caf\xe9 ', 1)
    return b"".join(out)


def lone_surrogates() -> bytes:
    out = lines(records(30))
    for i in (3, 17, 26):
        out[i] = out[i].replace(b'"title": "', b'"title": "\\ud800 ', 1)
    return b"".join(out)


def late_nul() -> bytes:
    out = lines(records(150))  # past the head, where binary data is looked for first
    out[130] = b'{"title": "x\x00", "abstract": "y"}\n'
    return b"".join(out)


def mixed() -> bytes:
    """Everything at once, for the table of formats: blank lines, CRLF, wide characters, a
    record without an abstract, a malformed one, and no line feed at the end."""
    recs = records(30)
    for i, r in enumerate(recs):
        r["title"] = WIDE[: i % 9] + r["title"]
    out = lines(recs, ascii=False)
    out[5] = b'{"title": "A title alone"}\n'
    out[13] = b"{not json\n"
    out = [line[:-1] + b"\r\n" if i % 4 == 1 else line for i, line in enumerate(out)]
    out.insert(9, b"\n \n")
    return b"".join(out).rstrip(b"\n")


INPUTS: dict[str, Callable[[], bytes]] = {
    "plain": plain,
    "blank lines": blank_lines,
    "CRLF": crlf,
    "no line feed at the end": no_final_newline,
    "multi-byte text across cuts": multi_byte,
    "a malformed record": bad_record,
    "records without an abstract": no_abstract,
    "lines not in UTF-8": not_utf8,
    "lone surrogates": lone_surrogates,
    "a NUL byte past the head": late_nul,
}


@pytest.fixture
def small_ranges(monkeypatch):
    """Ranges of a few records each, and workers for inputs of any size."""
    monkeypatch.setattr(ranges, "MAX_RANGE", 1500)
    monkeypatch.setattr(ranges, "MIN_RANGE", 1)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)


@dataclass(frozen=True)
class Outcome:
    """All a run shows: exit code, stdout, stderr and the output file (None: none written)."""

    code: int
    stdout: bytes
    stderr: str
    written: bytes | None


runner = CliRunner()


def outcome(args: list[str], output: Path | None = None) -> Outcome:
    if output is not None:
        output.unlink(missing_ok=True)
        args = [*args, "-o", str(output)]
    result = runner.invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    written = output.read_bytes() if output is not None and output.exists() else None
    assert multiprocessing.active_children() == []  # however it ended, no worker is left
    return Outcome(result.exit_code, result.stdout_bytes, result.stderr, written)


@pytest.fixture
def cut_runs(monkeypatch):
    """How many runs went through `ranges.run`, to tell the new way from the old."""
    runs = [0]
    real = ranges.run

    def counted(*args, **kwargs):
        runs[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(ranges, "run", counted)
    return runs


def same_for_any_jobs(args: list[str], output: Path | None, runs: list[int]) -> Outcome:
    """The outcome of `args` with --jobs 1, checked to be that of --jobs 2 and 3, which cut."""
    one = outcome([*args, "-j", "1"], output)
    for jobs in ("2", "3"):
        before = runs[0]
        assert outcome([*args, "-j", jobs], output) == one, f"--jobs {jobs}"
        assert runs[0] == before + 1, f"--jobs {jobs} did not cut the input"
    return one


# --------------------------------------------------------------------------- inputs


@pytest.mark.parametrize("skip_bad", [False, True], ids=["stop", "skip-bad"])
@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "file"])
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize("name", list(INPUTS))
def test_each_input_gives_the_bytes_of_one_job(
    tmp_path, small_ranges, cut_runs, name, fmt, to_file, skip_bad
):
    source = tmp_path / "papers.jsonl"
    source.write_bytes(INPUTS[name]())
    args = ["extract", str(source), "--format", fmt, *(["--skip-bad"] * skip_bad)]
    got = same_for_any_jobs(args, tmp_path / f"claims.{fmt}" if to_file else None, cut_runs)
    if got.code == 0:
        assert (got.written or got.stdout).count(b"2501.") > 10
    else:
        # one line, and a file is written whole or not at all
        assert got.stderr.count("\n") == 1 and got.written is None


EXPECTED_STDERR = {
    # (input, --skip-bad): the lines --jobs 1 gives, which every run above matched
    ("a malformed record", False): "papers.jsonl: line 12: invalid JSON",
    ("a malformed record", True): "papers.jsonl: skipped 2 malformed lines",
    ("records without an abstract", False): "papers.jsonl: line 8: no 'abstract'",
    ("records without an abstract", True): "papers.jsonl: skipped 2 records without an abstract",
    ("lines not in UTF-8", True): "papers.jsonl: line 5: not valid UTF-8, decoded as cp1252",
    ("lone surrogates", True): "line 4: lone surrogates (half of a UTF-16 pair) replaced by "
    "U+FFFD, and in 2 lines more",
    ("a NUL byte past the head", True): "papers.jsonl: line 131: binary data (NUL bytes)",
}


@pytest.mark.parametrize(("case", "expected"), list(EXPECTED_STDERR.items()))
def test_warnings_and_errors_name_lines_of_the_whole_file(tmp_path, small_ranges, case, expected):
    name, skip_bad = case
    source = tmp_path / "papers.jsonl"
    source.write_bytes(INPUTS[name]())
    got = outcome(
        ["extract", str(source), "--format", "jsonl", "-j", "2", *["--skip-bad"] * skip_bad]
    )
    assert expected in got.stderr
    assert got.stderr.count("not valid UTF-8") <= 1


def test_a_failed_extraction_is_warned_of_with_its_number_and_exit_3(
    tmp_path, small_ranges, cut_runs, monkeypatch
):
    real = extraction.extract_paper

    def failing(paper, types=None):
        if paper.index in (4, 17):
            raise ValueError("a bug")
        return real(paper, types)

    monkeypatch.setattr(extraction, "extract_paper", failing)  # workers are forked: they see it
    source = tmp_path / "papers.jsonl"
    source.write_bytes(blank_lines())
    got = same_for_any_jobs(["extract", str(source), "--format", "csv"], None, cut_runs)
    assert got.code == cli.INCOMPLETE
    assert "paper 4 (id 2501.00003): extraction failed (ValueError: a bug)" in got.stderr
    assert "paper 17 (id 2501.00016)" in got.stderr
    assert "2 papers without claims" in got.stderr


def test_a_paper_past_the_limits_keeps_its_number(tmp_path, small_ranges, cut_runs, monkeypatch):
    monkeypatch.setattr(readers, "MAX_PAPER_CHARS", 2500)
    recs = records(30)
    recs[1]["abstract"] *= 10
    source = tmp_path / "papers.jsonl"
    source.write_bytes(b"".join(lines(recs)))
    got = same_for_any_jobs(["extract", str(source), "--format", "jsonl"], None, cut_runs)
    assert "papers.jsonl: paper 2: skipped" in got.stderr
    assert b'"paper": 3,' in got.stdout and b'"paper": 2,' not in got.stdout


def test_several_inputs_are_numbered_each_from_one(tmp_path, small_ranges, cut_runs):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_bytes(bad_record())
    second.write_bytes(no_abstract())
    args = ["extract", str(first), str(second), "--format", "jsonl", "--skip-bad"]
    got = same_for_any_jobs(args, None, cut_runs)
    assert got.stderr.index("a.jsonl: skipped") < got.stderr.index("b.jsonl: skipped")
    numbers = [json.loads(line)["paper"] for line in got.stdout.splitlines()]
    assert numbers.count(1) >= 2 and max(numbers) >= 27


# --------------------------------------------------------------------------- outputs


FORMATS = {
    "jsonl": ["--format", "jsonl"],
    "json": ["--format", "json"],
    "csv": ["--format", "csv"],
    "tsv": ["--format", "tsv"],
    "jsonl by paper": ["--format", "jsonl", "--by-paper"],
    "json by paper": ["--format", "json", "--by-paper"],
    "csv for Excel": ["--format", "csv", "--excel"],
    "json of some types": ["--format", "json", "--type", "speedup,hardware"],
    "json of no claim": ["--format", "json", "--type", "energy_reduction"],
}


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "file"])
@pytest.mark.parametrize("skip_bad", [False, True], ids=["stop", "skip-bad"])
@pytest.mark.parametrize("name", list(FORMATS))
def test_each_joined_format_gives_the_bytes_of_one_job(
    tmp_path, small_ranges, cut_runs, name, skip_bad, to_file
):
    source = tmp_path / "papers.jsonl"
    source.write_bytes(mixed())
    args = ["extract", str(source), *FORMATS[name], *(["--skip-bad"] * skip_bad)]
    output = tmp_path / "claims.out" if to_file else None
    got = same_for_any_jobs(args, output, cut_runs)
    assert got.code == (0 if skip_bad else 1)


def test_the_output_extension_chooses_the_format(tmp_path, small_ranges, cut_runs):
    source = tmp_path / "papers.jsonl"
    source.write_bytes(mixed())
    got = same_for_any_jobs(
        ["extract", str(source), "--skip-bad"], tmp_path / "claims.tsv", cut_runs
    )
    assert got.written is not None and got.written.startswith(b"source\tpaper\tid\t")


# --------------------------------------------------------------------------- what is cut


def test_cuts_fall_after_line_feeds_and_the_ranges_read_as_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(ranges, "MAX_RANGE", 700)
    monkeypatch.setattr(ranges, "MIN_RANGE", 1)
    data = multi_byte() + crlf() + no_final_newline()
    source = tmp_path / "papers.jsonl"
    source.write_bytes(data)
    pieces = ranges.cut(str(source), 2)
    assert len(pieces) > 20
    assert [p.start for p in pieces[1:]] == [p.end for p in pieces[:-1]]
    assert pieces[0].start == 0 and pieces[-1].end == len(data)
    assert all(data[p.start - 1 : p.start] == b"\n" for p in pieces[1:])
    assert [(p.first, p.last) for p in (pieces[0], pieces[-1])] == [(True, False), (False, True)]
    whole = list(readers.read(str(source)))
    lines = records = 0
    parts = []
    for piece in pieces:
        parts += readers.read_range(
            piece.path, piece.start, piece.end, lines_before=lines, papers_before=records
        )
        counted = readers.count_range(piece.path, piece.start, piece.end)
        assert counted is not None
        lines, records = lines + counted[0], records + counted[1]
    assert parts == whole
    assert [p.meta for p in parts] == [p.meta for p in whole]
    assert records == len(whole) == 90


def write_utf16(path: Path) -> None:
    path.write_bytes(plain().decode().encode("utf-16"))


def write_gzip(path: Path) -> None:
    path.write_bytes(gzip.compress(plain()))


FALLBACKS: dict[str, tuple[str, Callable[[Path], object], dict, dict]] = {
    # name: (input file name, how it is written, input options, output options)
    "CSV": ("p.csv", lambda p: p.write_text("title,abstract\nA,B is 2x faster\n"), {}, {}),
    "a JSON array": ("p.json", lambda p: p.write_text(json.dumps(records(3))), {}, {}),
    "a Daily Papers dump": (
        "p.txt",
        lambda p: p.write_bytes((ROOT / "fixtures" / "example_hf.txt").read_bytes()),
        {},
        {},
    ),
    "an Atom feed": (
        "p.atom",
        lambda p: p.write_bytes((ROOT / "fixtures" / "example_arxiv.atom").read_bytes()),
        {},
        {},
    ),
    "gzip": ("p.jsonl.gz", write_gzip, {}, {}),
    "UTF-16": ("p.jsonl", write_utf16, {}, {}),
    "--dedupe": ("p.jsonl", lambda p: p.write_bytes(plain()), {"dedupe": True}, {}),
    "--jobs 1": ("p.jsonl", lambda p: p.write_bytes(plain()), {"jobs": 1}, {}),
    "a table": ("p.jsonl", lambda p: p.write_bytes(plain()), {}, {"format": "table"}),
    "xlsx": ("p.jsonl", lambda p: p.write_bytes(plain()), {}, {"output": "c.xlsx"}),
    "Parquet": ("p.jsonl", lambda p: p.write_bytes(plain()), {}, {"output": "c.parquet"}),
    "a gzip output": ("p.jsonl", lambda p: p.write_bytes(plain()), {}, {"output": "c.jsonl.gz"}),
    "a named pipe": ("p.jsonl", lambda p: p.write_bytes(plain()), {}, {"output": "fifo"}),
}


@pytest.mark.parametrize("name", list(FALLBACKS))
def test_what_cannot_be_cut_or_joined_goes_through_the_parent(tmp_path, small_ranges, name):
    file_name, write, given_in, given_out = FALLBACKS[name]
    source = tmp_path / file_name
    write(source)
    inputs = InputOptions(**{"jobs": 2, **given_in})
    if "output" in given_out:
        given_out = {**given_out, "output": tmp_path / given_out["output"]}
        if given_out["output"].name == "fifo":
            os.mkfifo(given_out["output"])
    out = OutputOptions(**given_out) if given_out else OutputOptions(format="jsonl")
    fmt = out.resolve((*cli.ROW_FORMATS, "sqlite"))
    assert cli._ranges([str(source)], inputs, out, fmt) is None
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_bytes(plain())
    if not given_in and not given_out:  # the input is what is not cut: a JSON Lines one is
        assert cli._ranges([str(jsonl)], inputs, out, fmt) is not None


def test_standard_input_and_small_inputs_go_through_the_parent(tmp_path):
    source = tmp_path / "p.jsonl"
    source.write_bytes(plain(parallel.MIN_PARALLEL - 1) + b"\n\n\n")
    inputs, out = InputOptions(jobs=2), OutputOptions(format="jsonl")
    assert cli._ranges([str(source)], inputs, out, "jsonl") is None
    assert cli._ranges(["-"], inputs, out, "jsonl") is None
    source.write_bytes(plain(parallel.MIN_PARALLEL))
    assert cli._ranges([str(source)], inputs, out, "jsonl") is not None


# --------------------------------------------------------------------------- the command


def big_input(path: Path) -> Path:
    """Enough papers for ranges of the usual size: blank lines, CRLF, wide text, a
    malformed record and a record without an abstract, no line feed at the end."""
    recs = records(parallel.MIN_PARALLEL * 3)
    for i, r in enumerate(recs):
        r["title"] = WIDE[: i % 9] + r["title"] + " " + WIDE * 4
    out = lines(recs, ascii=False)
    out[300] = b"{not json\n"
    out[500] = b'{"title": "A title alone"}\n'
    out = [line[:-1] + b"\r\n" if i % 4 == 1 else line for i, line in enumerate(out)]
    out.insert(40, b"\n \n")
    path.write_bytes(b"".join(out).rstrip(b"\n"))
    assert len(ranges.cut(str(path), 2)) >= 2
    return path


def run(*args: object, stdout: Path) -> subprocess.CompletedProcess:
    """The command with stdout redirected to the file `stdout` (a pipe is not joined into)."""
    with stdout.open("wb") as fh:
        return subprocess.run(
            [EFFCLAIMS, *map(str, args)], stdout=fh, stderr=subprocess.PIPE, timeout=300
        )


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_the_command_gives_the_bytes_of_one_job(tmp_path, fmt):
    source = big_input(tmp_path / "papers.jsonl")
    output, stdout = tmp_path / f"claims.{fmt}", tmp_path / "stdout"
    done = {}
    for jobs in (1, 2, 3):
        output.unlink(missing_ok=True)
        skipped = run("extract", source, "--skip-bad", "-o", output, "-j", jobs, stdout=stdout)
        stopped = run("extract", source, "--format", fmt, "-j", jobs, stdout=stdout)
        done[jobs] = (
            skipped.returncode,
            skipped.stderr,
            output.read_bytes(),
            stopped.returncode,
            stdout.read_bytes(),
            stopped.stderr,
        )
    assert done[1] == done[2] == done[3]
    code, stderr, written, code_stopped, rows, error = done[1]
    assert code == 0 and b"skipped 1 malformed line" in stderr and b"papers to" in stderr
    assert code_stopped == 1 and error.count(b"\n") == 1
    assert error.startswith(b"effclaims: " + bytes(source) + b": line 303: invalid JSON")
    assert written.startswith(rows) and len(rows) > 100_000


def test_a_terminal_is_shown_progress_and_the_rows_stay_those_of_one_job(tmp_path):
    source = big_input(tmp_path / "papers.jsonl")
    output = tmp_path / "claims.jsonl"
    args = ["extract", str(source), "--skip-bad", "-o", str(output)]
    one, _ = run_with_terminal_stderr([*args, "-j", "1"])
    rows = output.read_bytes()
    two, terminal = run_with_terminal_stderr([*args, "-j", "2"])
    assert two.returncode == one.returncode == 0
    assert output.read_bytes() == rows
    assert b"papers" in terminal and b"extracting" in terminal  # the bar
    assert b"claims from 766 papers to " + bytes(output) in terminal
    assert b"Token Merging" not in terminal  # and no data comes with it
