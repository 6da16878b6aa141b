"""From papers to claims: the one entry point that the CLI, the API and the evaluator share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
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


@dataclass(frozen=True)
class Failure:
    """An unexpected error while extracting one paper, as `Type: message`.

    It stands in for the paper's claims, so that it crosses from a worker process like
    them and the run goes on with the next paper.
    """

    error: str


#: Told of each paper whose extraction failed, with the error.
OnFailure = Callable[[Paper, str], None]


def _extract_isolated(paper: Paper, types: frozenset[str] | None) -> list[Claim] | Failure:
    """`extract_paper`, with an unexpected error returned rather than raised."""
    try:
        return extract_paper(paper, types)
    except Exception as exc:  # any bug or limit hit by one paper: that paper's alone
        return Failure(f"{type(exc).__name__}: {exc}")


def extract_papers(
    papers: Iterable[Paper],
    types: frozenset[str] | None = None,
    jobs: int = 1,
    follow: bool = False,
    on_failure: OnFailure | None = None,
) -> Iterator[tuple[Paper, list[Claim]]]:
    """Stream (paper, claims) pairs in input order, over `jobs` processes when it pays off.

    The result does not depend on `jobs`. Only title and abstract are sent to a worker:
    the rest of a record (an arXiv entry's authors, versions, licence) stays here. With
    `follow`, papers arrive over time (a pipe) and each pair leaves as soon as it is done.
    A paper whose extraction fails comes without claims, after `on_failure` is told; with
    no `on_failure`, the error is raised as a RuntimeError naming the paper.
    """
    from .parallel import ordered_map

    for paper, got in ordered_map(
        partial(_extract_isolated, types=types),
        papers,
        jobs,
        payload=lambda paper: Paper(paper.index, paper.title, paper.abstract),
        follow=follow,
    ):
        if isinstance(got, Failure):
            if on_failure is None:
                raise RuntimeError(f"paper {paper.index}: {got.error}")
            on_failure(paper, got.error)
            got = []
        yield paper, got
