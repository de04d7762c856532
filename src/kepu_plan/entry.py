"""The `kepu-plan` command's entry point, kept small so it starts handling signals at once.

Importing the command line (typer, click, rich) takes ~0.1 s; a SIGINT or SIGTERM in that time must
end the run as quietly as one later on. So the signal handlers are installed here, first thing, and
only then is cli.py imported (interrupts.py says how a signal ends a run).
"""

from __future__ import annotations

import sys
from typing import NoReturn


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


def leave(done: SystemExit) -> NoReturn:
    """End the run Python's normal way, without its last garbage collections.

    At exit the interpreter collects garbage over every object still alive before it frees them: on
    the 2025 plan a third of `validate`'s CPU time (~40 ms of ~145; ~45 ms after a 3,000-task plan),
    to find cycles in memory the system takes back at once anyway. gc.freeze() moves every object
    into the permanent generation the collector skips, which saves all of it (measured: the same
    time as leaving by os._exit). Everything else is the normal exit: exit handlers run, the
    streams are flushed, the exit code and any message are Python's own.
    """
    import gc

    gc.freeze()
    raise done
