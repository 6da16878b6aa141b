"""The command line end to end: in process with typer's CliRunner, and as a real process.

The extractor's findings change as its rules grow, so expectations here are relations
that hold whatever it finds: formats agree with each other, offsets point at the text,
filters select exactly the matching rows, and errors come out as one line.
"""

from __future__ import annotations

import io
import json
import os
import select
import signal
import subprocess
import sys
import typing
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_with_terminal_stderr
from typer.testing import CliRunner

from effclaims import __version__, cli, readers
from effclaims.cli import EXTENSION_FORMATS, InputFormat, app
from effclaims.model import CLAIM_TYPES
from effclaims.schema import CLAIM_COLUMNS, PAPER_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
EXAMPLE_HF = ROOT / "fixtures" / "example_hf.txt"
EFFCLAIMS = str(Path(sys.executable).with_name("effclaims"))

PAPERS = [
    {
        "title": "Turbo Decoding for Small Language Models",
        "abstract": (
            "We introduce TurboDec, a speculative decoding scheme that delivers up to 2.8x faster "
            "generation than autoregressive decoding on a single NVIDIA H100. With 4-bit weights, "
            "a 13B model fits in 9 GB of memory and serves 950 tokens per second."
        ),
        "date": "2024-05-01",
        "upvotes": 17,
        "authors": ["A. One", "B. Two"],
    },
    {
        "title": "Pruning Vision Transformers Without Retraining",
        "abstract": (
            "Our one-shot pruning removes 60% of the weights of ViT-L, reducing FLOPs by 2.1 "
            "times while keeping accuracy within 0.3 points. The pruned network answers in 24 ms "
            "on a Jetson AGX Orin and uses 3x less energy than the dense one."
        ),
    },
    {
        "title": "A Survey of Efficient Training",
        "abstract": (
            "This survey reviews methods for training neural networks efficiently, organises "
            "them by the resource they save, and discusses open problems for future work."
        ),
    },
    {
        "title": "=cmd|' /C calc'!A0",
        "abstract": (
            "A paper whose title begins with an equals sign. Its caching method achieves a 3x "
            "reduction in memory usage and runs INT8 inference on commodity CPUs."
        ),
    },
]


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


@pytest.fixture
def papers_file(tmp_path: Path) -> Path:
    path = tmp_path / "papers.jsonl"
    path.write_text(jsonl(PAPERS), encoding="utf-8")
    return path


runner = CliRunner()


def invoke(*args: str, input: str | None = None, code: int = 0):
    result = runner.invoke(app, [str(a) for a in args], input=input)
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result


def run(*args: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [EFFCLAIMS, *map(str, args)], capture_output=True, text=True, timeout=timeout, **kw
    )


def csv_rows(text: str) -> pd.DataFrame:
    """CSV cells exactly as written, as text."""
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


# --------------------------------------------------------------------------- basics


def test_version_in_process_and_as_program():
    assert invoke("--version").stdout == f"effclaims {__version__}\n"
    assert run("--version").stdout == "effclaims 0.1.0\n"
    module = subprocess.run(
        [sys.executable, "-m", "effclaims", "--version"], capture_output=True, text=True
    )
    assert (module.returncode, module.stdout) == (0, "effclaims 0.1.0\n")


