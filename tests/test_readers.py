"""Reading papers: every format, format detection, encodings, and each input error."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import sys
from pathlib import Path

import pytest

from effclaims import readers
from effclaims.errors import InputError
from effclaims.readers import FORMATS, check_readable, detect_format, find_urls, read, read_many
from effclaims.schema import clean_title

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))

ABSTRACT_A = (
    "Sparse attention promises long contexts at a fraction of the cost, but practical kernels "
    "rarely match their theoretical savings. We describe a block-sparse layout that keeps the "
    "hardware busy and reaches a 2.1x speedup over dense attention at 64k tokens on an A100."
)
ABSTRACT_B = (
    "Distilling a large teacher into a compact student usually needs the full pretraining "
    "corpus. We show that a few million synthetic prompts suffice, and that the student "
    "keeps 97% of the teacher's accuracy while using 4x less memory at inference time."
)
ABSTRACT_C = (
    "We study how annotators disagree on preference data and propose a simple weighting that "
    "down-weights contested pairs. Reward models trained this way generalise better to "
    "unseen prompts, and we release the annotation guidelines with the data."
)
CHROME = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
    "byAK and the research community\n\nApr 2\n\n"
)


def papers(source, input_format=None, **kwargs):
    """Read everything, returning (papers, warnings)."""
    warnings: list[str] = []
    found = list(read(source, input_format, on_warning=warnings.append, **kwargs))
    return found, warnings


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def pairs(found) -> list[tuple[str, str]]:
    return [(p.title, p.abstract) for p in found]


# --------------------------------------------------------------------------- seed dumps

needs_seeds = pytest.mark.skipif(len(SEEDS) != 5, reason="shared seed dumps not available")


@needs_seeds
@pytest.mark.parametrize("index, count", list(enumerate([70, 72, 111, 123, 83])))
def test_seed_paper_counts(index, count):
    found, warnings = papers(SEEDS[index])
    assert len(found) == count
    assert warnings == []
    assert [p.index for p in found] == list(range(1, count + 1))
    assert {p.source for p in found} == {str(SEEDS[index])}
    lines = set(SEEDS[index].read_text(encoding="utf-8").splitlines())
    for paper in found:
        # Titles and abstracts are the dump's own lines, untouched, so offsets hold.
        assert paper.title in lines and paper.abstract in lines
        assert len(paper.abstract) > 300 and 0 < len(paper.title) < 300


@needs_seeds
def test_seed_titles_match_gold_positions():
    gold = [json.loads(line) for line in (SHARED / "gold" / "seeds.jsonl").open(encoding="utf-8")]
    by_dump = {path.name[:3]: list(read(path)) for path in SEEDS}
    for record in gold:
        dump, position = record["id"].split("-")
        assert by_dump[dump][int(position)].title == record["title"], record["id"]


@needs_seeds
@pytest.mark.parametrize(
    "index, authors, organization, date, upvotes",
    [
        (1, 8, None, "Feb 18", None),
        (2, 4, None, "Oct 6, 2021", None),
        (3, 3, None, "Mar 11, 2021", 1),
        (4, 7, None, "Nov 26, 2024", None),
    ],
)
def test_seed_metadata(index, authors, organization, date, upvotes):
    paper = list(read(SEEDS[4]))[index - 1]
    assert (paper.authors, paper.organization, paper.date, paper.upvotes) == (
        authors,
        organization,
        date,
        upvotes,
    )


@needs_seeds
def test_seed_metadata_variants():
    found = list(read(SEEDS[4]))
    text = SEEDS[4].read_text(encoding="utf-8")
    assert found[1].title.startswith("8-bit")
    # Every "·" line closes the metadata of exactly one paper; the others have none.
    assert sum(p.date is not None for p in found) == text.splitlines().count("·")
    assert all(p.authors is None and p.upvotes is None for p in found if p.date is None)
    organizations = {p.organization for p in found if p.organization}
    assert {"naver-ai NAVER AI Lab", "facebook AI at Meta"} <= organizations
    assert len(organizations) == 3
    assert all(p.authors is None and p.date for p in found if p.organization)
    assert [p.upvotes for p in found if p.date == "Jul 24"] == [2]
    assert {p.authors for p in list(read(SEEDS[0]))} == {None}


@needs_seeds
def test_seed_urls_cut_by_a_space_are_joined():
    text = SEEDS[0].read_text(encoding="utf-8")
    cut = re.search(r"https://github\.com/ ([\w-]+/[\w-]+)", text)
    assert cut, "the dump has a URL cut by a space"
    urls = [u for p in read(SEEDS[0]) for u in p.code_urls]
    assert f"https://github.com/{cut.group(1)}" in urls
    assert not any(" " in u or u.endswith((".", ",", ")")) for u in urls)


# --------------------------------------------------------------------------- fixtures


def test_fixture_hf():
    found, warnings = papers(FIXTURES / "example_hf.txt")
    assert warnings == [] and len(found) == 8
    meta = [(p.authors, p.organization, p.date, p.upvotes) for p in found]
    assert meta == [
        (6, None, "Mar 4, 2024", 12),
        (None, "nvidia NVIDIA", "Sep 22", 7),
        (4, None, "Jan 15", None),
        (None, None, None, None),
        (3, None, "Nov 2, 2023", None),
        (None, None, None, None),
        (None, "acme-research Acme Research", "Jul 24", 2),
        (None, None, None, None),
    ]
    assert found[2].title.startswith("4-bit Weights")
    assert found[6].code_urls == ("https://github.com/paradraft-lab/paradraft",)
    assert "22times less memory" in found[6].abstract and r"$3\times$" in found[6].abstract


@pytest.mark.parametrize(
    "name, fmt, count, check",
    [
        ("example_hf.txt", "hf", 8, lambda p: p[0].title.startswith("KVSqueeze")),
        ("example.jsonl", "jsonl", 5, lambda p: p[0].id == "2403.01234"),
        ("example.csv", "csv", 4, lambda p: p[0].meta == {"venue": "ICML"}),
        ("example.txt", "text", 4, lambda p: all(x.title == "" for x in p)),
    ],
)
def test_fixtures(name, fmt, count, check):
    path = FIXTURES / name
    assert detect_format(name, path.read_bytes()[:4096]) == fmt
    found, warnings = papers(path)
    assert len(found) == count and warnings == [] and check(found)
    assert all(p.abstract.strip() for p in found)


def test_fixture_jsonl_is_arxiv_like():
    first = list(read(FIXTURES / "example.jsonl"))[0]
    # Title and abstract are the strings of the record as written, spaces and newlines kept
    # (the `title` column of a row shows the title with its runs of whitespace made one).
    assert first.title == "Token Merging for\n  Diffusion Transformers at Scale"
    assert first.id == "2403.01234" and "id" not in first.meta
    assert first.abstract.startswith("  Diffusion transformers generate")
    assert first.abstract.endswith("change in FID.\n")
    assert first.date == "2024-03-05" and first.authors is None
    assert first.meta["authors"].startswith("Mara Lindqvist")
    assert "update_date" not in first.meta and "abstract" not in first.meta


def test_fixture_csv_keeps_quoted_newlines_and_maps_columns():
    found = list(read(FIXTURES / "example.csv"))
    assert [(p.authors, p.date, p.upvotes) for p in found] == [
        (5, "Jun 3, 2024", 14),
        (3, "Aug 19, 2024", None),
        (4, "Sep 30, 2024", 2),
        (6, "Oct 7, 2024", 31),
    ]
    assert "gap.\n\nWe release" in found[2].abstract
    assert found[1].meta == {"venue": ""}


# --------------------------------------------------------------------------- formats

HF_DUMP = (
    CHROME
    + f"Block-Sparse Kernels That Keep Their Promise\n\n{ABSTRACT_A}\n\n"
    + "  • 5 authors\n·\nMay 14, 2024 3\n\n"
    + f"Small Students, Synthetic Prompts\n\n{ABSTRACT_B}\n\n"
    + "contoso-ai Contoso AI\n·\nJun 2\n\n"
    + f"Weighting Contested Preferences\n\n{ABSTRACT_C}\n"
)
EXPECTED = [
    ("Block-Sparse Kernels That Keep Their Promise", ABSTRACT_A),
    ("Small Students, Synthetic Prompts", ABSTRACT_B),
    ("Weighting Contested Preferences", ABSTRACT_C),
]
UNTITLED = [("", ABSTRACT_A), ("", ABSTRACT_B), ("", ABSTRACT_C)]


def _jsonl(*records) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def _rec(title, abstract, key="abstract", **extra):
    return {"title": title, key: abstract, **extra}


FORMAT_CASES = [
    ("dump.txt", HF_DUMP, "hf", EXPECTED),
    ("papers.jsonl", _jsonl(*(_rec(t, a) for t, a in EXPECTED)), "jsonl", EXPECTED),
    ("papers.ndjson", _jsonl(*(_rec(t, a, "summary") for t, a in EXPECTED)), "jsonl", EXPECTED),
    ("papers.json", json.dumps([_rec(t, a) for t, a in EXPECTED], indent=2), "json", EXPECTED),
    ("papers.json", json.dumps({"papers": [_rec(t, a) for t, a in EXPECTED]}), "json", EXPECTED),
    ("one.json", json.dumps(_rec(*EXPECTED[0]), indent=1), "json", EXPECTED[:1]),
    ("lines.json", _jsonl(*(_rec(t, a) for t, a in EXPECTED)), "jsonl", EXPECTED),
    (
        "papers.csv",
        "Title,Abstract,Venue\n" + "".join(f'"{t}","{a}",X\n' for t, a in EXPECTED),
        "csv",
        EXPECTED,
    ),
    (
        "papers.tsv",
        "title\tsummary\n" + "".join(f"{t}\t{a}\n" for t, a in EXPECTED),
        "csv",
        EXPECTED,
    ),
    (
        "semicolons.csv",
        "title;abstract\n" + "".join(f'"{t}";"{a}"\n' for t, a in EXPECTED),
        "csv",
        EXPECTED,
    ),
    ("notes.txt", "\n\n".join(a for _, a in EXPECTED) + "\n", "text", UNTITLED),
]


@pytest.mark.parametrize("name, content, fmt, expected", FORMAT_CASES)
def test_formats_from_paths(tmp_path, name, content, fmt, expected):
    path = write(tmp_path, name, content)
    assert detect_format(name, path.read_bytes()) == fmt
    found, warnings = papers(path)
    assert pairs(found) == expected and warnings == []
    assert [p.index for p in found] == list(range(1, len(expected) + 1))
    assert all(p.source == str(path) for p in found)


@pytest.mark.parametrize("name, content, fmt, expected", FORMAT_CASES)
def test_formats_from_file_objects(name, content, fmt, expected):
    stream = io.BytesIO(content.encode())
    found, _ = papers(stream, fmt, name="pasted")
    assert pairs(found) == expected
    assert {p.source for p in found} <= {"pasted"}


@pytest.mark.parametrize("name, content, fmt, expected", FORMAT_CASES)
def test_formats_sniffed_without_a_name(name, content, fmt, expected):
    assert detect_format("-", content.encode()) == fmt
    found, _ = papers(io.BytesIO(content.encode()))
    assert pairs(found) == expected


def test_text_streams_are_refused_clearly():
    with pytest.raises(TypeError, match="needs a binary stream"):
        list(read(io.StringIO(HF_DUMP)))


def test_hf_metadata_of_a_small_dump():
    found, _ = papers(io.BytesIO(HF_DUMP.encode()))
    assert [(p.authors, p.organization, p.date, p.upvotes) for p in found] == [
        (5, None, "May 14, 2024", 3),
        (None, "contoso-ai Contoso AI", "Jun 2", None),
        (None, None, None, None),
    ]


def test_record_fields_are_mapped_and_the_rest_kept():
    record = {
        "Title": "  Padded Title  ",
        "Abstract": f"\n  {ABSTRACT_A}\n",
        "published": "2024-01-02",
        "update_date": "2024-02-03",
        "upvotes": "17",
        "authors": ["Ada", "Grace", "Edsger"],
        "organization": "Contoso",
        "code_urls": ["https://example.org/code"],
        "id": "2401.00001",
    }
    (paper,), _ = papers(io.BytesIO(_jsonl(record).encode()), "jsonl")
    assert paper.title == "  Padded Title  " and paper.abstract == f"\n  {ABSTRACT_A}\n"
    assert (paper.date, paper.upvotes, paper.authors, paper.organization) == (
        "2024-01-02",
        17,
        3,
        "Contoso",
    )
    assert paper.code_urls == ("https://example.org/code",)
    assert paper.id == "2401.00001"
    assert paper.meta == {"update_date": "2024-02-03", "authors": ["Ada", "Grace", "Edsger"]}


def test_code_urls_come_from_the_abstract_in_every_format(tmp_path):
    abstract = ABSTRACT_A + " Code: https://github.com/sparse-lab/kernels."
    found, _ = papers(write(tmp_path, "a.jsonl", _jsonl(_rec("T", abstract))))
    assert found[0].code_urls == ("https://github.com/sparse-lab/kernels",)


# --------------------------------------------------------------------------- HF variants


def _hf_variant_cases():
    a, b, c = ABSTRACT_A, ABSTRACT_B, ABSTRACT_C
    return [
        (
            "no blank lines",
            f"Title One\n{a}\nTitle Two\n{b}\n",
            [("Title One", a), ("Title Two", b)],
        ),
        (
            "extra blanks and trailing spaces",
            f"\n\n\nTitle One   \n\n\n\n{a}  \n\n\n\nTitle Two\t\n\n{b}\n\n\n",
            [("Title One   ", f"{a}  "), ("Title Two\t", b)],
        ),
        ("crlf", CHROME.replace("\n", "\r\n") + f"Title One\r\n\r\n{a}\r\n", [("Title One", a)]),
        (
            "lone cr",
            f"Title One\r\r{a}\r\rTitle Two\r\r{b}\r",
            [("Title One", a), ("Title Two", b)],
        ),
        ("digit title", f"8-bit Everything\n\n{a}\n", [("8-bit Everything", a)]),
        ("date-like title", f"Jul 4\n\n{a}\n\nMay 2\n\n{b}\n", [("Jul 4", a), ("May 2", b)]),
        (
            "date heading without chrome",
            f"Nov 21\n\nTitle One\n\n{a}\n",
            [("Title One", a)],
        ),
        (
            "two pages pasted",
            CHROME
            + f"Title One\n\n{a}\n\n  • 2 authors\n·\nMar 3\n\n"
            + CHROME
            + f"Title Two\n\n{b}\n",
            [("Title One", a), ("Title Two", b)],
        ),
        (
            "abstract of two paragraphs",
            f"Title One\n\n{a}\n\n{b}\n\nTitle Two\n\n{c}\n",
            [("Title One", f"{a}\n\n{b}"), ("Title Two", c)],
        ),
        (
            "title line not copied",
            f"{a}\n\n  • 3 authors\n·\nMar 3\n\nTitle Two\n\n{b}\n",
            [("", a), ("Title Two", b)],
        ),
        (
            "upvotes on their own line",
            f"Title One\n\n{a}\n\n  • 2 authors\n·\nMar 3, 2024\n41\n\nTitle Two\n\n{b}\n",
            [("Title One", a), ("Title Two", b)],
        ),
    ]


@pytest.mark.parametrize("label, content, expected", _hf_variant_cases())
def test_hf_variants(label, content, expected):
    found, warnings = papers(io.BytesIO(content.encode()), "hf")
    assert pairs(found) == expected, label
    assert warnings == []


def test_hf_upvotes_on_their_own_line():
    found, _ = papers(io.BytesIO(_hf_variant_cases()[-1][1].encode()), "hf")
    assert (found[0].date, found[0].upvotes, found[1].upvotes) == ("Mar 3, 2024", 41, None)


@pytest.mark.parametrize(
    "content, expected, warning",
    [
        (
            f"Title One\n\n{ABSTRACT_A}\n\nTitle Cut Off At The End\n",
            [("Title One", ABSTRACT_A)],
            "skipped 1 title without an abstract",
        ),
        (
            f"Lost Title\n\nTitle Two\n\n{ABSTRACT_B}\n\nLost Again\n\n  • 4 authors\n·\nJan 1\n",
            [("Title Two", ABSTRACT_B)],
            "skipped 2 titles without an abstract",
        ),
    ],
)
def test_hf_titles_without_abstract_are_skipped_with_a_warning(content, expected, warning):
    found, warnings = papers(io.BytesIO(content.encode()), "hf", name="d.txt")
    assert pairs(found) == expected
    assert warnings == [f"d.txt: {warning}"]


@pytest.mark.parametrize(
    "content",
    [
        CHROME,
        "alpha\nbeta gamma\n\ndelta\n",
        "Just a title\n",
    ],
)
def test_hf_without_any_paper_is_an_error(content):
    with pytest.raises(InputError) as err:
        list(read(io.BytesIO(content.encode()), "hf", name="x.txt"))
    assert str(err.value) == (
        "x.txt: no papers found (is this a Hugging Face Daily Papers dump? try --input-format text)"
    )


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    "name, head, expected",
    [
        ("a.jsonl", b"anything", "jsonl"),
        ("a.NDJSON", b"", "jsonl"),
        ("a.json", b'[{"title": "x"}]', "json"),
        ("a.json", b'{\n  "papers": []\n}', "json"),
        ("a.json", b'{"title": "a", "abstract": "b"}\n{"title": "c", "abstract": "d"}\n', "jsonl"),
        ("a.json", b'{"title": "a", "abstract": "b"}', "json"),
        ("a.csv", b"x,y\n1,2\n", "csv"),
        ("a.tsv", b"x\ty\n", "csv"),
        ("a.jsonl.gz", gzip.compress(b"{}"), "jsonl"),
        ("a.gz", gzip.compress(b'[{"abstract": "x"}]'), "json"),
        ("-", b'  \n [ {"abstract": "x"} ]', "json"),
        ("-", b"[]", "json"),
        ("-", b'{"title": "a", "abstract": "b"}\n', "jsonl"),
        ("-", b'{"title": "a", "abstract": "' + b"b" * 70000, "jsonl"),
        ("-", b'{\n "papers": [\n', "json"),
        ("-", b"{\n", "json"),
        ("-", b'{"papers": [{"abstract": "b"}]}', "json"),
        ("-", b"\xef\xbb\xbftitle,abstract\nA,B\n", "csv"),
        ("-", b"Abstract;Title;Year\n", "csv"),
        ("-", b"id\ttitle\tsummary\n", "csv"),
        ("-", b"new\n\nGet trending papers in your email inbox!\n", "hf"),
        ("notes.md", ("Short title\n\n" + ABSTRACT_A).encode(), "hf"),
        ("-", b"Some title\n\n  \xe2\x80\xa2 3 authors\n\xc2\xb7\nMar 3\n", "hf"),
        ("-", "Daily Papers\n".encode("utf-16"), "hf"),
        ("-", ("\n\n".join([ABSTRACT_A, ABSTRACT_B, ABSTRACT_C])).encode(), "text"),
        ("-", ("Notes\n\n" + "\n\n".join([ABSTRACT_A, ABSTRACT_B, ABSTRACT_C])).encode(), "text"),
        ("-", b"We propose a method.\nIt is fast.\n\nAnother paragraph here.\n", "text"),
        ("-", b"[CLS] Tokens Are Not All You Need\n\n" + ABSTRACT_A.encode(), "hf"),
        ("-", b"", "text"),
    ],
)
def test_detect_format(name, head, expected):
    assert detect_format(name, head) == expected


def test_input_format_overrides_detection(tmp_path):
    path = write(tmp_path, "dump.jsonl", "\n\n".join(a for _, a in EXPECTED))
    found, _ = papers(path, "text")
    assert pairs(found) == UNTITLED


def test_unknown_input_format():
    for call in (lambda: read("x.xml", "xml"), lambda: read_many(["x.xml"], "xml")):
        with pytest.raises(InputError, match=r"unknown input format 'xml' \(expected one of: hf, "):
            call()
    assert FORMATS == ("hf", "jsonl", "json", "csv", "atom", "text")


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoded, warning",
    [
        (HF_DUMP.encode("utf-8"), None),
        (b"\xef\xbb\xbf" + HF_DUMP.encode("utf-8"), None),
        (HF_DUMP.encode("utf-16"), "decoded as UTF-16"),
        (b"\xfe\xff" + HF_DUMP.encode("utf-16-be"), "decoded as UTF-16"),
        (HF_DUMP.encode("utf-32"), "decoded as UTF-32"),
        (HF_DUMP.replace("\n", "\r\n").encode("utf-16"), "decoded as UTF-16"),
    ],
)
def test_unicode_encodings(tmp_path, encoded, warning):
    found, warnings = papers(write(tmp_path, "dump.txt", encoded))
    assert pairs(found) == EXPECTED
    assert warnings == ([f"{tmp_path / 'dump.txt'}: {warning}"] if warning else [])


@pytest.mark.parametrize(
    "raw, text, codec",
    [
        ("Caf\xe9 na\xefve r\xe9sum\xe9".encode("latin-1"), "Café naïve résumé", "cp1252"),
        (b"costs \x80 5 \x96 cheaper \x93quoted\x94", "costs € 5 – cheaper “quoted”", "cp1252"),
        (b"undefined in cp1252: \x81\x8d", "undefined in cp1252: \x81\x8d", "latin-1"),
    ],
)
def test_legacy_encodings_fall_back_with_a_warning(raw, text, codec):
    content = b"First paragraph is plain.\n\n" + raw + b"\n\nThird \xc3\xa9 is UTF-8.\n"
    found, warnings = papers(io.BytesIO(content), "text", name="old.txt")
    assert [p.abstract for p in found] == ["First paragraph is plain.", text, "Third é is UTF-8."]
    assert warnings == [f"old.txt: line 3: not valid UTF-8, decoded as {codec}"]


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_endings_everywhere(eol):
    jsonl = _jsonl(*(_rec(t, a) for t, a in EXPECTED)).replace("\n", eol)
    csv_text = ("title,abstract\n" + "".join(f'"{t}","{a}"\n' for t, a in EXPECTED)).replace(
        "\n", eol
    )
    text = "\n\n".join(a for _, a in EXPECTED).replace("\n", eol)
    assert pairs(papers(io.BytesIO(HF_DUMP.replace("\n", eol).encode()))[0]) == EXPECTED
    assert pairs(papers(io.BytesIO(jsonl.encode()))[0]) == EXPECTED
    assert pairs(papers(io.BytesIO(csv_text.encode()))[0]) == EXPECTED
    assert pairs(papers(io.BytesIO(text.encode()))[0]) == UNTITLED


def test_csv_short_rows_are_fine_when_the_abstract_is_there():
    found, _ = papers(io.BytesIO(b"abstract,title,venue\nA,B\nC\n"), name="c.csv")
    assert pairs(found) == [("B", "A"), ("", "C")]


def test_csv_quoted_newline_with_crlf():
    content = b'title,abstract\r\n"T","line one\r\nline two"\r\n'
    (paper,), _ = papers(io.BytesIO(content))
    assert paper.abstract == "line one\r\nline two"  # the cell as written


# --------------------------------------------------------------------------- gzip and size


@pytest.mark.parametrize(
    "name, content",
    [
        ("dump.txt.gz", HF_DUMP),
        ("papers.jsonl.gz", _jsonl(*(_rec(t, a) for t, a in EXPECTED))),
        ("papers.csv.gz", "title,abstract\n" + "".join(f'"{t}","{a}"\n' for t, a in EXPECTED)),
        ("no-extension", HF_DUMP),
    ],
)
def test_gzip_round_trip(tmp_path, name, content):
    path = write(tmp_path, name, gzip.compress(content.encode()))
    found, _ = papers(path)
    assert pairs(found) == EXPECTED
    assert found[0].source == str(path)


def test_corrupt_gzip_is_an_input_error(tmp_path):
    data = gzip.compress(HF_DUMP.encode() * 20)
    path = write(tmp_path, "cut.txt.gz", data[: len(data) // 2])
    with pytest.raises(InputError, match=r"cut\.txt\.gz: corrupt gzip data"):
        list(read(path))


@pytest.mark.parametrize("fmt", ["text", "jsonl", "hf", "csv"])
def test_a_50_mb_single_line(tmp_path, fmt):
    body = "fast " * 10_000_000
    line = {
        "text": body,
        "jsonl": json.dumps({"title": "Huge", "abstract": body}),
        "hf": f"Huge\n\n{body}",
        "csv": f'title,abstract\nHuge,"{body}"',
    }[fmt]
    path = write(tmp_path, "huge.dat", line)
    assert path.stat().st_size >= 50_000_000
    found, warnings = papers(path, fmt)
    # read whole, and skipped as too long to extract
    assert found == [] and len(warnings) == 1
    assert re.fullmatch(
        r".*huge\.dat: paper 1: skipped, 50,00\d,\d{3} characters of title and abstract "
        r"\(the limit is 2,000,000\)",
        warnings[0],
    )


class CountingStream(io.BytesIO):
    """A byte stream that remembers how far it has been read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.furthest = 0

    def read(self, size=-1):
        data = super().read(size)
        self.furthest = max(self.furthest, self.tell())
        return data

    def readinto(self, buffer):
        n = super().readinto(buffer)
        self.furthest = max(self.furthest, self.tell())
        return n


