"""Throughput, memory and start-up benchmark of the effclaims command, beside quantulum3.

Builds large inputs by repeating the seed dumps (../shared/seeds when present, else the
bundled fixtures) as JSON Lines (arXiv-snapshot style records) and as a Hugging Face
Daily Papers dump, runs `effclaims extract ... -o claims.jsonl` on them as a user would,
with --jobs 1 and --jobs 2, and measures each run from outside: wall time (reading,
extraction and writing included), papers and megabytes per second, and the peak RSS of
the child (`/usr/bin/time -v`, else `getrusage` in a fresh wrapper process). Start-up is
`effclaims --version` and the extraction of a one-paper file, first with an empty cache
of compiled patterns (a first run ever) and then with the cache that run filled (every
later run); all runs use a cache of their own, in a temporary directory. quantulum3 runs
on the same papers (bench/peer.py) for the peer ratio.

Each effclaims run is repeated and the fastest kept, since other work on the machine
only slows a run down. The size is 100,000 papers unless one --jobs 1 run at the
measured speed would exceed the per-run budget (150 s by default: with the repeats, the
HF runs and the peer, `make bench` then takes about a quarter of an hour); then it is the
largest round size that fits, and the report says so. The report is markdown tables,
printed and written to bench/results.md; numbers are measured, never asserted.

    python bench/run.py [--papers N] [--budget SECONDS] [--repeat K] [--peer-seconds SECONDS]
"""

from __future__ import annotations

import argparse
import datetime
import filecmp
import hashlib
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "results.md"
PEER = ROOT / "bench" / "peer.py"
EFFCLAIMS = str(Path(sys.executable).with_name("effclaims"))
TIME = shutil.which("time", path="/usr/bin:/bin")

FULL = 100_000
#: Sizes tried, largest first, when 100,000 papers would not fit the budget.
SIZES = (100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000)
CALIBRATION = 1_000

#: The page chrome a copied Daily Papers listing starts with.
HF_HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
    "byAK and the research community\n\nFeb 12\n\n"
)


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- inputs


def hf_block(paper: dict[str, str]) -> str:
    """A paper as it appears in a copied listing: title, abstract, authors, `·`, date."""
    return f"{paper['title']}\n\n{paper['abstract']}\n\n  • 3 authors\n·\nMar 4, 2024 12\n\n"


def read_hf(text: str) -> list[dict[str, str]]:
    from effclaims.readers import read

    papers = read(io.BytesIO(text.encode("utf-8")), "hf")
    return [{"title": p.title, "abstract": p.abstract} for p in papers]


