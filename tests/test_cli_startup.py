"""Start-up: a run builds only the command it invokes, and nothing a user sees changes for it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kepu_plan import cli

from conftest import PLAN_2025, PLANS


def _outcome(app, args):
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(PLAN_2025)],
        ["validate", str(PLAN_2025), "-f", "json", "--debug"],
        ["--debug", "validate", str(PLAN_2025), "-q"],
        ["validate", "--help"],
        ["render", "-h"],
        ["units", "--plans-dir", str(PLANS), "--no-such-flag"],
        ["rules", "KP011"],
        ["diff"],
    ],
)
def test_a_named_command_runs_alone_with_the_same_result(args):
    only = cli.app_for(args)
    assert len(only.registered_commands) == 1
    assert only is not cli.app and len(cli.app.registered_commands) == len(cli.COMMANDS)
    assert _outcome(only, args) == _outcome(cli.app, args)


@pytest.mark.parametrize(
    "args", [[], ["--help"], ["-h", "validate"], ["--version"], ["valdate", "x"], ["--debug", "renderx"]]
)
def test_without_a_plainly_named_command_the_whole_app_runs(args):
    """The group's help lists every command; a misspelt one is answered with the nearest names."""
    assert cli.app_for(args) is cli.app


def test_the_fast_exit_keeps_the_exit_code_the_output_and_exit_handlers(tmp_path):
    """entry.leave skips only the interpreter's last garbage collections (gc.freeze): what was printed
    is flushed, the exit code is the command's, and an exit handler registered before still runs."""
    import subprocess
    import sys

    from conftest import PLAN_2025, UNITS

    marker = tmp_path / "handler-ran"
    code = (
        "import atexit, pathlib, sys\n"
        f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes')\n"
        f"sys.argv = ['kepu-plan', 'validate', {str(PLAN_2025)!r}, '--units', {str(UNITS)!r}, '-f', 'json']\n"
        "from kepu_plan.entry import main\n"
        "main()\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.rstrip().endswith("}") and '"diagnostics"' in run.stdout
    assert marker.read_text() == "yes"
    broken = tmp_path / "2025.yaml"
    broken.write_text(
        PLAN_2025.read_text(encoding="utf-8").replace("year: 2025", "year: twenty"), encoding="utf-8"
    )
    code = code.replace(repr(str(PLAN_2025)), repr(str(broken)))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 1 and "KP005" in run.stdout
