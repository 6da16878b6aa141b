"""The shortcuts derived from the rules, computed when the rules change and shipped as data.

What each pattern needs (`literals.clauses`) and where it can start (`opens_with_number`)
take a regex analysis that costs a third of a second for all the rules, too much for a
command that extracts one abstract; the regex of the hardware names, a trie built from
some two thousand of them, takes another 30 ms. So the results are computed ahead, by

    python -m effclaims.rules.derived          # writes effclaims/data/derived.json

and read from that file, each under the very expression it was derived from: an
expression changed since is simply derived again when it is first used (correct, only
slower), and `--check`, which the tests run, fails until the file is written anew.
This is the generated-data discipline of dateparser: one source (the patterns), one
generated file, and a test that it is fresh.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from .literals import Clause, clauses, opens_with_digit, rarity, required_literals

_FILE = "derived.json"
#: Every derivation asked for in this process, as the file stores it.
_used: dict[str, Any] = {}
#: Whether to ignore the file (when writing it).
_fresh = False


def branch_needs(expression: str) -> tuple[tuple[Clause, ...], bool]:
    """What every match of a pattern branch needs (its telling clauses), and whether every
    match starts where a number does."""
    value = _lookup("branch " + expression, lambda: _branch_needs(expression))
    return tuple(frozenset(c) for c in value["needs"]), bool(value["at_numbers"])


def literals(expression: str) -> tuple[str, ...] | None:
    """`literals.required_literals` of an expression."""
    value = _lookup("literals " + expression, lambda: required_literals(expression))
    return None if value is None else tuple(value)


def stored(kind: str, key: str, derive: Callable[[], Any]) -> Any:
    """A derivation another module of the rules defines, of `kind` and from `key` (what
    it is derived from, in full), as JSON values: from the file where it holds `key`."""
    return _lookup(f"{kind} {key}", derive)


def _lookup(key: str, derive: Any) -> Any:
    stored = {} if _fresh else _stored()
    value = stored[key] if key in stored else _jsonable(derive())
    _used[key] = value
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


@cache
def _stored() -> dict[str, Any]:
    try:
        text = resources.files("effclaims.data").joinpath(_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    data: dict[str, Any] = json.loads(text)
    return data


def _branch_needs(expression: str) -> dict[str, Any]:
    return {
        "needs": telling(clauses(expression, digits=True)),
        "at_numbers": opens_with_number(expression),
    }


def telling(found: tuple[Clause, ...]) -> tuple[Clause, ...]:
    """The telling few of a regex's clauses: the rarest, and a second where it is rare too.

    A clause met by nearly every sentence (`to `, a lone `e`) is worth less than the
    look-ups it costs, and a second clause only where it is itself rare.
    """
    ranked = sorted(((rarity(c), sorted(c), c) for c in found), reverse=True)
    if not ranked or ranked[0][0] < 2:
        return ()
    first = ranked[0][2]
    # a second clause that every member of the first implies tells nothing more
    others = [(r, c) for r, _, c in ranked[1:] if not all(any(w in f for w in c) for f in first)]
    return (first,) + tuple(c for r, c in others[:1] if r >= 5)


_BEHIND = regex.compile(r"\(\?<[!=](?:[^()]|\([^()]*\))*\)")


def opens_with_number(expression: str) -> bool:
    """Whether every match of `expression` starts where `patterns.NUMBER_START` finds a number.

    It must open with a digit or a point and a digit (`literals.opens_with_digit`), after
    look-behinds one of which rules out a word character before it: `(?<![\\w.,])`, or
    `(?<=...[-\\s])` that ends with a space or hyphen.
    """
    end = 0
    while (m := _BEHIND.match(expression, end)) is not None:
        end = m.end()
    behind = expression[:end]
    return opens_with_digit(expression) and bool(
        regex.search(r"\(\?<!\[[^\]]*\\w", behind) or r"[-\s])" in behind
    )


def derive_all() -> dict[str, Any]:
    """Every derivation the rules ask for, computed afresh (the content of the file)."""
    global _fresh
    _fresh = True
    _used.clear()
    from . import hardware, ratios
    from .registry import families

    families()  # compiles every pattern and the rules' sieved regexes
    ratios.resource_lexicon()  # and the resource word lists
    hardware._gazetteer()  # and the tries of hardware names
    return dict(sorted(_used.items()))


def main(argv: list[str]) -> int:
    # run as a script this module is `__main__`; the rules record into the imported one
    from effclaims.rules import derived

    path = Path(__file__).resolve().parents[1] / "data" / _FILE
    text = json.dumps(derived.derive_all(), ensure_ascii=False, indent=0, sort_keys=True) + "\n"
    if "--check" in argv:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            print(f"{path} is stale: run python -m effclaims.rules.derived", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
