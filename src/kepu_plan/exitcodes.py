"""The exit codes every command keeps to, in a module of their own so that importing them is free
(cli.py needs them before it knows which command runs, and `--help` must stay fast)."""

EXIT_OK = 0  # nothing wrong (warnings allowed, unless --strict)
EXIT_PROBLEMS = 1  # the input has problems: a plan or the registry has errors
EXIT_USAGE = 2  # the command was used wrongly: missing file, bad option, unknown unit, unwritable output
EXIT_INTERNAL = 3  # a bug: reported with a request to rerun with --debug
EXIT_IO = 3  # the output could not be written: a full disk, an I/O error, a closed pipe


class UsageProblem(Exception):
    """The command cannot be used this way, found wherever it is found (a project owned by another
    user, a bad SOURCE_DATE_EPOCH): the command group prints the message and exits 2 (cli.KepuGroup),
    so no writer or reader needs its own error path for it."""
