"""The user's cache directory: files that only ever save time, read and written whole.

Two things a short run would otherwise redo each time it starts are kept here: the
programs of the `re` engine (`pattern_cache`) and the parsed data files (`datafiles`).
Both are exact copies of what the run would compute, checked against what they depend
on before use, so a file that is missing, stale, corrupt or unwritable costs time and
nothing else. `EFFCLAIMS_CACHE_DIR` names the directory (empty: keep no files); else it
is `effclaims` under `XDG_CACHE_HOME` or `~/.cache`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def directory() -> Path | None:
    """Where the cache files are kept, or None for nowhere."""
    chosen = os.environ.get("EFFCLAIMS_CACHE_DIR")
    if chosen is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        chosen = os.path.join(base, "effclaims")
    elif not chosen:
        return None
    return Path(chosen)


def read(path: Path) -> bytes | None:
    """The bytes of a cache file, or None if it cannot be read."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def write(path: Path, data: bytes) -> None:
    """Replace a cache file by `data`, whole or not at all: a temporary file beside it is
    renamed over it, so a concurrent reader sees the old file or the new one. A failure
    leaves things as they were; the cache is only ever a saving."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
