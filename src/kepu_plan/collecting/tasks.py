"""The two task sheets of a returned form (工作任务, 可能涉及的任务) read back as TaskReports.

Rows are matched to the unit's tasks by the hidden 任务编号 column and must be exactly the rows that
were sent, in the order sent: none deleted, added, copied or moved (a changed id whose row still
shows its task's title is named as such). Each row then gives the unit's status (one of the sheet's
choices), its words (完成情况 required for the statuses that need them) and its figures; an edit of
the locked 工作任务 is reported and the plan's title kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import codes
from ..assignments import Assignment, PossibleAssignment
from ..form_layout import FILL_COLUMNS, NOTE, STATUS, TASK_ID, TEXT
from ..limits import SPARE_ROWS
from ..progress_files import DATA_COLUMNS, NEEDS_TEXT, TaskReport
from ..validation import validate
from .cells import Cells, letter, text
from .result import Findings
from .tables import table

_TITLE = "工作任务"  # the locked column that shows the task's title
_REQUIRED = (TASK_ID, STATUS, _TITLE, TEXT, *DATA_COLUMNS, NOTE)  # the first two find the header

Entry = Assignment | PossibleAssignment


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    cells: dict[str, str]  # column name → coordinate (H5)


def read_tasks(ws: Any, expected: Sequence[Entry], allowed: Sequence[str], cells: Cells) -> list[TaskReport]:
    """A task sheet's reports, one per expected task, or [] when its rows are not the rows sent."""
    sheet, findings = ws.title, cells.findings
    limit = len(expected) + SPARE_ROWS
    fetched, header_index, columns = table(
        ws,
        findings,
        limit,
        limit + 1,
        _REQUIRED,
        f"而这份填报表只有 {len(expected)} 项任务；不予读取",
        "删除多余的行后再发回",
    )
    if len(fetched) > limit and any(getattr(c, "value", None) not in (None, "") for c in fetched[limit]):
        raise findings.reject(
            codes.FORM_TOO_LARGE,
            f"工作表超过 {limit:,} 行，而这份填报表只有 {len(expected)} 项任务；不予读取",
            cell=f"{sheet}!A{limit + 1}",
        )
    got: list[_Row] = []
    for number, row in enumerate(fetched[header_index + 1 : limit], header_index + 2):
        read = _read_row(sheet, number, row, columns, cells)
        if read is not None:
            got.append(read)
    if not _RowMatch(sheet, expected, got, findings).holds(header_index):
        return []
    return [_task_report(entry, row, allowed, cells) for entry, row in zip(expected, got, strict=True)]


def _read_row(
    sheet: str, number: int, row: Sequence[Any], columns: dict[str, int], cells: Cells
) -> _Row | None:
    """One row's values and their coordinates; None for an empty row (or the note （无） of an empty
    sheet). The fill-in columns go through `Cells.value` (formulas); the id and title are taken as they are."""
    values: dict[str, Any] = {}
    where: dict[str, str] = {}
    for name in (TASK_ID, _TITLE, *FILL_COLUMNS):
        i = columns[name]
        cell = row[i] if i < len(row) else None
        where[name] = f"{sheet}!{letter(i)}{number}"
        if cell is None or getattr(cell, "value", None) is None:
            values[name] = None
            continue
        values[name] = cells.value(sheet, cell, name) if name in FILL_COLUMNS else cell.value
    if not text(values[TASK_ID]) and not any(text(values[n]) for n in FILL_COLUMNS):
        return None
    return _Row(number, values, where)


