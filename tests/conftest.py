"""Shared fixtures: a copy of the 2025 plan and registry, broken variants of them built in the test, and the CLI.

Tests read tests/fixtures/plans/ (a copy of plans/2025.yaml and plans/units.yaml as they were when the
tests were written), never the live plans: editing the real plan must not break a test. One test
(test_cli_validate.py) checks that the live plans validate.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


#: The installed command as a process starts it: the entry point (signal handlers first), named kepu-plan.
ENTRY_POINT = "import sys; sys.argv[0] = 'kepu-plan'; from kepu_plan.entry import main; main()"


def kepu_process(
    *args: object,
    cwd: Path | None = None,
    stdin: Any = subprocess.DEVNULL,
    stdout: Any = subprocess.PIPE,
    text: bool = True,
    timeout: float = 120,
) -> subprocess.CompletedProcess[Any]:
    """The real command in a process of its own (file descriptors, signals, disks and the working
    folder are real), with a time-out so that a hang fails the test instead of stopping the suite."""
    return subprocess.run(
        [sys.executable, "-c", ENTRY_POINT, *map(str, args)],
        cwd=cwd,
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=text,
        encoding="utf-8" if text else None,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=timeout,
        check=False,
    )


def modules_loaded_by(*args: object) -> set[str]:
    """The modules a fresh interpreter holds after running `kepu-plan ARGS` (cli.main, in a process of
    its own): what a command pays at every start, for the tests that keep heavy libraries off it."""
    marker = "--modules-loaded--"
    code = (
        f"import sys; sys.argv = ['kepu-plan', *{[str(a) for a in args]!r}]\n"
        "from kepu_plan.cli import main\n"
        "try: main()\n"
        "except SystemExit: pass\n"
        f"print({marker!r}, *sorted(sys.modules), sep='\\n')"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert marker in run.stdout, run.stderr
    return set(run.stdout.rsplit(marker, 1)[1].split())


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
    return invoke


RUNNER = CliRunner()


def invoke(*args: object, env: dict[str, str] | None = None) -> Result:
    """The command line in this process (CliRunner): exit code, stdout and stderr of one run."""
    return RUNNER.invoke(app, [str(a) for a in args], env=env)


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """A folder `make` fills once per test run, shared read-only by every test and every xdist worker.

    pytest-xdist's documented recipe for a session fixture that runs once: the workers of one run share
    the parent of their temporary folders, so the first worker to get there builds (under a lock) and
    the others wait and read. Without xdist the run's own temporary folder serves. A folder whose
    build failed is not marked done: the next test that needs it builds it again and fails itself.
    """
    import fcntl

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, done = shared / f"once-{name}", shared / f"once-{name}.done"
    with open(shared / f"once-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def sent_forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose 2025 forms went out to every unit (forms/), written once per test run (the forms
    of 63 units take ~1.5 s of CPU, and nine modules read them): read it as it is, and copy it
    (cycle_project) before changing anything."""

    def send(root: Path) -> None:
        make_project(root)
        result = invoke("forms", root / "plans" / "2025.yaml", "-o", root / "forms")
        assert result.exit_code == 0, result.output

    return built_once(tmp_path_factory, "sent-forms", send)


@pytest.fixture(scope="session")
def collected_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`kepu-plan site` of a year with a collected round (sitebuild.collected_project: forms, 60 filled
    workbooks, collect; ~5 s of CPU), built once per test run for test_site.py and
    test_site_browser.py: read it as it is, and copy it before writing anywhere."""
    from sitebuild import build, collected_project

    def make(root: Path) -> None:
        build(collected_project(root), "--as-of", "2025-07-01")

    return built_once(tmp_path_factory, "collected-site", make) / "site"


@pytest.fixture
def cycle_project(sent_forms: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of `sent_forms` of the test's own, as the working folder."""
    shutil.copytree(sent_forms, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


#: Documents are dated now unless SOURCE_DATE_EPOCH asks for reproducible output; tests compare
#: documents byte for byte, so they ask for it (tests of the dating itself unset it).
TEST_EPOCH = "1735689600"  # 2025-01-01T00:00:00Z


@pytest.fixture(autouse=True, scope="session")
def reproducible_documents() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:  # session-wide: module fixtures render documents too
        patch.setenv("SOURCE_DATE_EPOCH", TEST_EPOCH)
        yield


@pytest.fixture(autouse=True, scope="session")
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user's cache folder (core_schemas.py keeps the core schemas there) inside the tests' own
    temporary folder, for every test and every process a test starts: a test writes nowhere else."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def away_from_the_checkout(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in an empty folder of its own, outside any project: a test that needs a project
    makes one (make_project, repo, cycle_project), so neither the live plans/ and progress/ of a user's
    checkout nor a default out/ there can change a result or be written to. A test that chdirs itself
    (monkeypatch.chdir) simply overrides this."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
