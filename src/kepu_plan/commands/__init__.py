"""The work behind each subcommand, one module per command (as pre-commit does): cli.py parses
arguments and calls `run`, which returns an exit code. Heavy imports stay inside these modules."""