def test_version_alone_answers_before_the_command_line_loads():
    """`effclaims --version` on its own prints the line the command line's own option
    prints, without importing the command line; with anything else the command line
    answers."""
    probe = (
        "import sys; sys.argv = ['effclaims', '--version']; from effclaims.launch import main; "
        "main(); print(sorted(m for m in sys.modules if m.startswith(('typer', 'effclaims.cli'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout == f"{invoke('--version').stdout}[]\n"
    assert run("--version", "--help").stdout == invoke("--version").stdout  # eager: version wins


def test_start_up_imports_nothing_heavy():
    """`--version` and `--help` must not wait for pandas, spaCy or the rules' regexes;
    how long start-up takes is measured by `make bench`, not here."""
    heavy = ("pandas", "spacy", "rich", "numpy", "effclaims.engine", "effclaims.rules")
    probe = f"import sys, effclaims.cli; print(sorted(m for m in sys.modules if m.startswith({heavy!r})))"
    assert (
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout
        == "[]\n"
    )
    assert run("--version").returncode == 0


def test_help_lists_commands_and_examples():
    text = invoke("--help").stdout
    for word in ("extract", "papers", "eval", "Examples:", "effclaims extract"):
        assert word in text
    extract_help = invoke("extract", "--help").stdout
    for option in (
        "--input-format",
        "--dedupe",
        "--skip-bad",
        "--type",
        "--jobs",
        "--by-paper",
        "--debug",
        "--format",
        "--output",
    ):
        assert option in extract_help


def test_input_formats_are_the_readers_formats():
    assert typing.get_args(InputFormat) == readers.FORMATS


# --------------------------------------------------------------------------- formats


def test_formats_agree_on_rows_and_offsets_point_at_the_text(papers_file):
    rows = json.loads(invoke("extract", papers_file, "--format", "json").stdout)
    lines = invoke("extract", papers_file, "--format", "jsonl").stdout.splitlines()
    table = csv_rows(invoke("extract", papers_file, "--format", "csv").stdout)
    assert [json.loads(line) for line in lines] == rows
    assert list(table.columns) == list(CLAIM_COLUMNS) and len(table) == len(rows)
    for row in rows:
        assert list(row) == list(CLAIM_COLUMNS)
        paper = PAPERS[row["paper"] - 1]
        assert row["title"] == paper["title"] and row["type"] in CLAIM_TYPES
        assert paper[row["field"]][row["start"] : row["end"]] == row["text"]
    shown = invoke("extract", papers_file, "--format", "table").stdout
    n = len(rows)
    assert f"{n} claim{'s' * (n != 1)} in " in shown and "of 4 papers" in shown


def test_default_format_off_a_terminal_is_json(papers_file):
    assert json.loads(invoke("extract", papers_file).stdout) == json.loads(
        invoke("extract", papers_file, "--format", "json").stdout
    )


def test_stdin_gives_the_same_rows_as_the_file(papers_file):
    from_file = json.loads(invoke("extract", papers_file, "--format", "json").stdout)
    from_stdin = json.loads(invoke("extract", "-", "--format", "json", input=jsonl(PAPERS)).stdout)
    assert [{**r, "source": None} for r in from_stdin] == [{**r, "source": None} for r in from_file]
    listed = json.loads(invoke("papers", "-", "-f", "jsonl", input=jsonl(PAPERS)).stdout)
    assert [p["title"] for p in listed] == [p["title"] for p in PAPERS]


@pytest.mark.parametrize(
    ("suffix", "fmt"),
    [(suffix, fmt) for suffix, fmt in EXTENSION_FORMATS.items() if fmt != "sqlite"],
)
def test_output_file_format_follows_the_extension(tmp_path, papers_file, suffix, fmt):
    target = tmp_path / f"listing{suffix}"
    assert invoke("papers", papers_file, "-o", target).stdout == ""
    titles = [p["title"] for p in PAPERS]
    if fmt == "xlsx":
        assert pd.read_excel(target).title.tolist() == titles
    elif fmt == "parquet":
        assert pd.read_parquet(target).title.tolist() == titles
    elif fmt == "json":
        assert [p["title"] for p in json.loads(target.read_text(encoding="utf-8"))] == titles
    elif fmt == "jsonl":
        text = target.read_text(encoding="utf-8")
        assert [json.loads(line)["title"] for line in text.splitlines()] == titles
    elif fmt in ("csv", "tsv"):
        table = pd.read_csv(target, sep="," if fmt == "csv" else "\t")
        assert list(table.columns) == list(PAPER_COLUMNS)
        # a title that a spreadsheet would run as a formula is written defused
        assert table.title.str.removeprefix("'").tolist() == titles
    else:
        text = target.read_text(encoding="utf-8")
        assert "Turbo Decoding" in text and not text.lstrip().startswith(("[", "{"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["papers.jsonl", target.name])


def test_format_option_overrides_the_extension(tmp_path, papers_file):
    target = tmp_path / "claims.csv"
    invoke("extract", papers_file, "-o", target, "--format", "json")
    assert json.loads(invoke("extract", papers_file).stdout) == json.loads(target.read_text())


def test_papers_lists_every_paper_with_its_claim_count(papers_file):
    listed = json.loads(invoke("papers", papers_file).stdout)
    assert [p["index"] for p in listed] == [1, 2, 3, 4]
    assert (listed[0]["date"], listed[0]["upvotes"], listed[0]["authors"]) == ("2024-05-01", 17, 2)
    rows = json.loads(invoke("extract", papers_file).stdout)
    counts = Counter(r["paper"] for r in rows)
    assert [p["claims"] for p in listed] == [counts[i] for i in (1, 2, 3, 4)]
    assert all(list(p) == list(PAPER_COLUMNS) for p in listed)


# --------------------------------------------------------------------------- options


def test_by_paper_nests_claims_and_keeps_papers_without_claims(papers_file):
    flat = json.loads(invoke("extract", papers_file).stdout)
    nested = json.loads(invoke("extract", papers_file, "--by-paper").stdout)
    lines = invoke("extract", papers_file, "--by-paper", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == nested
    assert [p["title"] for p in nested] == [p["title"] for p in PAPERS]
    assert nested[2]["claims"] == []  # the survey states no number
    assert sum(len(p["claims"]) for p in nested) == len(flat)
    for record in nested:
        assert record["abstract"] == PAPERS[record["index"] - 1]["abstract"]
        for c in record["claims"]:
            assert record[c["field"]][c["start"] : c["end"]] == c["text"]
    table = invoke("extract", papers_file, "--by-paper", "--format", "table").stdout
    assert "[3] A Survey of Efficient Training" in table and "no claims" in table


def test_by_paper_has_no_csv_form(papers_file):
    result = invoke("extract", papers_file, "--by-paper", "--format", "csv", code=2)
    assert "--by-paper" in result.stderr


def test_type_filter_selects_exactly_the_rows_of_those_types(papers_file):
    def key(row: dict) -> tuple:
        return row["paper"], row["type"], row["start"], row["end"], row["value"]

    everything = json.loads(invoke("extract", papers_file).stdout)
    for claim_type in CLAIM_TYPES:
        only = json.loads(invoke("extract", papers_file, "--type", claim_type).stdout)
        assert [key(r) for r in only] == [key(r) for r in everything if r["type"] == claim_type]
    pair = json.loads(invoke("extract", papers_file, "--type", "speedup, hardware").stdout)
    assert [key(r) for r in pair] == [
        key(r) for r in everything if r["type"] in ("speedup", "hardware")
    ]


def test_jobs_do_not_change_the_result(papers_file):
    one = invoke("extract", papers_file, "-j", "1").stdout
    assert invoke("extract", papers_file, "--jobs", "2").stdout == one


def test_dedupe_keeps_the_first_of_each_title(tmp_path, papers_file):
    again = tmp_path / "again.jsonl"
    again.write_text(jsonl(PAPERS[:2]))
    both = json.loads(invoke("papers", papers_file, again).stdout)
    once = json.loads(invoke("papers", papers_file, again, "--dedupe").stdout)
    assert (len(both), len(once)) == (6, 4)


# --------------------------------------------------------------------------- seeds


def run_together(*commands: list[str]) -> None:
    """Run effclaims commands side by side (one worker each) and require that all succeed."""
    procs = [
        subprocess.Popen([EFFCLAIMS, *map(str, c), "-j", "1"], stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err


@pytest.fixture(scope="module")
def seed_outputs(tmp_path_factory) -> Path:
    """The seeds as claims in each format and as a paper listing, one pass each."""
    if len(SEEDS) != 5:
        pytest.skip("seed dumps not available")
    out = tmp_path_factory.mktemp("seeds")
    run_together(
        *(["extract", *SEEDS, "-o", out / f"claims.{ext}"] for ext in ("json", "jsonl", "csv")),
        ["papers", *SEEDS, "-o", out / "papers.json"],
    )
    return out


def test_papers_counts_on_the_seeds(seed_outputs):
    listed = json.loads((seed_outputs / "papers.json").read_text())
    per_source = Counter(p["source"] for p in listed)
    assert [per_source[str(s)] for s in SEEDS] == [70, 72, 111, 123, 83]
    claims = Counter(
        (r["source"], r["paper"]) for r in json.loads((seed_outputs / "claims.json").read_text())
    )
    assert [p["claims"] for p in listed] == [claims[p["source"], p["index"]] for p in listed]


def test_papers_on_the_example_listing():
    if not EXAMPLE_HF.is_file():
        pytest.skip("fixtures/example_hf.txt not available")
    listed = json.loads(invoke("papers", EXAMPLE_HF).stdout)
    nested = json.loads(invoke("extract", EXAMPLE_HF, "--by-paper").stdout)
    assert [p["index"] for p in listed] == list(range(1, 9))
    assert (listed[0]["authors"], listed[0]["upvotes"]) == (6, 12)  # the listing's metadata
    assert [p["title"] for p in listed] == [p["title"] for p in nested]
    assert [p["claims"] for p in listed] == [len(p["claims"]) for p in nested]


def test_seed_formats_agree_and_offsets_hold(seed_outputs):
    as_json = json.loads((seed_outputs / "claims.json").read_text())
    as_jsonl = [
        json.loads(line) for line in (seed_outputs / "claims.jsonl").read_text().splitlines()
    ]
    as_csv = pd.read_csv(seed_outputs / "claims.csv", keep_default_na=False)
    assert as_jsonl == as_json
    assert len(as_csv) == len(as_json) and list(as_csv.columns) == list(CLAIM_COLUMNS)
    papers = {(str(s), p.index): p for s in SEEDS for p in readers.read(str(s))}
    for row in as_json:
        paper = papers[row["source"], row["paper"]]
        assert getattr(paper, row["field"])[row["start"] : row["end"]] == row["text"], row


# --------------------------------------------------------------------------- empty input and errors


def test_empty_input_gives_an_empty_result(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert invoke("extract", empty, "--format", "json").stdout == "[]\n"
    assert invoke("extract", empty, "--format", "jsonl").stdout == ""
    assert invoke("extract", empty, "--format", "csv").stdout == ",".join(CLAIM_COLUMNS) + "\n"
    assert invoke("papers", empty, "--format", "json").stdout == "[]\n"
    assert invoke("papers", empty, "--format", "csv").stdout == ",".join(PAPER_COLUMNS) + "\n"


def one_line_error(result, *words: str) -> None:
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("effclaims: "), result.stderr
    for word in words:
        assert word in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_file_and_directory_are_errors(tmp_path, papers_file):
    one_line_error(invoke("extract", papers_file, tmp_path / "nope.txt", code=1), "nope.txt")
    one_line_error(invoke("papers", tmp_path, code=1), "directory")


def test_malformed_jsonl_names_the_line_and_skip_bad_goes_on(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(PAPERS[0]) + "\n{not json\n" + json.dumps(PAPERS[1]) + "\n")
    one_line_error(invoke("extract", bad, code=1), "bad.jsonl", "line 2")
    result = invoke("papers", bad, "--skip-bad")
    assert len(json.loads(result.stdout)) == 2
    assert result.stderr.startswith("effclaims: warning: ")


def test_debug_shows_the_traceback(tmp_path):
    result = invoke("extract", tmp_path / "nope.txt", "--debug", code=1)
    assert "Traceback" in result.stderr and result.stderr.rstrip().splitlines()[-1].startswith(
        "effclaims: "
    )


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "{papers}", "--type", "speed"],
        ["extract", "{papers}", "--type", "speedup,,warp"],
        ["extract", "{papers}", "--jobs", "0"],
        ["extract", "{papers}", "--format", "xml"],
        ["extract", "{papers}", "--input-format", "xml"],
        ["extract", "{papers}", "-o", "claims.xls"],
        ["extract", "{papers}", "-o", "claims"],
        ["extract", "{papers}", "--excel"],
        ["extract", "{papers}", "--format", "jsonl", "--excel"],
        ["extract", "{papers}", "--format", "sqlite"],
        ["extract", "{papers}", "-o", "claims.db", "--by-paper"],
        ["extract", "{papers}", "-o", "claims.xlsx", "--by-paper"],
        ["papers", "{papers}", "-o", "papers.db"],
        ["stats", "{papers}", "-o", "stats.csv"],
    ],
)
def test_usage_errors_exit_2(papers_file, args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(*(a.format(papers=papers_file) for a in args), code=2)
    assert result.stdout == ""
    assert [p.name for p in tmp_path.iterdir()] == ["papers.jsonl"]  # nothing written


def test_output_into_a_missing_directory_fails_before_reading(tmp_path):
    target = tmp_path / "no" / "such" / "dir" / "out.json"
    # stdin stays open: had the command started reading, it would wait for it.
    with subprocess.Popen(
        [EFFCLAIMS, "extract", "-", "-o", str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            code = proc.wait(timeout=30)
        finally:
            proc.kill()
        err = proc.stderr.read()
    assert code == 1 and err.startswith("effclaims: ") and "no directory" in err
    assert list(tmp_path.iterdir()) == []


def test_output_onto_a_directory_fails(tmp_path, papers_file):
    one_line_error(invoke("extract", papers_file, "-o", tmp_path, code=1), "directory")


def test_failed_run_leaves_an_existing_output_alone(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("precious")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(PAPERS[0]) + "\n[1, 2]\n")
    invoke("extract", bad, "-o", target, code=1)
    assert target.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "out.json"]


# --------------------------------------------------------------------------- CSV safety


def test_csv_cells_that_would_run_as_formulas_are_defused(papers_file):
    listed = csv_rows(invoke("papers", papers_file, "--format", "csv").stdout)
    assert listed["title"][3] == "'=cmd|' /C calc'!A0"
    assert list(listed["upvotes"]) == ["17", "", "", ""]  # numbers stay numbers, gaps empty
    raw = json.loads(invoke("papers", papers_file, "--format", "json").stdout)
    assert raw[3]["title"] == "=cmd|' /C calc'!A0"  # JSON carries the data as it is
    claims = csv_rows(invoke("extract", papers_file, "--format", "csv").stdout)
    assert all(t == "'=cmd|' /C calc'!A0" for t in claims["title"][claims["paper"] == 4])


# --------------------------------------------------------------------------- the program


def write_many(path: Path, n: int) -> Path:
    path.write_text(
        jsonl(
            {"title": f"{p['title']} ({i})", "abstract": p["abstract"]}
            for i in range(n)
            for p in PAPERS[:3]
        )
    )
    return path


@pytest.mark.parametrize(
    "command",
    [
        "papers {input} --format jsonl",
        "extract {input} --format jsonl --by-paper",
        "extract {input} --format json --by-paper",
        "extract {input} --format jsonl",
    ],
)
def test_broken_pipe_is_quiet(tmp_path, command):
    source = write_many(tmp_path / "many.jsonl", 1000)
    err = tmp_path / "stderr.txt"
    script = f'"{EFFCLAIMS}" {command.format(input=source)} 2>"{err}" | head -1; echo "rc=${{PIPESTATUS[0]}}"'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=300)
    assert err.read_text() == ""
    assert done.stderr == ""
    *out, status = done.stdout.splitlines()
    assert len(out) <= 1 and status in ("rc=0", "rc=1")


def test_exit_codes_of_the_program(tmp_path, papers_file):
    assert run("extract", papers_file).returncode == 0
    missing = run("extract", tmp_path / "nope.jsonl")
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr.startswith("effclaims: ") and "Traceback" not in missing.stderr
    assert run("extract", papers_file, "--type", "warp").returncode == 2


def test_interrupt_exits_130_with_one_line(interrupt_while_following):
    lines = jsonl({"title": f"Paper {i}", "abstract": PAPERS[0]["abstract"]} for i in range(300))
    # more than the reader looks at up front
    run = interrupt_while_following(
        ["papers", "-", "-f", "jsonl", "--format", "jsonl", "-j", "1"], lines.encode()
    )
    assert run.code == 130
    assert run.stderr == "effclaims: interrupted\n"


def test_papers_from_a_pipe_come_out_as_they_come_in():
    """With the format given, a paper written to a pipe that stays open is extracted at
    once, not when 64 KB of input have gathered or the pipe closes
    (`tail -f papers.jsonl | effclaims extract - -f jsonl`)."""
    args = ["extract", "-", "-f", "jsonl", "--format", "jsonl", "-j", "1"]
    proc = subprocess.Popen(
        [EFFCLAIMS, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        first, second = (
            jsonl([{"title": f"Paper {i}", "abstract": PAPERS[0]["abstract"]}]).encode()
            for i in (1, 2)
        )
        proc.stdin.write(first)
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready, "no output for a paper in the pipe"
        assert json.loads(proc.stdout.readline())["title"] == "Paper 1"
        proc.stdin.write(second)
        proc.stdin.close()
        titles = {json.loads(line)["title"] for line in proc.stdout}
        assert titles == {"Paper 1", "Paper 2"}
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the lost interrupt
def test_an_interrupt_lost_in_a_finaliser_still_stops_the_command(monkeypatch):
    """Python reports a KeyboardInterrupt raised inside a finaliser as ignored and goes on;
    the command must stop before it reads the next paper (which, from a pipe kept open,
    could be never)."""

    def finalised_during_ctrl_c() -> typing.Iterator[int]:
        try:
            yield 1
            yield 2
        finally:
            os.kill(os.getpid(), signal.SIGINT)

    def pairs() -> typing.Iterator[int]:
        for n in range(5):
            next(finalised_during_ctrl_c())  # dropped half-way: its finaliser runs here
            yield n

    monkeypatch.setattr(cli, "_interrupted", None)
    previous = signal.signal(signal.SIGINT, cli._on_signal)
    seen = []
    try:
        with pytest.raises(KeyboardInterrupt):
            for n in cli._interruptible(pairs()):
                seen.append(n)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen == [0]


def test_progress_goes_to_a_terminal_stderr_never_to_stdout(tmp_path):
    source = write_many(tmp_path / "many.jsonl", 150)  # 450 papers: over the threshold
    done, terminal = run_with_terminal_stderr(["papers", str(source), "--format", "json"])
    assert done.returncode == 0
    assert len(json.loads(done.stdout)) == 450
    assert b"papers" in terminal  # the bar counts papers
    assert b"Turbo" not in terminal  # and no data comes with it
