"""The opened workbook as a form: its sheets are the form's, no merged cells, formulas' saved results.

Checked on the workbook before any row is read: the four sheets of form_layout are there (a missing
one stops reading), no other sheet is hidden, no cell of the three visible sheets is merged (read from
the sheets' XML parts, which openpyxl's read-only mode does not expose). When a sheet holds a formula,
the workbook is opened a second time for the results the spreadsheet program saved; they are taken
instead of the formulas (cells.Cells), never computed.
"""

from __future__ import annotations

import re
import zipfile
from typing import Any

from .. import codes
from ..form_layout import INFO_SHEET, POSSIBLE_SHEET, PROPOSALS_SHEET, TASKS_SHEET, VISIBLE_SHEETS
from ..limits import MAX_PROPOSALS, SPARE_ROWS
from .result import CollectContext, Findings
from .safety import open_workbook
from .tables import rows

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+)')
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def check_sheets(wb: Any, findings: Findings) -> None:
    """The form's four sheets are there; no other sheet is hidden (it could carry anything unseen)."""
    names = list(wb.sheetnames)
    for name in (TASKS_SHEET, POSSIBLE_SHEET, PROPOSALS_SHEET, INFO_SHEET):
        if name not in names:
            raise findings.reject(
                codes.FORM_STRUCTURE,
                f"缺少工作表「{name}」：不是 kepu-plan 生成的填报表，或工作表被删除、改名",
                hint="请在收到的填报表中填写，不要删除或改名工作表",
            )
    for name in names:
        if name != INFO_SHEET and wb[name].sheet_state != "visible":
            findings.report(
                codes.FORM_STRUCTURE,
                f"工作簿中有隐藏的工作表「{name}」：填报表不应有其他隐藏的工作表",
                cell=f"{name}!A1",
                hint="删除该工作表后再发回",
            )


def sheet_xml(wb: Any, archive: zipfile.ZipFile, sheet_parts: dict[str, str]) -> dict[str, bytes]:
    """The XML of each visible sheet (b"" when its part cannot be found), by sheet name."""

    def part(ws: Any) -> bytes:
        try:
            return archive.read(sheet_parts.get(ws.title, ""))
        except KeyError:
            return b""

    return {name: part(wb[name]) for name in VISIBLE_SHEETS}


def check_merged(parts: dict[str, bytes], findings: Findings) -> None:
    """A merged cell is reported at its first cell, once per sheet: a merged range cannot be read as
    one value per task."""
    for name, xml in parts.items():
        merged = _MERGE.search(xml)
        if merged:
            findings.report(
                codes.FORM_STRUCTURE,
                "有合并的单元格：填报表每个单元格各填一项，合并后无法对应到任务",
                cell=f"{name}!{merged.group(1).decode()}",
                hint="取消合并单元格后再发回",
            )


def saved_results(
    parts: dict[str, bytes], data: bytes, context: CollectContext, findings: Findings
) -> dict[tuple[str, str], Any] | None:
    """The saved results of the formulas of the visible sheets (sheet, cell → value), read from the
    workbook opened with openpyxl's `data_only`; None when no sheet has a formula."""
    if not any(_FORMULA.search(xml) for xml in parts.values()):
        return None
    cached: dict[tuple[str, str], Any] = {}
    values = open_workbook(data, findings, data_only=True)
    try:
        for name in VISIBLE_SHEETS:
            for row in rows(values[name], _limit(name, context)):
                for cell in row:
                    if getattr(cell, "coordinate", None) and cell.value is not None:
                        cached[(name, cell.coordinate)] = cell.value
    finally:
        values.close()
    return cached


def _limit(sheet: str, context: CollectContext) -> int:
    """How many rows of a sheet can matter: the most tasks any unit was sent (or the proposals'
    bound), plus spare rows."""
    most = 0
    for unit_tasks in context.units.values():
        most = max(most, len(unit_tasks.definite), len(unit_tasks.possibly_related))
    if sheet == PROPOSALS_SHEET:
        most = MAX_PROPOSALS
    return most + SPARE_ROWS
