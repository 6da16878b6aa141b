"""Claims as data, through the installed command: typed rows in every format, a database
that grows run after run, spreadsheets whose text stays text, Parquet read back."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from conftest import EFFCLAIMS

import effclaims
from effclaims.cli import EXTENSION_FORMATS
from effclaims.schema import CLAIM_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
ATOM = ROOT / "fixtures" / "example_arxiv.atom"
HF_API = ROOT / "fixtures" / "example_hf_api.json"
LISTING = ROOT / "fixtures" / "example_hf.txt"

#: Papers whose claims quote text a spreadsheet would change: a percentage, a formula.
PAPERS = [
    {
        "id": "2401.00001",
        "title": '=HYPERLINK("http://x")  Sparse\n  Decoding',
        "abstract": "Our method reduces inference latency by 40.4% on an A100.",
    },
    {"id": "2401.00002", "title": "Nothing measured", "abstract": "We discuss annotation."},
    {
        "title": "Quokka",
        "abstract": "Quokka runs 3.2x faster with 4-bit weights.",
    },
]


def run(*args: object, code: int = 0, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [EFFCLAIMS, *map(str, args)], input=stdin, capture_output=True, timeout=300
    )
    assert done.returncode == code, done.stderr.decode()
    return done


@pytest.fixture
def papers_file(tmp_path: Path) -> Path:
    path = tmp_path / "papers.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in PAPERS), encoding="utf-8")
    return path


def jsonl_rows(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in run("extract", path, "--format", "jsonl").stdout.splitlines()
    ]


# --------------------------------------------------------------------------- typed values


def test_json_values_are_the_claims_and_the_hardware_name_has_its_own_column(papers_file):
    """JSON keeps each value's own type: a number, or hardware's name as the spec has it."""
    rows = jsonl_rows(papers_file)
    assert [r["type"] for r in rows] == ["speedup", "hardware", "speedup", "bit_width"]
    for row in rows:
        assert list(row) == list(CLAIM_COLUMNS)
        if row["type"] == "hardware":
            assert row["value"] == row["value_text"] == "A100"
        else:
            assert isinstance(row["value"], float)
    # ids where the record has one, null where it has none
    assert [r["id"] for r in rows] == ["2401.00001", "2401.00001", None, None]


def test_csv_values_read_back_as_numbers(tmp_path, papers_file):
    out = tmp_path / "claims.csv"
    run("extract", papers_file, "-o", out)
    table = pd.read_csv(out)
    assert table["value"].dtype == "float64"  # hardware is an empty cell, not a name
    assert table.groupby("type")["value"].max()["speedup"] == pytest.approx(3.2)
    assert table.loc[table.type == "hardware", "value_text"].tolist() == ["A100"]


def test_tsv_and_excel_csv(tmp_path, papers_file):
    tsv, excel, plain = tmp_path / "c.tsv", tmp_path / "excel.csv", tmp_path / "plain.csv"
    run("extract", papers_file, "-o", tsv)
    run("extract", papers_file, "-o", excel, "--excel")
    run("extract", papers_file, "-o", plain)
    assert excel.read_bytes().startswith(b"\xef\xbb\xbf") and not plain.read_bytes().startswith(
        b"\xef\xbb\xbf"
    )
    assert excel.read_bytes()[3:] == plain.read_bytes()
    from_tsv = list(csv.reader(io.StringIO(tsv.read_text(encoding="utf-8")), delimiter="\t"))
    from_csv = list(csv.reader(io.StringIO(plain.read_text(encoding="utf-8"))))
    assert from_tsv == from_csv and from_tsv[0] == list(CLAIM_COLUMNS)


# --------------------------------------------------------------------------- spreadsheets


def test_xlsx_keeps_text_as_text_and_numbers_as_numbers(tmp_path, papers_file):
    from openpyxl import load_workbook

    out = tmp_path / "claims.xlsx"
    done = run("extract", papers_file, "-o", out)
    assert done.stdout == b"" and b"wrote 4 claims from 3 papers" in done.stderr
    sheet = load_workbook(out).active
    assert sheet.freeze_panes == "A2"  # the header stays in view
    header = [cell.value for cell in sheet[1]]
    assert header == list(CLAIM_COLUMNS)
    first = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    assert first["text"].value == "40.4%" and first["text"].data_type == "s"
    assert first["title"].value.startswith("=HYPERLINK") and first["title"].data_type == "s"
    assert first["value"].data_type == "n" and first["value"].value == pytest.approx(1.6779, 1e-4)
    assert first["start"].value == PAPERS[0]["abstract"].index("40.4%")
    assert first["start"].data_type == "n"
    hardware = {name: cell for name, cell in zip(header, sheet[3], strict=True)}
    assert hardware["value"].value is None and hardware["value_text"].value == "A100"
    # and pandas reads it back as the same rows
    frame = pd.read_excel(out)
    assert frame["text"].tolist() == [r["text"] for r in jsonl_rows(papers_file)]


def test_parquet_reads_back_with_the_types_of_to_frame(tmp_path, papers_file):
    out = tmp_path / "claims.parquet"
    run("extract", papers_file, "-o", out)
    frame = pd.read_parquet(out)
    api = effclaims.to_frame(effclaims.read(str(papers_file))).dropna(subset=["type"])
    assert dict(frame.dtypes) == dict(api.dtypes)
    assert frame["value_text"].tolist() == api["value_text"].tolist()
    assert frame["value"].isna().tolist() == [t == "hardware" for t in frame["type"]]


@pytest.mark.parametrize("name", ["claims.xls", "claims", "claims.json.bak"])
def test_an_extension_that_names_no_format_is_a_usage_error(tmp_path, papers_file, name):
    done = run("extract", papers_file, "-o", tmp_path / name, code=2)
    message = done.stderr.decode()
    assert all(ext in message for ext in EXTENSION_FORMATS) and "--format" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["papers.jsonl"]


def test_binary_formats_are_not_written_to_a_terminal():
    # in process, stdout is not a terminal: a pipe takes xlsx and parquet bytes
    done = run("extract", LISTING, "--format", "parquet")
    assert done.stdout.startswith(b"PAR1")


# --------------------------------------------------------------------------- SQLite


def table_of(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def test_sqlite_tables_are_typed_indexed_and_linked(tmp_path):
    db = tmp_path / "claims.db"
    done = run("extract", ATOM, "-o", db)
    assert done.stderr.decode() == f"effclaims: added 3 papers and 19 claims to {db}\n"
    columns = {name: kind for _, name, kind, *_ in table_of(db, "PRAGMA table_info(claims)")}
    assert (columns["value"], columns["start"], columns["type"]) == ("REAL", "INTEGER", "TEXT")
    assert {"claims_type", "claims_paper"} <= {
        r[1] for r in table_of(db, "PRAGMA index_list(claims)")
    }
    kinds = table_of(db, "select type, typeof(value), count(*) from claims group by 1, 2")
    assert ("hardware", "null", 3) in kinds
    assert all(kind == "real" for t, kind, _ in kinds if t != "hardware")
    orphans = "select count(*) from claims where paper_key not in (select key from papers)"
    assert table_of(db, orphans) == [(0,)]
    # the rows of the database are the rows of JSON Lines
    joined = pd.read_sql(
        "select p.id, p.title, c.* from claims c join papers p on p.key = c.paper_key",
        sqlite3.connect(db),
    )
    rows = jsonl_rows(ATOM)
    assert joined["text"].tolist() == [r["text"] for r in rows]
    assert joined["id"].tolist() == [r["id"] for r in rows]
    assert joined["value"].dtype == "float64"


def test_sqlite_appending_adds_only_new_papers(tmp_path):
    db = tmp_path / "claims.db"
    run("extract", ATOM, "-o", db)
    counts = "select (select count(*) from papers), (select count(*) from claims)"
    assert table_of(db, counts) == [(3, 19)]
    again = run("extract", ATOM, "-o", db)  # the same dump: nothing new
    assert b"added 0 papers (3 papers already held) and 0 claims" in again.stderr
    assert table_of(db, counts) == [(3, 19)]
    # the next dump shares one paper (by arXiv id) with the first
    new = run("extract", HF_API, "-o", db)
    assert b"added 2 papers (1 paper already held) and 5 claims" in new.stderr
    assert table_of(db, counts) == [(5, 24)]
    assert table_of(db, "select count(distinct id) from papers") == [(5,)]


def test_sqlite_keys_papers_without_ids_by_their_text(tmp_path):
    db = tmp_path / "claims.sqlite"
    run("extract", LISTING, "-o", db)
    before = table_of(db, "select key from papers order by key")
    assert before and all(key.startswith("sha256:") for (key,) in before)
    run("extract", LISTING, "-o", db)
    assert table_of(db, "select key from papers order by key") == before


def test_sqlite_run_that_fails_changes_nothing(tmp_path):
    db = tmp_path / "claims.db"
    run("extract", ATOM, "-o", db)
    before = table_of(db, "select count(*) from claims")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(PAPERS[0]) + "\n{oops\n", encoding="utf-8")
    done = run("extract", HF_API, bad, "-o", db, code=1)
    assert b"bad.jsonl: line 2: invalid JSON" in done.stderr
    assert table_of(db, "select count(*) from claims") == before
    fresh = tmp_path / "fresh.db"
    run("extract", bad, "-o", fresh, code=1)
    assert not fresh.exists() and sorted(p.name for p in tmp_path.iterdir()) == [
        "bad.jsonl",
        "claims.db",
    ]


def test_sqlite_refuses_a_database_that_is_not_its_own(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("create table papers (doi text)")
    done = run("extract", ATOM, "-o", other, code=1)
    assert done.stderr.decode().startswith(f"effclaims: cannot write {other}: it holds tables")
    assert table_of(other, "PRAGMA table_info(papers)")[0][1] == "doi"
    text = tmp_path / "notes.db"
    text.write_text("not a database\n" * 100)
    done = run("extract", ATOM, "-o", text, code=1)
    assert done.stderr.decode().startswith(f"effclaims: cannot write {text}: ")
    assert text.read_text() == "not a database\n" * 100
