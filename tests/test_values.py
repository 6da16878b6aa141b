"""The check every claim passes before it leaves the engine, and numbers that are none."""

from __future__ import annotations

import math

import pytest

from effclaims.rules.base import Found, parse_number, valid


@pytest.mark.parametrize(
    ("found", "ok"),
    [
        (Found("speedup", 2.0, 0, 2, "r"), True),
        (Found("speedup", 0.0, 0, 2, "r"), False),
        (Found("speedup", -1.0, 0, 2, "r"), False),
        (Found("speedup", math.inf, 0, 2, "r"), False),
        (Found("speedup", math.nan, 0, 2, "r"), False),
        (Found("latency", 12.0, 0, 2, "r", value_min=3.0), True),
        (Found("latency", 12.0, 0, 2, "r", value_min=12.0), True),
        (Found("latency", 12.0, 0, 2, "r", value_min=13.0), False),
        (Found("latency", 12.0, 0, 2, "r", value_min=0.0), False),
        (Found("latency", 12.0, 0, 2, "r", value_min=math.nan), False),
        (Found("hardware", "A100", 0, 4, "hw"), True),
        (Found("hardware", "", 0, 4, "hw"), False),
        (Found("speedup", "A100", 0, 4, "hw"), False),
    ],
)
def test_a_claim_value_is_finite_positive_and_ordered(found: Found, ok: bool) -> None:
    assert valid(found) is ok


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,200", 1200.0), ("three", 3.0), (",", None), ("9" * 400, math.inf), ("", None)],
)
def test_numbers_that_are_none(text: str, value: float | None) -> None:
    got = parse_number(text)
    assert math.isnan(got) if value is None else got == value, got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We measure added delays of 10 and 0 ms.", []),
        ("Sparsity levels of 1/2 to 1/1 are tested.", []),
        ("The number of tokens falls by 1/1 of the original.", []),
        ("Throughputs of 120, 64 and 0 tokens/s were observed.", []),
        ("It runs 0x faster.", []),
        ("A 0B model.", []),
        ("Weights in W0A16.", [("bit_width", 16.0)]),
        ("Speedups of 100-99.99x faster.", [("speedup", 100.0, 99.99)]),
        ("Memory drops by 1e400 orders of magnitude.", []),
    ],
)
def test_the_rules_give_no_zero_or_inverted_value(text: str, expected: list[tuple]) -> None:
    import effclaims

    got = [
        (c.type, c.value) if c.value_min is None else (c.type, c.value, c.value_min)
        for c in effclaims.extract(text)
    ]
    assert got == expected
