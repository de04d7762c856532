"""Filling returned forms the way a unit's script (or a person) would: openpyxl on the .xlsx we sent."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import openpyxl

TASKS, POSSIBLE, PROPOSALS, INFO = "工作任务", "可能涉及的任务", "次年工作建议", "表格信息"


def header(ws: Any) -> tuple[int, dict[str, int]]:
    """The header row (found by its column names, not by position) and column numbers by name."""
    for row in ws.iter_rows(min_row=1, max_row=12):
        names = {str(c.value): c.column for c in row if c.value is not None}
        if "进展状态" in names or "建议责任单位" in names:
            return row[0].row, names
    raise AssertionError("no header row")


def task_rows(ws: Any) -> list[int]:
    first, cols = header(ws)
    return [r for r in range(first + 1, ws.max_row + 1) if ws.cell(r, cols["任务编号"]).value]


def fill(
    path: Path,
    values: Mapping[str, Mapping[str, Any]] | Callable[[str, str], Mapping[str, Any] | None] | None = None,
    *,
    sheet: str = TASKS,
    proposals: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
    edit: Callable[[Any], None] | None = None,
    target: Path | None = None,
) -> Path:
    """Write values into a form: by task id ({"science-week": {"进展状态": "已完成", …}}), or through a
    function (unit, task id) → values; proposals as (工作任务, 具体内容, 建议责任单位); `edit` gets the workbook."""
    if values is None:
        values = {}
    wb = openpyxl.load_workbook(path)
    unit = {r[0].value: r[1].value for r in wb[INFO].iter_rows(min_row=1, max_row=20)}["单位"]
    ws = wb[sheet]
    _, cols = header(ws)
    for r in task_rows(ws):
        task_id = ws.cell(r, cols["任务编号"]).value
        given = values(unit, task_id) if callable(values) else values.get(task_id)
        for name, value in (given or {}).items():
            ws.cell(r, cols[name]).value = value
    if proposals:
        ps = wb[PROPOSALS]
        first, pcols = header(ps)
        for offset, (title, text, units) in enumerate(proposals, 1):
            ps.cell(first + offset, pcols["工作任务"]).value = title
            ps.cell(first + offset, pcols["具体内容"]).value = text
            ps.cell(first + offset, pcols["建议责任单位"]).value = units
    if edit is not None:
        edit(wb)
    out = target or path
    wb.save(out)
    return out
