"""The PDF converter runs in a process group of its own: on a timeout or a SIGTERM to kepu-plan the
whole group is killed and waited for, and the temporary profile folder removed (writers/pdf.run_contained)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kepu_plan.writers.pdf import PdfError, run_contained

from conftest import ENTRY_POINT, make_project

pytestmark = pytest.mark.skipif(
    not hasattr(os, "killpg") or not Path("/proc/self/stat").is_file(), reason="process groups and /proc"
)

#: A converter that never finishes: it starts a helper that outlives it, notes both process ids, waits.
FAKE_SOFFICE = """#!/bin/sh
sleep 300 &
echo "$$ $!" > "$KEPU_TEST_PIDS"
wait
"""


@pytest.fixture
def fake_soffice(tmp_path: Path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "soffice"
    script.write_text(FAKE_SOFFICE, encoding="utf-8")
    script.chmod(0o755)
    return script


def running(pid: int) -> bool:
    """Whether `pid` runs (a zombie waiting for a parent that never reaps it does not run)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def wait_for(path: Path, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_file() and path.read_text().strip():
            return path.read_text()
        time.sleep(0.05)
    raise AssertionError(f"{path} never appeared")


def test_sigterm_during_conversion_leaves_no_process_and_no_folder(tmp_path, fake_soffice):
    project = make_project(tmp_path / "项目")
    temp, pids = tmp_path / "tmp", tmp_path / "pids"
    temp.mkdir()
    env = {
        **os.environ,
        "PATH": f"{fake_soffice.parent}{os.pathsep}{os.environ['PATH']}",
        "TMPDIR": str(temp),
        "KEPU_TEST_PIDS": str(pids),
        "NO_COLOR": "1",
    }
    kepu = subprocess.Popen(
        [sys.executable, "-c", ENTRY_POINT, "render", "2025", "--format", "pdf", "-o", "计划.pdf"],
        cwd=project,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    converter = None
    try:
        converter, helper = map(int, wait_for(pids).split())
        assert running(converter) and running(helper)
        kepu.send_signal(signal.SIGTERM)
        _, stderr = kepu.communicate(timeout=60)
        assert kepu.returncode == 143, stderr
        assert "已中断" in stderr and "Traceback" not in stderr
        assert not running(converter) and not running(helper)
        assert list(temp.iterdir()) == []  # the profile folder and the documents are gone
        assert not (project / "计划.pdf").exists()
    finally:  # whatever failed, this test leaves nothing running either
        kepu.kill()
        if converter is not None:
            with contextlib.suppress(OSError):
                os.killpg(converter, signal.SIGKILL)


def test_a_signal_while_the_converter_starts_still_ends_it(tmp_path, fake_soffice, monkeypatch):
    """The signal comes before Popen has returned: it is held until the process is known."""
    from kepu_plan import interrupts

    pids = tmp_path / "pids"
    monkeypatch.setenv("KEPU_TEST_PIDS", str(pids))
    real_popen = subprocess.Popen

    def popen_then_signal(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = real_popen(*args, **kwargs)
        wait_for(pids)
        interrupts._raise(signal.SIGTERM, None)  # the handler, as the signal would run it here
        return started

    handlers = {signum: signal.getsignal(signum) for signum in interrupts.EXIT_CODES}
    monkeypatch.setattr(subprocess, "Popen", popen_then_signal)
    monkeypatch.setattr(interrupts, "_received", [])
    try:
        with pytest.raises(interrupts.Interrupted):
            run_contained([str(fake_soffice)], timeout=60)
    finally:
        for signum, handler in handlers.items():  # the handler ignored further signals: as they were
            signal.signal(signum, handler)
    converter, helper = map(int, pids.read_text().split())
    assert not running(converter) and not running(helper)


def test_a_timeout_kills_the_whole_group(tmp_path, fake_soffice, monkeypatch):
    pids = tmp_path / "pids"
    monkeypatch.setenv("KEPU_TEST_PIDS", str(pids))
    with pytest.raises(PdfError, match="超时"):
        run_contained([str(fake_soffice)], timeout=2)
    converter, helper = map(int, pids.read_text().split())
    assert not running(converter) and not running(helper)
