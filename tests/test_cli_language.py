"""The command line speaks Chinese: Click's and Typer's own help frame and usage errors, on any locale."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kepu_plan import cli, i18n
from kepu_plan.cli import app

from conftest import modules_loaded_by

PLANS = Path(__file__).resolve().parent / "fixtures" / "plans"
#: The English frame of Click and of typer's own Click (0.26+), lowest to newest: typer 0.29 writes a
#: required argument {YEAR}, a value's type <int>, and converts numbers through pydantic.
ENGLISH_FRAME = re.compile(
    r"Usage:|Options|Arguments|Commands|Show this message|\[default|\[required\]|Error:|"
    r"Try '|Missing|No such|Invalid value|is not a valid|\b(TEXT|INTEGER|BOOLEAN|FLOAT)\b|<[a-z]+>|"
    r"\{[A-Z]+\}|Did you mean|Possible options|argument\(s\)|Input should|requires|does not take|Aborted"
)


ENTRY_POINT = "import sys; sys.argv[0] = 'kepu-plan'; from kepu_plan.cli import main; main()"


def commands() -> list[str]:
    return sorted(cli.COMMANDS)


def run(
    *args: str, columns: int = 100, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed entry point, in the C locale, so nothing Chinese can come from the environment."""
    environment = {**os.environ, "LANG": "C", "LC_ALL": "C", "LANGUAGE": "", "COLUMNS": str(columns)}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", ENTRY_POINT, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=60,
    )


def test_the_main_help_is_chinese_even_in_the_c_locale():
    result = run("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("用法: kepu-plan [选项] 命令 [参数]...")
    for heading in ("选项:", "命令:"):
        assert heading in result.stdout
    assert "显示本帮助并退出" in result.stdout
    assert not ENGLISH_FRAME.search(result.stdout), result.stdout


@pytest.mark.parametrize("command", commands())
def test_every_command_help_is_chinese_and_h_is_accepted(command):
    runner = CliRunner()
    long = runner.invoke(app, [command, "--help"])
    short = runner.invoke(app, [command, "-h"])
    assert long.exit_code == short.exit_code == 0
    assert long.output == short.output
    assert long.output.startswith(f"用法: kepu-plan {command} [选项]")
    assert "选项:" in long.output and "--debug" in long.output
    assert not ENGLISH_FRAME.search(long.output), long.output


@pytest.mark.parametrize("command", [None, *commands()])
def test_help_fits_an_80_column_terminal_counting_chinese_as_two_columns(command):
    args = [command, "-h"] if command else ["-h"]
    output = CliRunner().invoke(app, args, terminal_width=80).output
    too_wide = [line for line in output.splitlines() if i18n.display_width(line) > 80]
    assert not too_wide, "\n".join(too_wide)
    # no line starts with a closing punctuation mark (it belongs at the end of the line before)
    assert not [
        line for line in output.splitlines() if line.strip()[:1] and line.strip()[0] in "，。、；：）"
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["diff", "2025"], "错误：缺少参数 'NEW'"),
        (["render", "--bogus"], "错误：没有选项 --bogus"),
        (["validate", "--formt", "json"], "是否应为 --format？"),
        (["new", "abc"], "'abc' 不是有效的数字"),
        (["frobnicate"], "错误：没有命令 'frobnicate'"),
        (["rendr"], "没有命令 'rendr'。（是否应为 render, remind？）"),  # the commands that look alike
        (["diff", "2024", "2025", "extra"], "多余的参数"),
        (["render", "-o"], "选项 '-o' 需要一个取值"),
        (["units", "--force=x"], "错误：选项 '--force' 不带取值。"),
        (["diff", "a", "b", "c", "d"], "错误：多余的参数（c d）"),
        (["--debug"], "错误：缺少命令。"),
        (["import", "x.docx", "--year", "abc"], "错误：'--year' 的取值无效：'abc' 不是有效的数字。"),
        (["collect", "2025"], "错误：缺少参数 'FILE...'."),
    ],
)
def test_usage_errors_are_chinese_and_exit_2(args, expected):
    # in this process, through the app cli.main runs for these arguments (the C locale's process is
    # test_the_main_help_is_chinese_even_in_the_c_locale's)
    result = CliRunner().invoke(cli.app_for(args), args, env={"LANG": "C", "LC_ALL": "C", "LANGUAGE": ""})
    assert result.exit_code == 2
    assert expected in result.stderr, result.stderr
    if "-o" not in args and "--force=x" not in args:  # Click gives no usage line for an option's value
        command = args[0] if len(args) > 1 or not args[0].startswith("-") else ""
        assert f"用 kepu-plan {command if args[0] in cli.COMMANDS else ''}".rstrip() in result.stderr
        assert "-h 查看帮助。" in result.stderr
    assert not ENGLISH_FRAME.search(result.stderr), result.stderr
    assert not re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", result.stderr.split("\n", 2)[-1]), result.stderr
    assert "Traceback" not in result.stderr


