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
    only = cli._app_for(args)
    assert len(only.registered_commands) == 1
    assert only is not cli.app and len(cli.app.registered_commands) > 1
    assert _outcome(only, args) == _outcome(cli.app, args)


@pytest.mark.parametrize(
    "args", [[], ["--help"], ["-h", "validate"], ["--version"], ["valdate", "x"], ["--debug", "renderx"]]
)
def test_without_a_plainly_named_command_the_whole_app_runs(args):
    """The group's help lists every command; a misspelt one is answered with the nearest names."""
    assert cli._app_for(args) is cli.app
