"""The `effclaims` command as installed: `--version` answered before the command line loads.

Loading the command line (typer, its vendored click, the option types) is most of what
`effclaims --version` would otherwise cost, some 300 million instructions of 360; a
version asked for on its own needs none of it. Anything else goes to `cli.main`.
"""

from __future__ import annotations

import sys

from . import __version__

#: What `effclaims --version` prints, by this path and by the command line's own option.
VERSION_LINE = f"effclaims {__version__}"


def main() -> None:
    """Entry point of the `effclaims` console script and of `python -m effclaims`."""
    if sys.argv[1:] == ["--version"]:
        print(VERSION_LINE)
        return
    from .cli import main as command_line

    command_line()
