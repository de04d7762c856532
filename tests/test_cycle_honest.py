"""Issue 21, defects 1–3: a returned form is never overwritten by `forms`, an untouched form is no
report, and a task's status follows its lead unit."""

from __future__ import annotations

import json
import shutil

from conftest import invoke
from formfill import POSSIBLE, fill

# -- defect 1: `forms -o 返回/` over returned forms ------------------------------------------------------


def test_forms_refuse_to_replace_a_filled_form_of_the_same_name(cycle_project):
    back = cycle_project / "返回"
    back.mkdir()
    shutil.copy(cycle_project / "forms" / "市科技局.xlsx", back / "市科技局.xlsx")  # blank: may go
    fill(
        cycle_project / "forms" / "市科协.xlsx",
        {"science-month": {"进展状态": "已完成", "完成情况": "举办 30 场。"}},
        target=back / "市科协.xlsx",
    )
    kept = (back / "市科协.xlsx").read_bytes()
    result = invoke("forms", "2025", "-o", "返回")
    assert result.exit_code == 2, result.output
    assert "市科协.xlsx" in result.stderr and "--force" in result.stderr
    assert "市科技局.xlsx" not in result.stderr
    assert "Traceback" not in result.output
    assert (back / "市科协.xlsx").read_bytes() == kept
    assert sorted(p.name for p in back.iterdir()) == ["市科协.xlsx", "市科技局.xlsx"]  # nothing half-written


def test_forms_rewrite_blank_forms_and_replace_filled_ones_with_force(cycle_project):
    assert invoke("forms", "2025", "-o", "forms").exit_code == 0  # the very forms: rewritten
    fill(cycle_project / "forms" / "市科协.xlsx", {}, proposals=[("建科普基地", "新建 2 个。", "市科协")])
    assert invoke("forms", "2025", "-o", "forms").exit_code == 2  # a proposal alone is filled in
    result = invoke("forms", "2025", "-o", "forms", "--force")
    assert result.exit_code == 0, result.output
    again = invoke("collect", "2025", "forms/市科协.xlsx")
    assert again.exit_code == 0, again.output
    assert "次年工作建议 0 条" in again.stderr  # the blank form is back in place


# -- defect 2: an untouched form is no report --------------------------------------------------------------


def _progress() -> dict:
    result = invoke("progress", "2025", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_an_untouched_form_is_not_filled_and_stays_on_the_chase_list(cycle_project):
    fill(
        cycle_project / "forms" / "市科技局.xlsx",
        {"science-month": {"进展状态": "按计划推进", "完成情况": "筹备中。"}},
    )
    result = invoke("collect", "2025", "forms/市科协.xlsx", "forms/市科技局.xlsx")
    assert result.exit_code == 0, result.output
    [note] = [line for line in result.stderr.splitlines() if "KP082" in line]  # located where to fill
    assert note.startswith("forms/市科协.xlsx:工作任务!H5:") and "未填写" in note
    data = _progress()
    units = {u["unit"]: u for u in data["units"]}
    assert units["市科协"]["state"] == "未填写" and not units["市科协"]["reported"]
    assert units["市科技局"]["state"] == "已报送" and units["市科技局"]["reported"]
    assert units["天河区政府"]["state"] == "未报送"
    assert "市科协" in data["missing_units"] and "天河区政府" in data["missing_units"]
    assert "市科技局" not in data["missing_units"]
    assert data["summary"]["reported"] == 1
    words = {(t["id"], r["unit"]): r["status"] for t in data["tasks"] for r in t["reports"]}
    assert words[("science-month", "市科技局")] == "按计划推进"
    assert {w for (task, unit), w in words.items() if unit == "市科协"} == {"未填写"}
    partly = {w for (task, unit), w in words.items() if unit == "市科技局" and task != "science-month"}
    assert partly == {"未填写"}  # the rows it left empty
    assert words[("science-month", "天河区政府")] == "未报送"
    assert data["summary"]["counts"]["未填写"] > 0
    text = invoke("progress", "2025").stdout
    [chase] = [line for line in text.splitlines() if line.startswith("催报")]
    assert "市科协（交回的填报表 市科协.xlsx 未填写任何内容" in chase and "天河区政府" in chase
    assert "市科技局" not in chase
    assert "已报送 1 个，交回未填写 1 个" in text


# -- defect 3: a task's status follows its lead unit --------------------------------------------------------


def _task(data: dict, task_id: str) -> dict:
    [task] = [t for t in data["tasks"] if t["id"] == task_id]
    return task


def test_a_tasks_status_follows_its_lead_unit(cycle_project):
    assert invoke("collect", "2025", "forms/市科协.xlsx").exit_code == 0  # untouched
    task = _task(_progress(), "outreach-assistance")
    [lead] = task["lead_units"]
    supporters = [r["unit"] for r in task["reports"] if r["unit"] != lead]
    assert supporters and task["reports"][0]["unit"] == lead  # the lead first, the others beside it
    for unit in supporters:
        fill(
            cycle_project / "forms" / f"{unit}.xlsx",
            {"outreach-assistance": {"进展状态": "不适用", "完成情况": "不涉及本单位。"}},
        )
    supporting = [f"forms/{u}.xlsx" for u in supporters]
    assert invoke("collect", "2025", *supporting, "--force").exit_code == 0
    task = _task(_progress(), "outreach-assistance")
    assert task["status"] not in ("不适用", "已完成")  # the lead has not said anything
    assert {r["unit"]: r["status"] for r in task["reports"]}[supporters[0]] == "不适用"
    fill(
        cycle_project / "forms" / f"{lead}.xlsx",
        {"outreach-assistance": {"进展状态": "已完成", "完成情况": "完成。"}},
    )
    assert invoke("collect", "2025", f"forms/{lead}.xlsx", "--force").exit_code == 0
    task = _task(_progress(), "outreach-assistance")
    assert task["status"] == "已完成"
    assert not task["no_one_to_report"]


def test_a_lead_that_is_silent_never_makes_a_task_done(cycle_project):
    task = _task(_progress(), "outreach-assistance")
    [lead] = task["lead_units"]
    supporters = [r["unit"] for r in task["reports"] if r["unit"] != lead]
    for unit in supporters:
        fill(
            cycle_project / "forms" / f"{unit}.xlsx",
            {"outreach-assistance": {"进展状态": "已完成", "完成情况": "完成。"}},
        )
    assert invoke("collect", "2025", *(f"forms/{u}.xlsx" for u in supporters)).exit_code == 0
    task = _task(_progress(), "outreach-assistance")
    assert task["status"] == "未报送"


def test_no_one_to_report_only_when_no_unit_can(cycle_project):
    """industry-campaigns names only 市有关单位: no unit carries it, but every city-level unit is asked
    on its 可能涉及 sheet, so a unit can report on it; once one has, it is certainly not 无人报送."""
    fill(
        cycle_project / "forms" / "市科协.xlsx",
        {"industry-campaigns": {"进展状态": "按计划推进", "完成情况": "参与其中。"}},
        sheet=POSSIBLE,
    )
    assert invoke("collect", "2025", "forms/市科协.xlsx").exit_code == 0
    data = _progress()
    task = _task(data, "industry-campaigns")
    assert [r["unit"] for r in task["reports"]] == ["市科协"]
    assert task["status"] == "按计划推进"
    assert not task["no_one_to_report"] and "industry-campaigns" not in data["no_one_to_report"]
    for task in data["tasks"]:
        if task["no_one_to_report"]:
            assert not task["reports"]
