"""forms → collect → progress on the 2025 plan: what a unit receives, what comes back, what is kept."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import PLAN_2025, TEST_EPOCH, UNITS, invoke, replace_once
from formfill import INFO, POSSIBLE, PROPOSALS, TASKS, fill, header, task_rows

STATUSES = ["已完成", "按计划推进", "滞后", "未启动", "不适用"]


def collect(*files: object, extra: tuple[str, ...] = ()):
    return invoke("collect", "2025", *files, *extra)


def progress_json() -> dict:
    result = invoke("progress", "2025", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- forms ---------------------------------------------------------------------------------------------


def test_one_form_per_unit_with_definite_tasks(sent_forms):
    overview = json.loads(invoke("units", sent_forms / "plans" / "2025.yaml", "--format", "json").stdout)
    with_tasks = [u["name"] for u in overview["units"] if u["definite"]]
    assert sorted(p.stem for p in (sent_forms / "forms").glob("*.xlsx")) == sorted(with_tasks)


def test_a_units_form_lists_its_tasks_with_the_columns_to_fill(sent_forms):
    wb = openpyxl.load_workbook(sent_forms / "forms" / "市科协.xlsx")
    assert wb.sheetnames == [TASKS, POSSIBLE, PROPOSALS, INFO]
    ws = wb[TASKS]
    _first, cols = header(ws)
    assert list(cols)[:6] == ["序号", "所属部分", "工作任务", "具体内容", "角色", "列入依据"]
    for name in ("进展状态", "完成情况", "活动场次", "参与人次", "佐证材料或备注", "任务编号"):
        assert name in cols
    rows = task_rows(ws)
    assert len(rows) == 16  # as `render --unit 市科协` counts them
    roles = {ws.cell(r, cols["角色"]).value for r in rows}
    assert roles == {"牵头", "配合"}
    [choice] = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert choice.formula1 == '"' + ",".join(STATUSES) + '"'
    assert ws.protection.sheet and not ws.protection.password
    assert ws.cell(rows[0], cols["工作任务"]).protection.locked
    assert not ws.cell(rows[0], cols["进展状态"]).protection.locked
    possible = wb[POSSIBLE]
    [choice] = [dv for dv in possible.data_validations.dataValidation if dv.type == "list"]
    assert "不涉及" in choice.formula1
    _, pcols = header(wb[PROPOSALS])
    assert {"工作任务", "具体内容", "建议责任单位"} <= set(pcols)
    info = {r[0].value: r[1].value for r in wb[INFO].iter_rows()}
    assert wb[INFO].sheet_state == "hidden"
    assert (info["计划年份"], info["轮次"], info["单位"]) == ("2025", "2025-年度", "市科协")
    assert len(info["计划指纹"]) == 16


def _form_of(plan_path: Path, unit: str, round_name: str = "2025-年度") -> bytes:
    import datetime as dt

    from kepu_plan.assignments import unit_tasks
    from kepu_plan.loading import load_plan, load_registry
    from kepu_plan.progress import plan_hash
    from kepu_plan.writers.forms_xlsx import FormInfo, render_form

    plan, registry = load_plan(plan_path).model, load_registry(UNITS)
    tasks = unit_tasks(plan, registry, unit)
    info = FormInfo(plan.year, plan.title, plan_hash(plan), round_name, unit, tasks.unit.full_name)
    return render_form(tasks, info, dt.datetime.fromtimestamp(int(TEST_EPOCH), dt.UTC))  # as conftest sets it


def test_forms_are_the_same_bytes_every_time(sent_forms):
    assert _form_of(PLAN_2025, "市科协") == (sent_forms / "forms" / "市科协.xlsx").read_bytes()


def test_a_title_starting_with_equals_stays_text(tmp_path, plan_text):
    text = replace_once(
        plan_text, "title: 增强粤港澳大湾区科普联动。", 'title: "=SUM(1,2)增强粤港澳大湾区科普联动。"'
    )
    path = tmp_path / "2025.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "form.xlsx").write_bytes(_form_of(path, "生物岛实验室"))
    ws = openpyxl.load_workbook(tmp_path / "form.xlsx")[TASKS]
    cells = [c for row in ws.iter_rows() for c in row if str(c.value).startswith("=SUM")]
    assert cells and all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells)  # Excel keeps it text when the cell is edited


# -- collect and progress -----------------------------------------------------------------------------


def test_untouched_forms_give_nothing_reported_for_every_task(cycle_project):
    result = collect("forms/*.xlsx")
    assert result.exit_code == 0, result.output
    stored = sorted((cycle_project / "progress" / "2025" / "2025-年度").glob("*.yaml"))
    assert len(stored) == 63
    data = progress_json()
    # every form came back untouched: no report at all, every unit still to be chased (issue 21)
    assert {t["status"] for t in data["tasks"] if t["reports"]} == {"未填写"}
    assert all(r["status"] == "未填写" for t in data["tasks"] for r in t["reports"])
    assert all(u["state"] == "未填写" and not u["reported"] and u["file"] for u in data["units"])
    assert len(data["missing_units"]) == 63
    text = invoke("progress", "2025").stdout
    assert "尚未报送任何进展" in text


def test_filled_forms_are_combined_per_task(cycle_project):
    fill(
        cycle_project / "forms" / "市科协.xlsx",
        {
            "science-month": {
                "进展状态": "已完成",
                "完成情况": "举办科普月活动 30 场。",
                "活动场次": 30,
                "参与人次": "1,200",
            }
        },
    )
    fill(
        cycle_project / "forms" / "市科技局.xlsx",
        {"science-month": {"进展状态": "滞后", "完成情况": "场地未落实，推迟到十月。"}},
    )
    result = collect("forms/市科协.xlsx", "forms/市科技局.xlsx")
    assert result.exit_code == 0, result.output
    data = progress_json()
    [task] = [t for t in data["tasks"] if t["id"] == "science-month"]
    assert task["lead_units"] == ["市科协"]
    assert task["status"] == "已完成"  # the lead's word; 市科技局's 滞后 is shown beside it
    said = {r["unit"]: (r["status"], r["text"]) for r in task["reports"]}
    assert said["市科协"] == ("已完成", "举办科普月活动 30 场。")
    assert said["市科技局"] == ("滞后", "场地未落实，推迟到十月。")
    assert said["天河区政府"] == ("未报送", "")
    missing = [u["unit"] for u in data["units"] if not u["reported"]]
    assert "天河区政府" in missing and "市科协" not in missing
    assert data["summary"]["totals"]["参与人次"] == 1200
    assert data["no_one_to_report"] == []  # 市有关单位's tasks are on every city unit's 可能涉及 sheet


def test_a_task_is_done_when_its_lead_says_so(cycle_project):
    done = {"outreach-assistance": {"进展状态": "已完成", "完成情况": "完成。"}}
    for unit in ("市科技局", "市科协", "市农业农村局"):
        fill(cycle_project / "forms" / f"{unit}.xlsx", done)
    [task] = [t for t in progress_json()["tasks"] if t["id"] == "outreach-assistance"]
    [lead] = task["lead_units"]
    others = [u for u in ("市科技局", "市科协", "市农业农村局") if u != lead]
    assert collect(*(f"forms/{u}.xlsx" for u in others)).exit_code == 0
    [task] = [t for t in progress_json()["tasks"] if t["id"] == "outreach-assistance"]
    assert task["status"] == "未报送"  # its supporting units are done, its lead has said nothing
    assert collect(f"forms/{lead}.xlsx").exit_code == 0
    [task] = [t for t in progress_json()["tasks"] if t["id"] == "outreach-assistance"]
    assert task["status"] == "已完成"


@pytest.mark.parametrize(
    ("values", "code", "column"),
    [
        ({"进展状态": "基本完成"}, "KP068", "进展状态"),
        ({"进展状态": "已完成"}, "KP069", "完成情况"),
        ({"进展状态": "滞后", "完成情况": "  "}, "KP069", "完成情况"),
        ({"活动场次": "约30场"}, "KP070", "活动场次"),
        ({"参与人次": -5}, "KP070", "参与人次"),
        ({"活动场次": "=1+2"}, "KP071", "活动场次"),
    ],
)
def test_a_bad_cell_is_located_and_nothing_is_stored(cycle_project, values, code, column):
    path = fill(cycle_project / "forms" / "市科协.xlsx", {"science-month": values})
    result = collect(path)
    assert result.exit_code == 1
    wb = openpyxl.load_workbook(path)
    _, cols = header(wb[TASKS])
    row = next(
        r for r in task_rows(wb[TASKS]) if wb[TASKS].cell(r, cols["任务编号"]).value == "science-month"
    )
    letter = openpyxl.utils.get_column_letter(cols[column])
    assert f"forms/市科协.xlsx:工作任务!{letter}{row}: 错误 {code}" in result.stderr
    assert not (cycle_project / "progress").exists()


def _rows_edit(action: str):
    def edit(wb) -> None:
        ws = wb[TASKS]
        rows = task_rows(ws)
        _, cols = header(ws)
        if action == "delete":
            ws.delete_rows(rows[2])
        elif action == "add":
            ws.cell(rows[-1] + 1, cols["任务编号"]).value = "my-own-task"
            ws.cell(rows[-1] + 1, cols["进展状态"]).value = "已完成"
        elif action == "swap":
            a, b = rows[0], rows[1]
            for c in range(1, ws.max_column + 1):
                ws.cell(a, c).value, ws.cell(b, c).value = ws.cell(b, c).value, ws.cell(a, c).value
        elif action == "id":
            ws.cell(rows[1], cols["任务编号"]).value = "renamed-task"

    return edit


@pytest.mark.parametrize(
    ("action", "code", "words"),
    [
        ("delete", "KP066", "缺少任务"),
        ("add", "KP066", "不能增加"),
        ("swap", "KP066", "顺序"),
        ("id", "KP067", "任务编号被改成"),
    ],
)
def test_rows_changed_are_refused(cycle_project, action, code, words):
    path = fill(cycle_project / "forms" / "市科协.xlsx", edit=_rows_edit(action))
    result = collect(path)
    assert result.exit_code == 1
    assert code in result.stderr and words in result.stderr
    assert "forms/市科协.xlsx:工作任务!" in result.stderr


def test_the_hidden_sheet_decides_whose_form_it_is(cycle_project):
    """市科协's form saved as 市教育局.xlsx is collected as 市科协's, with a warning about the name."""
    shutil.copyfile(cycle_project / "forms" / "市科协.xlsx", cycle_project / "市教育局.xlsx")
    result = collect("市教育局.xlsx")
    assert result.exit_code == 0, result.output
    assert "KP078" in result.stderr
    assert (cycle_project / "progress" / "2025" / "2025-年度" / "市科协.yaml").is_file()
    assert not (cycle_project / "progress" / "2025" / "2025-年度" / "市教育局.yaml").exists()


@pytest.mark.parametrize(
    ("key", "value", "extra", "words"),
    [
        ("计划年份", "2024", (), "2024 年计划"),
        ("计划标题", "2025年某市科普工作计划", (), "另一份计划"),
        ("单位", "某某局", (), "不在本计划的填报单位中"),
        ("轮次", "2025-年中", ("--round", "2025-年度"), "轮次「2025-年中」"),
    ],
)
def test_a_form_for_another_plan_year_round_or_unit_is_refused(cycle_project, key, value, extra, words):
    def edit(wb) -> None:
        for row in wb[INFO].iter_rows():
            if row[0].value == key:
                row[1].value = value

    path = fill(cycle_project / "forms" / "市科协.xlsx", edit=edit)
    result = collect(path, extra=extra)
    assert result.exit_code == 1
    assert "KP065" in result.stderr and words in result.stderr and "表格信息!B" in result.stderr


def test_collecting_twice_needs_force_and_shows_what_changed(cycle_project):
    path = cycle_project / "forms" / "市科协.xlsx"
    fill(path, {"science-month": {"进展状态": "按计划推进"}})
    assert collect(path).exit_code == 0
    stored = cycle_project / "progress" / "2025" / "2025-年度" / "市科协.yaml"
    before = stored.read_bytes()
    again = collect(path)
    assert again.exit_code == 0 and "内容相同" in again.stderr
    fill(path, {"science-month": {"进展状态": "已完成", "完成情况": "已办 12 场。"}})
    refused = collect(path)
    assert refused.exit_code == 1 and "KP072" in refused.stderr
    assert "进展状态 按计划推进 → 已完成" in refused.stderr
    assert stored.read_bytes() == before
    forced = collect(path, extra=("--force",))
    assert forced.exit_code == 0
    assert "已完成" in stored.read_text(encoding="utf-8")


def test_progress_lists_overdue_tasks_as_of_a_date(cycle_project, plan_text):
    text = replace_once(
        plan_text,
        "            units: [[市、区科协]]\n",
        "            units: [[市、区科协]]\n            deadline: 2025-Q2\n",
    )
    (cycle_project / "plans" / "2025.yaml").write_text(text, encoding="utf-8")
    result = invoke("progress", "2025", "--format", "json", "--as-of", "2025-07-01")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["overdue"] == ["science-association-duty"]
    assert (
        json.loads(invoke("progress", "2025", "--format", "json", "--as-of", "2025-06-30").stdout)["overdue"]
        == []
    )
    assert invoke("progress", "2025", "--as-of", "七月").exit_code == 2


def test_progress_md_and_text_name_the_units_to_chase(cycle_project):
    md = invoke("progress", "2025", "--format", "md")
    assert md.exit_code == 0 and "## 催报（63 个单位未报送）" in md.stdout
    assert "市科协" in invoke("progress", "2025").stdout


def test_stored_progress_files_match_their_schema(cycle_project):
    fill(
        cycle_project / "forms" / "市科协.xlsx",
        {"science-month": {"进展状态": "已完成", "完成情况": "第一行\n第二行", "活动场次": 3}},
    )
    assert collect("forms/市科协.xlsx").exit_code == 0
    stored = cycle_project / "progress" / "2025" / "2025-年度" / "市科协.yaml"
    text = stored.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/progress.schema.json\n")
    from kepu_plan.loading import load_model
    from kepu_plan.progress import ProgressFile

    report = next(r for r in load_model(stored, ProgressFile).model.tasks if r.id == "science-month")
    assert (report.status, report.text, report.data) == ("已完成", "第一行\n第二行", {"活动场次": 3})


def test_two_forms_of_one_unit_in_one_collection_are_refused(cycle_project):
    shutil.copyfile(cycle_project / "forms" / "市科协.xlsx", cycle_project / "市科协-修改稿.xlsx")
    result = collect("forms/市科协.xlsx", "市科协-修改稿.xlsx")
    assert result.exit_code == 1
    assert "市科协-修改稿.xlsx:表格信息!B7: 错误 KP075" in result.stderr


def test_forms_sent_twice_are_the_same_bytes_without_source_date_epoch(sent_forms, tmp_path, monkeypatch):
    """The README's promise: the same plan and round give the same forms whenever they are made (the
    date they carry is the plan's own, not the clock's). Made now without SOURCE_DATE_EPOCH, they are
    the bytes of the forms conftest made earlier in the run with it set."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, second = tmp_path / "first", sent_forms / "forms"
    result = invoke("forms", PLAN_2025, "--units", UNITS, "-o", first)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)
    book = openpyxl.load_workbook(first / "市科协.xlsx")
    assert book.properties.created == dt.datetime(
        2025, 1, 1
    )  # the plan has no 成文日期: its year's first day