@pytest.mark.parametrize("fmt", ["jsonl", "hf", "csv", "text"])
def test_papers_are_streamed(fmt):
    abstract = ABSTRACT_A
    content = {
        "jsonl": _jsonl(*(_rec(f"T{i}", abstract) for i in range(20_000))),
        "hf": "".join(f"Title {i}\n\n{abstract}\n\n" for i in range(20_000)),
        "csv": "title,abstract\n" + "".join(f'T{i},"{abstract}"\n' for i in range(20_000)),
        "text": "".join(f"{abstract}\n\n" for _ in range(20_000)),
    }[fmt].encode()
    stream = CountingStream(content)
    papers_iter = read(stream, fmt)
    first = next(papers_iter)
    assert first.index == 1
    assert stream.furthest < len(content) / 10


# --------------------------------------------------------------------------- errors


def test_missing_file(tmp_path):
    path = str(tmp_path / "nope.txt")
    for call in (lambda: check_readable(path), lambda: list(read(path))):
        with pytest.raises(InputError) as err:
            call()
        assert str(err.value) == f"{path}: no such file"


def test_directory(tmp_path):
    for call in (lambda: check_readable(str(tmp_path)), lambda: list(read(tmp_path))):
        with pytest.raises(InputError) as err:
            call()
        assert str(err.value) == f"{tmp_path}: is a directory"


