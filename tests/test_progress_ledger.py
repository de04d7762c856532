"""`progress --format xlsx`: the 台账 workbook, after a round in which some units reported.

The round (built once per module): 市科协 reported (its words hold formula-like texts), 市科技局
filled one row, 天河区科协 reported, 市财政局 sent its form back untouched, everyone else is silent;
two tasks have a deadline (2025-Q2): one done by its lead, one not.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pty
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kepu_plan.charsets import CONTROL
from pdfboxes import needs_soffice, printed

from conftest import PLAN_2025, UNITS, built_once, invoke, kepu_process, make_project, replace_once
from formfill import fill

SHEETS = ["汇总", "单位报送", "任务进展", "逾期任务", "次年工作建议"]
STATES = ["已完成", "按计划推进", "滞后", "未启动", "不适用", "未填写", "未报送"]
HOSTILE = ('=HYPERLINK("http://example.org","点我")', "@SUM(1+1)", "+86 20 1234", "-cmd|' /C calc'!A0")
ID = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)+")


def _round(root: Path) -> Path:
    make_project(root)
    plan = root / "plans" / "2025.yaml"
    text = PLAN_2025.read_text(encoding="utf-8")
    for units in (
        "            units: [[市、区科协]]\n",
        "            units: [[市科协, 市科技局, 市有关单位], [各区政府]]\n",
    ):
        text = replace_once(text, units, units + "            deadline: 2025-Q2\n")
    plan.write_text(text, encoding="utf-8")
    assert invoke("forms", plan, "-o", root / "forms").exit_code == 0
    forms, back = root / "forms", root / "back"
    back.mkdir()

    def typed_text(wb: openpyxl.Workbook) -> None:  # a unit's words that look like formulas, kept as text
        ws = wb["工作任务"]
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == "HOSTILE-TEXT":
                    cell.value, cell.data_type = HOSTILE[0], "s"
                elif cell.value == "HOSTILE-NOTE":
                    cell.value, cell.data_type = HOSTILE[1], "s"

    fill(
        forms / "市科协.xlsx",
        lambda unit, task: {"进展状态": "已完成", "完成情况": "按计划完成。", "活动场次": 3, "参与人次": 200},
        target=back / "市科协.xlsx",
    )
    fill(
        back / "市科协.xlsx",
        {"science-month": {"完成情况": "HOSTILE-TEXT", "佐证材料或备注": "HOSTILE-NOTE"}},
        proposals=[(HOSTILE[2], HOSTILE[3], "市科协")],
        edit=typed_text,
    )
    fill(
        forms / "市科技局.xlsx",
        {"laws-and-policies": {"进展状态": "滞后", "完成情况": "推迟到 12 月。\n另行安排。", "活动场次": 1}},
        target=back / "市科技局.xlsx",
    )
    fill(
        forms / "天河区科协.xlsx",
        lambda unit, task: {"进展状态": "按计划推进"},
        target=back / "天河区科协.xlsx",
    )
    shutil.copy(forms / "市财政局.xlsx", back / "市财政局.xlsx")  # untouched
    collected = invoke("collect", plan, *sorted(back.glob("*.xlsx")), "--progress-dir", root / "progress")
    assert collected.exit_code == 0, collected.output
    return root


def _progress(root: Path, *args: object, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """`kepu-plan progress` on the round's plan and progress folder, from anywhere."""
    return invoke(
        "progress", root / "plans" / "2025.yaml", "--progress-dir", root / "progress", *args, env=env
    )


@pytest.fixture(scope="module")
def round_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The round, built once per test run and shared by the workers: read it, never write into it."""
    return built_once(tmp_path_factory, "ledger-round", _round)


@pytest.fixture(scope="module")
def ledger_file(round_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 台账 with --as-of 2025-07-01."""
    target = tmp_path_factory.mktemp("ledger") / "台账.xlsx"
    result = _progress(round_project, "--as-of", "2025-07-01", "--format", "xlsx", "-o", target)
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def ledger(round_project: Path, ledger_file: Path) -> tuple[openpyxl.Workbook, dict]:
    """The 台账 opened, and the same round as progress --format json."""
    data = json.loads(_progress(round_project, "--as-of", "2025-07-01", "--format", "json").stdout)
    return openpyxl.load_workbook(ledger_file), data


