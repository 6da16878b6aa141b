"""The inputs people have, through the installed command: the Hugging Face API's JSON, an
arXiv Atom feed, records with other field names, standard input without '-', a pipe that
stays open, and the progress bar over a file of known size."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EFFCLAIMS, run_with_terminal_stderr

from effclaims import readers
from effclaims.schema import clean_title

ROOT = Path(__file__).resolve().parents[1]
ATOM = ROOT / "fixtures" / "example_arxiv.atom"
HF_API = ROOT / "fixtures" / "example_hf_api.json"

ABSTRACT = "Our kernel decodes 2.4x faster than FlashAttention-2 on an H100 GPU."


def run(*args: object, code: int = 0, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run([EFFCLAIMS, *map(str, args)], capture_output=True, timeout=300, **kw)
    assert done.returncode == code, done.stderr.decode()
    return done


def rows(*args: object, **kw) -> list[dict]:
    out = run("extract", *args, "--format", "jsonl", **kw).stdout.decode()
    return [json.loads(line) for line in out.splitlines()]


# --------------------------------------------------------------------------- shapes


def test_hugging_face_api_json_is_read_with_ids():
    listed = json.loads(run("papers", HF_API, "--format", "json").stdout)
    assert [(p["id"], p["authors"], p["upvotes"]) for p in listed] == [
        ("2404.10230", 1, 41),
        ("2406.00412", 3, 87),
        ("2406.01155", 1, 12),
    ]
    # the paper's own date, and its title with arXiv's line break made a space
    assert listed[1]["date"] == "2024-06-01T16:20:00.000Z"
    assert listed[1]["title"] == (
        "FlashRoute: Expert-Parallel Mixture-of-Experts Inference without All-to-All"
    )
    claims = rows(HF_API)
    assert {r["id"] for r in claims} == {"2404.10230", "2406.00412"}  # the survey has none


def test_arxiv_atom_feed_is_read_with_ids_dates_and_clean_titles():
    listed = json.loads(run("papers", ATOM, "--format", "json").stdout)
    assert [p["id"] for p in listed] == ["2403.04117", "2404.10230", "2405.01987"]
    assert [p["date"][:10] for p in listed] == ["2024-03-06", "2024-04-16", "2024-05-03"]
    assert [p["authors"] for p in listed] == [2, 1, 3]
    assert listed[0]["title"] == "SqueezeKV: Four-Bit Key-Value Caches for Long-Context Decoding"
    records = json.loads(run("extract", ATOM, "--by-paper", "--format", "json").stdout)
    assert records[0]["meta"]["primary_category"] == "cs.LG"
    assert records[0]["meta"]["categories"] == ["cs.LG", "cs.CL"]


def test_offsets_index_the_field_each_row_names():
    """Claims index their field as the record wrote it; the row's `title` is cleaned."""
    found = rows(ATOM, HF_API)
    papers = {(p.source, p.index): p for path in (ATOM, HF_API) for p in readers.read(str(path))}
    titled = [r for r in found if r["field"] == "title"]
    assert titled, "the fixtures have claims in titles"
    for row in found:
        paper = papers[(row["source"], row["paper"])]
        assert row["title"] == clean_title(paper.title) and "\n" not in row["title"]
        field = paper.title if row["field"] == "title" else paper.abstract
        assert field[row["start"] : row["end"]] == row["text"]


@pytest.mark.parametrize(
    ("name", "content", "options"),
    [
        (
            "nested.jsonl",
            json.dumps({"arxiv": {"key": "2401.77777", "name": "Fast"}, "body": ABSTRACT}),
            ["--title-field", "arxiv.name", "--abstract-field", "body", "--id-field", "arxiv.key"],
        ),
        (
            "sheet.csv",
            f'Paper ID,Heading,Text\n2401.77777,Fast,"{ABSTRACT}"\n',
            ["--title-field", "heading", "--abstract-field", "TEXT", "--id-field", "paper id"],
        ),
    ],
)
def test_fields_can_be_named(tmp_path, name, content, options):
    path = tmp_path / name
    path.write_text(content + "\n", encoding="utf-8")
    found = rows(path, *options)
    assert [(r["id"], r["title"], r["type"]) for r in found] == [
        ("2401.77777", "Fast", "speedup"),
        ("2401.77777", "Fast", "hardware"),
    ]
    # without the names, the record has no abstract
    done = run("extract", path, code=1)
    assert b"no 'abstract' or 'summary'" in done.stderr