def test_no_read_permission(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", HF_DUMP)
    path.chmod(0)
    if os.access(path, os.R_OK):
        # Permissions do not bind this user (root): make the system refuse as it would.
        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(readers.os, "access", lambda *args: False)
        monkeypatch.setattr(readers, "open", refuse, raising=False)
    try:
        for call in (lambda: check_readable(str(path)), lambda: list(read(path))):
            with pytest.raises(InputError) as err:
                call()
            assert str(err.value) == f"{path}: permission denied"
    finally:
        path.chmod(0o600)


def test_check_readable_accepts_files_and_stdin(tmp_path):
    check_readable("-")
    check_readable(str(write(tmp_path, "ok.txt", "x")))


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


@pytest.mark.parametrize(
    "data, kind",
    [
        (PNG, "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00", "zip archive"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"BZh91AY&SY", "bzip2 data"),
        (b"plain start\x00\x01\x02", "contains NUL bytes"),
        (gzip.compress(PNG), "PNG image"),
    ],
)
def test_binary_data_is_refused(tmp_path, data, kind):
    path = write(tmp_path, "x.png", data)
    with pytest.raises(InputError) as err:
        list(read(path))
    assert str(err.value) == f"{path}: binary data ({kind}), not text"


def test_nul_bytes_after_the_head_are_refused():
    data = ("ok paragraph\n\n" * 10_000).encode() + b"bad\x00line\n"
    with pytest.raises(
        InputError, match=r"^x\.txt: line 20001: binary data \(NUL bytes\), not text$"
    ):
        list(read(io.BytesIO(data), name="x.txt"))


GOOD = json.dumps(_rec("Fine", ABSTRACT_A))


@pytest.mark.parametrize(
    "bad_line, error, warning",
    [
        (
            '{"title": "Broken", "abstract": ',
            "data.jsonl: line 2: invalid JSON (Expecting value at column 33)",
            "data.jsonl: skipped 1 malformed line",
        ),
        (
            '["not", "an", "object"]',
            "data.jsonl: line 2: expected a JSON object, got an array",
            "data.jsonl: skipped 1 malformed line",
        ),
        (
            '{"title": "No abstract", "abstrakt": "typo"}',
            "data.jsonl: line 2: no 'abstract' or 'summary' field",
            "data.jsonl: skipped 1 record without an abstract",
        ),
        (
            '{"title": "Null abstract", "abstract": null}',
            "data.jsonl: line 2: empty abstract",
            "data.jsonl: skipped 1 record without an abstract",
        ),
        (
            '{"title": "Number", "abstract": 42}',
            "data.jsonl: line 2: the abstract is int, not text",
            "data.jsonl: skipped 1 record without an abstract",
        ),
    ],
)
def test_bad_jsonl_line(tmp_path, bad_line, error, warning):
    path = write(tmp_path, "data.jsonl", f"{GOOD}\n{bad_line}\n{GOOD}\n")
    with pytest.raises(InputError) as err:
        list(read(path, name="data.jsonl"))
    assert str(err.value) == error
    found, warnings = papers(path, skip_bad=True, name="data.jsonl")
    assert [p.index for p in found] == [1, 2] and warnings == [warning]


def test_skip_bad_counts_every_skipped_line(tmp_path):
    path = write(tmp_path, "d.jsonl", f'{GOOD}\n{{oops\n[1]\n{{"title": "x"}}\n{GOOD}\n')
    found, warnings = papers(path, skip_bad=True, name="d.jsonl")
    assert len(found) == 2
    assert warnings == [
        "d.jsonl: skipped 2 malformed lines",
        "d.jsonl: skipped 1 record without an abstract",
    ]


@pytest.mark.parametrize(
    "content, error",
    [
        (
            '[{"title": "x", "abstract": "y"}, {"title": "z"}]',
            "j.json: record 2: no 'abstract' or 'summary' field",
        ),
        ('[{"abstract": "y"}, "text"]', "j.json: record 2: expected a JSON object, got a string"),
        (
            '[\n  {"abstract": "y"},\n  {"abstract": }\n]',
            "j.json: line 3: invalid JSON (Expecting value at column 16)",
        ),
        ('{"items": []}', "j.json: expected an array of papers or an object with a 'papers' array"),
    ],
)
def test_bad_json(content, error):
    with pytest.raises(InputError) as err:
        list(read(io.BytesIO(content.encode()), "json", name="j.json"))
    assert str(err.value) == error


@pytest.mark.parametrize(
    "content, error",
    [
        (
            "name,text\nA,B\n",
            "c.csv: line 1: no 'abstract' or 'summary' column in the CSV header (name, text)",
        ),
        ("\n\ntitle,abstract\nA,B\nC,D,E\n", "c.csv: line 5: 3 fields but the header has 2"),
        ("title,abstract\nA,B\nC\n", "c.csv: line 3: 1 fields but the header has 2"),
        ("Title,Summary\nA,B\nC,\t\n", "c.csv: line 3: empty abstract"),
        ("title,abstract\nA,B\nC,  \n", "c.csv: line 3: empty abstract"),
    ],
)
def test_bad_csv(content, error):
    with pytest.raises(InputError) as err:
        list(read(io.BytesIO(content.encode()), "csv", name="c.csv"))
    assert str(err.value) == error


def test_bad_csv_rows_are_skipped_with_skip_bad():
    content = "title,abstract\nA,B\nC,D,E\nF\nG,H\nI,\n"
    found, warnings = papers(io.BytesIO(content.encode()), "csv", name="c.csv", skip_bad=True)
    assert pairs(found) == [("A", "B"), ("G", "H")]
    assert warnings == [
        "c.csv: skipped 2 malformed rows",
        "c.csv: skipped 1 record without an abstract",
    ]


@pytest.mark.parametrize("fmt", [None, *FORMATS])
@pytest.mark.parametrize("content", [b"", b"   \n\n\t \r\n", b"\xef\xbb\xbf\n", gzip.compress(b"")])
def test_empty_and_whitespace_input_yield_nothing(tmp_path, fmt, content):
    assert papers(write(tmp_path, "empty.txt", content), fmt) == ([], [])


# --------------------------------------------------------------------------- many inputs


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(HF_DUMP.encode())))
    found, _ = papers("-")
    assert pairs(found) == EXPECTED and found[0].source == "<stdin>"


