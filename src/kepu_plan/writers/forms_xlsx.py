"""One unit's progress form (进展填报表) as an .xlsx workbook, written with openpyxl.

What the unit sees when it opens the file (Excel, WPS or LibreOffice Calc):

* sheet 工作任务: its definite tasks, one per row, as `render --unit` lists them. The plan's columns
  (序号, 所属部分, 工作任务, 具体内容, 角色, 列入依据, 完成时限) are grey and locked; the columns to
  fill are white: 进展状态 (a drop-down of the five words), 完成情况, 主要数据 (活动场次, 参与人次:
  whole numbers), 佐证材料或备注. The last column, 任务编号, ties each row to the plan;
* sheet 可能涉及的任务: tasks whose units are vague (市有关单位), with 不涉及 added to the drop-down;
* sheet 次年工作建议: free rows for tasks the unit proposes for next year;
* a hidden sheet 表格信息 with the plan's year, title and fingerprint, the round and the unit: the
  form says whose it is, whatever the file is called.

Sheets are protected without a password (protection guards against slips, not against people);
columns may still be resized. Every text from the plan is written as a string cell, so a title that
starts with "=" stays text and never becomes a formula. The workbook's bytes depend only on its content:
fixed document properties and zip entries (SOURCE_DATE_EPOCH is honoured).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..assignments import Assignment, PossibleAssignment, UnitTasks
from ..progress import DATA_COLUMNS, NOT_CONCERNED, STATUSES

FORM_KIND = "kepu-plan 进展填报表"
FORM_VERSION = "1"

TASKS_SHEET = "工作任务"
POSSIBLE_SHEET = "可能涉及的任务"
PROPOSALS_SHEET = "次年工作建议"
INFO_SHEET = "表格信息"
VISIBLE_SHEETS = (TASKS_SHEET, POSSIBLE_SHEET, PROPOSALS_SHEET)

TITLE_ROW, NOTE_ROW, GROUP_ROW, HEADER_ROW = 1, 2, 3, 4
FIRST_ROW = HEADER_ROW + 1

#: Plan columns (locked, grey), then the columns a unit fills, then the task id that ties a row to the plan.
PLAN_COLUMNS = ("序号", "所属部分", "工作任务", "具体内容", "角色", "列入依据", "完成时限")
STATUS, TEXT, NOTE, TASK_ID = "进展状态", "完成情况", "佐证材料或备注", "任务编号"
FILL_COLUMNS = (STATUS, TEXT, *DATA_COLUMNS, NOTE)
TASK_COLUMNS = (*PLAN_COLUMNS, *FILL_COLUMNS, TASK_ID)
PROPOSAL_COLUMNS = ("序号", "工作任务", "具体内容", "建议责任单位")
PROPOSAL_ROWS = 30

#: Keys of the hidden sheet, in order.
INFO_KEYS = ("表格类型", "格式版本", "计划年份", "计划标题", "计划指纹", "轮次", "单位", "单位全称")

_WIDTHS = {
    "序号": 6,
    "所属部分": 18,
    "工作任务": 24,
    "具体内容": 48,
    "角色": 10,
    "列入依据": 16,
    "完成时限": 11,
    STATUS: 13,
    TEXT: 44,
    "活动场次": 10,
    "参与人次": 11,
    NOTE: 24,
    TASK_ID: 20,
    "建议责任单位": 24,
}

_FONT = "宋体"
#: Cell styles, registered once per workbook as named styles: one assignment per cell instead of five
#: (setting font, fill, border, alignment and protection separately is most of openpyxl's time).
FIXED, FIXED_CENTRE, OPEN, OPEN_NUMBER, HEAD = "计划内容", "计划内容居中", "填写", "填写数字", "表头"
_GREY = PatternFill("solid", fgColor="EDEDED")
_HEAD = PatternFill("solid", fgColor="D9D9D9")
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
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

    small = Font(name=_FONT, size=10)
    specs = [
        NamedStyle(FIXED, font=small, fill=_GREY, border=_BORDER, alignment=_WRAP),
        NamedStyle(FIXED_CENTRE, font=small, fill=_GREY, border=_BORDER, alignment=_CENTRE),
        NamedStyle(OPEN, font=small, border=_BORDER, alignment=_WRAP, protection=_OPEN),
        NamedStyle(
            OPEN_NUMBER, font=small, border=_BORDER, alignment=_WRAP, protection=_OPEN, number_format="0"
        ),
        NamedStyle(HEAD, font=Font(name=_FONT, bold=True), fill=_HEAD, border=_BORDER, alignment=_CENTRE),
    ]
    for spec in specs:
        wb.add_named_style(spec)


def _text(ws: Worksheet, row: int, col: int, value: str) -> None:
    """A string cell, whatever the text looks like: "=SUM(A1)" from a plan stays text."""
    cell = ws.cell(row, col)
    cell.value = value
    cell.data_type = "s"
    if value.startswith(("=", "+", "-", "@")):
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited


def _basis(listed: Assignment | PossibleAssignment) -> str:
    if isinstance(listed, Assignment):
        return f"通过“{listed.via}”列入" if listed.via else f"点名（{listed.reference}）"
    return "泛指：" + "、".join(listed.references)


def _lines(text: str, width: float) -> int:
    """Lines a wrapped cell needs: a Chinese character takes about two units of column width."""
    units = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text) * 10 / 11
    return max(1, math.ceil(units / max(width - 1, 1)))


def _row_height(columns: Sequence[str], values: Sequence[str]) -> float:
    """Row height (points) to show the longest plan text whole: spreadsheet programs do not grow a
    row for wrapped text on their own, and a cut-off task is one a unit cannot report on."""
    lines = max(_lines(v, _WIDTHS.get(c, 14)) for c, v in zip(columns, values, strict=False))
    return min(409.0, 14.0 * lines + 4)


def _header(ws: Worksheet, columns: Sequence[str], title: str, note: str, groups: dict[str, str]) -> None:
    _text(ws, TITLE_ROW, 1, title)
    ws.cell(TITLE_ROW, 1).font = Font(name=_FONT, size=14, bold=True)
    _text(ws, NOTE_ROW, 1, note)
    ws.cell(NOTE_ROW, 1).font = Font(name=_FONT, size=10, color="595959")
    ws.row_dimensions[NOTE_ROW].height = 30
    for name, label in groups.items():
        col = columns.index(name) + 1
        _text(ws, GROUP_ROW, col, label)
        ws.cell(GROUP_ROW, col).font = Font(name=_FONT, size=10, bold=True)
    for col, name in enumerate(columns, 1):
        _text(ws, HEADER_ROW, col, name)
        ws.cell(HEADER_ROW, col).style = HEAD
        ws.column_dimensions[get_column_letter(col)].width = _WIDTHS.get(name, 14)
    ws.freeze_panes = ws.cell(FIRST_ROW, 4)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


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
        for col, value in enumerate(values, 1):
            _text(ws, row, col, value)
        _text(ws, row, len(TASK_COLUMNS), task.id)
        for col in range(1, len(TASK_COLUMNS) + 1):
            ws.cell(row, col).style = styles[col - 1]
        ws.row_dimensions[row].height = _row_height(TASK_COLUMNS, values)
    if not listed:
        _text(ws, FIRST_ROW, 1, "（无）")
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
        _text(ws, row, 1, str(row - FIRST_ROW + 1))
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
        f"填报单位：{unit.name}（{unit.full_name}）；明确承担的任务 {n} 项。灰色列为计划内容，已锁定（工作表保护，无密码）；"
        f"请在白色列填写：进展状态从下拉列表中选择，选“已完成”或“滞后”时须填写完成情况；活动场次、参与人次填整数。"
        f"请勿增删行、调整行序或修改任务编号。",
        {"序号": "计划内容（已锁定）", STATUS: "本单位填写", DATA_COLUMNS[0]: "主要数据（填整数）"},
    )
    _task_sheet(ws, unit_tasks.definite, STATUSES)
    _protect(ws)

    ws = wb.create_sheet(POSSIBLE_SHEET)
    _header(
        ws,
        TASK_COLUMNS,
        heading,
        f"以下 {len(unit_tasks.possibly_related)} 项任务的责任单位为泛指（如“市有关单位”），可能涉及本单位："
        f"涉及的请照常填写；不涉及的请在进展状态中选“{NOT_CONCERNED}”。",
        {"序号": "计划内容（已锁定）", STATUS: "本单位填写", DATA_COLUMNS[0]: "主要数据（填整数）"},
    )
    _task_sheet(ws, unit_tasks.possibly_related, (*STATUSES, NOT_CONCERNED))
    _protect(ws)

    ws = wb.create_sheet(PROPOSALS_SHEET)
    _header(
        ws,
        PROPOSAL_COLUMNS,
        f"{unit.name} 对 {info.plan_year + 1} 年科普工作计划的建议",
        "建议列入下一年度计划的工作任务，每行一项；建议责任单位可写多个，用“、”分隔，不填则为本单位。"
        "行不够时可在下方续写。",
        {},
    )
    ws.freeze_panes = ws.cell(FIRST_ROW, 2)
    _proposal_sheet(ws, unit.name)

    ws = wb.create_sheet(INFO_SHEET)
    for row, (key, value) in enumerate(info.values().items(), 1):
        _text(ws, row, 1, key)
        _text(ws, row, 2, value)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 40
    ws.sheet_state = "hidden"
    _protect(ws)

    wb.active = 0
    wb.security = WorkbookProtection(lockStructure=True)
    return wb


def _reproducible(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with entries in a fixed order, a fixed time and fixed permissions."""
    stamp = max(when.astimezone(dt.UTC).timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as archive:
        names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()


def render_form(unit_tasks: UnitTasks, info: FormInfo, timestamp: dt.datetime) -> bytes:
    """The unit's form as .xlsx bytes that depend only on the plan, the round and `timestamp`."""
    wb = form_workbook(unit_tasks, info)
    naive = timestamp.astimezone(dt.UTC).replace(tzinfo=None)
    wb.properties.creator = "kepu-plan"
    wb.properties.lastModifiedBy = "kepu-plan"
    wb.properties.title = f"{info.plan_title} 完成情况填报表 {info.unit}"
    wb.properties.created = naive
    wb.properties.modified = naive
    raw = io.BytesIO()
    # ExcelWriter directly: Workbook.save would stamp "modified" with the time of day.
    writer = ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True))
    writer.save()
    return _reproducible(raw.getvalue(), timestamp)
