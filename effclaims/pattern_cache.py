"""Programs of the standard `re` engine, kept between runs in the user's cache directory.

`re` compiles a pattern in two steps: it parses the source and writes a program for its
matching engine, both in Python, and hands the program to `_sre.compile`, which makes the
pattern object in C in microseconds. The first step is the larger part of a short run's
start-up (some 60 ms for the two hundred patterns that one abstract needs). A program
depends on nothing but the pattern, its flags and the Python build, so the program of an
earlier run makes the very pattern object that compiling would: `compile_re` keeps each
program it writes, and the next run starts from them.

The programs of one Python build live in one file, read whole at the first compile (a
marshal of plain values, each program's code as the bytes of an array, which loads in a
millisecond where a list of its numbers took ten; only the programs a run uses are turned
back into lists) and written whole when the
process ends if it wrote a program the file lacked: a temporary file replaced, so a
reader never sees half a file and concurrent runs at worst drop each other's additions.
Programs of patterns that changed stay behind; once the file holds more than `KEEP`, the
next write keeps only the programs its own run used.
A file that cannot be read or written, or is not of this build, is passed over: the cache
only ever saves time. The file lives in the user's cache directory (`user_cache`).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import atexit
import marshal
import re
import sys
from array import array
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import cast

from . import user_cache

#: what a program depends on besides its pattern and flags, and how the file holds it
BUILD = (sys.version, _sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS, "code as bytes")

#: the most programs a file keeps (the rules have fewer than a thousand patterns)
KEEP = 2000

#: the array type of a program's code: one item per code word of `_sre`
_CODE = "I" if array("I").itemsize == _sre.CODESIZE else "L"

#: the arguments of `_sre.compile` after the pattern, or the message of the `re.error`
#: that compiling raises
Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]] | str
#: a program as the file holds it: its code as bytes
Stored = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]] | str


def pack(made: Program) -> Stored:
    """`made` as the file holds it."""
    if isinstance(made, str):
        return made
    flags, code, groups, groupindex, indexgroup = made
    return flags, array(_CODE, code).tobytes(), groups, groupindex, indexgroup


def unpack(stored: Stored) -> Program:
    """The program `stored` holds."""
    if isinstance(stored, str):
        return stored
    flags, data, groups, groupindex, indexgroup = stored
    code = array(_CODE)
    code.frombytes(data)
    return flags, code.tolist(), groups, groupindex, indexgroup


def program(pattern: str, flags: int) -> Program:
    """The program that `re.compile(pattern, flags)` makes its pattern object from, as
    `re._compiler.compile` writes it; the message of its error if it has none."""
    try:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
    except re.error as e:
        return str(e)
    # the opcodes are named constants, an `int` subclass that marshal does not write
    code = [int(c) for c in code]
    groupindex: dict[str, int] = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, number in groupindex.items():
        indexgroup[number] = name
    return (
        int(flags | parsed.state.flags),
        code,
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def cache_file() -> Path | None:
    """Where the programs of this Python build are kept, or None for nowhere."""
    directory = user_cache.directory()
    if directory is None:
        return None
    return directory / f"re-programs-{sys.implementation.cache_tag}-{_sre.MAGIC}.marshal"


class _Store:
    """The programs read from the cache file, and those this process wrote."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.known: dict[tuple[str, int], Stored] | None = None
        self.used: set[tuple[str, int]] = set()
        self.added = False

    def load(self) -> dict[tuple[str, int], Stored]:
        """The programs of the file, read at the first call."""
        if self.known is None:
            self.path = cache_file()
            self.known = {}
            data = user_cache.read(self.path) if self.path is not None else None
            if data is not None:
                try:
                    build, programs = marshal.loads(data)
                    if tuple(build) == BUILD:
                        self.known = programs
                except (ValueError, EOFError, TypeError):
                    pass
        return self.known

    def add(self, key: tuple[str, int], made: Program) -> None:
        self.load()[key] = pack(made)
        if not self.added and self.path is not None:
            self.added = True
            atexit.register(self.save)

    def save(self) -> None:
        """Write every known program to the file, whole or not at all."""
        if self.path is None or self.known is None:
            return
        if len(self.known) > KEEP:
            self.known = {key: self.known[key] for key in self.used}
        user_cache.write(self.path, marshal.dumps((BUILD, self.known)))


_STORE = _Store()


def compile_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)` (without its in-process cache), from the program of an
    earlier run where there is one."""
    key = (pattern, int(flags))  # a `RegexFlag` is an `int` subclass that marshal does not write
    stored = _STORE.load().get(key)
    _STORE.used.add(key)
    if stored is None:
        made = program(pattern, key[1])
        _STORE.add(key, made)
    else:
        made = unpack(stored)
    if isinstance(made, str):
        raise re.error(made)
    return cast("re.Pattern[str]", _sre.compile(pattern, *made))