def test_read_many_chains_and_numbers_each_input(tmp_path):
    first = write(tmp_path, "a.txt", HF_DUMP)
    second = write(tmp_path, "b.jsonl", _jsonl(_rec("Another Paper", ABSTRACT_B)))
    found = list(read_many([str(first), str(second)]))
    assert [(p.source, p.index) for p in found] == [
        (str(first), 1),
        (str(first), 2),
        (str(first), 3),
        (str(second), 1),
    ]


def test_read_many_dedupes_by_normalised_title(tmp_path):
    first = write(tmp_path, "a.txt", HF_DUMP)
    second = write(
        tmp_path,
        "b.jsonl",
        _jsonl(
            _rec("ＳＭＡＬＬ students — synthetic prompts!", ABSTRACT_C),
            _rec("A New Paper", ABSTRACT_C),
            _rec("", ABSTRACT_A),
            _rec("", ABSTRACT_A),
        ),
    )
    warnings: list[str] = []
    found = list(read_many([str(first), str(second)], dedupe=True, on_warning=warnings.append))
    assert [p.title for p in found] == [t for t, _ in EXPECTED] + ["A New Paper", ""]
    assert found[1].source == str(first)
    assert warnings == ["dropped 2 duplicate papers"]
    assert len(list(read_many([str(first), str(first)]))) == 6


