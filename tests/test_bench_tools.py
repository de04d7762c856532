"""The bench scripts' own command lines: they are tools a developer runs, and `--help` must help."""

from __future__ import annotations

import subprocess
import sys

from conftest import PLAN_2025, ROOT

SYNTHETIC = ROOT / "bench" / "synthetic.py"


def _synthetic(cwd, *args: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, str(SYNTHETIC), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_synthetic_help_prints_usage_and_writes_nothing(tmp_path):
    done = _synthetic(tmp_path, "--help")
    assert done.returncode == 0 and "usage:" in done.stdout and "--factor" in done.stdout
    assert list(tmp_path.iterdir()) == []  # it once wrote a plan named "--help"


def test_synthetic_writes_the_plan_of_the_factor_asked_with_its_registry(tmp_path):
    done = _synthetic(tmp_path, "big/2025.yaml", "--factor", "3")
    assert done.returncode == 0, done.stderr
    tasks = PLAN_2025.read_text(encoding="utf-8").count("- id: ")
    assert (tmp_path / "big" / "2025.yaml").read_text(encoding="utf-8").count("- id: ") == 3 * tasks
    assert (tmp_path / "big" / "units.yaml").is_file()


def test_synthetic_refuses_a_factor_below_one(tmp_path):
    done = _synthetic(tmp_path, "p.yaml", "--factor", "0")
    assert done.returncode == 2 and "--factor" in done.stderr
    assert list(tmp_path.iterdir()) == []
