"""SIGINT and SIGTERM end a run cleanly: temporary files removed, 「已中断」, exit 130 or 143.

The handlers are installed first thing in the entry point (entry.py), before typer or any command
module is imported, so even a Ctrl-C in the first milliseconds gives no traceback. A signal raises
:class:`Interrupted` where the program is; being a BaseException (not KeyboardInterrupt, which click
would turn into "Aborted!" and exit 1) it passes every `except Exception` and reaches the entry point,
unwinding `with` blocks on its way: the one writer's OutputSet removes its temporary files and
folders (output.py). A second signal during that clean-up is ignored, so the clean-up finishes.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from types import FrameType

#: The exit codes of a shell for a process ended by these signals (128 + signal number).
EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}
if hasattr(signal, "SIGHUP"):
    EXIT_CODES[signal.SIGHUP] = 129

MESSAGE = "已中断。"


class Interrupted(BaseException):
    """The run was interrupted by a signal; `exit_code` is 128 + its number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_code = EXIT_CODES.get(signal.Signals(signum), 128 + signum)


#: The signal that came, if one did. The exception is raised wherever Python happens to be, and a
#: library may swallow it there (a callback run from C code); the writer and the entry point ask
#: again, so a swallowed Ctrl-C still ends the run before anything is renamed into place.
_received: list[int] = []


#: Deferred blocks open now (see deferred()): a signal is then remembered, and raised at their end.
_deferring: list[object] = []


def _raise(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    for other in EXIT_CODES:  # the clean-up that follows must not be cut short by another signal
        signal.signal(other, signal.SIG_IGN)
    if not _deferring:
        raise Interrupted(signum)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """A step a signal must not cut in two — starting a process whose id is needed to end it again:
    a signal that comes meanwhile is remembered and raised as soon as the step is done."""
    _deferring.append(None)
    try:
        yield
    finally:
        _deferring.pop()
    raise_if_interrupted()


def raise_if_interrupted() -> None:
    """Raise Interrupted again if a signal came and its first exception was lost on the way."""
    if _received:
        raise Interrupted(_received[0])


def install() -> None:
    """Turn SIGINT, SIGTERM (and SIGHUP) into Interrupted; only the command-line process calls this."""
    for signum in EXIT_CODES:
        if signal.getsignal(signum) is not signal.SIG_IGN:  # nohup and the like keep their choice
            signal.signal(signum, _raise)


def announce() -> None:
    """Say 「已中断」 on stderr, without Python's buffered streams (they may be mid-write)."""
    with contextlib.suppress(OSError):
        os.write(2, f"kepu-plan：{MESSAGE}\n".encode())
