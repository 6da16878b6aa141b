"""effclaims: efficiency claims of ML papers as data.

The public API is `extract`, `read` and `to_frame` (see `effclaims.api`), with the
records `Claim` and `Paper` and the tuple `CLAIM_TYPES`. They are attributes loaded on
first use, so that `effclaims --version` and `import effclaims` stay fast: pandas and
spaCy are only imported by what needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> module that defines it.
_LAZY: dict[str, str] = {
    "extract": "effclaims.api",
    "read": "effclaims.api",
    "to_frame": "effclaims.api",
    "Claim": "effclaims.model",
    "Paper": "effclaims.model",
    "CLAIM_TYPES": "effclaims.model",
}

__all__ = ["CLAIM_TYPES", "Claim", "Paper", "__version__", "extract", "read", "to_frame"]

if TYPE_CHECKING:
    from .api import extract, read, to_frame
    from .model import CLAIM_TYPES, Claim, Paper


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'effclaims' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
