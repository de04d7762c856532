"""The whole year on the 2025 plan, as a user runs it: forms → filled by a script → one re-saved through
LibreOffice → collect → progress → report (.docx, checked, and as PDF) → new 2026 with two proposals."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest

from conftest import invoke, make_project
from formfill import INFO, TASKS, fill

STATUSES = ["已完成", "按计划推进", "滞后", "未启动", "不适用"]


def resave_with_libreoffice(path: Path, profile: Path) -> Path:
    """What a unit's office does: protection lifted, columns widened, saved again by LibreOffice Calc."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        ws.protection.sheet = False
        ws.column_dimensions["I"].width = 80
    wb.save(path)
    out = path.parent / "resaved"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    shutil.move(out / path.name, path)
    return path


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_whole_year(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_project(tmp_path)

    sent = invoke("forms", "2025", "--round", "2025-年度", "-o", "发出")
    assert sent.exit_code == 0, sent.output
    forms = sorted((tmp_path / "发出").glob("*.xlsx"))
    assert len(forms) == 63

    # every unit fills its form by script: a status per task, words where the status needs them
    returned = tmp_path / "返回"
    shutil.copytree(tmp_path / "发出", returned)

    def answer(unit: str, task_id: str) -> dict:
        status = STATUSES[(len(unit) + len(task_id)) % len(STATUSES)]
        return {"进展状态": status, "完成情况": f"{unit}：{task_id} 的情况。", "活动场次": 2, "参与人次": 100}

    for path in sorted(returned.glob("*.xlsx")):
        fill(path, answer)
    fill(
        returned / "市科协.xlsx",
        answer,
        proposals=[
            (
                "组织开展青少年人工智能科普夏令营。",
                "面向中小学生和青少年，结合科学教育实验校开展。",
                "市科协、市教育局",
            ),
            ("建设全市科普资源共享数据平台。", "汇集各类场馆数据。", ""),
        ],
    )
    resave_with_libreoffice(returned / "市科协.xlsx", tmp_path / "lo-profile")
    resaved = openpyxl.load_workbook(returned / "市科协.xlsx")
    assert not resaved[TASKS].protection.sheet and resaved[INFO].sheet_state == "hidden"

    collected = invoke("collect", "2025", "返回/*.xlsx")
    assert collected.exit_code == 0, collected.stderr
    assert len(list((tmp_path / "progress" / "2025" / "2025-年度").glob("*.yaml"))) == 63

    data = json.loads(invoke("progress", "2025", "--format", "json").stdout)
    assert all(u["reported"] for u in data["units"])
    statuses = {t["id"]: t["status"] for t in data["tasks"]}
    assert set(statuses.values()) <= {*STATUSES, "未报送"}
    for task in data["tasks"]:
        said = [r["status"] for r in task["reports"] if r["unit"] in task["lead_units"]]
        if "滞后" in said:
            assert task["status"] == "滞后"
    science_month = next(t for t in data["tasks"] if t["id"] == "science-month")
    kexie = next(r for r in science_month["reports"] if r["unit"] == "市科协")
    assert kexie["text"] == "市科协：science-month 的情况。"  # read back from the LibreOffice copy

    report = invoke("report", "2025", "-o", "完成情况.docx")
    assert report.exit_code == 0, report.output
    document = docx.Document(str(tmp_path / "完成情况.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2025年广州市科普工作完成情况" in text
    for path in forms:
        wb = openpyxl.load_workbook(returned / path.name, read_only=True)
        ws = wb[TASKS]
        rows = list(ws.iter_rows(values_only=True))
        wb.close()
        head = next(i for i, r in enumerate(rows) if "完成情况" in r)
        column = rows[head].index("完成情况")
        for row in rows[head + 1 :]:
            if row[column]:
                assert row[column] in text  # nothing a unit wrote is dropped
    pdf = invoke("report", "2025", "-o", "完成情况.pdf")
    assert pdf.exit_code == 0, pdf.output
    assert (tmp_path / "完成情况.pdf").read_bytes().startswith(b"%PDF")

    new = invoke("new", "2026", "--from", "2025")
    assert new.exit_code == 0, new.output
    plan = (tmp_path / "plans" / "2026.yaml").read_text(encoding="utf-8")
    assert plan.count("proposed_by: 市科协") == 2
    validate = invoke("validate", "2026")
    assert validate.exit_code == 0 and validate.stderr.count("KP060") == 2
