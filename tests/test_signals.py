"""SIGTERM and SIGINT end a writing command cleanly: no temporary file, no half set of files,
「已中断」 and exit 143 or 130, never a traceback. Each test interrupts a real process mid-work."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PLAN_2025, UNITS

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

BENCH = Path(__file__).resolve().parent.parent / "bench"


def big_plans(tmp_path: Path, factor: int = 10) -> Path:
    """A plan ten times the 2025 plan: rendering every unit's list takes seconds, long enough to
    interrupt it in the middle of writing the set."""
    sys.path.insert(0, str(BENCH))
    from synthetic import synthetic_plan_text

    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "2025.yaml").write_text(synthetic_plan_text(factor, source=PLAN_2025), encoding="utf-8")
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


#: A frame inside one of our functions (not a module body being imported): our code was running.
OUR_FRAME = re.compile(r'File "[^"]*kepu_plan[/\\][^"]*", line \d+, in (?!<module>)')


def _handlers_installed(pid: int) -> bool:
    """Whether the process catches SIGTERM yet (/proc/PID/status SigCgt): Python itself only catches
    SIGINT, so SIGTERM's bit is set exactly when entry.main has installed kepu-plan's handlers."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = next((line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), "0")
    return bool(int(caught, 16) & (1 << (signal.SIGTERM - 1)))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
@pytest.mark.parametrize("delay", [0, 0.01, 0.03, 0.1])
def test_a_sigint_soon_after_the_handlers_ends_with_130(tmp_path, delay):
    """Timed from the moment the handlers are in place (not from the spawn, which a loaded machine
    stretches arbitrarily): the command line is still being imported, or the work has just begun."""
    plans = big_plans(tmp_path)  # seconds of work: the signal always lands while the command runs
    folder = tmp_path / "lists"
    process = start("render", "2025", "--plans-dir", plans, "--all-units", "-o", folder)
    try:
        assert wait_for(lambda: _handlers_installed(process.pid) or process.poll() is not None, timeout=60)
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    message = err.decode()
    assert process.returncode == 130, message
    assert "已中断" in message and "Traceback" not in message
    assert not folder.exists() or not list(folder.iterdir())


def test_a_sigint_at_the_spawn_never_shows_a_traceback_of_ours(tmp_path):
    """Sent at once: it lands in the interpreter's own start-up, in the import of our package, or in
    the first milliseconds of entry.main, depending on the machine's load. The first two are Python's
    (a module body interrupted, exit 1 or -SIGINT); from entry.main on it is ours: 130, no traceback."""
    plans = big_plans(tmp_path)
    folder = tmp_path / "lists"
    process = start("render", "2025", "--plans-dir", plans, "--all-units", "-o", folder)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    message = err.decode()
    assert not OUR_FRAME.search(message), message
    assert process.returncode != 0, message
    if "Traceback" not in message and "Could not import runpy module" not in message:
        assert process.returncode in (130, -signal.SIGINT), message
    assert not folder.exists() or not list(folder.iterdir())
