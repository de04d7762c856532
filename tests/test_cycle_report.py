"""report and new-with-proposals on collected progress, and the hostile workbooks collect must refuse."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import invoke
from formfill import TASKS, fill


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_the_report_of_untouched_forms_says_nothing_is_reported_yet(cycle_project):
    assert invoke("collect", "2025", "forms").exit_code == 0
    result = invoke("report", "2025", "-o", "完成情况.docx")
    assert result.exit_code == 0, result.output
    text = paragraphs(cycle_project / "完成情况.docx")
    assert text[0] == "2025年广州市科普工作完成情况"
    assert any("各单位尚未报送任何进展" in p and "“未填写”" in p for p in text)
    assert any("以下单位交回的填报表未填写任何内容（不计为报送）：" in p and "市科协" in p for p in text)
    assert not any("已完成 " in p and "项" in p and "已完成 0" not in p for p in text[:3])


def test_the_report_keeps_every_units_own_words_and_adds_up_the_figures(cycle_project):
    words = "举办“科学之夜”3场，*线上*直播观看 2.1 万人次；<详见附件>。"
    fill(
        cycle_project / "forms" / "市科协.xlsx",
        {"science-month": {"进展状态": "已完成", "完成情况": words, "活动场次": 3, "参与人次": 21000}},
    )
    fill(
        cycle_project / "forms" / "市科技局.xlsx",
        {"science-month": {"进展状态": "滞后", "完成情况": "延至第四季度。", "活动场次": 2}},
    )
    assert invoke("collect", "2025", "forms/市科协.xlsx", "forms/市科技局.xlsx").exit_code == 0
    assert invoke("report", "2025", "-o", "r.docx").exit_code == 0
    document = docx.Document(str(cycle_project / "r.docx"))
    text = [p.text for p in document.paragraphs]
    assert any(words in p and p.startswith("市科协（牵头）：已完成。") for p in text)
    # the task follows its lead (市科协); the supporting unit's 滞后 is shown beside it
    assert any("组织开展2025年广州市全国科普月系列活动。（已完成）" in p for p in text)
    assert any(p.startswith("市科技局（配合）：滞后。延至第四季度。") for p in text)
    assert any("活动场次 5，参与人次 21000" in p for p in text)
    assert any("以下单位尚未报送填报表：" in p and "天河区政府" in p for p in text)
    [by_unit] = [t for t in document.tables if t.rows[0].cells[1].text == "单位"]
    row = next(r for r in by_unit.rows if r.cells[1].text == "市科协")
    assert [c.text for c in row.cells][-3:] == ["3", "21000", "已报送"]
    styles = {p.style.style_id for p in document.paragraphs if p.text}
    assert {"KepuTitle", "KepuHeading1", "KepuHeading2", "KepuBody"} <= styles
    md = invoke("report", "2025", "-o", "r.md")
    assert md.exit_code == 0
    assert "\\*线上\\*" in (cycle_project / "r.md").read_text(encoding="utf-8")
    again = invoke("report", "2025", "-o", "r2.docx")
    assert (
        again.exit_code == 0
        and (cycle_project / "r2.docx").read_bytes() == (cycle_project / "r.docx").read_bytes()
    )


def test_the_report_is_a_portrait_document_like_the_plan_with_its_table_inside_the_text_block(cycle_project):
    # GB/T 9704 house style as the plan: A4 portrait. The table by unit must fit the portrait text
    # block rather than turning every page of prose sideways.
    assert invoke("collect", "2025", "forms").exit_code == 0
    assert invoke("report", "2025", "-o", "r.docx").exit_code == 0
    document = docx.Document(str(cycle_project / "r.docx"))
    for section in document.sections:
        assert section.page_width < section.page_height
    block = (
        document.sections[0].page_width - document.sections[0].left_margin - document.sections[0].right_margin
    )
    [by_unit] = [t for t in document.tables if t.rows[0].cells[1].text == "单位"]
    assert sum(column.width for column in by_unit.columns) <= block


def test_new_year_turns_proposals_into_marked_tasks(cycle_project):
    fill(
        cycle_project / "forms" / "市科协.xlsx",
        proposals=[
            (
                "组织开展青少年人工智能科普夏令营。",
                "面向中小学生和青少年，结合科学教育实验校开展。",
                "市科协、市教育局",
            ),
            ("建设全市科普资源共享数据平台。", "汇集各类场馆数据。", ""),
        ],
    )
    assert invoke("collect", "2025", "forms/市科协.xlsx").exit_code == 0
    result = invoke("new", "2026", "--from", "2025")
    assert result.exit_code == 0, result.output
    from kepu_plan.loading import load_plan

    plan = load_plan(cycle_project / "plans" / "2026.yaml").model
    proposed = {t.title: (t.proposed_by, t.units) for t in (lt.task for lt in plan.tasks()) if t.proposed_by}
    assert proposed == {
        "组织开展青少年人工智能科普夏令营。": ("市科协", [["市科协", "市教育局"]]),
        "建设全市科普资源共享数据平台。": ("市科协", [["市科协"]]),
    }
    groups = {t.title: g.heading for s in plan.sections for g in s.groups for t in g.tasks}
    assert groups["组织开展青少年人工智能科普夏令营。"] == "强化重点人群科普，精准服务公众需求。"
    assert groups["建设全市科普资源共享数据平台。"] == "各单位建议新增的任务（待审定）。"
    validate = invoke("validate", cycle_project / "plans" / "2026.yaml")
    assert validate.exit_code == 0 and validate.stderr.count("KP060") == 2


# -- hostile workbooks --------------------------------------------------------------------------------


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _bomb(form: Path) -> bytes:
    parts = _parts(form)
    parts["xl/media/padding.bin"] = b"\0" * (120 * 1024 * 1024)
    return _zip(parts)


def _entities(form: Path) -> bytes:
    parts = _parts(form)
    doctype = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    xml = parts["xl/workbook.xml"]
    body = xml[xml.index(b"?>") + 2 :] if xml.startswith(b"<?xml") else xml
    parts["xl/workbook.xml"] = doctype + body
    return _zip(parts)


def _macros(form: Path) -> bytes:
    parts = _parts(form)
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"\0" * 100
    return _zip(parts)


def _million_rows(form: Path) -> bytes:
    parts = _parts(form)
    rows = b"".join(b'<row r="%d"/>' % i for i in range(6, 1_000_006))
    xml = parts["xl/worksheets/sheet1.xml"].replace(b"</sheetData>", rows + b"</sheetData>", 1)
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:N1000005"/>', xml, count=1
    )
    return _zip(parts)


def _hidden_sheet(form: Path) -> bytes:
    import openpyxl

    wb = openpyxl.load_workbook(form)
    wb.security = None
    extra = wb.create_sheet("备用")
    extra["A1"] = "x"
    extra.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _merged(form: Path) -> bytes:
    import openpyxl

    wb = openpyxl.load_workbook(form)
    wb[TASKS].merge_cells("H5:I5")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _word_document(form: Path) -> bytes:
    """A report written in Word and sent_forms back instead of the form."""
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("本单位科普工作完成情况")
    document.save(buffer)
    return buffer.getvalue()


HOSTILE = {
    "bomb": (_bomb, ".xlsx", "KP030", "炸弹"),
    "entities": (_entities, ".xlsx", "KP062", "DOCTYPE"),
    "xlsm": (lambda form: form.read_bytes(), ".xlsm", "KP062", "宏"),
    "macros": (_macros, ".xlsx", "KP062", "宏"),
    "renamed-xls": (
        lambda form: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000,
        ".xlsx",
        "KP061",
        ".xls",
    ),
    "renamed-csv": (
        lambda form: "序号,工作任务,进展状态\n1,科普,已完成\n".encode("gbk"),
        ".xlsx",
        "KP061",
        "CSV",
    ),
    "word-document": (_word_document, ".xlsx", "KP061", "Word 文档"),
    "million-rows": (_million_rows, ".xlsx", "KP063", "行"),
    "hidden-sheet": (_hidden_sheet, ".xlsx", "KP064", "隐藏的工作表「备用」"),
    "merged-cells": (_merged, ".xlsx", "KP064", "合并"),
}


#: seconds of CPU each, to check a scale limit: marked slow (pytest -m slow; .ci/run runs it once)
SCALE_LIMITS = {"million-rows"}


@pytest.mark.parametrize(
    "kind", [pytest.param(k, marks=pytest.mark.slow) if k in SCALE_LIMITS else k for k in HOSTILE]
)
def test_a_hostile_workbook_is_refused_with_a_located_message(cycle_project, kind):
    make, suffix, code, words = HOSTILE[kind]
    path = cycle_project / f"返回{suffix}"
    path.write_bytes(make(cycle_project / "forms" / "市科协.xlsx"))
    result = invoke("collect", "2025", path.name)
    assert result.exit_code == 1, result.output
    assert code in result.stderr and words in result.stderr, result.stderr
    assert result.stderr.startswith(f"{path.name}:")
    assert "Traceback" not in result.output
    assert not (cycle_project / "progress").exists()


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_genuine_xls_is_told_to_be_saved_as_xlsx(cycle_project, tmp_path):
    """A unit that saved the form in the old Excel format (here LibreOffice Calc's "Excel 97-2003"):
    the file is what its name says, so the advice is the step that helps — save it as .xlsx."""
    converted = tmp_path / "converted"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "xls", "--outdir", str(converted), str(cycle_project / "forms" / "市科协.xlsx")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    result = invoke("collect", "2025", converted / "市科协.xls")
    assert result.exit_code == 1, result.output
    assert "旧版 Excel 工作簿（.xls）" in result.stderr
    assert "只是扩展名" not in result.stderr
    assert "另存为“Excel 工作簿（.xlsx）”" in result.stderr


def test_new_with_another_plans_folder_takes_the_proposals_beside_those_plans(cycle_project, tmp_path):
    """`--plans-dir ELSEWHERE/plans` means that project's progress/ too, not the working folder's."""
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(cycle_project / "plans", elsewhere / "plans")
    fill(
        cycle_project / "forms" / "市科协.xlsx",
        proposals=[("建设全市科普资源共享数据平台。", "汇集数据。", "")],
    )
    collected = invoke("collect", "2025", "forms/市科协.xlsx", "--plans-dir", elsewhere / "plans")
    assert collected.exit_code == 0, collected.output
    assert (elsewhere / "progress" / "2025").is_dir() and not (cycle_project / "progress").exists()
    result = invoke("new", "2026", "--plans-dir", elsewhere / "plans")
    assert result.exit_code == 0, result.output
    assert "建设全市科普资源共享数据平台。" in (elsewhere / "plans" / "2026.yaml").read_text(encoding="utf-8")
    assert (cycle_project / "plans" / "2025.yaml").is_file() and not (
        cycle_project / "plans" / "2026.yaml"
    ).exists()
