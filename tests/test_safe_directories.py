"""What is found by walking up (a project root, templates/, templates/reference.docx) is used only when
the user owns it or KEPU_PLAN_SAFE_DIRECTORIES allows it, as git's safe.directory (project.trusted)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import docx
import pytest

from conftest import invoke, make_project

OTHER_USER = 4242

pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file to another user needs root"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_project(tmp_path / "项目")
    (root / "templates").mkdir()
    monkeypatch.chdir(root / "plans")  # found by walking up
    return root


def give_away(path: Path) -> None:
    os.chown(path, OTHER_USER, OTHER_USER)


def refused(result, what: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert f"{what} " in result.stderr and "属于另一个用户（uid 4242）" in result.stderr
    assert "KEPU_PLAN_SAFE_DIRECTORIES=" in result.stderr
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr


def test_a_project_root_of_another_user_is_refused(project):
    give_away(project)
    refused(invoke("validate", "2025"), "项目文件夹")
    refused(invoke("render", "2025", "--format", "txt", "-o", "-"), "项目文件夹")


@pytest.mark.parametrize("allowed", ["{root}", "{parent}", "*", "/nowhere" + os.pathsep + "{root}"])
def test_an_allowed_project_of_another_user_is_used(project, allowed):
    give_away(project)
    listed = allowed.format(root=project, parent=project.parent)
    result = invoke("validate", "2025", env={"KEPU_PLAN_SAFE_DIRECTORIES": listed})
    assert result.exit_code == 0, result.output


def test_a_templates_folder_of_another_user_is_refused(project):
    (project / "templates" / "plan.txt.j2").write_text("他人的模板", encoding="utf-8")
    give_away(project / "templates")
    refused(invoke("render", "2025", "--format", "txt", "-o", "-"), "模板文件夹")
    allowed = invoke(
        "render", "2025", "--format", "txt", "-o", "-", env={"KEPU_PLAN_SAFE_DIRECTORIES": str(project)}
    )
    assert allowed.exit_code == 0 and allowed.stdout == "他人的模板"


def test_a_reference_docx_of_another_user_is_refused(project, tmp_path):
    reference = project / "templates" / "reference.docx"
    shutil.copyfile(Path(docx.__file__).parent / "templates" / "default.docx", reference)
    give_away(reference)
    refused(invoke("render", "2025", "-o", tmp_path / "计划.docx"), "模板")
    assert not (tmp_path / "计划.docx").exists()


def test_paths_the_user_typed_are_not_checked(project, tmp_path, monkeypatch):
    give_away(project)
    give_away(project / "plans" / "2025.yaml")
    (tmp_path / "自己的").mkdir()
    monkeypatch.chdir(tmp_path / "自己的")  # not inside the other user's project
    assert invoke("validate", project / "plans" / "2025.yaml").exit_code == 0