def test_read_many_checks_every_input_first(tmp_path):
    good = write(tmp_path, "a.txt", HF_DUMP)
    with pytest.raises(InputError, match="missing.txt: no such file"):
        read_many([str(good), str(tmp_path / "missing.txt")])
    with pytest.raises(InputError, match=r"standard input \('-'\) given more than once"):
        read_many(["-", str(good), "-"])


# --------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    "text, urls",
    [
        ("Code: https://github.com/ab/cd.", ("https://github.com/ab/cd",)),
        (
            "at https://github.com/ some-user/some_repo. Next",
            ("https://github.com/some-user/some_repo",),
        ),
        ("see https://example.org/ and more", ("https://example.org/",)),
        (
            "(https://github.com/ab/cd), and https://ab.github.io/page/",
            ("https://github.com/ab/cd", "https://ab.github.io/page/"),
        ),
        ("https://en.wikipedia.org/wiki/Foo_(bar).", ("https://en.wikipedia.org/wiki/Foo_(bar)",)),
        ("https://github.com/ab/cd{https://github.com/ab/cd}.", ("https://github.com/ab/cd",)),
        ("https://github.com/ab/cd{our page}", ("https://github.com/ab/cd",)),
        ("[https://github.com/ab/cd].", ("https://github.com/ab/cd",)),
        ("available at~https://github.com/ab/cd .", ("https://github.com/ab/cd",)),
        (
            "Code at github.com/ab/cd; weights at huggingface.co/ab/ef",
            ("https://github.com/ab/cd", "https://huggingface.co/ab/ef"),
        ),
        ("mail me at me@github.com/x or https:// nothing", ()),
        ("no links here, 3.2x faster.", ()),
    ],
)
def test_find_urls(text, urls):
    assert find_urls(text) == urls


