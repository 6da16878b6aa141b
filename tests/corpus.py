"""The texts the equivalence tests run over: every case text and every seed abstract.

A fast path is checked against its plain formulation on all of them; the seed dumps
are read where `../shared` is present and left out where it is not.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from effclaims.normalize import normalize
from effclaims.sentences import split_sentences

CASES_DIR = Path(__file__).parent / "cases"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@cache
def case_texts() -> tuple[str, ...]:
    """The text of every case in `tests/cases`."""
    return tuple(
        case["text"]
        for path in sorted(CASES_DIR.glob("*.toml"))
        for case in tomllib.loads(path.read_text("utf-8")).get("case", [])
    )


@cache
def seed_abstracts() -> tuple[str, ...]:
    """The abstract of every paper of the seed dumps (none where ../shared is absent)."""
    from effclaims.readers import read

    return tuple(
        paper.abstract for path in sorted(SEEDS.glob("*.txt")) for paper in read(str(path))
    )


def _sentences(texts: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for raw in texts:
        text = normalize(raw).text
        out += [text[a:b] for a, b in split_sentences(text)]
    return tuple(out)


@cache
def case_sentences() -> tuple[str, ...]:
    """Every normalised case sentence."""
    return _sentences(case_texts())


@cache
def seed_sentences() -> tuple[str, ...]:
    """Every normalised sentence of the seed dumps."""
    return _sentences(seed_abstracts())
