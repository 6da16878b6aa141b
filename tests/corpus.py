"""The texts the equivalence tests run over: every case text, every seed title and
abstract, and the abstracts of the second development set.

A fast path is checked against its plain formulation on all of them; the development
data is read where `../shared` is present and left out where it is not.
"""

from __future__ import annotations

import json
import tomllib
from functools import cache
from pathlib import Path

from effclaims.normalize import normalize
from effclaims.sentences import split_sentences

CASES_DIR = Path(__file__).parent / "cases"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
DEV2 = SHARED / "gold" / "dev2-papers.jsonl"


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


@cache
def seed_titles() -> tuple[str, ...]:
    """The title of every paper of the seed dumps."""
    from effclaims.readers import read

    return tuple(paper.title for path in sorted(SEEDS.glob("*.txt")) for paper in read(str(path)))


@cache
def dev2_texts() -> tuple[str, ...]:
    """The titles and abstracts of the second development set (none where it is absent)."""
    if not DEV2.exists():
        return ()
    records = [json.loads(line) for line in DEV2.read_text("utf-8").splitlines() if line]
    return tuple(text for r in records for text in (r["title"], r["abstract"]))


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