# --------------------------------------------------------------------------- more shapes

HF_API_RECORD = {
    "paper": {
        "id": "2406.00412",
        "authors": [{"name": "Lucia Ferraro"}, {"name": "Kwame Boateng"}],
        "publishedAt": "2024-06-01T16:20:00.000Z",
        "title": "FlashRoute:\n  Expert Routing",
        "summary": ABSTRACT_A,
        "upvotes": 87,
    },
    "publishedAt": "2024-06-03T02:40:51.000Z",
    "title": "FlashRoute:\n  Expert Routing",
    "numComments": 7,
}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("daily.json", json.dumps([HF_API_RECORD])),
        ("daily.jsonl", _jsonl(HF_API_RECORD)),
        ("one.json", json.dumps(HF_API_RECORD)),
    ],
)
def test_hugging_face_api_records_are_their_papers(tmp_path, name, data):
    (paper,), _ = papers(write(tmp_path, name, data))
    assert (paper.id, paper.title, paper.abstract) == (
        "2406.00412",
        "FlashRoute:\n  Expert Routing",  # as written: offsets and ids refer to the record
        ABSTRACT_A,
    )
    assert clean_title(paper.title) == "FlashRoute: Expert Routing"
    assert (paper.date, paper.upvotes, paper.authors) == ("2024-06-01T16:20:00.000Z", 87, 2)
    assert paper.meta["numComments"] == 7


