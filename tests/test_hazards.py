"""Inputs and outputs that once cost a whole run, each run through the installed program.

One abstract must never end a run: ordinary sentences that divided by zero, a lone
surrogate, a record of many megabytes, an unexpected error in the extraction of one
paper. Offsets index each record as written, in every input format. Output goes where
`-o` says without replacing devices, links or permissions, and nothing that reaches a
terminal can command it.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import pty
import re
import resource
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EFFCLAIMS = str(Path(sys.executable).with_name("effclaims"))
GOOD = "Our kernel runs 2.5x faster on an A100 and cuts memory by 40%."

#: Sentences whose numbers once raised a division by zero in the rate and ratio rules,
#: and what is claimed in them now: a zero or a fraction of the whole is no quantity.
DIVIDED_BY_ZERO = [
    ("We measure added delays of 10 and 0 ms.", []),
    ("Sparsity levels of 1/2 to 1/1 are tested.", []),
    ("The number of tokens falls by 1/1 of the original.", []),
    ("Throughputs of 120, 64 and 0 tokens/s were observed.", []),
    (
        "Throughputs of 120, 64 and 30 tokens/s were observed.",
        [("throughput", 120.0), ("throughput", 64.0), ("throughput", 30.0)],
    ),
    ("The model runs 0x faster with 0% less memory and 0B parameters.", []),
]


def run(
    *args: str, cwd: Path, stdin: bytes = b"", env: dict | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [EFFCLAIMS, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        _without_summary(done.stderr.decode("utf-8", "replace")),
    )


def _without_summary(stderr: str) -> str:
    """stderr without the closing line that says what was written where."""
    return "".join(line for line in stderr.splitlines(True) if not _SUMMARY.match(line))


_SUMMARY = re.compile(r"effclaims: wrote \S+ claims? from \S+ papers? to ")


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def no_json_constants(name: str) -> object:
    raise AssertionError(f"{name} is not JSON")


def strict_json(text: str) -> object:
    return json.loads(text, parse_constant=no_json_constants)


# --------------------------------------------------------------------------- values


def test_sentences_that_divided_by_zero_extract_in_one_run(tmp_path: Path) -> None:
    records = [{"id": f"p{i}", "title": f"Paper {i}", "abstract": f"{GOOD} {text}"}
               for i, (text, _) in enumerate(DIVIDED_BY_ZERO, 1)]  # fmt: skip
    (tmp_path / "in.jsonl").write_text(jsonl(*records))
    done = run("extract", "in.jsonl", "--by-paper", "-o", "out.jsonl", cwd=tmp_path)
    assert (done.returncode, done.stderr, done.stdout) == (0, "", "")
    papers = [strict_json(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(papers) == len(DIVIDED_BY_ZERO)
    for paper, (text, expected) in zip(papers, DIVIDED_BY_ZERO, strict=True):
        offset = len(GOOD) + 1
        found = [(c["type"], c["value"]) for c in paper["claims"] if c["start"] >= offset]
        assert found == expected, text
        assert {c["type"] for c in paper["claims"] if c["start"] < offset} == {
            "speedup",
            "memory_reduction",
            "hardware",
        }


# --------------------------------------------------------------------------- isolation

#: Makes the extraction of any text holding FAULT raise, in the program and its workers:
#: a stand-in for a bug no input known today triggers.
FAULT = "FAULT-INJECTED"
SITECUSTOMIZE = f"""
import effclaims.extraction as extraction

_extract_text = extraction.extract_text


def extract_text(text, *args, **kwargs):
    if {FAULT!r} in text:
        raise ZeroDivisionError("float division by zero")
    return _extract_text(text, *args, **kwargs)


