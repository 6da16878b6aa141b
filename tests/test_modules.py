"""The package's modules, read as source: no module-level name is bound twice.

A rule module defines hundreds of module-level regexes, and its functions read them when
they run, so a second definition of a name silently replaces the first for every use,
those written above it too. The later one wins without a warning and the rule that was
written against the earlier one reads another regex. Typing overloads, stubs followed
by the one body, bind a name once.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "effclaims"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _bindings(tree: ast.Module) -> Counter[str]:
    """How often each name is bound at the top of a module: assignments, functions and
    classes (an `@overload` stub binds no body of its own, so it is not counted)."""
    bound: Counter[str] = Counter()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            bound.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.value is not None:
                bound[node.target.id] += 1
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            overload = any(
                (isinstance(d, ast.Name) and d.id == "overload")
                or (isinstance(d, ast.Attribute) and d.attr == "overload")
                for d in node.decorator_list
            )
            if not overload:
                bound[node.name] += 1
    return bound


def test_the_package_has_modules() -> None:
    assert len(MODULES) > 20


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_level_name_is_bound_twice(path: Path) -> None:
    bound = _bindings(ast.parse(path.read_text("utf-8")))
    assert [name for name, n in bound.items() if n > 1] == []


@pytest.mark.parametrize(
    "source, twice",
    [
        ("A = 1\nA = 2\n", ["A"]),
        ("A = 1\ndef A(): pass\n", ["A"]),
        (
            "from typing import overload\n@overload\ndef f(x: int) -> int: ...\n"
            "@overload\ndef f(x: str) -> str: ...\ndef f(x): return x\n",
            [],
        ),
        ("A: int\nA = 1\n", []),
    ],
)
def test_the_check_counts_rebindings_and_not_overloads(source: str, twice: list[str]) -> None:
    bound = _bindings(ast.parse(source))
    assert [name for name, n in bound.items() if n > 1] == twice
