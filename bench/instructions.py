"""Instructions per paper of the extraction, counted by valgrind's callgrind.

Wall-clock time on a shared machine swings by a factor of two with its load; the
number of instructions a run executes does not. This script extracts the seed papers
(../shared/seeds, else the bundled fixtures) in process, twice under callgrind: once
none, the first paper only, and all of them, and reports the difference of the last
two divided by the papers added, so start-up (imports, compiling patterns, building
automata) is subtracted. It also reports what the first paper costs beyond reading
(the rules' start-up, paid by a one-paper run).

    python bench/instructions.py [--limit N]       # prints a markdown row
    python bench/instructions.py --worker N         # (internal) extract N papers
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def papers() -> list[tuple[str, str]]:
    """(title, abstract) of every distinct paper of the seeds, else of the fixtures."""
    import effclaims

    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else sorted(ROOT.glob("fixtures/*"))
    seen: set[tuple[str, str]] = set()
    out = []
    for path in files:
        for paper in effclaims.read(str(path)):
            key = (paper.title, paper.abstract)
            if key not in seen:
                seen.add(key)
                out.append(key)
    return out


def work(n: int) -> None:
    """Extract the first `n` papers, after the papers are read (reading is not measured)."""
    from effclaims.extraction import extract_text

    chosen = papers()[:n]
    for title, abstract in chosen:
        extract_text(title, "title")
        extract_text(abstract, "abstract")


def count(n: int) -> int:
    """Instructions of a whole run that extracts `n` papers."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        sys.exit("instructions: valgrind is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        run = subprocess.run(
            [valgrind, "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable]
            + [__file__, "--worker", str(n)],
            capture_output=True,
            text=True,
            check=True,
            # string hashing is seeded per process: fixed, set iteration is too, and so the count
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        found = re.search(r"Collected : (\d+)", run.stderr)
        if not found:
            sys.exit("instructions: callgrind reported no total")
        return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=0, help="papers to extract (default: all)")
    args = parser.parse_args()
    if args.worker is not None:
        work(args.worker)
        return
    n = args.limit or len(papers())
    none, one, all_ = count(0), count(1), count(n)
    per_paper = (all_ - one) / (n - 1)
    print("| papers | first paper (start-up) | instructions per paper |")
    print("| --- | --- | --- |")
    print(f"| {n} | {(one - none) / 1e6:,.0f} M | {per_paper:,.0f} |")


if __name__ == "__main__":
    main()
