"""Throughput, memory and start-up benchmark of the effclaims CLI.

Builds a large JSON Lines input by repeating the seed dumps (from ../shared when
present, else the bundled fixtures), runs `effclaims extract --format jsonl` on it as
a user would, and prints a markdown table: papers/s, MB/s, peak RSS of the child
process and start-up times. Numbers are measured, never asserted.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
EFFCLAIMS = str(Path(sys.executable).with_name("effclaims"))


def _papers() -> list[dict]:
    from effclaims.readers import read

    shared = ROOT.parent / "shared" / "seeds"
    paths = sorted(shared.glob("*.txt")) or [ROOT / "fixtures" / "example_hf.txt"]
    return [{"title": p.title, "abstract": p.abstract} for path in paths for p in read(str(path))]


def _build(n: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"papers_{n}.jsonl"
    if not path.exists():
        with path.open("w", encoding="utf-8") as fh:
            for i, p in enumerate(islice(cycle(_papers()), n)):
                fh.write(json.dumps({"id": str(i), **p}) + "\n")
    return path


def _run(args: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one child run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before)


def main() -> None:
    rows = ["| measure | value |", "| --- | --- |"]
    t, _ = _run([EFFCLAIMS, "--version"])
    rows.append(f"| start-up (`--version`) | {t:.3f} s |")
    one = _build(1)
    t, _ = _run([EFFCLAIMS, "extract", str(one), "--format", "jsonl"])
    rows.append(f"| one-paper extraction | {t:.3f} s |")
    for n in (2_000, 10_000):
        path = _build(n)
        mb = path.stat().st_size / 1e6
        # each size in a fresh interpreter so peak RSS is that run's own
        code = (
            "import resource,subprocess,sys,time;t=time.perf_counter();"
            f"subprocess.run([{EFFCLAIMS!r},'extract',{str(path)!r},'--format','jsonl','-o',{str(OUT / 'claims.jsonl')!r}],check=True);"
            "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
        secs, rss = float(out[0]), int(out[1])
        rows.append(f"| {n:,} papers → JSONL | {n / secs:,.0f} papers/s, {mb / secs:.1f} MB/s, peak RSS {rss / 1024:.0f} MB |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