ATOM_ENTRY = """<entry><id>{id}</id><published>2024-01-02T00:00:00Z</published>
<title>A  Title
   Across Lines</title><summary>{summary}</summary></entry>"""


def atom(*entries: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>query</title>\n'
        + "\n".join(entries)
        + "\n</feed>\n"
    )


@pytest.mark.parametrize(
    ("entry_id", "expected"),
    [
        ("http://arxiv.org/abs/2401.10230v2", "2401.10230"),
        ("https://arxiv.org/abs/2401.10230", "2401.10230"),
        ("http://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001"),
        ("tag:example.org,2024:paper-7", "tag:example.org,2024:paper-7"),
    ],
)
def test_atom_entries_are_papers_with_their_ids(tmp_path, entry_id, expected):
    feed = atom(ATOM_ENTRY.format(id=entry_id, summary=ABSTRACT_A))
    for name, fmt in (("feed.atom", None), ("feed.xml", None), ("feed", "atom")):
        (paper,), _ = papers(write(tmp_path, name, feed), fmt)
        assert (paper.id, paper.title, paper.abstract) == (
            expected,
            "A  Title\n   Across Lines",
            ABSTRACT_A,
        )
        assert clean_title(paper.title) == "A Title Across Lines"
        assert paper.date == "2024-01-02T00:00:00Z"


