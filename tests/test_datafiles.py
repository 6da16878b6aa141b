"""A data file read through the user's cache is the file `tomllib` parses: a cache file
written from other bytes, by another build, corrupt or absent is passed over."""

from __future__ import annotations

import marshal
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from effclaims import datafiles

NAMES = sorted(
    p.name.removesuffix(".toml")
    for p in resources.files("effclaims.data").iterdir()
    if p.name.endswith(".toml")
)
parse = datafiles._parsed.__wrapped__  # the function without its in-process cache


def _toml(name: str) -> object:
    raw = resources.files("effclaims.data").joinpath(f"{name}.toml").read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_a_file_read_cold_and_warm_is_what_tomllib_parses(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EFFCLAIMS_CACHE_DIR", str(tmp_path))
    want = _toml(name)
    assert parse(name) == want  # parsed, and written
    written = (tmp_path / f"data-{name}.marshal").read_bytes()
    assert parse(name) == want  # from the cache file
    assert (tmp_path / f"data-{name}.marshal").read_bytes() == written  # not written again


def test_a_cache_file_of_other_bytes_or_corrupt_is_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EFFCLAIMS_CACHE_DIR", str(tmp_path))
    kept = tmp_path / "data-lexicon.marshal"
    want = _toml("lexicon")
    parse("lexicon")
    version, build, raw = marshal.loads(kept.read_bytes())[0]
    # what an older copy of the data file parsed to: its bytes differ from today's
    kept.write_bytes(marshal.dumps(((version, build, raw + b"\n# edited\n"), {"stale": True})))
    assert parse("lexicon") == want
    kept.write_bytes(marshal.dumps((("another build", build, raw), {"stale": True})))
    assert parse("lexicon") == want
    kept.write_bytes(b"\x00 not a marshal file")
    assert parse("lexicon") == want
    assert marshal.loads(kept.read_bytes())[1] == want  # replaced whole


def test_an_empty_cache_directory_keeps_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EFFCLAIMS_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert parse("models") == _toml("models")
    assert list(tmp_path.iterdir()) == []
