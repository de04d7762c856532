"""One unit's progress form (进展填报表) as an .xlsx workbook, written with openpyxl.

What the unit sees when it opens the file (Excel, WPS or LibreOffice Calc):

* sheet 工作任务: its definite tasks, one per row, as `render --unit` lists them. The plan's columns
  (序号, 所属部分, 工作任务, 具体内容, 角色, 列入依据, 完成时限) are grey and locked; the columns to
  fill are white: 进展状态 (a drop-down of the five words), 完成情况, 主要数据 (活动场次, 参与人次:
  whole numbers), 佐证材料或备注. The last column, 任务编号, ties each row to the plan: it is hidden,
  so no id shows on screen or paper. Above the table, lines for 填报人, 联系电话, 填报日期 and room for
  the seal (单位（盖章）): the form goes back signed and stamped;
* sheet 可能涉及的任务: tasks whose units are vague (市有关单位), with 不涉及 added to the drop-down;
* sheet 次年工作建议: free rows for tasks the unit proposes for next year (as many as print on one page);
* a hidden sheet 表格信息 with the plan's year, title and fingerprint, the round and the unit: the
  form says whose it is, whatever the file is called.

Printed, every sheet is A4 landscape, fitted to the page width at 五号 or larger, headings repeated
on every page; rows have no fixed height, so long texts wrap and the rows grow. Where the rows and
columns are is fixed in form_layout.py, which collect reads too.

Sheets are protected without a password (protection guards against slips, not against people);
columns may still be resized. Every text from the plan is written as a string cell, so a title that
starts with "=" stays text and never becomes a formula. The workbook's bytes depend only on its content:
fixed document properties and zip entries (SOURCE_DATE_EPOCH is honoured).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..assignments import Assignment, PossibleAssignment, UnitTasks
from ..form_layout import (
    FILL_COLUMNS,
    FIRST_ROW,
    FORM_KIND,
    FORM_VERSION,
    GROUP_ROW,
    HEADER_ROW,
    HIDDEN_COLUMNS,
    INFO_SHEET,
    NOTE,
    NOTE_ROWS,
    POSSIBLE_SHEET,
    PROPOSAL_COLUMNS,
    PROPOSAL_ROWS,
    PROPOSALS_SHEET,
    SEAL,
    SIGN_OFF,
    SIGN_ROWS,
    STATUS,
    TASK_COLUMNS,
    TASK_ID,
    TASKS_SHEET,
    TEXT,
    TITLE_ROW,
)
from ..progress import DATA_COLUMNS, NOT_CONCERNED, STATUSES
from .workbook import (
    BORDER,
    CENTRE,
    FONT,
    GREY,
    HEAD_FILL,
    SIZE,
    WRAP,
    print_a4_landscape,
    row_height,
    save_reproducibly,
    text_cell,
    wrapped_lines,
)

#: Column widths (characters of the default font; a Chinese character takes about two): the visible
#: columns add up to what an A4 landscape page holds at 五号 (10.5 pt), so fitting the width to the page
#: never shrinks the text below print size.
_WIDTHS = {
    "序号": 5,
    "所属部分": 9,
    "工作任务": 14,
    "具体内容": 24,
    "角色": 6,
    "列入依据": 10,
    "完成时限": 8,
    STATUS: 9,
    TEXT: 32,
    "活动场次": 6,
    "参与人次": 7,
    NOTE: 12,
    TASK_ID: 20,
    "建议责任单位": 24,
}
_PROPOSAL_WIDTHS = {"序号": 5, "工作任务": 30, "具体内容": 70, "建议责任单位": 30}

#: The 完成情况 a row has room for when printed: spreadsheet programs do not grow a row for wrapped
#: text when they open a file (LibreOffice prints it cut), so the height is set, and set generously.
_ROOM_FOR = "字" * 200

#: Height of a sign-off line (points): room to write by hand, and with the lines together for the seal.
_SIGN_HEIGHT = 30.0
#: Cell styles, registered once per workbook as named styles: one assignment per cell instead of five
#: (setting font, fill, border, alignment and protection separately is most of openpyxl's time).
FIXED, FIXED_CENTRE, OPEN, OPEN_NUMBER, HEAD = "计划内容", "计划内容居中", "填写", "填写数字", "表头"
SIGN_LABEL, SIGN_LINE, SIGN_SPACE = "签署项", "签署填写", "盖章处"
#: The sign-off labels stand in the 所属部分 column, the lines to fill in the 工作任务 column beside it.
PLAN_LABEL_COLUMN = 2
_OPEN = Protection(locked=False)


@dataclass(frozen=True)
class FormInfo:
    """What the hidden sheet records: the form's identity, checked when it comes back."""

    plan_year: int
    plan_title: str
    plan_hash: str
    round: str
    unit: str
    unit_full_name: str

    def values(self) -> dict[str, str]:
        return {
            "表格类型": FORM_KIND,
            "格式版本": FORM_VERSION,
            "计划年份": str(self.plan_year),
            "计划标题": self.plan_title,
            "计划指纹": self.plan_hash,
            "轮次": self.round,
            "单位": self.unit,
            "单位全称": self.unit_full_name,
        }


