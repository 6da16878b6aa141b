"""A seeded fuzzer: mutated abstracts and adversarial numbers through the real command.

`make fuzz` runs it on 100,000 records; `tests/test_fuzz.py` runs a short version. Each
record is a seed abstract (or a case text) mutated: numbers replaced by adversarial ones
(zeros, `1/1`, degenerate ranges, hundreds of digits, digits of every script, digits
newer than Python's Unicode tables), claim phrases spliced in, and the hazards of
scraped text added (leading and trailing whitespace, CRLF, lone carriage returns, lone
surrogates, terminal escapes, zero-width and combining marks). The records are written
as JSON Lines and as CSV, and the installed `effclaims` is run on them with `--jobs 1`
and `--jobs 2` under two hash seeds. A run passes when:

- no paper failed (no warning of an unexpected error) and the command exits 0;
- every claim's `text` is its field of the raw input record at `start:end` (the record
  as written, parsed here by the json and csv modules, not by effclaims);
- every value is finite, positive where it is a number, and `value_min <= value`;
- the output does not depend on `--jobs` or the hash seed.

    python tests/fuzz.py --records 100000 [--seed 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EFFCLAIMS = str(Path(sys.executable).with_name("effclaims"))
SEEDS = ROOT.parent / "shared" / "seeds"

#: Numbers that have broken arithmetic, ordering or parsing somewhere.
# fmt: off
NUMBERS = (
    "0", "0.0", "00", "0.000", "1", "1.0", "0.5", "100", "100.0", "99.99", "1000",
    "1/1", "0/0", "1/0", "0/1", "2/1", "1/2", "3/3", "1,000,000", "0,000", ",5", ".5", "5.",
    "9" * 40, "1" + "0" * 400, "9" * 5000, "0." + "0" * 30 + "1", "1e400", "12,34,56",
)
#: Digits of other scripts, some newer than the Unicode tables of Python.
DIGITS = (
    "٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "０１２３４５６７８９", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
    "".join(map(chr, range(0x11F50, 0x11F5A))),  # Kawi (Unicode 15)
    "".join(map(chr, range(0x1E4F0, 0x1E4FA))),  # Nag Mundari (Unicode 15)
    "".join(map(chr, range(0x16D70, 0x16D7A))),  # Kirat Rai (Unicode 16)
)
#: Claim phrases around a number `{}` (and a second `{}`), the shapes the rules read.
PHRASES = (
    "{}x faster", "up to {}x speedup", "reduces memory by {}%", "{}% less energy",
    "uses only {}% of the FLOPs", "from {} GB to {} GB", "from {} ms to {} ms",
    "latency drops from {} s to {} s", "{}-{}x faster", "{}-bit", "{} to {} bits", "W{}A{}",
    "a {}B model", "{}/{}B parameters", "{}x{}B", "{} tokens/s", "{} and {} tokens/s",
    "delays of {} and {} ms", "{}, {} and {} tokens/s", "sparsity levels of {} to {}",
    "falls by {} of the original", "reduces FLOPs by {}", "{} ms per token",
    "from {} to {} tokens/s", "{}% to {}% lower latency", "{} orders of magnitude faster",
    "{} times less memory", "compresses the model {}x", "{} TFLOPS on an A100",
    "{} hours on {} GPUs", "costs drop from ${}M to ${}M", "{}-fold reduction in memory",
    "between {} and {} ms", "{}x/{}x faster", "by {} and {}% respectively",
)
#: What scraped text carries that a terminal, a parser or an encoder may choke on.
HAZARDS = (
    "  ", "\t", "\r\n", "\r", "\n", "\n\n", "\u00a0", "\u2009", "\u200b", "\u00ad", "\u0301",
    "\ufeff", "\ud800", "\udfff", "\x1b[2J", "\x1b]0;pwned\x07", "\x1b]8;;http://x\x1b\\",
    "\x00", "\x07", "\x7f", "\u202e", "\\times", "$\\times$", "\\%", "×", "−", "–", "≈",
    "NaN", "Infinity", "😀", "\U000e0041",
)
# fmt: on


def base_texts() -> list[str]:
    """Seed abstracts (where ../shared is present), case texts and the bundled examples."""
    texts: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        from effclaims.readers import read

        texts += [p.abstract for p in read(str(path))]
    for path in sorted((ROOT / "tests" / "cases").glob("*.toml")):
        texts += [c["text"] for c in tomllib.loads(path.read_text("utf-8")).get("case", [])]
    for line in (ROOT / "fixtures" / "example.jsonl").read_text("utf-8").splitlines():
        texts.append(json.loads(line)["abstract"])
    return [t for t in texts if t.strip()]


def _number(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.6:
        return rng.choice(NUMBERS)
    if roll < 0.8:
        digits = rng.choice(DIGITS)
        return "".join(rng.choice(digits) for _ in range(rng.randint(1, 3)))
    return str(rng.choice((0, 1, 2, 10, 50, 100, rng.randint(0, 10**6))))


def _phrase(rng: random.Random) -> str:
    template = rng.choice(PHRASES)
    return template.format(*(_number(rng) for _ in range(template.count("{}"))))


def mutate(text: str, rng: random.Random, others: list[str]) -> str:
    """One mutated record text: a few edits of `text`, each drawn from the lists above."""
    for _ in range(rng.randint(1, 6)):
        op = rng.random()
        at = rng.randint(0, len(text))
        if op < 0.3:  # a number replaced by an adversarial one
            digits = [i for i, c in enumerate(text) if c.isdigit()]
            if digits:
                i = rng.choice(digits)
                j = i
                while j < len(text) and (text[j].isdigit() or text[j] in ".,/"):
                    j += 1
                text = text[:i] + _number(rng) + text[j:]
                continue
        if op < 0.6:
            text = text[:at] + " " + _phrase(rng) + " " + text[at:]
        elif op < 0.8:
            text = text[:at] + rng.choice(HAZARDS) + text[at:]
        elif op < 0.9:
            other = rng.choice(others)
            a = rng.randint(0, len(other))
            text = text[:at] + other[a : a + rng.randint(1, 200)] + text[at:]
        else:
            a = rng.randint(0, len(text))
            text = text[:a] + text[a + rng.randint(1, 50) :]
    if rng.random() < 0.3:
        text = rng.choice(("  ", "\n", " \r\n", "\t")) + text
    if rng.random() < 0.3:
        text += rng.choice(("\n", "  ", "\r\n"))
    if not text.strip() or not text.replace("\x00", "").strip():
        text += _phrase(rng)  # a blank abstract is a malformed record, refused as such
    return text


def records(n: int, seed: int) -> Iterator[dict[str, str]]:
    """`n` records {title, abstract}, the same for the same seed."""
    rng = random.Random(seed)
    texts = base_texts()
    for i in range(n):
        abstract = mutate(rng.choice(texts), rng, texts)
        title = f"Paper {i}" + (" " + _phrase(rng) if rng.random() < 0.3 else "")
        if rng.random() < 0.1:
            title = rng.choice(HAZARDS) + title + rng.choice(HAZARDS)
        yield {"title": title, "abstract": abstract}


# --------------------------------------------------------------------------- checks


def invalid_value(claim: dict) -> str | None:
    """Why a claim's value is invalid, or None."""
    value, low = claim["value"], claim.get("value_min")
    if claim["type"] == "hardware":
        return None if isinstance(value, str) and value else f"hardware value {value!r}"
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return f"value {value!r} is not a number"
    if not math.isfinite(value) or value <= 0:
        return f"value {value!r}"
    if low is not None and not (math.isfinite(low) and 0 < low <= value):
        return f"value_min {low!r} with value {value!r}"
    return None


