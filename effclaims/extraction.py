"""From papers to claims: the one entry point that the CLI, the API and the evaluator share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from types import ModuleType

from .model import Claim, Paper


def extract_text(
    text: str, field: str = "abstract", types: frozenset[str] | None = None
) -> list[Claim]:
    """Claims found in one text (a title or an abstract), offsets into `text`."""
    return _engine().find_claims(text, field=field, types=types)


@cache
def _engine() -> ModuleType:
    """The extraction engine, imported on first use: importing it compiles the rules'
    regexes, which commands that extract nothing (`--version`, `--help`) should not wait for."""
    from . import engine

    return engine


def extract_paper(paper: Paper, types: frozenset[str] | None = None) -> list[Claim]:
    """Claims of a paper: those in its title, then those in its abstract."""
    return extract_text(paper.title, "title", types) + extract_text(
        paper.abstract, "abstract", types
    )


def extract_papers(
    papers: Iterable[Paper],
    types: frozenset[str] | None = None,
    jobs: int = 1,
    follow: bool = False,
) -> Iterator[tuple[Paper, list[Claim]]]:
    """Stream (paper, claims) pairs in input order, over `jobs` processes when it pays off.

    The result does not depend on `jobs`. Only title and abstract are sent to a worker:
    the rest of a record (an arXiv entry's authors, versions, licence) stays here. With
    `follow`, papers arrive over time (a pipe) and each pair leaves as soon as it is done.
    """
    from functools import partial

    from .parallel import ordered_map

    return ordered_map(
        partial(extract_paper, types=types),
        papers,
        jobs,
        payload=lambda paper: Paper(paper.index, paper.title, paper.abstract),
        follow=follow,
    )
