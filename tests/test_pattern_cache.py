"""A pattern made from the program an earlier run kept is the pattern `re` compiles: the
program is the one `re` writes, and a run's claims do not depend on the cache file's state
(absent, fresh, corrupt, of another build, or switched off)."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import EFFCLAIMS
from corpus import seed_abstracts

from effclaims import pattern_cache
from effclaims.engine import find_claims
from effclaims.pattern_cache import BUILD, compile_re, pack, program, unpack

CASES = [
    (r"(?P<n>\d+(?:\.\d+)?)\s?[x×]", re.IGNORECASE),
    (r"\bby\s+(?:about\s+)?$", 0),
    (r"(?i)(?P<a>fast)(?:er)?|(?P<b>slow)", 0),
    (
        r"""(?P<word> [^\W\d_]+ )  # a word
         \s+ (?P=word)""",
        re.VERBOSE,
    ),
    (r"(?<=\bby\s)\d+", re.MULTILINE | re.DOTALL),
    (r"(?<=\bby\s+)\d+", 0),  # a look-behind of varying width: `re` refuses it
    (r"(a|b", 0),
]

REAL_SRE: Any = re._compiler._sre  # type: ignore[attr-defined]


def _program_of_re(pattern: str, flags: int, monkeypatch: pytest.MonkeyPatch) -> object:
    """What `re` itself hands to `_sre.compile` for `pattern`, or its error's message."""
    handed: list[tuple[Any, ...]] = []

    class Recorder:
        def __getattr__(self, name: str) -> Any:
            return getattr(REAL_SRE, name)

        def compile(self, pattern: str, *args: Any) -> Any:
            handed.append(args)
            return REAL_SRE.compile(pattern, *args)

    with monkeypatch.context() as m:
        m.setattr(re._compiler, "_sre", Recorder())  # type: ignore[attr-defined]
        try:
            re._compiler.compile(pattern, flags)  # type: ignore[attr-defined]
        except re.error as e:
            return str(e)
    (args,) = handed
    return args


def _rule_patterns() -> list[tuple[str, int]]:
    """Every pattern this process compiled with `re`, after extracting the seed abstracts
    (which touches most of the rules)."""
    for text in seed_abstracts():
        find_claims(text)
    return sorted(pattern_cache._STORE.used)


@pytest.mark.parametrize(("pattern", "flags"), CASES)
def test_the_program_is_the_one_re_writes(
    pattern: str, flags: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert program(pattern, flags) == _program_of_re(pattern, flags, monkeypatch)


def test_every_rule_pattern_gets_the_program_re_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    patterns = _rule_patterns()
    assert len(patterns) > 100
    for pattern, flags in patterns:
        assert program(pattern, flags) == _program_of_re(pattern, flags, monkeypatch), pattern


@pytest.mark.parametrize(("pattern", "flags"), CASES)
def test_a_program_is_kept_as_it_is_made(pattern: str, flags: int) -> None:
    made = program(pattern, flags)
    assert unpack(marshal.loads(marshal.dumps(pack(made)))) == made


@pytest.mark.parametrize(("pattern", "flags"), CASES)
def test_compile_re_answers_as_re_compile(pattern: str, flags: int) -> None:
    try:
        want = re.compile(pattern, flags)
    except re.error as e:
        with pytest.raises(re.error, match=re.escape(str(e))):
            compile_re(pattern, flags)
        return
    for _ in range(2):  # written, then read from the store
        got = compile_re(pattern, flags)
        assert (got.pattern, got.flags, got.groups, got.groupindex) == (
            want.pattern,
            want.flags,
            want.groups,
            want.groupindex,
        )
        text = "by 12 fast faster slow word word 3.5x"
        assert [m.span() for m in got.finditer(text)] == [m.span() for m in want.finditer(text)]


def _run(directory: str, source: Path, **env: str) -> str:
    run = subprocess.run(
        [EFFCLAIMS, "extract", str(source), "--format", "jsonl"],
        capture_output=True,
        text=True,
        env={**os.environ, "EFFCLAIMS_CACHE_DIR": directory, **env},
        check=True,
    )
    assert run.stderr == ""
    return run.stdout


@pytest.fixture(scope="module")
def example() -> Path:
    return Path(__file__).parent.parent / "fixtures" / "example.txt"


def test_runs_give_the_same_claims_whatever_the_cache_file_holds(
    tmp_path: Path, example: Path
) -> None:
    cold = _run(str(tmp_path), example)
    (kept,) = tmp_path.glob("re-programs-*")
    build, programs = marshal.loads(kept.read_bytes())
    assert tuple(build) == BUILD and len(programs) > 100
    written = kept.read_bytes()

    assert _run(str(tmp_path), example) == cold
    assert kept.read_bytes() == written  # nothing new to keep: not written again

    kept.write_bytes(b"\x00 not a marshal file")
    assert _run(str(tmp_path), example) == cold
    assert marshal.loads(kept.read_bytes())[0] == BUILD  # replaced whole

    # another build's programs (here: nonsense for every pattern) are passed over
    other = {key: (0, [0], 0, {}, ()) for key in programs}
    kept.write_bytes(marshal.dumps((("another build",), other)))
    assert _run(str(tmp_path), example) == cold


def test_an_empty_cache_directory_keeps_no_file(tmp_path: Path, example: Path) -> None:
    home = tmp_path / "home"
    _run("", example, XDG_CACHE_HOME=str(home), HOME=str(home))
    assert not home.exists()


def test_a_run_that_cannot_write_the_file_still_answers(tmp_path: Path, example: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the directory would be\n")
    assert _run(str(blocked), example) == _run("", example)


def test_a_full_file_keeps_only_the_programs_its_run_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EFFCLAIMS_CACHE_DIR", str(tmp_path))
    store = pattern_cache._Store()
    known = store.load()
    for n in range(pattern_cache.KEEP + 1):
        known[(f"stale{n}", 0)] = pack(program(f"stale{n}", 0))
    store.used = {("stale7", 0)}
    store.save()
    assert store.path is not None
    kept = marshal.loads(store.path.read_bytes())[1]
    assert {key: unpack(stored) for key, stored in kept.items()} == {
        ("stale7", 0): program("stale7", 0)
    }