def _add_styles(wb: Workbook) -> None:
    from openpyxl.styles import NamedStyle

    small = Font(name=FONT, size=SIZE)
    line = Border(bottom=Side(style="thin", color="000000"))
    label = Alignment(horizontal="right", vertical="bottom")
    specs = [
        NamedStyle(FIXED, font=small, fill=GREY, border=BORDER, alignment=WRAP),
        NamedStyle(FIXED_CENTRE, font=small, fill=GREY, border=BORDER, alignment=CENTRE),
        NamedStyle(OPEN, font=small, border=BORDER, alignment=WRAP, protection=_OPEN),
        NamedStyle(
            OPEN_NUMBER, font=small, border=BORDER, alignment=WRAP, protection=_OPEN, number_format="0"
        ),
        NamedStyle(
            HEAD, font=Font(name=FONT, size=SIZE, bold=True), fill=HEAD_FILL, border=BORDER, alignment=CENTRE
        ),
        NamedStyle(SIGN_LABEL, font=small, alignment=label),
        NamedStyle(
            SIGN_LINE, font=small, border=line, alignment=Alignment(vertical="bottom"), protection=_OPEN
        ),
        NamedStyle(SIGN_SPACE, font=small, protection=_OPEN),
    ]
    for spec in specs:
        wb.add_named_style(spec)


def _basis(listed: Assignment | PossibleAssignment) -> str:
    if isinstance(listed, Assignment):
        return f"通过“{listed.via}”列入" if listed.via else f"点名（{listed.reference}）"
    return "泛指：" + "、".join(listed.references)


def _row_height(columns: Sequence[str], values: Sequence[str]) -> float:
    """Row height (points) that shows the plan's texts whole and leaves room for a 200-character
    完成情况: a fixed height does not grow, so it must be enough from the start."""
    lines = max(wrapped_lines(v, _WIDTHS.get(c, 14)) for c, v in zip(columns, values, strict=False))
    return row_height(max(lines, wrapped_lines(_ROOM_FOR, _WIDTHS[TEXT])))


