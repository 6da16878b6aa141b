"""`python -m effclaims`: the same command as the `effclaims` script."""

from .cli import main

main()
