"""Lines that echo input are escaped like diagnostics (commands.common.say); `git:REV:2025` works from
any folder of the project (revisions.in_repository); discovery names what it passes over."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import git, invoke, make_project
from formfill import fill

ESCAPE, RTL = "\x1b[31m", "\u202e"


def test_collects_line_for_each_form_escapes_the_file_name(cycle_project):
    hostile = cycle_project / f"返回{ESCAPE}{RTL}市科协.xlsx"
    shutil.copyfile(cycle_project / "forms" / "市科协.xlsx", hostile)
    result = invoke("collect", "2025", hostile)
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stderr.splitlines() if "→" in line)
    assert "\\u001b[31m\\u202e市科协.xlsx →" in line
    assert "\x1b" not in result.output and RTL not in result.output


def test_news_proposal_lines_escape_the_units_words(cycle_project):
    fill(
        cycle_project / "forms" / "市科协.xlsx",
        proposals=[(f"开展{RTL}科普活动。", "面向公众开展。", "市科协")],
    )
    assert invoke("collect", "2025", "forms/市科协.xlsx").exit_code == 0
    result = invoke("new", "2026", "--from", "2025")
    assert result.exit_code == 0, result.output
    assert "开展\\u202e科普活动。" in result.stderr and RTL not in result.stderr


def test_a_written_files_path_is_printed_escaped(cycle_project):
    result = invoke("render", "2025", "--format", "txt", "-o", f"计划{RTL}.txt")
    assert result.exit_code == 0, result.output
    assert result.stdout == "计划\\u202e.txt\n"
    assert Path(f"计划{RTL}.txt").is_file()  # the file itself has the name asked for


@pytest.mark.parametrize("where", ["plans", "out", "src/deep"])
def test_a_year_in_git_is_found_from_any_folder_of_the_project(repo, monkeypatch, where):
    (repo / where).mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(repo / where)
    result = invoke("diff", "git:main:2025", "2025", "--exit-code")
    assert result.exit_code == 0, result.output


def test_a_project_in_a_subfolder_of_the_repository_finds_its_git_plans(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    top = tmp_path / "仓库"
    project = make_project(top / "城市")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "2025")
    monkeypatch.chdir(project / "plans")
    result = invoke("diff", "git:main:2025", "2025", "-f", "json")
    assert result.exit_code == 0, result.output
    assert '"name": "main:城市/plans/2025.yaml"' in result.stdout


def test_a_plans_folder_outside_the_repository_is_a_clear_usage_error(repo, tmp_path):
    elsewhere = make_project(tmp_path / "别处")
    result = invoke("diff", "git:main:2025", "2025", "--plans-dir", elsewhere / "plans")
    assert result.exit_code == 2
    assert "不在当前的 git 仓库" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
@pytest.mark.parametrize("args", [["validate"], ["render", "--format", "txt", "-o", "-"], ["new", "2027"]])
def test_a_pipe_named_like_a_plan_is_named_not_skipped_silently(tmp_path, monkeypatch, args):
    root = make_project(tmp_path / "项目")
    os.mkfifo(root / "plans" / "2026.yaml")
    (root / "plans" / "2024.yaml").symlink_to(root / "nowhere.yaml")
    monkeypatch.chdir(root)
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert "警告：plans/2026.yaml 是命名管道（FIFO），不是普通文件，不当作计划（已跳过）" in result.stderr
    assert "警告：plans/2024.yaml 是失效的符号链接" in result.stderr


def test_validates_summary_line_escapes_the_plan_path(tmp_path, monkeypatch):
    root = make_project(tmp_path / "项目")
    shutil.copyfile(root / "plans" / "2025.yaml", root / "plans" / f"计划{RTL}.yaml")
    monkeypatch.chdir(root)
    result = invoke("validate", f"plans/计划{RTL}.yaml")
    assert result.exit_code == 0, result.output
    assert "plans/计划\\u202e.yaml：通过校验" in result.stderr and RTL not in result.stderr


def test_a_message_about_a_linked_plan_names_the_link_not_its_target(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path)
    plans = project / "plans"
    with (plans / "2025.yaml").open("a", encoding="utf-8") as plan:
        plan.write("x: [\n")
    (plans / "current.yaml").symlink_to("2025.yaml")
    monkeypatch.chdir(project)
    result = invoke("validate", "plans/current.yaml")
    assert result.exit_code == 1
    assert result.output.startswith("plans/current.yaml:"), result.output
