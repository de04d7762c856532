"""Special files: a pipe or device named like a plan never makes a command hang; discovery skips it and
naming it says what it is. Standard input is refused clearly or read when it is a redirected file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PLAN_2025, UNITS, kepu_process, make_project

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")


def kepu(*args: object, cwd: Path | None = None, stdin=subprocess.DEVNULL):  # type: ignore[no-untyped-def]
    return kepu_process(*args, cwd=cwd, stdin=stdin, timeout=30)


@pytest.fixture
def plans_with_a_fifo(tmp_path: Path) -> Path:
    folder = make_project(tmp_path) / "plans"
    os.mkfifo(folder / "2026.yaml")
    return folder


def test_discovery_skips_a_pipe_named_like_a_plan_and_says_so(plans_with_a_fifo):
    result = kepu("validate", "--plans-dir", plans_with_a_fifo)
    assert result.returncode == 0, result.stderr
    assert (
        "2025.yaml" in result.stderr
        and "2026.yaml 是命名管道（FIFO），不是普通文件，不当作计划" in result.stderr
    )


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "2026"],
        ["render", "2026", "-f", "txt", "-o", "-"],
        ["units", "2026"],
        ["diff", "2025", "2026"],
    ],
)
def test_naming_the_pipe_says_what_it_is(plans_with_a_fifo, args):
    result = kepu(*args, "--plans-dir", plans_with_a_fifo)
    assert result.returncode == 2, result.stderr
    assert "命名管道" in result.stderr and "2026.yaml" in result.stderr


def test_render_and_new_use_the_newest_regular_plan(plans_with_a_fifo, tmp_path):
    rendered = kepu("render", "-f", "txt", "-o", "-", "--plans-dir", plans_with_a_fifo)
    assert rendered.returncode == 0 and "2025年广州市科普工作计划" in rendered.stdout
    made = kepu("new", "2027", "--plans-dir", plans_with_a_fifo)
    assert made.returncode == 0, made.stderr
    assert (plans_with_a_fifo / "2027.yaml").is_file()


def test_a_device_or_folder_given_as_the_registry_or_source_is_refused(tmp_path):
    result = kepu("validate", PLAN_2025, "--units", "/dev/zero")
    assert result.returncode == 2 and "字符设备" in result.stderr
    os.mkfifo(tmp_path / "plan.docx")
    imported = kepu("import", tmp_path / "plan.docx", "--plans-dir", tmp_path)
    assert imported.returncode == 2 and "命名管道" in imported.stderr
    reference = kepu(
        "render", PLAN_2025, "--reference-doc", tmp_path / "plan.docx", "-o", tmp_path / "o.docx"
    )
    assert reference.returncode == 2 and "命名管道" in reference.stderr


def test_a_dash_for_standard_input_is_refused_clearly():
    result = kepu("validate", "-")
    assert result.returncode == 2 and "标准输入" in result.stderr


def test_dev_stdin_redirected_from_a_plan_is_read(tmp_path):
    with open(PLAN_2025, "rb") as plan:
        result = kepu("validate", "/dev/stdin", "--units", UNITS, stdin=plan)
    assert result.returncode == 0, result.stderr
    assert "通过校验" in result.stderr


def test_dev_stdin_from_a_pipe_is_refused_saying_it_is_a_pipe():
    result = subprocess.run(
        [sys.executable, "-m", "kepu_plan", "validate", "/dev/stdin", "--units", str(UNITS)],
        input="year: 2025\n",
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2 and "管道" in result.stderr


@pytest.mark.parametrize(
    "args",
    [["new", "2026", "--force"], ["render", "2025", "-f", "txt", "--force", "-o"]],
)
def test_writing_into_a_pipe_nobody_reads_is_refused_instead_of_waiting(plans_with_a_fifo, args):
    target = [plans_with_a_fifo / "2026.yaml"] if args[-1] == "-o" else []
    result = kepu(*args, *target, "--plans-dir", plans_with_a_fifo)
    assert result.returncode == 2, result.stderr
    assert "命名管道" in result.stderr and "没有程序在读取" in result.stderr
    assert "Traceback" not in result.stderr
