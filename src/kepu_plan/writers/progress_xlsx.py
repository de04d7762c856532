"""The 台账 (`kepu-plan progress --format xlsx`): the workbook an office keeps about the year's progress.

The same combined result as `progress --format text` (progress.combine), laid out for a clerk who
filters, sorts, adds up and prints. Sheets, in order:

* 汇总: the round and the date it is taken at, the sentences `progress` prints (tasks by status,
  units reported or not, 主要数据 added up), then one row per part of the plan with its tasks counted
  by status (the words of progress_files.TASK_STATES: 已完成 … 未填写, 未报送), a 合计 row under
  the table, and under that the units counted by their state (已报送, 未填写, 未报送);
* 单位报送: one row per unit that was sent a form: 已报送, 未填写 (its form came back untouched) or
  未报送, its definite tasks counted by what it said on each, the figures it gave, the file it sent;
* 任务进展: one row per (task, unit) — a running number (sorting by it gives the plan's order back),
  the task's label (二（三）第6项), title, lead (as the plan writes it) and combined status, the
  deadline, then the unit, its role and what it said: status, 完成情况, the data columns, its note. A row per unit rather than a row per task with the units side by side, because that is
  what a clerk filters: 单位 = 市科协 gives one unit's rows, 单位状态 = 未报送 the rows to chase,
  任务状态 the tasks; each cell holds one value, so a filter or a sum never has to read inside a
  cell, and the task's own columns are repeated on every row, so no filtered row loses its task;
* 逾期任务: with --as-of, the tasks past their deadline and not done (how many days, who leads, what
  the leads said); without it, or when none is overdue, the sheet says so in its table;
* 次年工作建议: every unit's proposals for next year, as written.

Every sheet: title and notes above one table, its header row frozen and repeated on every printed
page, an autofilter over the table, wrapped text in columns sized for Chinese text, A4 landscape
fitted to the width (the widths add up to what the page holds at 五号), nothing under 10.5 pt. Task
ids stand in a hidden last column (任务编号), for a clerk who needs to match rows with the plan file.
Every text from the plan or a unit is a string cell (workbook.text_cell: "=cmd" stays text); figures
and dates are typed values; there is no formula. The bytes depend only on the content and the plan's
date (epoch.plan_dated), as the forms' do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..epoch import plan_dated
from ..progress import (
    DATA_COLUMNS,
    NOT_FILLED,
    NOT_REPORTED,
    REPORTED,
    TASK_STATES,
    Progress,
    TaskProgress,
    UnitReport,
)
from .progress_text import summary_sentence, units_sentence
from .workbook import (
    BORDER,
    CENTRE,
    FONT,
    HEAD_FILL,
    SIZE,
    WRAP,
    print_a4_landscape,
    row_height,
    save_reproducibly,
    text_cell,
    wrapped_lines,
)

SUMMARY_SHEET, UNITS_SHEET, TASKS_SHEET = "汇总", "单位报送", "任务进展"
OVERDUE_SHEET, PROPOSALS_SHEET = "逾期任务", "次年工作建议"
TASK_ID = "任务编号"

Kind = Literal["text", "centre", "number", "date"]
Value = str | int | dt.date | None
_STYLE = {"text": "台账文字", "centre": "台账居中", "number": "台账数字", "date": "台账日期"}
_HEAD = "台账表头"


@dataclass(frozen=True)
class Column:
    name: str
    width: float  # characters of the default font: a Chinese character takes about two
    kind: Kind = "text"
    hidden: bool = False


def _add_styles(wb: Workbook) -> None:
    """Named styles, one assignment per cell (setting font, border and alignment apart is slow)."""
    font = Font(name=FONT, size=SIZE)
    number = Alignment(horizontal="right", vertical="top")
    for spec in (
        NamedStyle(_STYLE["text"], font=font, border=BORDER, alignment=WRAP),
        NamedStyle(_STYLE["centre"], font=font, border=BORDER, alignment=CENTRE),
        NamedStyle(_STYLE["number"], font=font, border=BORDER, alignment=number, number_format="0"),
        NamedStyle(_STYLE["date"], font=font, border=BORDER, alignment=CENTRE, number_format="yyyy-mm-dd"),
        NamedStyle(
            _HEAD, font=Font(name=FONT, size=SIZE, bold=True), fill=HEAD_FILL, border=BORDER, alignment=CENTRE
        ),
    ):
        wb.add_named_style(spec)


def _table(
    ws: Worksheet,
    title: str,
    notes: Sequence[str],
    columns: Sequence[Column],
    rows: Sequence[Sequence[Value]],
    *,
    frozen_columns: int = 0,
) -> int:
    """Title, note lines, then the table: header frozen, filtered and repeated on every printed page.
    Returns the last row of the table."""
    text_cell(ws, 1, 1, title)
    ws.cell(1, 1).font = Font(name=FONT, size=14, bold=True)
    for offset, note in enumerate(notes, 2):
        text_cell(ws, offset, 1, note)
        ws.cell(offset, 1).font = Font(name=FONT, size=SIZE, color="404040")
    head = 2 + len(notes)
    for col, column in enumerate(columns, 1):
        text_cell(ws, head, col, column.name, _HEAD)
        dimension = ws.column_dimensions[get_column_letter(col)]
        dimension.width = column.width
        dimension.hidden = column.hidden
    shown = [c for c in columns if not c.hidden]
    ws.row_dimensions[head].height = row_height(max(wrapped_lines(c.name, c.width) for c in shown))
    for number, values in enumerate(rows, head + 1):
        lines = 1
        for col, (column, value) in enumerate(zip(columns, values, strict=True), 1):
            if isinstance(value, str):
                text_cell(ws, number, col, value, _STYLE[column.kind])
                if not column.hidden:
                    lines = max(lines, wrapped_lines(value, column.width))
            else:
                cell = ws.cell(number, col)
                cell.style = _STYLE[column.kind]
                cell.value = value
        ws.row_dimensions[number].height = row_height(lines)
    last = head + max(len(rows), 1)
    ws.auto_filter.ref = f"A{head}:{get_column_letter(len(columns))}{last}"
    ws.freeze_panes = ws.cell(head + 1, frozen_columns + 1)
    print_a4_landscape(ws, f"{head}:{head}")
    return last


def _status_columns(width: float = 6) -> list[Column]:
    return [Column(word, width, "number") for word in TASK_STATES]


def _data_columns(width: float = 7) -> list[Column]:
    return [Column(name, width, "number") for name in DATA_COLUMNS]


def _figures(reports: Sequence[UnitReport]) -> list[Value]:
    """The data columns added up over `reports`; blank where no report gave that figure."""
    given = [r.data for r in reports]
    return [
        sum(d[name] for d in given if name in d) if any(name in d for d in given) else None
        for name in DATA_COLUMNS
    ]


def _as_of_note(progress: Progress) -> str:
    when = progress.as_of
    at = f"截至 {when.isoformat()}" if when else "未指定截至日期（--as-of），不判断逾期"
    return f"轮次 {progress.round}；{at}。"


def _summary(ws: Worksheet, progress: Progress) -> None:
    totals = progress.totals()
    notes = [
        _as_of_note(progress),
        summary_sentence(progress),
        units_sentence(progress),
        "主要数据合计：" + "，".join(f"{name} {totals.get(name, 0)}" for name in DATA_COLUMNS) + "。",
    ]
    overdue = progress.as_of is not None
    columns = [Column("部分", 48), Column("任务", 6, "number"), *_status_columns(7)]
    columns += [Column("逾期", 6, "number")] if overdue else []
    columns += _data_columns()
    rows: list[list[Value]] = []
    for part, tasks in progress.by_part():
        counts = progress.counts(tasks)
        row: list[Value] = [part.numbered_heading, len(tasks), *(counts[w] for w in TASK_STATES)]
        row += [sum(t.overdue for t in tasks)] if overdue else []
        rows.append(row + _figures([r for t in tasks for r in t.reports]))
    last = _table(ws, f"{progress.plan.title} 进展台账", notes, columns, rows, frozen_columns=1)
    counts = progress.counts()
    total: list[Value] = ["合计", len(progress.tasks), *(counts[w] for w in TASK_STATES)]
    total += [len(progress.overdue)] if overdue else []
    total += _figures([r for t in progress.tasks for r in t.reports])
    below = last + 2  # a blank row between: sorting or filtering the table leaves the total alone
    for col, (column, value) in enumerate(zip(columns, total, strict=True), 1):
        cell = ws.cell(below, col)
        cell.style = _HEAD if col == 1 else _STYLE[column.kind]
        cell.value = value
        cell.font = Font(name=FONT, size=SIZE, bold=True)
    # the units' reporting as figures too, under the total: 应报送单位, then each state (one per unit)
    states = [("应报送单位", len(progress.units))]
    states += [
        (word, sum(u.state == word for u in progress.units)) for word in (REPORTED, NOT_FILLED, NOT_REPORTED)
    ]
    for at, (label, count) in enumerate(states, below + 2):
        text_cell(ws, at, 1, label, _HEAD)
        ws.cell(at, 2).style = _STYLE["number"]
        ws.cell(at, 2).value = count


def _units(ws: Worksheet, progress: Progress) -> None:
    own: dict[str, list[UnitReport]] = {}
    besides: dict[str, list[UnitReport]] = {}
    for task in progress.tasks:
        for r in task.reports:
            (own if r.definite else besides).setdefault(r.unit, []).append(r)
    columns = [
        Column("序号", 5, "centre"),
        Column("单位", 13),
        Column("单位全称", 22),
        Column("报送情况", 9, "centre"),
        Column("明确任务", 6, "number"),
        *_status_columns(),
        Column("另填可能涉及", 7, "number"),
        *_data_columns(),
        Column("收回的表格", 20),
    ]
    rows: list[list[Value]] = []
    for number, unit in enumerate(progress.units, 1):
        mine = own.get(unit.unit, [])
        counts = dict.fromkeys(TASK_STATES, 0)
        for r in mine:
            counts[r.word] += 1
        extra = besides.get(unit.unit, [])
        rows.append(
            [
                number,
                unit.unit,
                unit.full_name,
                unit.state,
                len(mine),
                *(counts[w] for w in TASK_STATES),
                len(extra),
                *_figures([*mine, *extra]),
                unit.source or "",
            ]
        )
    notes = [
        _as_of_note(progress),
        units_sentence(progress)
        + "各状态列为该单位明确承担的任务中，它填报为该状态的项数；“另填可能涉及”为它在“可能涉及的任务”中填报的项数。",
    ]
    _table(ws, f"{progress.plan.title} 各单位报送情况", notes, columns, rows, frozen_columns=2)


def _lead(task: TaskProgress) -> str:
    """The lead as the plan writes it (各区政府, 市、区科协): short enough to repeat on every row; the
    units it stands for have rows of their own, with their role."""
    return task.planned.task.lead_name or ""


def _task_rows(task: TaskProgress) -> list[list[Value]]:
    planned = task.planned
    head: list[Value] = [
        planned.label,
        planned.task.title,
        _lead(task),
        task.status,
        planned.task.deadline or "",
    ]
    if not task.reports:
        why = "责任单位均为泛指，无人报送" if task.no_one_to_report else "责任单位为泛指，尚无单位填报"
        return [[*head, "", "", "", why, None, None, "", planned.task.id]]
    rows: list[list[Value]] = []
    for r in task.reports:
        role = r.role if r.definite else "可能涉及"
        figures = [r.data.get(name) for name in DATA_COLUMNS]
        rows.append([*head, r.unit, role, r.word, r.text, *figures, r.note, planned.task.id])
    return rows


def _tasks(ws: Worksheet, progress: Progress) -> None:
    columns = [
        Column("序号", 5, "centre"),
        Column("任务", 12),
        Column("工作任务", 18),
        Column("牵头单位", 10),
        Column("任务状态", 10, "centre"),
        Column("完成时限", 8, "centre"),
        Column("单位", 11),
        Column("角色", 5, "centre"),
        Column("单位状态", 10, "centre"),
        Column("完成情况", 28),
        *_data_columns(6),
        Column("佐证材料或备注", 13),
        Column(TASK_ID, 20, hidden=True),
    ]
    rows = [[n, *row] for n, row in enumerate((r for task in progress.tasks for r in _task_rows(task)), 1)]
    notes = [
        _as_of_note(progress),
        "每行为一项任务的一个单位：任务状态跟随牵头单位的填报；单位状态、完成情况和主要数据为该单位所填。"
        "可按“单位”“单位状态”“任务状态”筛选；按“序号”排序回到计划中的顺序。",
    ]
    _table(ws, f"{progress.plan.title} 各项任务进展", notes, columns, rows, frozen_columns=3)


def _overdue(ws: Worksheet, progress: Progress) -> None:
    columns = [
        Column("任务", 12),
        Column("工作任务", 28),
        Column("牵头单位", 16),
        Column("完成时限", 9, "centre"),
        Column("截止日期", 11, "date"),
        Column("逾期天数", 7, "number"),
        Column("任务状态", 11, "centre"),
        Column("牵头单位填报", 42),
        Column(TASK_ID, 20, hidden=True),
    ]
    as_of = progress.as_of
    rows: list[list[Value]] = []
    for t in progress.overdue:
        assert as_of is not None and t.deadline is not None  # overdue only with both
        said = "；".join(f"{r.unit}：{r.word}" for r in t.reports if r.unit in t.lead_units)
        days = (as_of - t.deadline).days
        rows.append(
            [
                t.planned.label,
                t.planned.task.title,
                _lead(t),
                t.planned.task.deadline or "",
                t.deadline,
                days,
                t.status,
                said,
                t.planned.task.id,
            ]
        )
    if as_of is None:
        note = "未指定截至日期（--as-of），未判断逾期；加 --as-of 日期 重新生成即可列出。"
    else:
        note = (
            f"截至 {as_of.isoformat()}，已过完成时限而未完成（不是已完成或不适用）的任务共 {len(rows)} 项。"
        )
    if not rows:
        empty = "（未判断逾期）" if as_of is None else "（无逾期任务）"
        rows = [[empty, "", "", "", None, None, "", "", ""]]
    _table(
        ws, f"{progress.plan.title} 逾期任务", [_as_of_note(progress), note], columns, rows, frozen_columns=2
    )


def _proposals(ws: Worksheet, progress: Progress) -> None:
    columns = [
        Column("序号", 5, "centre"),
        Column("提出单位", 13),
        Column("工作任务", 30),
        Column("具体内容", 60),
        Column("建议责任单位", 30),
    ]
    rows: list[list[Value]] = [
        [n, unit, p.title, p.text, p.units] for n, (unit, p) in enumerate(progress.proposals, 1)
    ] or [[None, "（无）", "", "", ""]]
    notes = [
        _as_of_note(progress),
        f"各单位在填报表“次年工作建议”中提出的任务，共 {len(progress.proposals)} 条，照录原文。",
    ]
    _table(ws, f"{progress.plan.title} 各单位次年工作建议", notes, columns, rows, frozen_columns=2)


def ledger_workbook(progress: Progress) -> Workbook:
    """The 台账 as an openpyxl workbook (:func:`progress_xlsx` gives its reproducible bytes)."""
    wb = Workbook()
    _add_styles(wb)
    first = wb.active
    assert first is not None
    first.title = SUMMARY_SHEET
    _summary(first, progress)
    _units(wb.create_sheet(UNITS_SHEET), progress)
    _tasks(wb.create_sheet(TASKS_SHEET), progress)
    _overdue(wb.create_sheet(OVERDUE_SHEET), progress)
    _proposals(wb.create_sheet(PROPOSALS_SHEET), progress)
    wb.active = 0
    return wb


def progress_xlsx(progress: Progress) -> bytes:
    """The 台账 as .xlsx bytes: the same round, plan and --as-of give the same bytes."""
    plan = progress.plan
    title = f"{plan.title} 进展台账 {progress.round}"
    return save_reproducibly(ledger_workbook(progress), title, plan_dated(plan.year, plan.date))
