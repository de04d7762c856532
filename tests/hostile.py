"""Shared by the test_hostile_* modules: every command that reads a plan, run on one hostile file.

Each case asserts what a user must see: the right exit code, a message that names the file (and the
line and column where there is one), no traceback, and no output file created or changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from typer.testing import Result

from conftest import PLAN_2025, UNITS, write_plan


@dataclass(frozen=True)
class Case:
    name: str
    args: list[str]
    outputs: list[Path]  # files or folders that must not appear


def plan_commands(plan: Path, out: Path) -> list[Case]:
    """Every command that reads `plan` (which must be named <year>.yaml in a folder with units.yaml)."""
    p, u = str(plan), str(UNITS)
    return [
        Case("validate", ["validate", p, "--units", u], []),
        Case("render-docx", ["render", p, "--units", u, "-o", str(out / "p.docx")], [out / "p.docx"]),
        Case(
            "render-txt",
            ["render", p, "--units", u, "--format", "txt", "-o", str(out / "p.txt")],
            [out / "p.txt"],
        ),
        Case(
            "render-md",
            ["render", p, "--units", u, "--format", "md", "-o", str(out / "p.md")],
            [out / "p.md"],
        ),
        Case(
            "render-unit",
            ["render", p, "--units", u, "--unit", "市科协", "--format", "json", "-o", str(out / "u.json")],
            [out / "u.json"],
        ),
        Case(
            "render-all-units",
            ["render", p, "--units", u, "--all-units", "-o", str(out / "units")],
            [out / "units"],
        ),
        Case("units", ["units", p, "--units", u], []),
        Case("diff-as-old", ["diff", p, str(PLAN_2025), "--units", u], []),
        Case(
            "diff-as-new",
            ["diff", str(PLAN_2025), p, "--units", u, "--format", "docx", "-o", str(out / "d.docx")],
            [out / "d.docx"],
        ),
        Case(
            "new",
            ["new", "2099", "--from", p, "--units", u, "-o", str(out / "2099.yaml")],
            [out / "2099.yaml"],
        ),
    ]


def assert_refused(
    cli: Callable[..., Result],
    tmp_path: Path,
    content: str | bytes,
    *,
    code: str,
    line: int | None = None,
    col: int | None = None,
    exit_code: int = 1,
) -> None:
    """Run every plan command on `content`; each must refuse it the same located way, writing nothing."""
    plan = write_plan(tmp_path / "plans", content)
    before = plan.read_bytes()
    out = tmp_path / "out"
    for case in plan_commands(plan, out):
        result = cli(*case.args)
        message = result.stderr + result.stdout
        assert result.exit_code == exit_code, (case.name, result.exit_code, message[-800:])
        assert "Traceback" not in message, case.name
        where = (
            "2025.yaml:"
            if line is None
            else f"2025.yaml:{line}:"
            if col is None
            else f"2025.yaml:{line}:{col}:"
        )
        assert where in message, (case.name, where, message[-800:])
        assert code in message, (case.name, code, message[-800:])
        for output in case.outputs:
            assert not output.exists(), (case.name, output)
        assert plan.read_bytes() == before, case.name  # the plan itself is never touched
