"""Errors that reach the user as one line on stderr, each with its exit code.

Library code raises these with a message fit to print as is; the CLI prints
`effclaims: <message>` and exits with `exit_code`, never with a traceback.
"""

from __future__ import annotations


class EffclaimsError(Exception):
    """Base class: a problem the user can act on."""

    exit_code: int = 1


class InputError(EffclaimsError):
    """An input could not be read or parsed (missing, unreadable, malformed)."""

    exit_code = 1


class OutputError(EffclaimsError):
    """An output could not be written (missing directory, permissions)."""

    exit_code = 1