def _header(
    ws: Worksheet, columns: Sequence[str], title: str, note: Sequence[str], groups: dict[str, str]
) -> None:
    """Title, note and column headings, and the page: A4 landscape, the width fitted to the page (the
    widths are chosen so this keeps 五号), the headings repeated on every printed page."""
    text_cell(ws, TITLE_ROW, 1, title)
    ws.cell(TITLE_ROW, 1).font = Font(name=FONT, size=14, bold=True)
    for row, line in zip(NOTE_ROWS, note, strict=False):
        text_cell(ws, row, 1, line)
        ws.cell(row, 1).font = Font(name=FONT, size=SIZE, color="595959")
    for name, label in groups.items():
        col = columns.index(name) + 1
        text_cell(ws, GROUP_ROW, col, label)
        ws.cell(GROUP_ROW, col).font = Font(name=FONT, size=SIZE, bold=True)
    widths = _PROPOSAL_WIDTHS if columns == PROPOSAL_COLUMNS else _WIDTHS
    for col, name in enumerate(columns, 1):
        text_cell(ws, HEADER_ROW, col, name)
        ws.cell(HEADER_ROW, col).style = HEAD
        dimension = ws.column_dimensions[get_column_letter(col)]
        dimension.width = widths.get(name, 14)
        dimension.hidden = name in HIDDEN_COLUMNS
    ws.freeze_panes = ws.cell(FIRST_ROW, 4)
    print_a4_landscape(ws, f"{GROUP_ROW}:{HEADER_ROW}")


def _sign_off(ws: Worksheet) -> None:
    """Lines for 填报人, 联系电话 and 填报日期, and room for the unit's seal: the form is an office's
    answer, signed and stamped. The cells to fill are unlocked; collect never reads these rows."""
    label_col, value_col = PLAN_LABEL_COLUMN, PLAN_LABEL_COLUMN + 1
    seal_label, seal_col = TASK_COLUMNS.index(STATUS) + 1, TASK_COLUMNS.index(TEXT) + 1
    for row, name in zip(SIGN_ROWS, SIGN_OFF, strict=True):
        ws.row_dimensions[row].height = _SIGN_HEIGHT
        text_cell(ws, row, label_col, f"{name}：")
        ws.cell(row, label_col).style = SIGN_LABEL
        ws.cell(row, value_col).style = SIGN_LINE
        ws.cell(row, seal_col).style = SIGN_SPACE
    text_cell(ws, SIGN_ROWS[0], seal_label, f"{SEAL}：")
    ws.cell(SIGN_ROWS[0], seal_label).style = SIGN_LABEL


def _protect(ws: Worksheet) -> None:
    """Protection without a password; resizing columns and rows, sorting off, filtering allowed."""
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.formatCells = True
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def _task_sheet(
    ws: Worksheet, listed: Sequence[Assignment | PossibleAssignment], statuses: Sequence[str]
) -> None:
    status_col = TASK_COLUMNS.index(STATUS) + 1
    fill_cols = {TASK_COLUMNS.index(name) + 1 for name in FILL_COLUMNS}
    number_cols = [TASK_COLUMNS.index(name) + 1 for name in DATA_COLUMNS]
    styles = [
        (OPEN_NUMBER if col in number_cols else OPEN)
        if col in fill_cols
        else (FIXED_CENTRE if col in (1, 5, 7) else FIXED)
        for col in range(1, len(TASK_COLUMNS) + 1)
    ]
    for offset, entry in enumerate(listed):
        row = FIRST_ROW + offset
        task = entry.task
        role = str(entry.role) if isinstance(entry, Assignment) else "可能涉及"
        values = (
            str(offset + 1),
            entry.planned.part.numbered_heading,
            task.title,
            task.text,
            role,
            _basis(entry),
            task.deadline or "",
        )
        for col in range(1, len(TASK_COLUMNS) + 1):  # styles first: a style set later drops a quote prefix
            ws.cell(row, col).style = styles[col - 1]
        for col, value in enumerate(values, 1):
            text_cell(ws, row, col, value)
        text_cell(ws, row, len(TASK_COLUMNS), task.id)
        ws.row_dimensions[row].height = _row_height(TASK_COLUMNS, values)
    if not listed:
        text_cell(ws, FIRST_ROW, 1, "（无）")
        return
    last = FIRST_ROW + len(listed) - 1
    choice = DataValidation(
        type="list",
        formula1='"' + ",".join(statuses) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="进展状态",
        error="请从下拉列表中选择：" + "、".join(statuses),
        showInputMessage=True,
        promptTitle="进展状态",
        prompt="从下拉列表中选择",
    )
    letter = get_column_letter(status_col)
    choice.add(f"{letter}{FIRST_ROW}:{letter}{last}")
    ws.add_data_validation(choice)
    numbers = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="主要数据",
        error="请填写不小于 0 的整数",
    )
    for col in number_cols:
        letter = get_column_letter(col)
        numbers.add(f"{letter}{FIRST_ROW}:{letter}{last}")
    ws.add_data_validation(numbers)