def _table(ws) -> tuple[int, list[str], list[list]]:  # type: ignore[no-untyped-def]
    """The table of a sheet: its header row (the autofilter's first), column names, data rows."""
    first, last = ws.auto_filter.ref.split(":")
    head = int(re.sub(r"\D", "", first))
    end = int(re.sub(r"\D", "", last))
    names = [c.value for c in ws[head]]
    rows = [[c.value for c in ws[r]] for r in range(head + 1, end + 1)]
    return head, names, rows


def _records(ws) -> list[dict]:  # type: ignore[no-untyped-def]
    _, names, rows = _table(ws)
    return [dict(zip(names, row, strict=False)) for row in rows]


def test_the_sheets_and_the_summary_say_what_progress_text_says(ledger, round_project):
    wb, data = ledger
    assert wb.sheetnames == SHEETS
    text = _progress(round_project, "--as-of", "2025-07-01").stdout
    ws = wb["汇总"]
    notes = [ws.cell(r, 1).value for r in range(2, _table(ws)[0])]
    lines = text.splitlines()
    assert lines[1] in notes and lines[2] in notes  # 共 30 项任务… and 应报送单位 63 个…
    assert "轮次 2025-年度；截至 2025-07-01。" in notes
    parts = _records(ws)
    assert [p["部分"] for p in parts] == [s["part"] + s["heading"] for s in data["sections"]]
    for part, section in zip(parts, data["sections"], strict=True):
        assert part["任务"] == section["tasks"]
        assert {w: part[w] for w in STATES} == section["counts"]
        shown = re.search(re.escape(part["部分"]) + r".*（(.*)）", text)
        assert shown and shown.group(1) == "，".join(f"{w} {part[w]}" for w in STATES if part[w])
    below = {
        ws.cell(r, 1).value: [c.value for c in ws[r]]
        for r in range(_table(ws)[0] + len(parts) + 1, ws.max_row + 1)
    }
    states = [u["state"] for u in data["units"]]
    assert {k: below[k][1] for k in ("应报送单位", "已报送", "未填写", "未报送")} == {
        "应报送单位": 63,
        "已报送": data["summary"]["reported"],
        "未填写": states.count("未填写"),
        "未报送": states.count("未报送"),
    }
    assert (data["summary"]["reported"], states.count("未填写")) == (3, 1)
    total = below["合计"]
    assert total[:2] == ["合计", 30] and total[2 : 2 + len(STATES)] == [
        data["summary"]["counts"][w] for w in STATES
    ]
    assert total[-2:] == [data["summary"]["totals"]["活动场次"], data["summary"]["totals"]["参与人次"]]


def test_one_row_per_unit_reported_or_not(ledger):
    wb, data = ledger
    units = {u["单位"]: u for u in _records(wb["单位报送"])}
    assert list(units) == [u["unit"] for u in data["units"]]
    assert units["市科协"]["报送情况"] == "已报送" and units["市科协"]["未报送"] == 0
    assert units["市科协"]["已完成"] == units["市科协"]["明确任务"] == 16
    assert (
        units["市财政局"]["报送情况"] == "未填写"
        and units["市财政局"]["未填写"] == units["市财政局"]["明确任务"]
    )
    silent = units["天河区政府"]
    assert silent["报送情况"] == "未报送" and silent["未报送"] == silent["明确任务"] > 0
    assert silent["活动场次"] is None and silent["收回的表格"] is None  # nothing said: blank, not 0
    partly = units["市科技局"]
    assert (partly["滞后"], partly["未填写"], partly["活动场次"]) == (1, partly["明确任务"] - 1, 1)
    for name, row in units.items():
        assert sum(row[w] for w in STATES) == row["明确任务"], name