@dataclass
class _RowMatch:
    """Whether the rows read are the rows sent: each problem reported at its row."""

    sheet: str
    expected: Sequence[Entry]
    got: list[_Row]
    findings: Findings
    got_ids: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.got_ids = [text(r.values[TASK_ID]) for r in self.got]

    def holds(self, header_index: int) -> bool:
        known = {e.task.id for e in self.expected}
        seen: set[str] = set()
        explained: set[str] = set()  # the ids whose row is there under a changed id
        ok = True
        for index, row in enumerate(self.got):
            ok = self._row_belongs(index, row, known, seen, explained) and ok
            seen.add(self.got_ids[index])
        for position, entry in enumerate(self.expected):
            if entry.task.id not in seen and entry.task.id not in explained:
                self.findings.report(
                    codes.FORM_ROWS_CHANGED,
                    f"缺少任务「{entry.task.title}」（编号 {entry.task.id}）：任务行不能删除",
                    cell=f"{self.sheet}!A{header_index + 2 + position}",
                    hint="不涉及或无法开展的任务请保留该行，在进展状态中选“不适用”并说明",
                )
                ok = False
        return ok and self._in_order()

    def _row_belongs(
        self, index: int, row: _Row, known: set[str], seen: set[str], explained: set[str]
    ) -> bool:
        """A row with an id, one of this sheet's tasks, and not a copy of an earlier row."""
        task_id, cell = self.got_ids[index], row.cells[TASK_ID]
        if not task_id:
            self.findings.report(
                codes.FORM_ROWS_CHANGED,
                f"第 {row.number} 行没有任务编号：不能增加任务行",
                cell=cell,
                hint="在“备注”中补充说明，不要增加行",
            )
            return False
        if task_id not in known:
            self._unknown_id(index, row, task_id, explained)
            return False
        if task_id in seen:
            self.findings.report(
                codes.FORM_ROWS_CHANGED, f"任务「{task_id}」出现了两次：不能复制任务行", cell=cell
            )
            return False
        return True

    def _unknown_id(self, index: int, row: _Row, task_id: str, explained: set[str]) -> None:
        """An id not sent: a changed id when the row in its place still shows the title of a task whose
        id is missing, else an added row."""
        candidate = self.expected[index] if index < len(self.expected) else None
        cell = row.cells[TASK_ID]
        if (
            candidate is not None
            and candidate.task.id not in self.got_ids
            and text(row.values[_TITLE]) == candidate.task.title
        ):
            self.findings.report(
                codes.FORM_TASK_ID_CHANGED,
                f"任务编号被改成了「{task_id}」，应为「{candidate.task.id}」（{candidate.task.title}）",
                cell=cell,
                hint="把任务编号改回原样：它把这一行对应到计划中的任务",
            )
            explained.add(candidate.task.id)
        else:
            self.findings.report(
                codes.FORM_ROWS_CHANGED,
                f"任务编号「{task_id}」不是本单位在这张表中的任务：不能增加任务行",
                cell=cell,
                hint="删除这一行；计划外的工作可写在“佐证材料或备注”或“次年工作建议”中",
            )

    def _in_order(self) -> bool:
        """The rows in the order sent (checked once every row is known, none missing or doubled)."""
        expected_ids = [e.task.id for e in self.expected]
        if self.got_ids == expected_ids:
            return True
        index = next(i for i, (a, b) in enumerate(zip(self.got_ids, expected_ids, strict=True)) if a != b)
        self.findings.report(
            codes.FORM_ROWS_CHANGED,
            f"任务行的顺序被调整了：第 {self.got[index].number} 行应为「{self.expected[index].task.title}」",
            cell=self.got[index].cells[TASK_ID],
            hint="请按发出时的顺序排列（按“序号”列升序排序即可恢复）",
        )
        return False


def _task_report(entry: Entry, row: _Row, allowed: Sequence[str], cells: Cells) -> TaskReport:
    """What the unit says about one task: status, words, figures, note."""
    values, where, findings = row.values, row.cells, cells.findings
    status = text(values[STATUS]) or None
    if status is not None and status not in allowed:
        findings.report(
            codes.FORM_STATUS_INVALID,
            f"进展状态「{status}」不是可选项",
            cell=where[STATUS],
            hint="可选：" + "、".join(allowed),
        )
        status = None
    words = cells.unit_text(values[TEXT], where[TEXT], TEXT)
    note = cells.unit_text(values[NOTE], where[NOTE], NOTE)
    if status in NEEDS_TEXT and not words.strip():
        findings.report(
            codes.FORM_MISSING_TEXT,
            f"进展状态为“{status}”，但没有填写完成情况",
            cell=where[TEXT],
            hint="已完成的写明做了什么；滞后的写明原因和打算",
        )
    data: dict[str, int] = {}
    for name in DATA_COLUMNS:
        number = cells.number(values[name], where[name], name)
        if number is not None:
            data[name] = number
    title = text(values[_TITLE])
    if title and title != entry.task.title:
        findings.report(
            codes.FORM_PLAN_TEXT_EDITED,
            f"锁定的“工作任务”被改成了「{title[:30]}」：以计划为准",
            cell=where[_TITLE],
        )
    role = str(entry.role) if isinstance(entry, Assignment) else "可能涉及"
    return validate(
        TaskReport,
        {
            "id": entry.task.id,
            "title": entry.task.title,
            "role": role,
            "status": status,
            "text": words.strip(),
            "data": data,
            "note": note.strip(),
        },
    )