@dataclass
class Tally:
    """What a run found."""

    records: int = 0
    claims: int = 0
    crashes: list[str] = field(default_factory=list)
    offsets: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    differ: list[str] = field(default_factory=list)

    def ok(self) -> bool:
        return not (self.crashes or self.offsets or self.invalid or self.differ)

    def summary(self) -> str:
        return (
            f"{self.records:,} records, {self.claims:,} claims: {len(self.crashes)} crashes, "
            f"{len(self.offsets)} offset mismatches, {len(self.invalid)} invalid values, "
            f"{len(self.differ)} differences between runs"
        )


def raw_jsonl(data: bytes) -> list[dict]:
    """The records of a JSON Lines file as the json module reads them."""
    return [json.loads(line) for line in data.decode("utf-8", "surrogatepass").splitlines()]


def raw_csv(data: bytes) -> list[dict]:
    """The rows of a CSV file as the csv module reads them (line endings kept in cells)."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def check(out: str, raw: list[dict], tally: Tally) -> None:
    """Check `--by-paper --format jsonl` output against the raw records it was made from."""
    papers = [json.loads(line) for line in out.splitlines()]
    if len(papers) != len(raw):
        tally.crashes.append(f"{len(papers)} papers written of {len(raw)}")
    for paper in papers:
        record = raw[paper["index"] - 1]
        for claim in paper["claims"]:
            tally.claims += 1
            field_ = _clean(record[claim["field"]])
            if field_[claim["start"] : claim["end"]] != claim["text"]:
                tally.offsets.append(f"paper {paper['index']}: {claim!r}")
            why = invalid_value(claim)
            if why:
                tally.invalid.append(f"paper {paper['index']}: {why}: {claim['text']!r}")


def _clean(text: str) -> str:
    """A field as the reader passes it on: lone surrogates replaced, one for one."""
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


def run(args: list[str], hash_seed: int) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    return subprocess.run([EFFCLAIMS, *args], capture_output=True, env=env, timeout=7200)


def fuzz(n: int, seed: int, workdir: Path, log=print) -> Tally:
    """Write `n` records as JSON Lines and CSV in `workdir`, run and check them."""
    tally = Tally(records=n)
    rows = list(records(n, seed))
    inputs = {
        "fuzz.jsonl": "".join(json.dumps(r) + "\n" for r in rows).encode(),
        "fuzz.csv": _csv_bytes(rows),
    }
    outputs: dict[str, bytes] = {}
    for name, data in inputs.items():
        path = workdir / name
        path.write_bytes(data)
        raw = raw_jsonl(data) if name.endswith(".jsonl") else raw_csv(data)
        for jobs, hash_seed in ((1, 0), (2, 1)):
            started = time.monotonic()
            done = run(
                ["extract", str(path), "--by-paper", "--format", "jsonl", "--jobs", str(jobs)],
                hash_seed,
            )
            err = done.stderr.decode("utf-8", "replace")
            failed = [line for line in err.splitlines() if "lone surrogates" not in line]
            if done.returncode != 0 or failed:
                tally.crashes.append(f"{name} --jobs {jobs}: exit {done.returncode}: {err[:2000]}")
            out = done.stdout.decode("utf-8")
            check(out, raw, tally) if (jobs, hash_seed) == (1, 0) else None
            key = name
            if key in outputs and outputs[key] != done.stdout:
                tally.differ.append(f"{name}: --jobs {jobs}, hash seed {hash_seed}")
            outputs.setdefault(key, done.stdout)
            log(
                f"{name} --jobs {jobs} PYTHONHASHSEED={hash_seed}: {time.monotonic() - started:.0f} s"
            )
    return tally


def _csv_bytes(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, ["title", "abstract"], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    # a CSV file is UTF-8 text: lone surrogates and NUL bytes are hazards of JSON only
    return buffer.getvalue().replace("\x00", "").encode("utf-8", "replace")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        tally = fuzz(args.records, args.seed, workdir)
    print(tally.summary())
    for kind in ("crashes", "offsets", "invalid", "differ"):
        for line in getattr(tally, kind)[:10]:
            print(f"  {kind}: {line}")
    return 0 if tally.ok() else 1


if __name__ == "__main__":
    sys.exit(main())