def test_debug_is_accepted_after_the_command_as_well_as_before():
    after = run("validate", "2025", "--plans-dir", str(PLANS), "--debug")
    before = run("--debug", "validate", "2025", "--plans-dir", str(PLANS))
    assert after.returncode == before.returncode == 0, after.stderr
    assert after.stderr == before.stderr


def test_rules_names_severities_in_chinese_like_validate(cli):
    listing = cli("rules").output
    assert re.search(r"^KP010  错误  task-without-units", listing, re.MULTILINE)
    assert re.search(r"^KP014  警告  only-vague-units", listing, re.MULTILINE)
    assert "error" not in listing and "warning" not in listing
    assert "（警告）" in cli("rules", "stale-year").output


def test_the_libraries_are_used_as_they_come_no_module_global_replaced():
    """The Chinese frame comes from kepu-plan's own classes (cls=, formatter_class), never from a
    function of ours put into typer's or Click's modules."""
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in ("typer", "click") and module is not None:
            ours = [
                key
                for key, value in vars(module).items()
                if getattr(value, "__module__", "").startswith("kepu_plan")
            ]
            assert not ours, (name, ours)


def test_the_running_typer_has_no_separate_click():
    """typer 0.26+ carries its own Click; kepu-plan neither needs nor imports the click package."""
    assert "click" not in modules_loaded_by("validate", "--help")


#: Command lines whose whole output is the frame: every help screen and one of each usage error.
FRAME_SAMPLES = [
    ["--help"],
    *[[command, "-h"] for command in commands()],
    ["diff", "2025"],
    ["render", "--bogus"],
    ["validate", "--formt", "json"],
    ["new", "abc"],
    ["rendr"],
    ["diff", "a", "b", "c"],
    ["render", "-o"],
    ["units", "--force=x"],
    ["--debug"],
    [],
]


def lowest_declared_typer() -> str:
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r'"typer>=([0-9.]+)"', pyproject)
    assert found, "pyproject.toml declares typer with a lower bound"
    return found.group(1)


@pytest.mark.slow
@pytest.mark.parametrize("which", ["lowest", "newest"])
def test_the_frame_is_the_same_on_the_lowest_and_the_newest_typer(tmp_path, which):
    """Every help screen and usage error reads the same, byte for byte, on the lowest typer
    pyproject.toml declares and on the newest release as on the installed one (typer 0.29 changed
    its own layout: {YEAR}, <int>, pydantic's messages; none of it may show)."""
    requirement = f"typer=={lowest_declared_typer()}" if which == "lowest" else "typer"
    target = tmp_path / "typer"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--target", str(target), requirement],
        check=True,
        capture_output=True,
    )
    other = {"PYTHONPATH": os.pathsep.join([str(target), *sys.path[1:]])}
    for args in FRAME_SAMPLES:
        here, there = run(*args), run(*args, env=other)
        assert (there.returncode, there.stdout, there.stderr) == (
            here.returncode,
            here.stdout,
            here.stderr,
        ), args
