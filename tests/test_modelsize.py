"""The model-size rule's shortcuts against the plain formulations they replace."""

from __future__ import annotations

from corpus import case_sentences, seed_sentences

from effclaims.patterns import number_starts
from effclaims.rules.modelsize import _ACTIVE_PREFIX, _BEFORE_MARKS, _DATASET_BEFORE, _MONEY_BEFORE

EDGES = [
    "US$ 5B",
    "US$ \n5B",
    "$\n7B",
    "USD7B",
    "€ 3M",
    "£2B",
    "LAION-2B",
    "Qwen-4B-A0.6B",
    "x A\n3B",
]


def test_the_words_before_a_number_are_searched_only_where_their_marks_are() -> None:
    """Wherever one of the three searches finds its words before a number, one of
    `_BEFORE_MARKS` is among the three characters before it."""
    for s in [*seed_sentences(), *case_sentences(), *EDGES]:
        for a in number_starts(s):
            head = s[max(0, a - 24) : a]
            if (
                _MONEY_BEFORE.search(head)
                or _ACTIVE_PREFIX.search(head)
                or _DATASET_BEFORE.search(head)
            ):
                assert not _BEFORE_MARKS.isdisjoint(s[max(0, a - 3) : a]), s
