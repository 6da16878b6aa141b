"""A short run of the fuzzer (`make fuzz` runs 100,000 records): mutated abstracts and
adversarial numbers through the installed command, as JSON Lines and as CSV, with
`--jobs 1` and `--jobs 2` under two hash seeds."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import fuzz


def test_fuzzed_records_extract_cleanly(tmp_path: Path) -> None:
    # enough papers for --jobs 2 to start workers (parallel.MIN_PARALLEL)
    tally = fuzz.fuzz(600, seed=2, workdir=tmp_path, log=lambda _: None)
    assert tally.claims > 1000  # the records do reach the rules
    assert tally.ok(), tally.summary() + "".join(
        f"\n{kind}: {line[:500]}"
        for kind in ("crashes", "offsets", "invalid", "differ")
        for line in getattr(tally, kind)[:5]
    )


def test_the_records_carry_the_hazards() -> None:
    records = list(fuzz.records(2000, seed=3))
    text = "".join(r["title"] + r["abstract"] for r in records)
    for hazard in ("\ud800", "\x1b[2J", "\r\n", "1/1", "0/0", "9" * 5000):
        assert hazard in text, repr(hazard[:10])
    assert any(unicodedata.decimal(c, None) is None and c in fuzz.DIGITS[-1] for c in text)
    assert any(r["abstract"][:1].isspace() for r in records)
