"""SIGTERM and SIGINT end a writing command cleanly: no temporary file, no half set of files,
「已中断」 and exit 143 or 130, never a traceback. Each test interrupts a real process mid-work."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import UNITS

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

BENCH = Path(__file__).resolve().parent.parent / "bench"


def big_plans(tmp_path: Path, factor: int = 10) -> Path:
    """A plan ten times the 2025 plan: rendering every unit's list takes seconds, long enough to
    interrupt it in the middle of writing the set."""
    sys.path.insert(0, str(BENCH))
    from synthetic import synthetic_plan_text

    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "2025.yaml").write_text(synthetic_plan_text(factor), encoding="utf-8")
    shutil.copyfile(UNITS, folder / "units.yaml")
    return folder


def start(*args: object, stdout=subprocess.DEVNULL) -> subprocess.Popen[bytes]:  # type: ignore[no-untyped-def]
    return subprocess.Popen(
        [sys.executable, "-m", "kepu_plan", *map(str, args)], stdout=stdout, stderr=subprocess.PIPE
    )


def wait_for(condition, timeout: float = 60) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return False


def test_sigterm_during_all_units_leaves_no_temporary_file_and_no_partial_set(tmp_path):
    plans = big_plans(tmp_path)
    folder = tmp_path / "lists"
    process = start("render", "2025", "--plans-dir", plans, "--all-units", "-o", folder)
    try:
        writing = wait_for(lambda: folder.is_dir() and any(p.name.endswith(".tmp") for p in folder.iterdir()))
        assert writing, "the set was never being written"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    message = err.decode()
    assert process.returncode == 143, message
    assert "已中断" in message and "Traceback" not in message
    assert not folder.exists() or not list(folder.iterdir()), sorted(p.name for p in folder.iterdir())


def test_sigterm_keeps_an_earlier_set_as_it_was(tmp_path):
    plans = big_plans(tmp_path)
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "责任分工总览.docx").write_bytes(b"last year's")
    process = start("render", "2025", "--plans-dir", plans, "--all-units", "-o", folder)
    try:
        assert wait_for(lambda: any(p.name.endswith(".tmp") for p in folder.iterdir()))
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 143
    assert [p.name for p in folder.iterdir()] == ["责任分工总览.docx"]
    assert (folder / "责任分工总览.docx").read_bytes() == b"last year's"


def _blocked_in_write(pid: int) -> bool:
    try:
        return "pipe_write" in Path(f"/proc/{pid}/wchan").read_text()  # pipe_write, anon_pipe_write
    except OSError:
        return False


def test_sigint_while_standard_output_is_blocked_says_interrupted(tmp_path):
    plans = big_plans(tmp_path)
    read_end, write_end = os.pipe()  # nobody reads: the process blocks once the pipe is full
    try:
        process = start("render", "2025", "--plans-dir", plans, "-f", "txt", "-o", "-", stdout=write_end)
        try:
            if not wait_for(lambda: _blocked_in_write(process.pid), timeout=20):
                time.sleep(1)  # no /proc/PID/wchan: the write is blocked by now all the same
            process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=60)
        finally:
            process.kill()
    finally:
        os.close(read_end)
        os.close(write_end)
    message = err.decode()
    assert process.returncode == 130, message
    assert "已中断" in message and "Traceback" not in message


def _our_traceback(stderr: str) -> bool:
    """A traceback through this program's code (before the handlers exist, Python's own start-up
    may still print one: that is the interpreter's, not ours)."""
    return "Traceback" in stderr and ("kepu_plan" in stderr or "typer" in stderr or "click" in stderr)


@pytest.mark.parametrize("delay", [0.05, 0.12, 0.2, 0.3])
def test_an_early_sigint_gives_no_traceback(tmp_path, delay):
    plans = big_plans(tmp_path)  # seconds of work: the signal always lands while the command runs
    folder = tmp_path / "lists"
    process = start("render", "2025", "--plans-dir", plans, "--all-units", "-o", folder)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    message = err.decode()
    assert not _our_traceback(message), message
    # -SIGINT, or Python's own "Could not import runpy module" (exit 1): the signal came while the
    # interpreter itself was still starting, before any of our code (a loaded machine is that slow)
    started = "Could not import runpy module" not in message
    assert process.returncode in (130, -signal.SIGINT) or (not started and process.returncode == 1), message
    if process.returncode == 130:
        assert "已中断" in message
    assert not folder.exists() or not list(folder.iterdir())
