"""The `kepu-plan` command's entry point, kept small so it starts handling signals at once.

Importing the command line (typer, click, rich) takes ~0.1 s; a SIGINT or SIGTERM in that time must
end the run as quietly as one later on. So the signal handlers are installed here, first thing, and
only then is cli.py imported (interrupts.py says how a signal ends a run).
"""

from __future__ import annotations

import sys


def collect_less_often() -> None:
    """The command-line process's garbage collection: young objects every 50,000 allocations.

    The cyclic GC stays on (documents built one after another are cycles of python-docx objects
    holding whole XML trees: with it off, `render --all-units` on a 3,000-task plan grew to 990 MB).
    Collecting the young generation every 50,000 allocations instead of every 700 keeps it from
    rescanning the nodes of a large plan while it is read (a third of validate's time on a
    3,000-task plan at the default) and from rescanning the modules being imported at start-up
    (~3 ms of every run), and bounds what garbage can pile up. Only the command-line process does
    this, never the library.
    """
    import gc

    gc.set_threshold(50_000, 10, 10)


def main() -> None:
    collect_less_often()  # before anything is imported: start-up allocates most of a short run
    try:
        from .interrupts import Interrupted, announce, install, raise_if_interrupted

        install()
    except KeyboardInterrupt:  # Ctrl-C in the first milliseconds, before the handlers are in place
        sys.exit(130)
    try:
        try:
            from .cli import main as run

            run()
        finally:  # the run ended (even by exit 0) after a signal whose exception was swallowed
            raise_if_interrupted()
    except Interrupted as exc:
        announce()
        from .output import abandon_stdout

        abandon_stdout()  # what is left in stdout's buffer is not flushed into a closed pipe
        sys.exit(exc.exit_code)
    except SystemExit as done:  # the run is over: every command ends this way
        leave(done)


def leave(done: SystemExit) -> None:
    """End the process with the run's exit code, without tearing the interpreter down.

    At a normal exit Python frees every object one by one and clears every module: ~30 ms after a
    check of a 3,000-task plan, for memory the system takes back at once anyway. Nothing of this
    tool waits for that moment — temporary folders are context-managed, output files are renamed into
    place before the command returns — so once the streams are flushed and any exit handler a
    library registered has run, os._exit ends the process. Anything unusual (a non-integer code, a
    stream that cannot be flushed) takes Python's normal way out instead, with its normal messages.
    """
    import atexit
    import os

    code = done.code if done.code is not None else 0
    if not isinstance(code, int):
        raise done
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise done from None
    atexit._run_exitfuncs()  # what a library left for the end (CPython's own hook; none in a usual run)
    os._exit(code)