def _proposal_sheet(ws: Worksheet, unit: str) -> None:
    for row in range(FIRST_ROW, FIRST_ROW + PROPOSAL_ROWS):
        text_cell(ws, row, 1, str(row - FIRST_ROW + 1))
        for col in range(1, len(PROPOSAL_COLUMNS) + 1):
            ws.cell(row, col).style = OPEN if col > 1 else FIXED_CENTRE
    del unit


def form_workbook(unit_tasks: UnitTasks, info: FormInfo) -> Workbook:
    """The form as an openpyxl workbook (callers save it; :func:`render_form` gives reproducible bytes)."""
    wb = Workbook()
    _add_styles(wb)
    unit = unit_tasks.unit
    heading = f"{info.plan_title} 完成情况填报表（{info.round}）"
    ws = wb.active
    assert ws is not None
    ws.title = TASKS_SHEET
    n = len(unit_tasks.definite)
    _header(
        ws,
        TASK_COLUMNS,
        heading,
        (
            f"填报单位：{unit.name}（{unit.full_name}）；明确承担的任务 {n} 项。灰色列为计划内容，已锁定（工作表保护，无密码）。",
            "请在白色列填写：进展状态从下拉列表中选择，选“已完成”或“滞后”时须填写完成情况；"
            "活动场次、参与人次填整数。请勿增删行或调整行序。",
        ),
        {"序号": "计划内容（已锁定）", STATUS: "本单位填写", DATA_COLUMNS[0]: "主要数据（填整数）"},
    )
    _task_sheet(ws, unit_tasks.definite, STATUSES)
    _sign_off(ws)
    _protect(ws)

    ws = wb.create_sheet(POSSIBLE_SHEET)
    _header(
        ws,
        TASK_COLUMNS,
        heading,
        (
            f"以下 {len(unit_tasks.possibly_related)} 项任务的责任单位为泛指（如“市有关单位”），可能涉及本单位。",
            f"涉及的请照常填写；不涉及的请在进展状态中选“{NOT_CONCERNED}”。",
        ),
        {"序号": "计划内容（已锁定）", STATUS: "本单位填写", DATA_COLUMNS[0]: "主要数据（填整数）"},
    )
    _task_sheet(ws, unit_tasks.possibly_related, (*STATUSES, NOT_CONCERNED))
    _protect(ws)

    ws = wb.create_sheet(PROPOSALS_SHEET)
    _header(
        ws,
        PROPOSAL_COLUMNS,
        f"{unit.name} 对 {info.plan_year + 1} 年科普工作计划的建议",
        (
            "建议列入下一年度计划的工作任务，每行一项；建议责任单位可写多个，用“、”分隔，不填则为本单位。",
            "行不够时可在下方续写。",
        ),
        {},
    )
    ws.freeze_panes = ws.cell(FIRST_ROW, 2)
    _proposal_sheet(ws, unit.name)

    ws = wb.create_sheet(INFO_SHEET)
    for row, (key, value) in enumerate(info.values().items(), 1):
        text_cell(ws, row, 1, key)
        text_cell(ws, row, 2, value)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 40
    ws.sheet_state = "hidden"
    _protect(ws)

    wb.active = 0
    wb.security = WorkbookProtection(lockStructure=True)
    return wb


def render_form(unit_tasks: UnitTasks, info: FormInfo, timestamp: dt.datetime) -> bytes:
    """The unit's form as .xlsx bytes that depend only on the plan, the round and `timestamp`."""
    wb = form_workbook(unit_tasks, info)
    return save_reproducibly(wb, f"{info.plan_title} 完成情况填报表 {info.unit}", timestamp)
