"""The HTML report: claim marks from offsets, charts, a page that loads nothing, `effclaims show`.

The page is checked as a browser sees it too: headless Chromium (Debian's `chromium`,
which `make install` installs where it can) loads it, and its DOM and console are read.
Those tests skip, saying why, where Chromium is absent.
"""

from __future__ import annotations

import html
import json
import os
import pty
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from effclaims import readers
from effclaims.cli import app
from effclaims.extraction import extract_papers
from effclaims.model import CLAIM_TYPES, Claim, Paper
from effclaims.report import highlight, log_histogram, render_report
from effclaims.stats import summarize

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
INPUTS = [
    str(FIXTURES / name)
    for name in ("example_hf.txt", "example.jsonl", "example.csv", "example.txt")
]


class Page(HTMLParser):
    """What a test looks for in a page: marks, articles, chart bars, loads, scripts, text."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[dict[str, str | None]] = []
        self.parts: list[dict[str, str | None]] = []
        self.articles: list[dict[str, str | None]] = []
        self.bars: list[dict[str, str | None]] = []
        self.loads: list[tuple[str, str, str | None]] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        self.tags.append(tag)
        if tag == "mark" and "claim" in classes:
            self.marks.append(a)
        if tag == "mark" and "claim-part" in classes:
            self.parts.append(a)
        if tag == "article":
            self.articles.append(a)
        if tag == "g" and "bar" in classes:
            self.bars.append(a)
        self.loads += [
            (tag, k, v)
            for k, v in attrs
            if k in ("src", "href", "srcset", "data", "action", "poster")
        ]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


# --------------------------------------------------------------------------- marks from offsets

TEXT = 'Decoding runs up to 2.4x faster on one A100 & stores "W4A8" weights, about 31% faster and nearly 18% <less> memory.'


def at(text: str, type_: str, value: float | str, nth: int = 0, **kw) -> Claim:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return Claim(type=type_, value=value, text=text, start=start, end=start + len(text), **kw)


SPEEDUP = at("up to 2.4x faster on one A100", "speedup", 2.4, bound="max", hardware="A100")
A100 = at("A100", "hardware", "A100")
W4 = at("W4A8", "bit_width", 4.0)
A8 = at("W4A8", "bit_width", 8.0)
FASTER = at("about 31% faster and nearly", "speedup", 1.31, bound="approx")
MEMORY = at("nearly 18% <less> memory", "memory_reduction", 1.22, bound="approx")

HIGHLIGHT_CASES = {
    "none": ([], html.escape(TEXT, quote=False)),
    "one": (
        [A100],
        'Decoding runs up to 2.4x faster on one <mark class="claim t-hardware" title="hardware: A100" '
        'data-label="hardware A100">A100</mark> &amp; stores',
    ),
    "nested": (
        [SPEEDUP, A100],
        'Decoding runs <mark class="claim t-speedup" title="speedup: up to 2.4× · on A100" '
        'data-label="speedup ≤2.4×">up to 2.4x faster on one <mark class="claim t-hardware" '
        'title="hardware: A100" data-label="hardware A100">A100</mark></mark> &amp;',
    ),
    "same text, labels in claim order": (
        [W4, A8],
        'stores "<mark class="claim t-bit_width" title="bit_width: 8-bit" data-label="bit_width 8-bit">'
        '<mark class="claim t-bit_width" title="bit_width: 4-bit" data-label="bit_width 4-bit">W4A8'
        '</mark></mark>" weights',
    ),
    "crossing": (
        [FASTER, MEMORY],
        '<mark class="claim t-speedup" title="speedup: about 1.31×" data-label="speedup ≈1.31×">about '
        '31% faster and <mark class="claim t-memory_reduction" title="memory_reduction: about 1.22×">'
        'nearly</mark></mark><mark class="claim-part t-memory_reduction" '
        'data-label="memory_reduction ≈1.22×"> 18% &lt;less&gt; memory</mark>.',
    ),
}


@pytest.mark.parametrize(("claims", "expected"), HIGHLIGHT_CASES.values(), ids=HIGHLIGHT_CASES)
def test_highlight_marks_each_claim_once_and_keeps_the_text(claims, expected):
    out = highlight(TEXT, claims)
    assert expected in out
    page = Page(out)
    assert "".join(page.text) == TEXT
    assert len(page.marks) == len(claims)
    assert len(page.marks) + len(page.parts) == out.count("</mark>")
    labelled = [m for m in page.marks + page.parts if "data-label" in m]
    assert len(labelled) == len(claims)  # one label per claim, on its last piece


def test_highlight_escapes_what_the_claims_carry():
    text = "runs 3x faster than <script>alert(1)</script>"
    claim = Claim("speedup", 3.0, "3x faster", 5, 14, baseline='<script>"x"</script>')
    out = highlight(text, [claim])
    assert "<script" not in out
    assert "".join(Page(out).text) == text


# --------------------------------------------------------------------------- the page


ABSTRACT = (
    "We present Quokka, a sparse decoder that runs 3.2x faster than dense decoding on an "
    "NVIDIA A100 while storing weights in 4-bit precision."
)
QUOKKA = Paper(
    index=1,
    title="Quokka: 4-bit Sparse Decoding",
    abstract=ABSTRACT,
    source="dumps/a.txt",
    upvotes=7,
)
EMPTY = Paper(
    index=2, title="A <Survey> & More", abstract="Nothing measured here.", source="dumps/a.txt"
)


def quokka_claims() -> list[Claim]:
    def find(text: str, type_: str, value: float | str, field: str = "abstract") -> Claim:
        start = (QUOKKA.title if field == "title" else ABSTRACT).index(text)
        return Claim(type_, value, text, start, start + len(text), field=field)

    return [
        find("4-bit", "bit_width", 4.0, "title"),
        find("3.2x faster", "speedup", 3.2),
        find("NVIDIA A100", "hardware", "A100"),
        find("4-bit", "bit_width", 4.0),
    ]


def test_page_marks_every_claim_and_charts_the_summary():
    pairs = [(QUOKKA, quokka_claims()), (EMPTY, [])]
    source = render_report(pairs)
    page = Page(source)
    assert len(page.marks) == 4
    assert [a.get("data-claims") for a in page.articles] == ["4", "0"]
    assert [a.get("class") for a in page.articles] == ["paper", "paper no-claims"]
    assert "<title>Efficiency claims in a.txt</title>" in source
    assert "4 claims in 1 of 2 papers" in source
    assert "A &lt;Survey&gt; &amp; More" in source
    summary = summarize(pairs)
    type_bars = {
        b["data-label"]: int(b["data-count"]) for b in page.bars if b["data-label"] in CLAIM_TYPES
    }
    assert type_bars == summary.per_type
    bars = {b["data-label"]: int(b["data-count"]) for b in page.bars}
    assert bars["4-bit"] == 1  # papers, not mentions
    assert bars["A100"] == 1
    assert bars["2×–4×"] == 1


def test_page_loads_nothing_and_runs_no_script():
    page = Page(render_report([(QUOKKA, quokka_claims()), (EMPTY, [])]))
    assert page.loads == []
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(page.tags)
    source = render_report([(QUOKKA, quokka_claims())])
    assert "default-src 'none'" in source
    assert "url(" not in source and "@import" not in source


def test_page_of_no_papers_still_renders():
    source = render_report([])
    assert "0 claims in 0 of 0 papers" in source
    assert source.count('class="empty-chart"') == 3  # bit-widths, hardware, speedups
    assert Page(source).articles == []


def test_page_lists_papers_with_claims_first_up_to_the_limit():
    quiet = [
        Paper(index=i, title=f"Quiet {i}", abstract="Nothing measured.", source="a.txt")
        for i in range(2, 6)
    ]
    pairs = [(quiet[0], []), (QUOKKA, quokka_claims()), *((p, []) for p in quiet[1:])]
    page = Page(render_report(pairs, limit=3))
    assert [a.get("data-claims") for a in page.articles] == ["4", "0", "0"]
    text = "".join(page.text)
    assert "Listing 3 of 5 papers" in text and "4 claims in 1 of 5 papers" in text
    assert "Quiet 2" in text and "Quiet 3" in text and "Quiet 4" not in text
    everything = Page(render_report(pairs, limit=None))
    assert len(everything.articles) == 5 and "Listing" not in "".join(everything.text)


LATEX_CASES = {
    "percent": ("memory drops by 50\\% overall", "memory drops by 50% overall"),
    "times in math": ("it is $3.2\\times$ faster", "it is 3.2× faster"),
    "spaced times": ("a $2 \\times$ gain", "a 2 × gain"),
    "approx": ("takes $\\sim$10 ms", "takes ~10 ms"),
    "bold": ("the \\textbf{Quokka} model", "the Quokka model"),
    "subscript braces": ("uses W$_{4}$A$_{8}$", "uses W_4A_8"),
    "a price stays": ("costs $4.6M and $20", "costs $4.6M and $20"),
}


@pytest.mark.parametrize(("text", "shown"), LATEX_CASES.values(), ids=LATEX_CASES)
def test_latex_is_shown_as_text_outside_and_inside_marks(text, shown):
    assert "".join(Page(highlight(text, [])).text) == shown
    # a mark around a number keeps its offsets into the text as given
    start = next(i for i, c in enumerate(text) if c.isdigit() or c == "Q")
    claim = Claim("speedup", 2.0, text[start : start + 1], start, start + 1)
    page = Page(highlight(text, [claim]))
    assert "".join(page.text) == shown and len(page.marks) == 1


def test_histogram_labels_fit_the_chart():
    """The last edge's label ends inside the chart, and bar counts fit their bars."""
    values = [1.5] * 1234 + [3.0] * 5678 + [12_500.0] * 2
    pairs = [
        (Paper(index=i, title="", abstract="x"), [Claim("speedup", v, "x", 0, 1)])
        for i, v in enumerate(values)
    ]
    svg = log_histogram(summarize(pairs))
    width = float(re.search(r'viewBox="0 0 (\d+)', svg)[1])
    labels = re.findall(
        r'<text x="([\d.]+)" y="[\d.]+" text-anchor="middle"[^>]*>([^<]+)</text>', svg
    )
    for x, label in labels:
        assert float(x) + len(label) * 7.5 / 2 <= width, label
    counts = re.findall(
        r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)".*?class="muted count">([^<]+)<', svg
    )
    assert counts and all(len(label) * 6.2 <= float(w) for w, label in counts)
    assert ">1.2k<" in svg and ">5.7k<" in svg  # counts of bars, shortened to fit
    edges = [float(x) for x, label in labels if label.endswith("×")]
    assert all(b - a >= 7.5 * len("16,384×") for a, b in zip(edges, edges[1:], strict=False))


