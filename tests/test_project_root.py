"""Commands find the project like git finds its repository, and take typed paths where they were typed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PLAN_2025, UNITS, invoke, make_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A plans repository: plans/ with the 2025 plan and the registry, and a few other folders."""
    root = tmp_path / "城市科普计划"
    make_project(root)
    (root / "src" / "deep").mkdir(parents=True)
    return root


def kepu(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command run from `cwd`, in this process (CliRunner): the project is found from the working
    folder, which a process of its own would not make any more real."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        result = invoke(*args)
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


@pytest.mark.parametrize("where", ["plans", "src", "src/deep", "."])
def test_a_year_finds_the_plan_from_any_folder_of_the_project(project, where):
    result = kepu(project / where, "validate", "2025")
    assert result.returncode == 0, result.stderr
    shown = os.path.relpath(project / "plans" / "2025.yaml", project / where)
    assert f"{shown}：通过校验" in result.stderr
    assert f"{shown}:44:20: 警告 KP014" in result.stderr  # a location an editor opens from there


def test_validate_without_arguments_checks_the_project_plans_from_a_subfolder(project):
    shutil.copyfile(PLAN_2025, project / "plans" / "2024.yaml")
    result = kepu(project / "src", "validate", "-q")
    assert result.returncode == 0, result.stderr
    result = kepu(project / "src", "validate")
    assert "../plans/2024.yaml、../plans/2025.yaml：通过校验" in result.stderr


def test_a_typed_path_is_relative_to_where_it_was_typed(project):
    from_plans = kepu(project / "plans", "render", "2025.yaml", "--format", "txt", "-o", "计划.txt")
    assert from_plans.returncode == 0, from_plans.stderr
    assert (project / "plans" / "计划.txt").read_text(encoding="utf-8").startswith("2025年广州市科普工作计划")
    assert not (project / "计划.txt").exists()


def test_an_output_the_user_did_not_name_goes_to_the_project_out_folder(project):
    result = kepu(project / "plans", "render", "2025", "--format", "md")
    assert result.returncode == 0, result.stderr
    written = list((project / "out").iterdir())
    assert [p.name for p in written] == ["2025年广州市科普工作计划.md"]
    assert not (project / "plans" / "out").exists()


def test_plans_dir_typed_by_the_user_is_taken_from_the_working_folder(project):
    other = project / "src" / "草稿"
    other.mkdir()
    shutil.copyfile(PLAN_2025, other / "2025.yaml")
    shutil.copyfile(UNITS, other / "units.yaml")
    result = kepu(project / "src", "validate", "2025", "--plans-dir", "草稿")
    assert result.returncode == 0, result.stderr
    assert "草稿/2025.yaml：通过校验" in result.stderr


def test_new_from_a_subfolder_writes_into_the_project_plans(project):
    result = kepu(project / "src", "new", "2026")
    assert result.returncode == 0, result.stderr
    assert (project / "plans" / "2026.yaml").is_file()
    assert not (project / "src" / "plans").exists()


def test_outside_any_project_the_working_folder_is_used_and_the_message_says_so(tmp_path):
    lonely = tmp_path / "空文件夹"
    lonely.mkdir()
    result = kepu(lonely, "validate", "2025")
    assert result.returncode == 2
    assert "2025" in result.stderr and "Traceback" not in result.stderr


def test_progress_is_the_project_folder_beside_plans_from_any_subfolder(project):
    """`progress/` (what collect writes and progress reads) is found like plans/; a typed one is not."""
    stray = project / "src" / "progress" / "2025" / "2025-年度"
    stray.mkdir(parents=True)
    (stray / "市科协.yaml").write_text("unit: [\n", encoding="utf-8")  # broken: reading it is an error
    from_src = kepu(project / "src", "progress", "2025", "--format", "json")
    assert from_src.returncode == 0, from_src.stderr  # the project's progress/, not src/progress
    assert from_src.stdout == kepu(project, "progress", "2025", "--format", "json").stdout
    typed = kepu(project / "src", "progress", "2025", "--progress-dir", "progress")
    assert "progress/2025/2025-年度/市科协.yaml:2:1" in typed.stderr  # the folder typed, where it was typed
