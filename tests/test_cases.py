"""Phrase-level extraction cases: every sentence in tests/cases/*.toml against `extract_text`.

Each case states the full set of claims a careful annotator would record for one
sentence, so a case fails on a missed claim, on a spurious one, on a wrong bound,
range or unit, or on offsets that do not point back at the claim's text.

Case file schema: `[[case]]` tables with `text` (str), `claims` (array of inline
tables with `type`, `value` and optionally `bound`, `value_min`, `unit`), and
optionally `id`, `note` and `expected` (a list of hardware names, shorthand for
hardware claims). Values are compared the way the gold scorer compares them:
numbers within 1% relative, hardware names after vendor/marketing normalisation.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from effclaims.evaluate import values_match
from effclaims.extraction import extract_text
from effclaims.model import BOUNDS, CLAIM_TYPES, RATIO_TYPES, Claim

CASES_DIR = Path(__file__).parent / "cases"
RATE_UNITS = {
    "throughput": {
        "tokens/s",
        "FPS",
        "images/s",
        "samples/s",
        "queries/s",
        "requests/s",
        "TFLOPS",
        "TOPS",
    },
    "latency": {"ms"},
}
RANGE_TYPES = RATIO_TYPES | {"throughput", "latency"}
CASE_KEYS = {"id", "text", "claims", "expected", "note"}
CLAIM_KEYS = {"type", "value", "bound", "value_min", "unit"}


def same_value(kind: str, a: float | str, b: float | str) -> bool:
    """Whether two claim values of type `kind` count as the same value for scoring (the
    evaluator's comparison, which follows the reference scorer)."""
    return values_match(a, b, kind)


@dataclass(frozen=True)
class Expected:
    """One claim a case expects; attributes left as None are not checked."""

    type: str
    value: float | str
    bound: str | None = None
    value_min: float | None = None
    unit: str | None = None

    def describe(self) -> str:
        extra = [x for x in (self.bound, self.unit) if x]
        if self.value_min is not None:
            extra.append(f"min={self.value_min:g}")
        return f"{self.type}={_fmt(self.value)}" + (f" [{', '.join(extra)}]" if extra else "")


@dataclass(frozen=True)
class Case:
    key: str
    text: str
    expected: tuple[Expected, ...]
    note: str = ""


def _fmt(value: float | str) -> str:
    return f"{value:g}" if isinstance(value, float | int) else repr(value)


def _parse_claim(raw: object) -> Expected:
    if not isinstance(raw, dict):
        raise ValueError(f"claim must be a table, got {raw!r}")
    unknown = set(raw) - CLAIM_KEYS
    if unknown:
        raise ValueError(f"unknown claim keys {sorted(unknown)}")
    kind, value = raw.get("type"), raw.get("value")
    if kind not in CLAIM_TYPES:
        raise ValueError(f"unknown claim type {kind!r}")
    if kind == "hardware" and not isinstance(value, str):
        raise ValueError(f"hardware value must be a name, got {value!r}")
    if kind != "hardware" and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise ValueError(f"{kind} value must be a number, got {value!r}")
    bound, value_min, unit = raw.get("bound"), raw.get("value_min"), raw.get("unit")
    if bound is not None and bound not in BOUNDS:
        raise ValueError(f"unknown bound {bound!r}")
    if value_min is not None and kind not in RANGE_TYPES:
        raise ValueError(f"value_min is only for ratio and rate types, not {kind}")
    if value_min is not None and not value_min <= value:
        raise ValueError(f"value_min {value_min} above value {value}")
    if unit is not None and unit not in RATE_UNITS.get(kind, ()):
        raise ValueError(f"unit {unit!r} not valid for {kind}")
    num = float(value) if kind != "hardware" else value
    return Expected(kind, num, bound, None if value_min is None else float(value_min), unit)


def _parse_case(raw: dict, key: str) -> Case:
    unknown = set(raw) - CASE_KEYS
    if unknown:
        raise ValueError(f"unknown case keys {sorted(unknown)}")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("case needs a non-empty `text`")
    claims = raw.get("claims", [])
    hardware = raw.get("expected", [])
    if "claims" not in raw and "expected" not in raw:
        raise ValueError("case needs `claims` (or `expected` hardware names)")
    if not isinstance(claims, list) or not isinstance(hardware, list):
        raise ValueError("`claims` and `expected` must be arrays")
    if not all(isinstance(h, str) for h in hardware):
        raise ValueError("`expected` entries must be hardware names")
    expected = [_parse_claim(c) for c in claims] + [Expected("hardware", h) for h in hardware]
    return Case(key, text, tuple(expected), str(raw.get("note", "")))


def load_cases(directory: Path = CASES_DIR) -> tuple[list[Case], list[str]]:
    """All well-formed cases of every case file, and a description of every malformed one."""
    cases: list[Case] = []
    problems: list[str] = []
    for path in sorted(directory.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(f"{path.name}: {exc}")
            continue
        unknown = set(data) - {"case"}
        if unknown:
            problems.append(f"{path.name}: unknown top-level keys {sorted(unknown)}")
        seen: set[str] = set()
        for index, raw in enumerate(data.get("case", []), start=1):
            key = f"{path.name}::{raw.get('id') or f'{index:03d}'}"
            if key in seen:
                problems.append(f"{key}: duplicate id")
                continue
            seen.add(key)
            try:
                cases.append(_parse_case(raw, key))
            except ValueError as exc:
                problems.append(f"{key}: {exc}")
    return cases, problems


CASES, PROBLEMS = load_cases()


def _describe_claim(c: Claim) -> str:
    extra = [x for x in (c.bound, c.unit) if x]
    if c.value_min is not None:
        extra.append(f"min={c.value_min:g}")
    return f"{c.type}={_fmt(c.value)} [{', '.join(extra)}] {c.text!r}@{c.start}:{c.end}"


def _dedupe(pairs: list[tuple[str, float | str]]) -> list[tuple[str, float | str]]:
    """Drop repeats of a (type, value) pair, as the scorer counts each pair once."""
    kept: list[tuple[str, float | str]] = []
    for kind, value in pairs:
        if not any(k == kind and same_value(kind, v, value) for k, v in kept):
            kept.append((kind, value))
    return kept


def _attribute_error(want: Expected, got: list[Claim]) -> str | None:
    """Why no predicted claim of `want`'s (type, value) carries the attributes the case fixes."""
    candidates = [
        c for c in got if c.type == want.type and same_value(want.type, c.value, want.value)
    ]
    if not candidates:
        return None  # reported as missing
    for c in candidates:
        if want.bound is not None and c.bound != want.bound:
            continue
        if want.unit is not None and c.unit != want.unit:
            continue
        if want.value_min is not None and (
            c.value_min is None or not math.isclose(c.value_min, want.value_min, rel_tol=0.01)
        ):
            continue
        return None
    return f"{want.describe()} vs got " + "; ".join(_describe_claim(c) for c in candidates)


def compare(case: Case, got: list[Claim]) -> list[str]:
    """Every discrepancy between a case's expected claims and what was extracted."""
    errors: list[str] = []
    for c in got:
        if case.text[c.start : c.end] != c.text:
            errors.append(
                f"offsets {c.start}:{c.end} give {case.text[c.start : c.end]!r}, not {c.text!r}"
            )
    want = _dedupe([(e.type, e.value) for e in case.expected])
    have = _dedupe([(c.type, c.value) for c in got])
    used: set[int] = set()
    for kind, value in want:
        hit = next(
            (
                i
                for i, (k, v) in enumerate(have)
                if i not in used and k == kind and same_value(kind, v, value)
            ),
            None,
        )
        if hit is None:
            errors.append(f"missing  {kind}={_fmt(value)}")
        else:
            used.add(hit)
    errors += [f"spurious {k}={_fmt(v)}" for i, (k, v) in enumerate(have) if i not in used]
    for e in case.expected:
        problem = _attribute_error(e, got)
        if problem:
            errors.append(f"wrong attributes: {problem}")
    return errors


def test_case_files_are_well_formed() -> None:
    assert CASES, f"no cases found in {CASES_DIR}"
    assert not PROBLEMS, "malformed cases:\n" + "\n".join(PROBLEMS)


def _known_gaps() -> dict[str, str]:
    """`file::id  # reason` lines of known_gaps.txt: each case the extractor gets wrong,
    with why, as price-parser keeps a reason beside each known failure."""
    gaps = {}
    for line in (CASES_DIR / "known_gaps.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, reason = line.partition("#")
            gaps[key.strip()] = reason.strip()
    return gaps


KNOWN_GAPS = _known_gaps()


def test_known_gaps_name_real_cases_and_say_why() -> None:
    assert set(KNOWN_GAPS) <= {c.key for c in CASES}, set(KNOWN_GAPS) - {c.key for c in CASES}
    assert not [key for key, reason in KNOWN_GAPS.items() if not reason]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[c.key]))
        if c.key in KNOWN_GAPS
        else c
        for c in CASES
    ],
    ids=[c.key for c in CASES],
)
def test_case(case: Case) -> None:
    got = extract_text(case.text)
    errors = compare(case, got)
    if errors:
        lines = [
            f"text:     {case.text}",
            "expected: " + (", ".join(e.describe() for e in case.expected) or "(no claims)"),
            "got:      " + ("\n          ".join(_describe_claim(c) for c in got) or "(no claims)"),
            *errors,
        ]
        if case.note:
            lines.insert(1, f"note:     {case.note}")
        pytest.fail("\n".join(lines), pytrace=False)
