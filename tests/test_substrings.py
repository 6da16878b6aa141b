"""Substrings: every occurrence of every key, at character offsets, whatever the text holds."""

from __future__ import annotations

import pytest

from effclaims.substrings import Substrings

KEYS = ["a1", "a100", "el", "nvidia", "tpu", "×", "ü"]


def _every_occurrence(keys: list[str], text: str) -> list[tuple[int, int]]:
    """Each key looked for at every position: what the automaton must find."""
    return sorted(
        (start, start + len(key))
        for key in keys
        for start in range(len(text))
        if text.startswith(key, start)
    )


@pytest.mark.parametrize(
    "text",
    [
        "nvidia a100 and tpu v4 on a model of el capitan",
        "nvidia a100 and tpu v4 on a mödel of el capitan",
        "8×a100, übel elel a1a100",
        "İstanbul a100 ßh100 — ǆ el",
        "",
        "no key here",
    ],
)
def test_hits_are_every_occurrence_at_character_offsets(text: str) -> None:
    assert sorted(Substrings(KEYS).hits(text)) == _every_occurrence(KEYS, text)


def test_no_keys_find_nothing() -> None:
    assert Substrings([]).hits("anything") == []