def bytecode() -> None:
    """Compile the package's bytecode, as pip does when it installs a wheel.

    Start-up is measured as a user meets it. An editable checkout run with
    PYTHONDONTWRITEBYTECODE set would otherwise compile every module from source on every
    run, about 0.15 s that no installed copy pays.
    """
    import effclaims

    package = Path(effclaims.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def template() -> list[dict[str, str]]:
    """The papers to repeat: those of the seeds that read back the same from an HF dump."""
    from effclaims.readers import read

    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    paths = seeds or sorted((ROOT / "fixtures").glob("example*"))
    papers = [{"title": p.title, "abstract": p.abstract} for path in paths for p in read(str(path))]
    kept = [p for p in papers if p["title"] and read_hf(HF_HEADER + hf_block(p)) == [p]]
    if read_hf(HF_HEADER + "".join(map(hf_block, kept))) != kept:
        raise SystemExit("bench: the seed papers do not read back from their HF rendering")
    return kept


def jsonl_records(papers: list[dict[str, str]], n: int) -> Iterator[str]:
    """arXiv-snapshot style records: an id and metadata beside title and abstract."""
    for i, p in enumerate(islice(cycle(papers), n)):
        record = {
            "id": f"{2401 + i // 100_000}.{i % 100_000:05d}",
            "submitter": "A. Author",
            "authors": "A. Author, B. Author and C. Author",
            "title": p["title"],
            "comments": "12 pages, 4 figures",
            "categories": "cs.LG cs.CL",
            "abstract": p["abstract"],
            "update_date": "2024-03-04",
        }
        yield json.dumps(record, ensure_ascii=False) + "\n"


def build(papers: list[dict[str, str]], n: int, kind: str) -> Path:
    """The input of `n` papers as `jsonl` or `hf`, kept in bench/out until the papers change."""
    OUT.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(json.dumps(papers).encode()).hexdigest()[:8]
    path = OUT / f"papers_{digest}_{n}.{'jsonl' if kind == 'jsonl' else 'txt'}"
    if not path.exists():
        part = path.with_suffix(".part")
        with part.open("w", encoding="utf-8") as fh:
            if kind == "jsonl":
                fh.writelines(jsonl_records(papers, n))
            else:
                fh.write(HF_HEADER)
                fh.writelines(map(hf_block, islice(cycle(papers), n)))
        part.rename(path)
    return path


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Run:
    """One child process seen from outside."""

    seconds: float
    rss_mb: float
    cpu: float = 0.0
    stdout: str = ""


def measure(args: list[str]) -> Run:
    """Wall time, peak RSS (of the largest process of its tree) and CPU time (user and
    system, of the whole tree) of one child process."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "usage"
        if TIME:
            command = [TIME, "-v", "-o", str(report), *args]
        else:
            probe = (
                "import resource, subprocess, sys, time; t = time.perf_counter(); "
                "subprocess.run(sys.argv[2:], check=True); t = time.perf_counter() - t; "
                "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
                "open(sys.argv[1], 'w').write(f'Maximum resident set size (kbytes): {u.ru_maxrss}\\n"
                "User time (seconds): {u.ru_utime}\\nSystem time (seconds): {u.ru_stime}\\n"
                "Wall (seconds): {t}\\n')"
            )
            command = [sys.executable, "-c", probe, str(report), *args]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if done.returncode:
            raise SystemExit(f"bench: {' '.join(args)} failed:\n{done.stderr}")
        usage = dict(
            line.strip().rsplit(": ", 1) for line in report.read_text().splitlines() if ": " in line
        )
    # the wrapper's own start-up is not the command's
    seconds = float(usage.get("Wall (seconds)", seconds))
    cpu = float(usage["User time (seconds)"]) + float(usage["System time (seconds)"])
    rss = int(usage["Maximum resident set size (kbytes)"]) / 1024
    return Run(seconds, rss, cpu, done.stdout)


def parent_cpu(source: Path, jobs: int) -> float:
    """CPU seconds of the parent process alone of `effclaims extract --jobs N`: what reads,
    hands out, collects and writes, the part that no number of workers divides."""
    probe = (
        "import resource, sys\n"
        "from effclaims.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "u = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(u.ru_utime + u.ru_stime, file=sys.stderr)"
    )
    output = OUT / "parent.jsonl"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            probe,
            "extract",
            str(source),
            "--jobs",
            str(jobs),
            "-o",
            str(output),
        ],
        capture_output=True,
        text=True,
    )
    output.unlink(missing_ok=True)
    return float(done.stderr.strip().splitlines()[-1])


def median_run(args: list[str], times: int) -> Run:
    runs = [measure(args) for _ in range(times)]
    return Run(
        statistics.median(r.seconds for r in runs), statistics.median(r.rss_mb for r in runs)
    )


def count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def extract(source: Path, jobs: int, output: Path, repeat: int = 1) -> Run:
    """The fastest of `repeat` runs (others' work on the machine only ever slows a run
    down), with the highest peak RSS seen."""
    args = ["extract", str(source), "--format", "jsonl", "-o", str(output), "-j", str(jobs)]
    runs = [measure([EFFCLAIMS, *args]) for _ in range(repeat)]
    fastest = min(runs, key=lambda r: r.seconds)
    return Run(fastest.seconds, max(r.rss_mb for r in runs), fastest.cpu)


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Row:
    """A measured run over `papers` papers of `megabytes` input that found `found` items."""

    label: str
    papers: int
    megabytes: float
    run: Run
    found: int

    @property
    def rate(self) -> float:
        return self.papers / self.run.seconds

    def cells(self) -> list[str]:
        return [
            self.label,
            f"{self.papers:,}",
            f"{self.megabytes:.1f}",
            f"{self.run.seconds:.2f}",
            f"{self.run.cpu:.2f}",
            f"{self.rate:,.0f}",
            f"{self.megabytes / self.run.seconds:.2f}",
            f"{self.run.rss_mb:.0f}",
            f"{self.found:,}",
        ]


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def met(ok: bool) -> str:
    return "yes" if ok else "**no**"


@dataclass
class Results:
    runs: dict[str, Row]
    peer: Row | None
    version: Run
    first: Run
    one: Run
    peer_import: Run | None
    peer_one: Run | None
    peer_setup: float
    peer_steady: float
    same_output: dict[str, bool]
    papers: int
    distinct: int
    rate: float
    budget: float
    load: tuple[float, float, float]
    load_end: float
    repeat: int
    instructions: tuple[int, float] | None  # first paper, per paper (steady state)
    parent: float  # CPU seconds of the parent with --jobs 2

    def render(self) -> str:
        r = self.runs
        one, two, tenth = r["jsonl 1"], r["jsonl 2"], r["tenth"]
        rows = [row.cells() for row in r.values()]
        if self.peer:
            rows.append(self.peer.cells())
        scaled = (
            ""
            if self.papers == FULL
            else f" **Scaled:** at the speed of a first 1,000-paper run ({self.rate:,.0f} "
            f"papers/s) a 100,000-paper run would take over the {self.budget:.0f} s budget, so "
            f"the runs are on {self.papers:,} papers. At the rates measured, 100,000 papers "
            f"would take {FULL / one.rate / 60:.1f} min with --jobs 1 and "
            f"{FULL / two.rate / 60:.1f} min with --jobs 2 (JSONL); peak RSS does not grow "
            f"with the input (see the flatness check)."
        )
        head = [
            "# effclaims benchmark",
            "",
            f"`make bench` on {datetime.date.today()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, load average {self.load[0]:.2f} at the start "
            f"and {self.load_end:.2f} at the end (other work on the machine slows the runs; "
            f"each effclaims run is the fastest of {self.repeat}). "
            f"Input: {self.distinct} distinct seed papers repeated to {self.papers:,} papers, as "
            f"JSON Lines (arXiv-snapshot style records) and as a Daily Papers text dump; output "
            f"JSON Lines to a file. Wall time of the whole command (start-up, reading, "
            f"extraction, writing); CPU time of all its processes (with --jobs 2, wall time "
            f"near half the CPU time means both cores were its own); peak RSS of the largest process "
            f"({'`/usr/bin/time -v`' if TIME else '`getrusage`'}); "
            f"found = claims written (quantities for quantulum3). The package's bytecode is "
            f"compiled first, as an installed copy has it.{scaled}",
            "",
            table(
                [
                    "run",
                    "papers",
                    "input MB",
                    "seconds",
                    "CPU s",
                    "papers/s",
                    "MB/s",
                    "peak RSS MB",
                    "found",
                ],
                rows,
            ),
            "",
            *(
                [
                    f"quantulum3 spends {self.peer_setup:.1f} s setting up on its first paper; "
                    f"after that it runs at {self.peer_steady:,.1f} papers/s, the rate the peer "
                    "ratio below uses (in its favour).",
                    "",
                ]
                if self.peer
                else []
            ),
            "Same output for --jobs 1 and --jobs 2: "
            + ", ".join(f"{name} {met(ok)}" for name, ok in self.same_output.items())
            + ".",
            "",
            table(
                ["start-up", "effclaims", "quantulum3"],
                [
                    [
                        "`effclaims --version` / `import quantulum3`",
                        f"{self.version.seconds:.3f} s",
                        f"{self.peer_import.seconds:.3f} s" if self.peer_import else "n/a",
                    ],
                    [
                        "one-paper extraction, first run (no cache of compiled patterns)",
                        f"{self.first.seconds:.3f} s",
                        "",
                    ],
                    [
                        "one-paper extraction",
                        f"{self.one.seconds:.3f} s",
                        f"{self.peer_one.seconds:.3f} s" if self.peer_one else "n/a",
                    ],
                ],
            ),
            "",
        ]
        if self.instructions:
            first, per_paper = self.instructions
            head += [
                table(
                    ["instructions (callgrind, seed papers in process)", "effclaims"],
                    [
                        [
                            "per paper, steady state (all papers twice less once)",
                            f"{per_paper:,.0f}",
                        ],
                        ["start-up paid by the first paper", f"{first / 1e6:,.0f} M"],
                    ],
                ),
                "",
            ]
        rss_full = one.run.rss_mb
        growth = rss_full / tenth.run.rss_mb - 1
        scaling = two.rate / one.rate
        parent_us = self.parent / two.papers * 1e6
        checks = [
            [
                "--jobs 1 ≥ 3,000 papers/s (JSONL, end to end)",
                f"{one.rate:,.0f}",
                met(one.rate >= 3000),
            ],
            *(
                [
                    [
                        "≤ 1.5 M instructions per paper (seed papers)",
                        f"{self.instructions[1] / 1e6:.2f} M",
                        met(self.instructions[1] <= 1.5e6),
                    ]
                ]
                if self.instructions
                else []
            ),
            [
                "`effclaims --version` < 0.15 s",
                f"{self.version.seconds:.3f} s",
                met(self.version.seconds < 0.15),
            ],
            [
                "one-paper extraction ≤ 0.3 s",
                f"{self.one.seconds:.3f} s",
                met(self.one.seconds <= 0.3),
            ],
            [
                "parent CPU per paper with --jobs 2 < 15 µs",
                f"{parent_us:.1f} µs",
                met(parent_us < 15),
            ],
            [
                f"peak RSS < 300 MB ({self.papers:,} papers)",
                f"{rss_full:.0f} MB",
                met(rss_full < 300),
            ],
            [
                f"peak RSS flat ({self.papers:,} vs {tenth.papers:,} papers, within 10%)",
                f"{growth:+.1%}",
                met(abs(growth) <= 0.10),
            ],
            ["--jobs 2 ≥ 1.8× --jobs 1 (JSONL)", f"{scaling:.2f}×", met(scaling >= 1.8)],
        ]
        tail = []
        if self.peer:
            ratio = one.rate / self.peer_steady
            checks.append(
                ["≥ 75× quantulum3 (papers/s, --jobs 1)", f"{ratio:.1f}×", met(ratio >= 75)]
            )
            tail = [
                "",
                f"With its default `--jobs` (all {os.cpu_count()} cores) effclaims runs "
                f"{two.rate / self.peer_steady:.1f}× quantulum3, which has no parallel mode; "
                "the target above compares one core with one core.",
            ]
        return "\n".join(head + [table(["target", "measured", "met"], checks)] + tail)


def main() -> None:
    parser = argparse.ArgumentParser(description="effclaims throughput benchmark")
    parser.add_argument("--papers", type=int, help=f"input size (default: {FULL:,} if it fits)")
    parser.add_argument(
        "--budget", type=float, default=150, help="seconds a --jobs 1 run may take (default 150)"
    )
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs of each measure, the fastest kept (default 2)"
    )
    parser.add_argument(
        "--peer-seconds", type=float, default=45, help="time given to quantulum3 (default 45)"
    )
    args = parser.parse_args()

    load = os.getloadavg()
    papers = template()
    say(f"{len(papers)} distinct papers to repeat")
    bytecode()
    version = median_run([EFFCLAIMS, "--version"], 5)
    one_paper = build(papers, 1, "jsonl")
    one_command = [EFFCLAIMS, "extract", str(one_paper), "--format", "jsonl"]
    first_runs = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as empty:
            os.environ["EFFCLAIMS_CACHE_DIR"] = empty
            first_runs.append(measure(one_command))
    first_run = Run(statistics.median(r.seconds for r in first_runs), first_runs[0].rss_mb)
    cache = tempfile.mkdtemp(prefix="effclaims-bench-cache-")
    os.environ["EFFCLAIMS_CACHE_DIR"] = cache  # every run from here on: filled by the first
    measure(one_command)
    one = median_run(one_command, 3)
    say(
        f"start-up {version.seconds:.3f} s, one paper {first_run.seconds:.3f} s first, {one.seconds:.3f} s later"
    )

    calibration = extract(build(papers, CALIBRATION, "jsonl"), 1, OUT / "claims.jsonl")
    rate = CALIBRATION / max(calibration.seconds - one.seconds, 1e-3)
    n = args.papers or next((n for n in SIZES if n / rate <= args.budget), SIZES[-1])
    say(f"about {rate:,.0f} papers/s with --jobs 1: measuring on {n:,} papers")

    runs: dict[str, Row] = {}
    same_output: dict[str, bool] = {}
    for kind, name in (("jsonl", "JSONL"), ("hf", "HF dump")):
        source = build(papers, n, kind)
        outputs = []
        for jobs in (1, 2):
            say(f"{name}, --jobs {jobs}")
            output = OUT / f"claims_{jobs}.jsonl"
            run = extract(source, jobs, output, args.repeat)
            mb = source.stat().st_size / 1e6
            runs[f"{kind} {jobs}"] = Row(
                f"effclaims --jobs {jobs}, {name}", n, mb, run, count_lines(output)
            )
            outputs.append(output)
        same_output[name] = filecmp.cmp(*outputs, shallow=False)
    tenth = build(papers, n // 10, "jsonl")
    say(f"JSONL, --jobs 1, {n // 10:,} papers")
    run = extract(tenth, 1, OUT / "claims.jsonl", args.repeat)
    runs["tenth"] = Row(
        "effclaims --jobs 1, JSONL, a tenth",
        n // 10,
        tenth.stat().st_size / 1e6,
        run,
        count_lines(OUT / "claims.jsonl"),
    )
    for output in OUT.glob("claims*.jsonl"):
        output.unlink()
    say("the parent's CPU with --jobs 2")
    parent = parent_cpu(build(papers, n, "jsonl"), 2)
    instructions = None
    if shutil.which("valgrind"):
        say("instructions per paper (callgrind)")
        counted = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "instructions.py"), "--numbers"],
            capture_output=True,
            text=True,
            check=True,
        )
        first, per_paper = counted.stdout.split()
        instructions = (int(first), float(per_paper))
    else:
        say("valgrind is not installed: no instruction counts")

    peer = peer_import = peer_one = None
    peer_setup = peer_steady = 0.0
    if subprocess.run([sys.executable, "-c", "import quantulum3"], capture_output=True).returncode:
        say("quantulum3 is not installed: no peer figures (make bench installs it)")
    else:
        say(f"quantulum3, for up to {args.peer_seconds:.0f} s")
        source = build(papers, n, "jsonl")
        quantities = OUT / "quantities.jsonl"
        command = [sys.executable, str(PEER), str(source), str(quantities)]
        run = measure([*command, "--seconds", str(args.peer_seconds)])
        summary = json.loads(run.stdout)
        label = "quantulum3, in process" + (
            f" (timed on the first {summary['papers']:,} papers)" if summary["papers"] < n else ""
        )
        peer = Row(label, summary["papers"], summary["bytes"] / 1e6, run, summary["quantities"])
        peer_setup = summary["setup"]
        peer_steady = (summary["papers"] - 1) / max(summary["steady"], 1e-3)
        peer_import = median_run([sys.executable, "-c", "import quantulum3"], 3)
        peer_one = median_run([sys.executable, str(PEER), str(one_paper), str(quantities)], 3)
        quantities.unlink()

    results = Results(
        runs,
        peer,
        version,
        first_run,
        one,
        peer_import,
        peer_one,
        peer_setup,
        peer_steady,
        same_output,
        n,
        len(papers),
        rate,
        args.budget,
        load,
        os.getloadavg()[0],
        args.repeat,
        instructions,
        parent,
    )
    report = results.render()
    print(report)
    RESULTS.write_text(report + "\n", encoding="utf-8")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
