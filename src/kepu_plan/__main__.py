"""`python -m kepu_plan` is the same as the `kepu-plan` command."""

from .entry import main

main()
