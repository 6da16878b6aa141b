"""`python -m effclaims`: the same command as the `effclaims` script."""

from .launch import main

main()
