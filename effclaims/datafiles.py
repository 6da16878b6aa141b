"""The package's data files (`effclaims/data/*.toml`), parsed once and checked on load.

Words, patterns and gazetteers live in data files so that a new phrasing is a data
change. A data file is read by code that looks keys up by name, so a misspelt key
(`need =` for `needs =`) would silently be ignored: a pattern would run everywhere, a
list of names would be dropped. Every file is therefore checked against the schema its
reader declares, and an unknown key, a missing one or a value of the wrong kind stops
the program with the file and the key's path in the message.

A schema is written with plain Python values:

- a `dict` is a table with exactly those keys; a key ending in `?` is optional, and a
  key `*` stands for any other key (a table of names);
- a one-element `list` is an array of that schema (`[str]`, `[{"id": str}]`);
- a type is a leaf of that type (`float` also takes integers);
- a `tuple` of schemas is any one of them.
"""

from __future__ import annotations

import marshal
import sys
from functools import cache
from importlib import resources
from typing import Any

from . import user_cache


class DataFileError(ValueError):
    """A data file that does not hold what its reader expects."""


Schema = Any  # dict[str, Schema] | list[Schema] | type | tuple[Schema, ...]


@cache
def _parsed(name: str) -> dict[str, Any]:
    """The parsed file, from the user's cache where it holds these very bytes.

    `tomllib` parses in Python, some 20 ms for all the files, a tenth of what a one-paper
    run takes; the parsed values (tables, arrays, strings, numbers) load from a marshal in
    a millisecond. The cache file holds the very bytes it was parsed from (comparing them
    costs microseconds, less than importing a hash) and the Python build that wrote it,
    so an edited data file is parsed again.
    """
    raw = resources.files("effclaims.data").joinpath(f"{name}.toml").read_bytes()
    stamp = (sys.version, marshal.version, raw)
    directory = user_cache.directory()
    path = directory / f"data-{name}.marshal" if directory is not None else None
    stored = user_cache.read(path) if path is not None else None
    if stored is not None:
        try:
            found_stamp, data = marshal.loads(stored)
            if found_stamp == stamp:
                return data
        except (ValueError, EOFError, TypeError):
            pass
    import tomllib  # only when the cache cannot serve: importing it costs 5 ms

    data = tomllib.loads(raw.decode("utf-8"))
    if path is not None:
        try:
            user_cache.write(path, marshal.dumps((stamp, data)))
        except ValueError:
            pass  # a value marshal cannot write (a TOML date): the file is parsed each run
    return data


_checked: dict[str, Schema] = {}


def load_data(name: str, schema: Schema) -> dict[str, Any]:
    """`effclaims/data/<name>.toml`, checked against `schema` the first time it is read."""
    data = _parsed(name)
    if _checked.get(name) is not schema:
        check(data, schema, f"{name}.toml")
        _checked[name] = schema
    return data


def check(value: Any, schema: Schema, where: str) -> None:
    """Raise `DataFileError` naming `where` and the key path if `value` breaks `schema`."""
    if isinstance(schema, tuple):
        problems = []
        for option in schema:
            try:
                check(value, option, where)
                return
            except DataFileError as exc:
                problems.append(str(exc))
        raise DataFileError(problems[-1])
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            raise DataFileError(f"{where}: a table was expected, not {_kind(value)}")
        keys = {k.rstrip("?"): k for k in schema}
        for key, item in value.items():
            spec = keys.get(key)
            if spec is None and "*" not in schema:
                known = ", ".join(sorted(k for k in keys if k != "*"))
                raise DataFileError(f"{where}: unknown key {key!r} (known: {known})")
            check(item, schema[spec if spec is not None else "*"], f"{where}.{key}")
        for key, spec in keys.items():
            if key != "*" and not spec.endswith("?") and key not in value:
                raise DataFileError(f"{where}: missing key {key!r}")
        return
    if isinstance(schema, list):
        if not isinstance(value, list):
            raise DataFileError(f"{where}: an array was expected, not {_kind(value)}")
        for i, item in enumerate(value):
            check(item, schema[0], f"{where}[{i}]")
        return
    ok = isinstance(value, int | float) if schema is float else isinstance(value, schema)
    if not ok or (schema is not bool and isinstance(value, bool)):
        raise DataFileError(f"{where}: {schema.__name__} expected, not {_kind(value)}")


#: What the containers of TOML are called in messages; other values go by their type's name.
_KINDS: dict[type, str] = {dict: "a table", list: "an array"}


def _kind(value: Any) -> str:
    return _KINDS.get(type(value), type(value).__name__)
