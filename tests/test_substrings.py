"""Substrings: every occurrence of every key, at character offsets, whatever the text holds."""

from __future__ import annotations

import pytest

from effclaims import substrings
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


def test_a_large_set_answers_the_same_before_and_after_it_builds_its_dfa(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(substrings, "DFA_KEYS", 3)
    monkeypatch.setattr(substrings, "NFA_SEARCHES", 4)
    keys = Substrings(KEYS)
    assert Substrings(KEYS[:3])._rent == 0  # a small set has its DFA at once
    nfa = keys._ascii
    text = "nvidia a100 and tpu v4 on a model of el capitan"
    want = _every_occurrence(KEYS, text)
    answers = [sorted(keys.hits(text)) for _ in range(3)]
    assert keys._ascii is nfa
    # the fourth search builds the DFA and is answered by it
    assert keys.present(text) == {"a1", "a100", "el", "nvidia", "tpu"}
    assert keys._ascii is not nfa and keys._rent == 0
    answers += [sorted(keys.hits(text)) for _ in range(3)]
    assert answers == [want] * 6 and keys.any_in(text) and not keys.any_in("none")
