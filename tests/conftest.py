"""Shared fixtures: a copy of the 2025 plan and registry, broken variants of them built in the test, and the CLI.

Tests read tests/fixtures/plans/ (a copy of plans/2025.yaml and plans/units.yaml as they were when the
tests were written), never the live plans: editing the real plan must not break a test. One test
(test_cli_validate.py) checks that the live plans validate.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from kepu_plan.cli import app

ROOT = Path(__file__).resolve().parent.parent
LIVE_PLANS = ROOT / "plans"
PLANS = Path(__file__).resolve().parent / "fixtures" / "plans"
PLAN_2025 = PLANS / "2025.yaml"
UNITS = PLANS / "units.yaml"
REFERENCE = Path(__file__).resolve().parent / "reference" / "guangzhou-2025-kepu-plan.txt"


def reference_paragraphs() -> list[str]:
    """The published plan's non-empty paragraphs (45 for 2025)."""
    return [line.strip() for line in REFERENCE.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def plan_text() -> str:
    return PLAN_2025.read_text(encoding="utf-8")


def write_plan(folder: Path, content: str | bytes, name: str = "2025.yaml") -> Path:
    """Write a plan (text, or bytes for encoding tests) into `folder`, beside a copy of the real registry."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "units.yaml").exists():  # a test may have put its own registry there
        shutil.copyfile(UNITS, folder / "units.yaml")
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def make_project(root: Path) -> Path:
    """A project folder as a city keeps it: plans/ with the 2025 plan and its registry."""
    (root / "plans").mkdir(parents=True)
    shutil.copyfile(PLAN_2025, root / "plans" / "2025.yaml")
    shutil.copyfile(UNITS, root / "plans" / "units.yaml")
    return root


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` as a test author (no global git configuration needed); return its output."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "科协", "GIT_AUTHOR_EMAIL": "kx@example.org"}
    env |= {"GIT_COMMITTER_NAME": "科协", "GIT_COMMITTER_EMAIL": "kx@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plans repository with the 2025 plan and its registry committed on main; the working folder."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = make_project(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "2025")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def plans_dir(tmp_path: Path) -> Path:
    """A plans folder holding a copy of the real registry, for variants written by a test."""
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copyfile(UNITS, folder / "units.yaml")
    return folder


WriteVariant = Callable[..., Path]


@pytest.fixture
def write_variant(plans_dir: Path) -> WriteVariant:
    """Write a variant of the 2025 plan into the test's plans folder."""

    def write(content: str | bytes, name: str = "2025.yaml") -> Path:
        return write_plan(plans_dir, content, name)

    return write


def replace_once(text: str, old: str, new: str) -> str:
    """Edit a plan in a test; fail loudly if the edit no longer applies to the real plan."""
    assert text.count(old) >= 1, f"not in the plan: {old!r}"
    return text.replace(old, new, 1)


def without_ids(value):  # type: ignore[no-untyped-def]
    """Plan data with task ids removed: an importer makes its own ids, the rest must match."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def line_of(text: str, needle: str) -> int:
    """1-based line number of the first line containing `needle`."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"not found: {needle!r}")


@pytest.fixture
def cli() -> Callable[..., Result]:
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, [str(a) for a in args], env=env)

    return invoke


#: Documents are dated now unless SOURCE_DATE_EPOCH asks for reproducible output; tests compare
#: documents byte for byte, so they ask for it (tests of the dating itself unset it).
TEST_EPOCH = "1735689600"  # 2025-01-01T00:00:00Z


@pytest.fixture(autouse=True, scope="session")
def reproducible_documents() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:  # session-wide: module fixtures render documents too
        patch.setenv("SOURCE_DATE_EPOCH", TEST_EPOCH)
        yield
