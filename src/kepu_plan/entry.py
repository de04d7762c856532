"""The `kepu-plan` command's entry point, kept small so it starts handling signals at once.

Importing the command line (typer, click, rich) takes ~0.1 s; a SIGINT or SIGTERM in that time must
end the run as quietly as one later on. So the signal handlers are installed here, first thing, and
only then is cli.py imported (interrupts.py says how a signal ends a run).
"""

from __future__ import annotations

import sys


def main() -> None:
    from .interrupts import Interrupted, announce, install, raise_if_interrupted

    install()
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
