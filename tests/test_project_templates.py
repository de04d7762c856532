"""A city's own templates in the project's templates/ folder: its 红头 reference .docx, Jinja overrides."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from conftest import kepu_process, make_project

RED_HEADER = "广州市科学技术局文件（测试红头）"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "城市项目")
    (root / "templates").mkdir()
    (root / "src").mkdir()
    return root


def kepu(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return kepu_process(*args, cwd=cwd)


def test_a_jinja_template_in_the_project_overrides_the_packaged_one(project):
    (project / "templates" / "plan.txt.j2").write_text(
        "【本市版式】{{ plan.title }}\n{% for b in blocks %}{{ b.text }}\n{% endfor %}", encoding="utf-8"
    )
    result = kepu(project / "src", "render", "2025", "--format", "txt", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("【本市版式】2025年广州市科普工作计划\n")
    # the packaged Markdown template is still the default for what the city did not override
    md = kepu(project / "src", "render", "2025", "--format", "md", "-o", "-")
    assert md.returncode == 0 and md.stdout.startswith("# 2025年广州市科普工作计划")


def test_an_override_is_sandboxed_like_the_packaged_templates(project):
    (project / "templates" / "plan.txt.j2").write_text(
        "{{ plan.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8"
    )
    result = kepu(project, "render", "2025", "--format", "txt", "-o", "-")
    assert result.returncode == 2
    assert "templates/plan.txt.j2:1：模板访问了不允许的内容" in result.stderr
    assert "Traceback" not in result.stderr and "object at 0x" not in result.stdout


def test_a_broken_override_names_its_file_and_line(project):
    (project / "templates" / "plan.txt.j2").write_text(
        "{{ plan.title }}\n{{ plan.title }\n", encoding="utf-8"
    )
    result = kepu(project / "plans", "render", "2025", "--format", "txt", "-o", "-")
    assert result.returncode == 2
    assert "../templates/plan.txt.j2:2：模板语法错误" in result.stderr


def test_templates_reference_docx_is_the_default_reference_document(project, tmp_path):
    plain = project / "不带红头.docx"
    assert kepu(project, "render", "2025", "-o", str(plain)).returncode == 0
    reference = docx.Document(str(plain))
    reference.sections[0].first_page_header.is_linked_to_previous = False
    reference.sections[0].header.paragraphs[0].text = RED_HEADER
    reference.save(str(project / "templates" / "reference.docx"))

    result = kepu(project / "plans", "render", "2025")
    assert result.returncode == 0, result.stderr
    written = docx.Document(str(project / "out" / "2025年广州市科普工作计划.docx"))
    headers = [p.text for s in written.sections for p in s.header.paragraphs]
    assert RED_HEADER in headers
    body = [p.text for p in written.paragraphs]
    assert "2025年广州市科普工作计划" in body  # content from the plan, never from the reference


def test_text_outputs_are_untouched_by_a_reference_docx(project):
    shutil.copyfile(
        Path(docx.__file__).parent / "templates" / "default.docx", project / "templates" / "reference.docx"
    )
    result = kepu(project, "render", "2025", "--format", "md", "-o", "-")
    assert result.returncode == 0, result.stderr  # not "--reference-doc 不适用于 md 格式"