# --------------------------------------------------------------------------- the command

runner = CliRunner()


def invoke(*args: str, code: int = 0):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    return result


def claim_count(paths: list[str]) -> int:
    return len(invoke("extract", *paths, "--format", "jsonl").stdout.splitlines())


def test_show_writes_a_page_with_a_mark_per_extracted_claim(tmp_path):
    out = tmp_path / "report.html"
    result = invoke("show", *INPUTS, "--html", out)
    assert result.stdout == ""
    page = Page(out.read_text(encoding="utf-8"))
    assert len(page.marks) == claim_count(INPUTS) > 0
    assert len(page.articles) == len(
        json.loads(invoke("papers", *INPUTS, "--format", "json").stdout)
    )


def test_show_writes_to_stdout_in_a_pipe():
    result = invoke("show", INPUTS[0], "--type", "hardware")
    assert result.stdout.startswith("<!DOCTYPE html>")
    marks = Page(result.stdout).marks
    assert len(marks) == claim_count([INPUTS[0], "--type", "hardware"]) > 0
    assert {m["class"] for m in marks} == {"claim t-hardware"}


def test_show_refuses_to_print_a_page_on_a_terminal():
    main, secondary = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "effclaims", "show", INPUTS[0]],
            stdout=secondary,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(secondary)
        os.close(main)
    assert done.returncode == 2
    assert "--html" in done.stderr