def test_named_abstract_field_that_is_missing_is_named_in_the_error(tmp_path):
    path = tmp_path / "papers.jsonl"
    path.write_text(json.dumps({"title": "T", "abstract": ABSTRACT}) + "\n", encoding="utf-8")
    done = run("extract", path, "--abstract-field", "body", code=1)
    assert done.stderr.decode() == f"effclaims: {path}: line 1: no 'body' field\n"


# --------------------------------------------------------------------------- standard input


def test_stdin_is_read_without_a_dash(tmp_path):
    with ATOM.open("rb") as fh:
        piped = rows(stdin=fh)
    assert piped and {r["source"] for r in piped} == {"<stdin>"}
    from_file = rows(ATOM)
    assert [{**r, "source": ""} for r in piped] == [{**r, "source": ""} for r in from_file]


def test_no_input_on_a_terminal_is_a_usage_error():
    main, secondary = pty.openpty()
    try:
        done = subprocess.run(
            [EFFCLAIMS, "extract"], stdin=secondary, capture_output=True, timeout=60
        )
    finally:
        os.close(secondary)
        os.close(main)
    assert done.returncode == 2
    assert b"name a file to read, or pipe one in" in done.stderr


@pytest.mark.parametrize("jobs", [[], ["--jobs", "2"]], ids=["default jobs", "two jobs"])
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_pipe_is_followed_paper_by_paper(jobs, fmt):
    """Each paper's rows come out while the pipe stays open, before the next paper is sent."""
    proc = subprocess.Popen(
        [EFFCLAIMS, "extract", "--format", fmt, *jobs],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        seen = b""  # read unbuffered: select() sees the pipe, not a reader's buffer
        for n in range(3):
            record = {"id": f"2401.0000{n}", "title": f"Paper {n}", "abstract": ABSTRACT}
            proc.stdin.write((json.dumps(record) + "\n").encode())
            proc.stdin.flush()
            deadline = time.monotonic() + 60
            while f"2401.0000{n}".encode() not in seen:
                ready, _, _ = select.select([proc.stdout], [], [], deadline - time.monotonic())
                assert ready, f"no row of paper {n} while the pipe is open"
                seen += os.read(proc.stdout.fileno(), 65536)
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        proc.wait()
        for stream in (proc.stdout, proc.stderr):
            stream.close()


# --------------------------------------------------------------------------- progress


def test_progress_bar_shows_done_of_total_rate_and_time_left(tmp_path):
    source = tmp_path / "many.jsonl"
    records = [{"title": f"Paper {i}", "abstract": ABSTRACT} for i in range(1200)]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "claims.jsonl"
    done, shown = run_with_terminal_stderr(
        ["extract", str(source), "-o", str(out), "-j", "1"], env={**os.environ, "COLUMNS": "160"}
    )
    assert done.returncode == 0 and done.stdout == b""
    terminal = shown.decode(errors="replace")
    size = f"{source.stat().st_size / 1000:.1f}"  # rich shows kB with one decimal
    assert f"/{size} kB" in terminal or f"{size} kB" in terminal  # done of the total
    assert "%" in terminal and " papers, " in terminal and "/s" in terminal
    assert "-:--:--" in terminal or "0:00:" in terminal  # the time left
    assert f"effclaims: wrote 2,400 claims from 1,200 papers to {out}" in terminal


def test_install_imports_the_package_beside_a_folder_named_like_it(tmp_path):
    """A script in the folder that holds the clone still imports the installed package."""
    (tmp_path / "effclaims").symlink_to(ROOT)
    script = tmp_path / "notebook.py"
    script.write_text(
        "import effclaims\nprint(effclaims.extract('It runs 2x faster on an A100.')[0].value)\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "2.0\n"
