"""effclaims: efficiency claims of ML papers as data.

Heavy modules (spaCy, pandas) are imported lazily so that `effclaims --version`
and `import effclaims` stay fast.
"""

from __future__ import annotations

__version__ = "0.1.0"