def test_show_leaves_an_old_page_alone_when_it_fails(tmp_path):
    out = tmp_path / "report.html"
    out.write_text("old page")
    result = invoke("show", tmp_path / "missing.txt", "--html", out, code=1)
    assert result.stderr == f"effclaims: {tmp_path / 'missing.txt'}: no such file\n"
    assert out.read_text() == "old page"
    result = invoke("show", INPUTS[0], "--html", tmp_path / "no" / "report.html", code=1)
    assert result.stderr.startswith("effclaims: cannot write") and result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


# --------------------------------------------------------------------------- in a real browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (make install adds Debian's chromium where it can as root)",
)


def browse(path: Path, profile: Path) -> tuple[str, list[str]]:
    """The DOM of the loaded page, and the console messages Chromium logged while loading it."""
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            path.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    console = [
        line for line in done.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line
    ]
    return done.stdout, console


@needs_chromium
def test_browser_console_is_read(tmp_path):
    """The check below would see an error: a page that throws is caught."""
    broken = tmp_path / "broken.html"
    broken.write_text('<!DOCTYPE html><p>x</p><script>throw new Error("on purpose")</script>')
    _, console = browse(broken, tmp_path / "profile")
    assert any("on purpose" in line for line in console), console


@needs_chromium
def test_browser_shows_every_claim_with_a_silent_console(tmp_path):
    out = tmp_path / "report.html"
    invoke("show", *INPUTS, "--html", out)
    dom, console = browse(out, tmp_path / "profile")
    assert console == []
    page = Page(dom)
    assert len(page.marks) == claim_count(INPUTS) > 0
    assert len(page.articles) == sum(1 for _ in readers.read_many(INPUTS))
    assert len(page.bars) > len(CLAIM_TYPES)


