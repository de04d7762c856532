"""The progress form's layout: sheet names, columns, rows and the hidden cells, in one place.

`forms` writes a workbook with this layout (writers/forms_xlsx.py) and `collect` reads one back
(collecting/: structure, info, tasks, proposals; commands/collect.py); both import these names, so a
column renamed or a row moved changes the writer and the reader together. Collect finds the header row by its column names, so the
rows above it (the title, the note and the sign-off lines a unit fills by hand) are never read.
"""

from __future__ import annotations

from .progress_files import DATA_COLUMNS

FORM_KIND = "kepu-plan 进展填报表"
FORM_VERSION = "1"

TASKS_SHEET = "工作任务"
POSSIBLE_SHEET = "可能涉及的任务"
PROPOSALS_SHEET = "次年工作建议"
INFO_SHEET = "表格信息"
VISIBLE_SHEETS = (TASKS_SHEET, POSSIBLE_SHEET, PROPOSALS_SHEET)

#: The sign-off lines on the tasks sheet, above the table: the unit fills them on paper or on screen.
SIGN_OFF = ("填报人", "联系电话", "填报日期")
SEAL = "单位（盖章）"

TITLE_ROW = 1
#: Rows of the note (one sentence a row: a line that fits the page, as no cell may be merged).
NOTE_ROWS = (2, 3)
#: Rows of the sign-off block (one per line in SIGN_OFF), then the column groups and the header.
SIGN_ROWS = tuple(range(NOTE_ROWS[-1] + 1, NOTE_ROWS[-1] + 1 + len(SIGN_OFF)))
GROUP_ROW = SIGN_ROWS[-1] + 1
HEADER_ROW = GROUP_ROW + 1
FIRST_ROW = HEADER_ROW + 1

#: Plan columns (locked, grey), then the columns a unit fills, then the task id that ties a row to the
#: plan (a hidden column: ids are for the program, never printed).
PLAN_COLUMNS = ("序号", "所属部分", "工作任务", "具体内容", "角色", "列入依据", "完成时限")
STATUS, TEXT, NOTE, TASK_ID = "进展状态", "完成情况", "佐证材料或备注", "任务编号"
FILL_COLUMNS = (STATUS, TEXT, *DATA_COLUMNS, NOTE)
TASK_COLUMNS = (*PLAN_COLUMNS, *FILL_COLUMNS, TASK_ID)
HIDDEN_COLUMNS = (TASK_ID,)
PROPOSAL_COLUMNS = ("序号", "工作任务", "具体内容", "建议责任单位")
#: Empty proposal rows sent: few enough that the sheet prints on one page; more may be added below.
PROPOSAL_ROWS = 12

#: Keys of the hidden sheet, one per row from row 1 (key in column A, value in column B).
INFO_KEYS = ("表格类型", "格式版本", "计划年份", "计划标题", "计划指纹", "轮次", "单位", "单位全称")
#: Where the hidden sheet names the unit: a duplicate form is located there.
INFO_UNIT_CELL = f"{INFO_SHEET}!B{INFO_KEYS.index('单位') + 1}"