def test_every_task_with_each_units_word(ledger):
    wb, data = ledger
    rows = _records(wb["任务进展"])
    expected = [(t["id"], r["unit"], r["status"]) for t in data["tasks"] for r in t["reports"]]
    assert [(r["任务编号"], r["单位"], r["单位状态"]) for r in rows if r["单位"]] == expected
    by_id = {t["id"]: t for t in data["tasks"]}
    assert {r["任务编号"] for r in rows} == set(by_id)  # a task no unit reports on still has its row
    for row in rows:
        assert row["任务状态"] == by_id[row["任务编号"]]["status"]
        assert re.fullmatch(r"[一二三四五六七八九十]+（[一二三四五六七八九十]+）第\d+项", row["任务"])
    [late] = [r for r in rows if r["单位"] == "市科技局" and r["任务编号"] == "laws-and-policies"]
    assert (late["单位状态"], late["完成情况"], late["活动场次"], late["参与人次"]) == (
        "滞后",
        "推迟到 12 月。\n另行安排。",
        1,
        None,
    )
    assert late["任务"] == "二（一）第4项" and late["工作任务"] == by_id["laws-and-policies"]["title"]
    assert late["牵头单位"] == "市科技局" and late["角色"] == "牵头"


def test_overdue_tasks_as_of_a_date(ledger, round_project, tmp_path):
    wb, data = ledger
    rows = _records(wb["逾期任务"])
    assert [r["任务编号"] for r in rows] == data["overdue"] == ["science-association-duty"]
    [row] = rows
    assert row["完成时限"] == "2025-Q2" and row["截止日期"].date().isoformat() == "2025-06-30"
    assert row["逾期天数"] == 1 and row["任务状态"] == "按计划推进"
    assert "市科协：已完成" in row["牵头单位填报"] and "越秀区科协：未报送" in row["牵头单位填报"]
    target = tmp_path / "无截至日期.xlsx"
    assert _progress(round_project, "-o", target).exit_code == 0
    ws = openpyxl.load_workbook(target)["逾期任务"]
    assert [r[0] for r in _table(ws)[2]] == ["（未判断逾期）"]
    assert any("--as-of" in str(ws.cell(r, 1).value) for r in range(2, 4))


def test_frozen_filtered_wrapped_and_printable(ledger):
    wb, _ = ledger
    for ws in wb.worksheets:
        head, names, _rows = _table(ws)
        assert ws.freeze_panes and int(re.sub(r"\D", "", ws.freeze_panes)) == head + 1, ws.title
        assert ws.auto_filter.ref.startswith(f"A{head}:")
        assert ws.print_title_rows == f"${head}:${head}", ws.title
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == (
            "landscape",
            9,
            1,
            0,
        ), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        dimensions = [
            ws.column_dimensions[openpyxl.utils.get_column_letter(c)] for c in range(1, len(names) + 1)
        ]
        shown = sum(d.width for d in dimensions if not d.hidden)
        assert shown <= 145, (ws.title, shown)  # what an A4 landscape page holds at 五号
        for row in ws.iter_rows(min_row=1):
            for cell in row:
                if cell.value is not None:
                    assert cell.font.sz >= 10.5, (ws.title, cell.coordinate)
                if isinstance(cell.value, str) and cell.row > head:
                    assert cell.alignment.wrap_text, (ws.title, cell.coordinate)


def test_ids_only_in_the_hidden_column(ledger):
    wb, _ = ledger
    for ws in wb.worksheets:
        hidden = {k for k, d in ws.column_dimensions.items() if d.hidden}
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and ID.search(cell.value) and cell.column_letter not in hidden:
                    raise AssertionError((ws.title, cell.coordinate, cell.value))
    _, names, _ = _table(wb["任务进展"])
    letter = openpyxl.utils.get_column_letter(names.index("任务编号") + 1)
    assert wb["任务进展"].column_dimensions[letter].hidden


def test_texts_that_look_like_formulas_stay_text(ledger, ledger_file):
    wb, _ = ledger
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in HOSTILE:
                    found[cell.value] = cell
    assert set(found) == set(HOSTILE)
    for cell in found.values():
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    with zipfile.ZipFile(ledger_file) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        assert not [n for n in sheets if "<f>" in package.read(n).decode("utf-8")]