@needs_chromium
def test_browser_blocks_and_reports_any_load(tmp_path):
    """Were a load ever added to the page, the policy would stop it and say so on the console."""
    out = tmp_path / "report.html"
    invoke("show", INPUTS[0], "--html", out)
    tampered = tmp_path / "tampered.html"
    tampered.write_text(
        out.read_text(encoding="utf-8").replace(
            "</main>", '<img src="http://127.0.0.1:9/pixel.png"></main>'
        ),
        encoding="utf-8",
    )
    _, console = browse(tampered, tmp_path / "profile")
    assert any("Content Security Policy" in line for line in console), console


@needs_chromium
def test_browser_on_the_seed_listings(tmp_path):
    seeds = sorted(map(str, SEEDS.glob("*.txt")))
    if not seeds:
        pytest.skip(f"no seed listings in {SEEDS}")
    pairs = list(extract_papers(readers.read_many(seeds)))
    out = tmp_path / "seeds.html"
    out.write_text(render_report(pairs), encoding="utf-8")
    dom, console = browse(out, tmp_path / "profile")
    assert console == []
    page = Page(dom)
    assert len(page.marks) == sum(len(claims) for _, claims in pairs)
    assert len(page.articles) == len(pairs)
    # the page shows each paper's text as read, but for LaTeX markup, which it shows as text
    shown = re.sub(r"\s+", " ", "".join(page.text))
    plain = [p.abstract for p, _ in pairs if not any(c in p.abstract for c in "\\$^{}")]
    assert len(plain) > 20
    assert all(re.sub(r"\s+", " ", abstract) in shown for abstract in plain)
    marked_up = [p.abstract for p, _ in pairs if "\\%" in p.abstract or "\\times" in p.abstract]
    assert marked_up and "\\%" not in shown and "\\times" not in shown
