"""Instructions per paper of the extraction, counted by valgrind's callgrind.

Wall-clock time on a shared machine swings by a factor of two with its load; the
number of instructions a run executes does not. This script extracts the seed papers
(../shared/seeds, else the bundled fixtures) in process under callgrind: all of them
once and all of them twice, and reports the difference divided by the papers, so
start-up (imports, compiling patterns when first used, building automata) is
subtracted and the figure is the steady state of a long run. It also reports what the
first paper costs beyond reading: the start-up a one-paper run pays.

Every count runs with the same cache of compiled patterns (`effclaims/pattern_cache.py`):
a fresh one in a temporary directory, filled by one run before counting, as a user's
second run finds it. A run that found programs missing would write the cache as it ends,
and the next count would start from another state.

    python bench/instructions.py [--limit N]           # prints a markdown row
    python bench/instructions.py --worker N [PASSES]    # (internal) extract N papers
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


def work(n: int, passes: int = 1) -> None:
    """Extract the first `n` papers `passes` times, after the papers are read (reading is
    not measured)."""
    from effclaims.extraction import extract_text

    chosen = papers()[:n]
    for _ in range(passes):
        for title, abstract in chosen:
            extract_text(title, "title")
            extract_text(abstract, "abstract")


def count(n: int, passes: int = 1) -> int:
    """Instructions of a whole run that extracts `n` papers `passes` times."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        sys.exit("instructions: valgrind is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        run = subprocess.run(
            [valgrind, "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable]
            + [__file__, "--worker", str(n), str(passes)],
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
    parser.add_argument("passes", type=int, nargs="?", default=1, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=0, help="papers to extract (default: all)")
    parser.add_argument(
        "--numbers", action="store_true", help="print the two numbers only (for bench/run.py)"
    )
    args = parser.parse_args()
    if args.worker is not None:
        work(args.worker, args.passes)
        return
    n = args.limit or len(papers())
    with tempfile.TemporaryDirectory() as cache:
        os.environ["EFFCLAIMS_CACHE_DIR"] = cache
        subprocess.run([sys.executable, __file__, "--worker", str(n)], check=True)
        none, one = count(0), count(1)
        per_paper = (count(n, 2) - count(n, 1)) / n
    if args.numbers:
        print(one - none, per_paper)
        return
    print("| papers | first paper (start-up) | instructions per paper |")
    print("| --- | --- | --- |")
    print(f"| {n} | {(one - none) / 1e6:,.0f} M | {per_paper:,.0f} |")


if __name__ == "__main__":
    main()