extraction.extract_text = extract_text
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_error_in_one_paper_is_a_warning_and_the_run_goes_on(tmp_path: Path, jobs) -> None:
    (tmp_path / "hook").mkdir()
    (tmp_path / "hook" / "sitecustomize.py").write_text(SITECUSTOMIZE)
    records = [
        {"id": f"2401.{i:05d}", "title": f"Paper {i}", "abstract": GOOD} for i in range(1, 401)
    ]
    records[1]["abstract"] += f" {FAULT}"
    records[299]["title"] = f"A \x1b]0;title\x07 {FAULT}"
    del records[299]["id"]
    (tmp_path / "in.jsonl").write_text(jsonl(*records))
    done = run(
        "extract", "in.jsonl", "--by-paper", "--jobs", jobs, "-o", "out.jsonl",
        cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "hook")},
    )  # fmt: skip
    assert done.returncode == 3
    assert done.stderr.splitlines() == [
        "effclaims: warning: in.jsonl: paper 2 (id 2401.00002): extraction failed "
        "(ZeroDivisionError: float division by zero); written without claims",
        "effclaims: warning: in.jsonl: paper 300 ('A \\x1b]0;title\\x07 FAULT-INJECTED'): "
        "extraction failed (ZeroDivisionError: float division by zero); written without claims",
        "effclaims: 2 papers without claims: extraction failed (see the warnings above); "
        "exit code 3",
    ]
    papers = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [p["index"] for p in papers] == list(range(1, 401))
    assert [p["index"] for p in papers if not p["claims"]] == [2, 300]


# --------------------------------------------------------------------------- offsets


def _claims_by_field(out: str) -> list[tuple[int, dict]]:
    return [(p["index"], c) for p in map(json.loads, out.splitlines()) for c in p["claims"]]


def test_offsets_index_the_arxiv_records_as_written() -> None:
    done = run("extract", "fixtures/example.jsonl", "--by-paper", "--format", "jsonl", cwd=ROOT)
    raw = [json.loads(line) for line in (ROOT / "fixtures/example.jsonl").read_text().splitlines()]
    claims = _claims_by_field(done.stdout)
    assert len(claims) >= 19 and raw[0]["abstract"].startswith("  ")
    for index, claim in claims:
        assert raw[index - 1][claim["field"]][claim["start"] : claim["end"]] == claim["text"]


HAZARDOUS_FIELDS = [
    ("  Padded Title with 4-bit weights  ", "\n  Leading spaces: a 3x speedup on an H100.\n"),
    ("Two\r\nLines of 8-bit", "First line.\r\nSecond line: 40% less memory\r\nand 2x faster."),
    ("Tab\tTitle", "\tLone CR\rthen 7B parameters run at 35 ms per token.  "),
]


