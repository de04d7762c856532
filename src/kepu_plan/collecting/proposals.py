"""The sheet 次年工作建议 read back: the unit's proposals for next year's plan, at most MAX_PROPOSALS.

Rows may be added below the empty rows sent (the sheet is read up to the bound plus spare rows);
empty rows are skipped; a proposal without its 工作任务 is reported and left out.
"""

from __future__ import annotations

from typing import Any

from .. import codes
from ..limits import MAX_PROPOSALS, SPARE_ROWS
from ..progress_files import Proposal
from ..validation import validate
from .cells import Cells, letter
from .tables import table

_TITLE, _UNITS, _TEXT = "工作任务", "建议责任单位", "具体内容"
_REQUIRED = (_TITLE, _UNITS, _TEXT)  # the first two find the header


def read_proposals(ws: Any, cells: Cells) -> list[Proposal]:
    """The proposals of the sheet, in its order."""
    sheet, findings = ws.title, cells.findings
    limit = MAX_PROPOSALS + SPARE_ROWS
    fetched, header_index, columns = table(
        ws, findings, limit, limit, _REQUIRED, f"远超次年工作建议的上限 {MAX_PROPOSALS} 条"
    )
    proposals: list[Proposal] = []
    for number, row in enumerate(fetched[header_index + 1 :], header_index + 2):
        values = _row_words(sheet, number, row, columns, cells)
        if not any(values.values()):
            continue
        where = f"{sheet}!{letter(columns[_TITLE])}{number}"
        if not values[_TITLE]:
            findings.report(
                codes.FORM_MISSING_TEXT,
                "这条建议没有填写工作任务",
                cell=where,
                hint="用一句话写明建议的工作任务",
            )
            continue
        if len(proposals) >= MAX_PROPOSALS:
            raise findings.reject(codes.FORM_TOO_LARGE, f"次年工作建议超过 {MAX_PROPOSALS} 条", cell=where)
        proposals.append(
            validate(Proposal, {"title": values[_TITLE], "text": values[_TEXT], "units": values[_UNITS]})
        )
    return proposals


def _row_words(sheet: str, number: int, row: Any, columns: dict[str, int], cells: Cells) -> dict[str, str]:
    """The words of one proposal row by column ("" for an empty cell)."""
    values: dict[str, str] = {}
    for name in _REQUIRED:
        i = columns[name]
        cell = row[i] if i < len(row) else None
        values[name] = (
            ""
            if cell is None or getattr(cell, "value", None) is None
            else cells.unit_text(cells.value(sheet, cell, name), f"{sheet}!{letter(i)}{number}", name).strip()
        )
    return values