def test_atom_errors_name_the_input_and_line(tmp_path):
    cut = write(tmp_path, "cut.atom", atom(ATOM_ENTRY.format(id="x", summary="a <b> c")))
    with pytest.raises(InputError, match=r"cut\.atom: line 5: invalid XML \(mismatched tag\)"):
        papers(cut)
    empty = write(tmp_path, "empty.atom", atom())
    with pytest.raises(InputError, match=r"no Atom <entry> elements"):
        papers(empty)
    missing = write(tmp_path, "missing.atom", atom(ATOM_ENTRY.format(id="x", summary=" ")))
    with pytest.raises(InputError, match=r"missing\.atom: entry 1: empty abstract"):
        papers(missing)
    found, warnings = papers(missing, skip_bad=True)
    assert found == [] and warnings == [f"{missing}: skipped 1 record without an abstract"]


def test_named_fields_take_the_place_of_the_usual_ones(tmp_path):
    record = {"headline": "Fast", "abstract": "not this one", "body": ABSTRACT_A, "doc": {"n": 7}}
    path = write(tmp_path, "papers.jsonl", _jsonl(record))
    names = readers.FieldNames(title="HEADLINE", abstract="body", id="doc.n")
    (paper,), _ = papers(path, fields=names)
    assert (paper.title, paper.abstract, paper.id) == ("Fast", ABSTRACT_A, "7")
    assert paper.meta["abstract"] == "not this one"  # the usual field, kept as any other
