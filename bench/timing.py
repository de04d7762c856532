"""Timing helpers shared by the bench scripts: medians of fresh processes and of in-process calls."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

#: As on a user's machine: Python caches compiled modules. (Some sandboxes set PYTHONDONTWRITEBYTECODE,
#: which makes every start recompile the project's own modules and measures the wrong thing.)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def median_seconds(command: list[str], runs: int = 5, *, check: bool = False) -> float:
    """Median wall time of `command` run `runs` times, each in a fresh process (as a user runs it),
    after one warm-up run that fills the bytecode cache."""
    times = []
    for attempt in range(runs + 1):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=check, env=ENV)
        if attempt:
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def median_call(func: Callable[[], object], runs: int = 5) -> float:
    """Median wall time of an in-process call."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def kepu_plan() -> list[str]:
    """The installed command beside this interpreter, else `python -m kepu_plan`."""
    found = shutil.which("kepu-plan", path=str(Path(sys.executable).parent)) or shutil.which("kepu-plan")
    return [found] if found else [sys.executable, "-m", "kepu_plan"]


@dataclass
class Run:
    seconds: float  # wall time
    cpu: float  # user + system time of the process: less disturbed by a busy machine than wall time
    peak_mb: float
    code: int


def run_once(command: list[str], cwd: Path | None = None, output: IO[bytes] | None = None) -> Run:
    """One fresh process: wall time, CPU time and its own peak resident memory (os.wait4 gives the
    ru_maxrss of that one child, not its siblings'); its output to `output` (a file) or nowhere."""
    started = time.perf_counter()
    sink = output if output is not None else subprocess.DEVNULL
    process = subprocess.Popen(command, stdout=sink, stderr=sink, env=ENV, cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)


def machine() -> str:
    """Cores and load now: the figures of a shared machine mean little without them."""
    return f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; python {sys.version.split()[0]}"