def _csv(rows: list[tuple[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["title", "abstract"])
    writer.writerows(rows)
    return buffer.getvalue().encode()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_offsets_index_the_fields_as_written_in_every_record_format(tmp_path, fmt) -> None:
    if fmt == "jsonl":
        data = jsonl(*({"title": t, "abstract": a} for t, a in HAZARDOUS_FIELDS)).encode()
        raw = [json.loads(line) for line in data.decode().splitlines()]
    else:
        data = _csv(HAZARDOUS_FIELDS)
        raw = list(csv.DictReader(io.StringIO(data.decode(), newline="")))
    (tmp_path / f"in.{fmt}").write_bytes(data)
    done = run("extract", f"in.{fmt}", "--by-paper", "--format", "jsonl", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    claims = _claims_by_field(done.stdout)
    assert {c["field"] for _, c in claims} == {"title", "abstract"} and len(claims) >= 8
    for index, claim in claims:
        assert raw[index - 1][claim["field"]][claim["start"] : claim["end"]] == claim["text"]
    papers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(p["title"], p["abstract"]) for p in papers] == [
        (r["title"], r["abstract"]) for r in raw
    ]


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
@pytest.mark.parametrize("fmt", ["text", "hf"])
def test_offsets_index_the_lines_as_written_in_text_and_listings(tmp_path, fmt, eol) -> None:
    long_line = (
        "  Indented, a first line as long as an abstract's: our kernel is 3.1x faster on an "
        "A100 while it streams the evicted blocks to host memory"
    )
    second = (
        "Second abstract, with its trailing spaces kept as the file has them: 4-bit weights "
        "and 35 ms per token on one RTX 4090 for a 13B model.  "
    )
    if fmt == "text":  # a paragraph of two lines
        abstracts = [f"{long_line}\nand cuts GPU memory by 40%.", second]
        content = "\n\n\n".join(abstracts) + "\n"
    else:  # a listed abstract of two paragraphs
        abstracts = [f"{long_line}, cutting GPU memory by 40%.\n\n{long_line.strip()}.", second]
        content = "".join(
            f"Title {i}\n\n{a}\n\n  • 2 authors\n·\nMar {i}\n\n" for i, a in enumerate(abstracts, 1)
        )
    content = content.replace("\n", eol)
    (tmp_path / "in.txt").write_text(content, newline="")
    done = run("extract", "in.txt", "-f", fmt, "--by-paper", "--format", "jsonl", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    papers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [p["abstract"] for p in papers] == [a.replace("\n", eol) for a in abstracts]
    for paper in papers:
        assert paper["abstract"] in content  # a span of the file, as written
        assert paper["claims"]
        for claim in paper["claims"]:
            assert paper[claim["field"]][claim["start"] : claim["end"]] == claim["text"]


# --------------------------------------------------------------------------- text hazards

SURROGATES = (
    '{"title": "Cut \\ud800 Title", "abstract": "A \\udfff 2x speedup.", "note": "\\ud83d"}\n'
)


@pytest.mark.parametrize(
    "args",
    [
        ("extract", "--format", "json"),
        ("extract", "--format", "jsonl", "--by-paper"),
        ("extract", "--format", "csv"),
        ("extract", "--format", "table"),
        ("papers", "--format", "csv"),
        ("stats", "--format", "json"),
        ("show", "--html", "page.html"),
    ],
    ids=" ".join,
)
def test_lone_surrogates_are_replaced_with_a_warning_for_every_writer(tmp_path, args) -> None:
    (tmp_path / "cut.jsonl").write_text(SURROGATES)
    done = run(args[0], "cut.jsonl", *args[1:], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "effclaims: warning: cut.jsonl: line 1: lone surrogates (half of a UTF-16 pair) "
        "replaced by U+FFFD\n"
    )
    if args[0] == "extract" and "jsonl" in args:
        (paper,) = map(json.loads, done.stdout.splitlines())
        assert (paper["title"], paper["meta"]) == ("Cut \ufffd Title", {"note": "\ufffd"})
        assert [c["text"] for c in paper["claims"]] == ["2x speedup"]


def test_the_api_replaces_a_lone_surrogate_for_matching() -> None:
    import effclaims

    assert effclaims.extract("\ud800") == []
    (claim,) = effclaims.extract("\ud800 runs 2x faster")
    assert (claim.text, claim.start) == ("2x faster", 7)


ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x1b]8;;http://x.example\x1b\\link\x1b]8;;\x1b\\\x9b31m\u202e"


def test_escape_sequences_never_reach_a_terminal(tmp_path: Path) -> None:
    title = f"Evil {ESCAPES} Title"
    (tmp_path / "evil.jsonl").write_text(
        jsonl({"title": title, "abstract": f"A {ESCAPES} 2x speedup on an A100."})
    )
    shown = []
    for args in (
        ("extract", "evil.jsonl"),
        ("extract", "evil.jsonl", "--by-paper"),
        ("papers", "evil.jsonl"),
        ("extract", "evil.jsonl", "--format", "jsonl"),
        ("extract", "evil.jsonl", "--format", "csv"),
    ):
        shown.append(_on_a_terminal([EFFCLAIMS, *args], tmp_path))
    for out in shown:
        assert "2x" in out or "Evil" in out
        for sequence in ("\x1b[2J", "\x1b]", "\x07", "\x9b", "\u202e"):
            assert sequence not in out
    done = run("extract", "evil.jsonl", "--format", "table", "-o", "table.txt", cwd=tmp_path)
    table = (tmp_path / "table.txt").read_text()
    assert done.returncode == 0 and "2x" in table and "\x1b" not in table and "\x07" not in table
    # JSON keeps the title as given, escaped as JSON escapes control characters
    done = run("papers", "evil.jsonl", "--format", "json", cwd=tmp_path)
    assert json.loads(done.stdout)[0]["title"] == title


def _on_a_terminal(command: list[str], cwd: Path) -> str:
    """What `command` shows on a terminal (stdout and stderr on a pseudo-terminal)."""
    main, secondary = pty.openpty()
    shown: list[bytes] = []

    def drain() -> None:
        try:
            while chunk := os.read(main, 65536):
                shown.append(chunk)
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        code = subprocess.run(
            command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=secondary, stderr=secondary,
            timeout=120,
        ).returncode  # fmt: skip
    finally:
        os.close(secondary)
        reader.join(timeout=10)
        os.close(main)
    assert code == 0
    # the table's own styles are escape sequences too: keep only what the data can hold
    text = b"".join(shown).decode("utf-8", "replace")
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_messages_show_control_characters_as_escapes(tmp_path: Path) -> None:
    done = run("extract", "\x1b[2Jnope\u202e.txt", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == "effclaims: \\x1b[2Jnope\\u202e.txt: no such file\n"


def test_metadata_json_cannot_hold_is_written_as_text(tmp_path: Path) -> None:
    digits = "1" + "0" * 5000
    line = (
        '{"title": "T", "abstract": "A 2x speedup.", "score": NaN, "high": Infinity, '
        f'"low": -Infinity, "huge": 1e999, "count": {digits}}}\n'
    )
    (tmp_path / "odd.jsonl").write_text(line)
    done = run("extract", "odd.jsonl", "--by-paper", "--format", "jsonl", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    paper = strict_json(done.stdout)
    assert paper["meta"] == {
        "score": "NaN",
        "high": "Infinity",
        "low": "-Infinity",
        "huge": "1e999",
        "count": digits,
    }


def test_counts_that_are_no_count_are_kept_as_text(tmp_path: Path) -> None:
    digits = "9" * 5000
    (tmp_path / "odd.csv").write_text(
        f"title,abstract,upvotes,authors\nA,{GOOD},{digits},²\nB,{GOOD},12,3\n"
    )
    done = run("extract", "odd.csv", "--by-paper", "--format", "jsonl", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    first, second = map(strict_json, done.stdout.splitlines())
    assert (first["upvotes"], first["authors"]) == (None, None)
    assert first["meta"] == {"upvotes": digits, "authors": "²"}
    assert (second["upvotes"], second["authors"], second["meta"]) == (12, 3, {})


def test_digits_newer_than_python_are_read(tmp_path: Path) -> None:
    kawi = "".join(chr(0x11F50 + int(d)) for d in "35")  # Unicode 15 digits: 35
    (tmp_path / "d.jsonl").write_text(jsonl({"title": "T", "abstract": f"{kawi}x faster."}))
    done = run("extract", "d.jsonl", "--format", "jsonl", cwd=tmp_path)
    assert done.returncode == 0
    assert [
        (c["type"], c["value"], c["text"]) for c in map(json.loads, done.stdout.splitlines())
    ] == [("speedup", 35.0, f"{kawi}x faster")]


# --------------------------------------------------------------------------- size and shape


def test_a_record_past_the_size_limit_is_skipped_with_a_warning(tmp_path: Path) -> None:
    huge = "fast " * 420_000  # 2.1 million characters
    (tmp_path / "big.jsonl").write_text(
        jsonl(
            {"title": "A", "abstract": GOOD},
            {"title": "B", "abstract": huge},
            {"title": "C", "abstract": GOOD},
        )  # fmt: skip
    )
    done = run("papers", "big.jsonl", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == (
        "effclaims: warning: big.jsonl: paper 2: skipped, 2,100,001 characters of title and "
        "abstract (the limit is 2,000,000)\n"
    )
    assert [(p["index"], p["title"]) for p in json.loads(done.stdout)] == [(1, "A"), (3, "C")]


def test_a_record_of_too_many_numbers_is_skipped_with_a_warning(tmp_path: Path) -> None:
    dense = "7B " * 30_000
    (tmp_path / "dense.jsonl").write_text(
        jsonl({"title": "A", "abstract": GOOD}, {"title": "B", "abstract": dense})
    )
    started = _child_cpu()
    done = run("extract", "dense.jsonl", "--by-paper", "--format", "jsonl", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == (
        "effclaims: warning: dense.jsonl: paper 2: skipped, 30,000 numbers in title and "
        "abstract (the limit is 20,000)\n"
    )
    assert [p["title"] for p in map(json.loads, done.stdout.splitlines())] == ["A"]
    assert _child_cpu() - started < 2  # start-up included; extracting it took 11 s


def _child_cpu() -> float:
    """CPU seconds of the programs this process has run and waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.mark.parametrize(
    "text",
    [
        "runs 2.1x faster than vLLM with Llama-2-7B on an A100, ",  # 26 s for 0.3 MB before
        "We run on an A100. The H100 is faster. ",  # 92 s for 1 MB before
    ],
    ids=["run-on sentence of claims and names", "short sentences naming hardware"],
)
def test_long_texts_of_claims_and_names_take_linear_time(tmp_path: Path, text: str) -> None:
    body = (text * (250_000 // len(text) + 1))[:250_000]  # under the 20,000 numbers
    (tmp_path / "long.jsonl").write_text(jsonl({"title": "T", "abstract": body}))
    started = _child_cpu()
    done = run("papers", "long.jsonl", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)[0]["claims"] > 10_000
    assert _child_cpu() - started < 4  # start-up included


def test_a_text_of_one_abstract_per_line_is_warned_about(tmp_path: Path) -> None:
    (tmp_path / "lines.txt").write_text("".join(f"{GOOD} Number {i}.\n" for i in range(400)))
    done = run("papers", "lines.txt", cwd=tmp_path)
    assert done.returncode == 0 and len(json.loads(done.stdout)) == 1
    assert done.stderr == (
        "effclaims: warning: lines.txt: line 1: a paragraph of more than 20,000 characters "
        "over several lines, each read as one abstract (abstracts are separated by blank lines)\n"
    )


def test_a_csv_quote_left_open_is_an_error_not_a_merge(tmp_path: Path) -> None:
    (tmp_path / "open.csv").write_text(
        f'title,abstract\r\nA,"{GOOD}\r\nB,second\r\nC,third\r\n', newline=""
    )
    done = run("extract", "open.csv", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "effclaims: open.csv: line 2-4: malformed CSV (a quoted cell is not closed)\n"
    )
    (tmp_path / "stray.csv").write_text(
        f'title,abstract\nA,"{GOOD}\nB,second\n"C",third\n', newline=""
    )
    done = run("extract", "stray.csv", cwd=tmp_path)
    assert done.returncode == 1 and "malformed CSV" in done.stderr


def test_jobs_are_capped_at_the_batches_there_are(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(
        jsonl(*({"title": f"P{i}", "abstract": GOOD} for i in range(300)))
    )
    started = time.monotonic()
    done = run("papers", "in.jsonl", "--jobs", "3000", cwd=tmp_path, timeout=120)
    assert done.returncode == 0 and len(json.loads(done.stdout)) == 300
    assert time.monotonic() - started < 60  # 3,000 workers took 75 s


# --------------------------------------------------------------------------- output files


def test_output_to_a_device_node_writes_in_place(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(jsonl({"title": "T", "abstract": GOOD}))
    if os.geteuid() == 0:
        os.mknod(tmp_path / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        target = "null"
    else:
        target = "/dev/null"
    done = run("extract", "in.jsonl", "-o", target, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert stat.S_ISCHR(os.stat(tmp_path / target).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        {"in.jsonl", "null"} & {target, "in.jsonl"}
    )


def test_output_to_standard_output_through_a_link(tmp_path: Path) -> None:
    """`-o /dev/stdout`, through a copy of that link (made with `ln -s`): a regression
    run as root would otherwise replace the system's own link with a file."""
    (tmp_path / "in.jsonl").write_text(jsonl({"title": "T", "abstract": GOOD}))
    os.symlink("/proc/self/fd/1", tmp_path / "stdout")
    done = run("extract", "in.jsonl", "--format", "jsonl", "-o", "stdout", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert [json.loads(line)["text"] for line in done.stdout.splitlines()] == [
        "2.5x faster",
        "A100",
        "40%",
    ]
    assert os.readlink(tmp_path / "stdout") == "/proc/self/fd/1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "stdout"]


def test_output_to_a_named_pipe(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(jsonl({"title": "T", "abstract": GOOD}))
    os.mkfifo(tmp_path / "fifo")
    got: list[bytes] = []
    reader = threading.Thread(
        target=lambda: got.append((tmp_path / "fifo").read_bytes()), daemon=True
    )
    reader.start()
    done = run("extract", "in.jsonl", "--format", "jsonl", "-o", "fifo", cwd=tmp_path)
    reader.join(timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert len(got[0].splitlines()) == 3 and stat.S_ISFIFO(os.stat(tmp_path / "fifo").st_mode)


def test_output_through_a_link_replaces_its_target_and_keeps_modes(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(jsonl({"title": "T", "abstract": GOOD}))
    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "claims.json"
    real.write_text("old")
    real.chmod(0o600)
    os.symlink("data/claims.json", tmp_path / "claims.json")
    done = run("extract", "in.jsonl", "-o", "claims.json", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert os.readlink(tmp_path / "claims.json") == "data/claims.json"
    assert len(json.loads(real.read_text())) == 3
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["claims.json"]


def test_output_naming_an_input_is_refused_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(jsonl({"title": "T", "abstract": GOOD}))
    os.symlink("in.jsonl", tmp_path / "alias.jsonl")
    before = (tmp_path / "in.jsonl").read_bytes()
    for target, shown in (("in.jsonl", "in.jsonl"), ("alias.jsonl", "alias.jsonl"),
                          ("./in.jsonl", "in.jsonl")):  # fmt: skip
        done = run("extract", "in.jsonl", "-o", target, cwd=tmp_path)
        assert done.returncode == 1
        assert done.stderr == f"effclaims: cannot write {shown}: it is the input in.jsonl\n"
    done = run("show", "in.jsonl", "--html", "in.jsonl", cwd=tmp_path)
    assert done.returncode == 1 and "it is the input" in done.stderr
    assert (tmp_path / "in.jsonl").read_bytes() == before


@pytest.mark.parametrize("name, fmt", [("claims.jsonl.gz", "jsonl"), ("claims.csv.gz", "csv")])
def test_gz_outputs_are_compressed(tmp_path: Path, name, fmt) -> None:
    (tmp_path / "in.jsonl").write_text(jsonl({"title": "T", "abstract": GOOD}))
    done = run("extract", "in.jsonl", "-o", name, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    text = gzip.decompress((tmp_path / name).read_bytes()).decode()
    plain = run("extract", "in.jsonl", "--format", fmt, cwd=tmp_path).stdout
    assert text == plain and plain


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsdecode(b"claims-\xff.json")
    (tmp_path / os.fsdecode(b"in-\xfe.jsonl")).write_text(jsonl({"title": "T", "abstract": GOOD}))
    done = subprocess.run(
        [EFFCLAIMS, "extract", os.fsencode(os.fsdecode(b"in-\xfe.jsonl")), "-o", os.fsencode(name)],
        cwd=tmp_path, capture_output=True, timeout=120,
    )  # fmt: skip
    assert (done.returncode, _without_summary(done.stderr.decode())) == (0, "")
    rows = json.loads((tmp_path / name).read_text())
    assert rows[0]["source"] == "in-\ufffd.jsonl"
    done = subprocess.run(
        [EFFCLAIMS, "show", os.fsencode(os.fsdecode(b"in-\xfe.jsonl")), "--html", b"page-\xff.html"],
        cwd=tmp_path, capture_output=True, timeout=120,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, b"")
    assert (tmp_path / os.fsdecode(b"page-\xff.html")).stat().st_size > 0


# --------------------------------------------------------------------------- signals


def many(n: int) -> bytes:
    return jsonl(*({"title": f"P{i}", "abstract": GOOD} for i in range(n))).encode()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_clean_up_as_ctrl_c_does(tmp_path: Path, signum) -> None:
    proc = subprocess.Popen(
        [EFFCLAIMS, "extract", "-", "-f", "jsonl", "--jobs", "2", "-o", "out.jsonl"],
        cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        proc.stdin.write(many(2000))
        proc.stdin.flush()  # and kept open: the run waits for more input
        deadline = time.monotonic() + 120
        while not any(p.stat().st_size for p in tmp_path.glob(".*.part")):
            assert time.monotonic() < deadline, "no output within two minutes"
            time.sleep(0.05)
        proc.send_signal(signum)  # to the program alone, as `kill` sends it
        code = proc.wait(timeout=60)
        err = proc.stderr.read().decode()  # to its end: workers that outlive it write here too
    finally:
        proc.kill()
        proc.stdin.close()
    assert code == 128 + signum
    assert err == f"effclaims: {signal.Signals(signum).name}: stopped\n"
    assert list(tmp_path.iterdir()) == []