def test_the_suffix_names_the_format_and_a_contradiction_is_refused(round_project):
    result = _progress(round_project, "-o", "x.xlsx")
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile("x.xlsx") and openpyxl.load_workbook("x.xlsx").sheetnames == SHEETS
    for args in (("--format", "xlsx", "-o", "x.md"), ("--format", "text", "-o", "y.xlsx")):
        refused = _progress(round_project, *args)
        assert refused.exit_code == 2 and "扩展名" in refused.stderr, args
        assert not Path("y.xlsx").exists() and not Path("x.md").exists()
    default = _progress(round_project, "--format", "xlsx")  # a workbook goes to out/, never to the screen
    assert default.exit_code == 0 and Path("out/完成情况-2025-年度.xlsx").is_file()


def test_a_workbook_is_never_printed_to_a_terminal(round_project):
    leader, follower = pty.openpty()
    try:
        run = kepu_process(
            "progress",
            round_project / "plans" / "2025.yaml",
            *("--progress-dir", round_project / "progress", "--format", "xlsx", "-o", "-"),
            stdout=follower,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert run.returncode == 2 and "二进制" in run.stderr and "Traceback" not in run.stderr


def test_the_same_bytes_every_time_dated_by_the_plan(round_project, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    for name in ("a.xlsx", "b.xlsx"):
        assert _progress(round_project, "-o", name, env={"SOURCE_DATE_EPOCH": ""}).exit_code == 0
    assert Path("a.xlsx").read_bytes() == Path("b.xlsx").read_bytes()
    created = openpyxl.load_workbook("a.xlsx").properties.created
    assert created is not None and (created.year, created.month, created.day) == (2025, 1, 1)


@needs_soffice
def test_printed_through_libreoffice(ledger_file, tmp_path):
    source = tmp_path / "台账.xlsx"
    shutil.copy(ledger_file, source)
    text, smallest = printed(source, tmp_path)
    for title in ("进展台账", "各单位报送情况", "各项任务进展", "逾期任务", "各单位次年工作建议"):
        assert title in text
    assert "=HYPERLINK(" in text and "@SUM(1+1)" in text and not ID.search(text)  # as typed, not run
    assert smallest >= 9


# -- whatever a unit types stays what it typed, as text ----------------------------------------------------

#: What a unit may write in a cell (progress_files.UnitText: no control characters), formula starts often.
UNIT_WORDS = st.text(
    st.characters(blacklist_categories=("Cs",)).filter(lambda c: not CONTROL.match(c))
    | st.sampled_from("=+-@\n\t 　"),
    max_size=40,
)


@pytest.fixture(scope="module")
def one_task_progress():  # type: ignore[no-untyped-def]
    """The 2025 plan's first task and its first unit, nothing reported: a small Progress to vary."""
    from kepu_plan.loading import load_plan, load_registry
    from kepu_plan.progress import combine

    progress = combine(load_plan(PLAN_2025).model, load_registry(UNITS), {}, "2025-年度")
    progress.tasks, progress.units = progress.tasks[:1], progress.units[:1]
    return progress


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=UNIT_WORDS, note=UNIT_WORDS, title=UNIT_WORDS)
def test_any_words_a_unit_typed_are_stored_as_typed_and_never_as_a_formula(
    one_task_progress, text, note, title
):
    import io

    from kepu_plan.progress import UnitReport
    from kepu_plan.progress_files import Proposal
    from kepu_plan.writers.progress_xlsx import progress_xlsx

    task = one_task_progress.tasks[0]
    report = UnitReport(task.reports[0].unit, "牵头", "已完成", text, {"活动场次": 1}, note, True, True)
    progress = dataclasses.replace(
        one_task_progress,
        tasks=[dataclasses.replace(task, reports=(report,))],
        proposals=[("市科协", Proposal(title=title or "建议", text=text, units=note))],
    )
    data = progress_xlsx(progress)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert not [n for n in package.namelist() if b"<f>" in package.read(n)]
    wb = openpyxl.load_workbook(io.BytesIO(data))
    [row] = _records(wb["任务进展"])
    assert (row["完成情况"] or "", row["佐证材料或备注"] or "") == (text, note)
    [proposal] = _records(wb["次年工作建议"])
    assert (proposal["工作任务"], proposal["具体内容"] or "") == (title or "建议", text)
