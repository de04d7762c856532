"""Tables stage: a task table (序号 | 工作任务 | 具体内容 | 责任单位 | 完成时限) read into tasks, from
the cells of a .docx/.xlsx table or from rows of text whose cells stand apart by tabs or wide
spaces. A table whose header names no task column and unit column stays as its paragraphs."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..labels import UNIT_LABELS
from ..numbering import parse_number
from ..sources import SourceParagraph
from .context import UNSURE, Context, Element, TableTasks
from .fields import first_sentence
from .tidy import tidy_task
from .units import UnitReader


class TableReader:
    def __init__(self, ctx: Context, units: UnitReader):
        self.ctx = ctx
        self.units = units
        self._tables = 1000  # table numbers for tables found in plain text

    def text_table(self, rows: list[SourceParagraph], width: int = 0) -> list[Element]:
        """Rows of a table copied from a web page, cells apart by tabs or wide spaces, or by single
        spaces when `width` (the header's count of cells) is given: see narrow_cells."""
        self._tables += 1
        cells = [
            SourceParagraph(text, p.line, f"{p.where}第 {c} 列", self._tables, r, c)
            for r, p in enumerate(rows, 1)
            for c, text in enumerate(narrow_cells(p.text, width) if width else text_cells(p.text), 1)
            if text
        ]
        return self.table(cells, rows)

    def table(
        self, cells: list[SourceParagraph], lines: list[SourceParagraph] | None = None
    ) -> list[Element]:
        """A table whose header row names a task column and a unit column becomes tasks; any other
        table stays as its paragraphs (rows above the header, such as a caption, too)."""
        rows: dict[int, dict[int, str]] = {}
        first: dict[int, SourceParagraph] = {}
        for part in cells:
            row = rows.setdefault(part.row, {})
            row[part.col] = row[part.col] + "\n" + part.text if part.col in row else part.text
            first.setdefault(part.row, part)
        order = sorted(rows)
        header_at = next(
            (i for i, r in enumerate(order[:4]) if header_columns(list(row_values(rows[r]))) is not None),
            None,
        )
        if header_at is None:
            return list(lines) if lines is not None else list(cells)
        columns = header_columns(list(row_values(rows[order[header_at]]))) or {}
        keys = sorted(rows[order[header_at]])
        by_role = {role: keys[i] for role, i in columns.items() if isinstance(i, int)}
        numbers: dict[int, list[SourceParagraph]] = {}  # the 序号 cells, by row
        for part in cells:  # the header row: held by the tasks' shape (accounting.py)
            if part.row == order[header_at]:
                self.ctx.ledger.shape(part, part.text)
            elif part.col == by_role.get("number"):
                numbers.setdefault(part.row, []).append(part)
        out: list[Element] = []
        for r in order[:header_at]:  # a caption above the header row: plain paragraphs
            text = "".join(rows[r][c] for c in sorted(rows[r])).replace("\n", "")
            where = first[r]
            out.append(SourceParagraph(text, where.line, where.where))
        groups: list[tuple[str, list[dict[str, Any]]]] = [("", [])]
        for r in order[header_at + 1 :]:
            row = rows[r]
            values = {v.strip() for v in row.values() if v.strip()}
            only = next(iter(values)) if len(values) == 1 else ""
            if only and not only.isdigit() and (len(row) > 1 or len(keys) > 2):
                # one text across the row (merged cells): a category of the tasks below it
                heading = only.replace("\n", "")
                number = parse_number(heading)
                groups.append((number.rest if number else heading, []))
                continue

            def cell(role: str, row: dict[int, str] = row) -> str:
                return row.get(by_role[role], "").strip() if role in by_role else ""

            task = self.table_task(cell, first[r], columns)
            if task is not None:
                groups[-1][1].append(task)
                for part in numbers.get(r, []):  # its 序号: held by its place among the tasks
                    self.ctx.ledger.shape(part, part.text)
        header_cell = first[order[header_at]]
        out.append(TableTasks(header_cell, [g for g in groups if g[1]]))
        return out

    def table_task(
        self, cell: Callable[[str], str], where: SourceParagraph, columns: dict[str, Any]
    ) -> dict[str, Any] | None:
        title_cell, detail = cell("title").replace("\n", ""), cell("detail").replace("\n", "")
        if not (title_cell or detail):
            return None
        title, rest = first_sentence(title_cell) if title_cell else first_sentence(detail)
        text = (rest + detail) if title_cell else rest
        task: dict[str, Any] = {"id": self.ctx.task_id(title), "title": title}
        if text:
            task["text"] = text
        units = cell("units").replace("\n", "、")
        support = cell("support").replace("\n", "、")
        if units:
            task["units"] = self.units.unit_groups(units, where, quiet=False)
        else:
            task["units"] = []
        label = columns.get("label_text")
        if isinstance(label, str) and label:
            task["label"] = label
        if support:
            task["support"] = self.units.unit_groups(support, where, quiet=False)
        for name in ("deadline", "time", "place"):
            if cell(name):
                task[name] = cell(name).replace("\n", "")
        self.ctx.report.tasks += 1
        if not units and not support:
            self.ctx.note(UNSURE, where, f"任务「{title}」没有找到责任单位", "在 units 中补上责任单位")
        return tidy_task(task)

    # -- title and signature -----------------------------------------------------------------------


_TWO_SPACES = re.compile(r"\s{2,}")
_WIDE_GAP = re.compile(r"\s{2,}|\u3000{2,}")


def text_cells(text: str) -> list[str]:
    if "\t" in text:
        return [c.strip() for c in text.split("\t")]
    return [c.strip() for c in _WIDE_GAP.split(text)] if _TWO_SPACES.search(text) else [text]


def narrow_header(text: str) -> int:
    """How many cells a header row flattened with single spaces has (序号 活动名称 时间 地点 承办单位:
    5), or 0 when the line is no task table's header."""
    cells = text.split()
    if not 3 <= len(cells) <= 12 or any(len(c) > 10 for c in cells) or set(text) & set("。，,、；;：:（）()"):
        return 0  # a header is a few short words; a sentence or a flattened body is not one
    return len(cells) if header_columns(cells) is not None else 0


def narrow_cells(text: str, width: int) -> list[str]:
    """A row of a table whose cells stand apart by single spaces, as the header's `width` says; the
    spaces past the last column belong to the last cell (区科技局 区科协). [] when the row has fewer
    cells than the header: it is not a row of this table."""
    cells = text.split()
    if len(cells) < width:
        return []
    return [*cells[: width - 1], " ".join(cells[width - 1 :])]


def row_values(row: dict[int, str]) -> list[str]:
    return [row[c] for c in sorted(row)]


_NUMBER_HEADER = re.compile(r"^(?:序号|序號|编号|編號|序)$")
_DEADLINE_HEADER = re.compile(
    r"完成时限|完成時限|完成时间|完成時間|时间节点|時間節點|时限|時限|进度安排|進度安排"
)
_TIME_HEADER = re.compile(r"时间|時間")
_PLACE_HEADER = re.compile(r"地点|地點")
_TASK_HEADER = re.compile(r"任务|任務|事项|事項|项目|項目|活动|活動|内容|內容|措施|工作|名称|名稱")
_UNIT_HEADER = re.compile(r"单位|單位|部门|部門|处室|處室|科室|责任主体|責任主體")


def header_columns(cells: list[str]) -> dict[str, Any] | None:
    """A header row → {role: column index}: title, detail, units, support, deadline, time, place;
    None unless the row names both a task column and a unit column."""
    columns: dict[str, Any] = {}
    for i, raw in enumerate(cells):
        text = re.sub(r"\s+", "", raw)
        if not text or len(text) > 12:
            continue
        role = None
        if _NUMBER_HEADER.match(text):
            role = "number"
        elif _UNIT_HEADER.search(text):
            label = next((lb for lb in sorted(UNIT_LABELS, key=len, reverse=True) if lb in text), "")
            kind = UNIT_LABELS.get(label) or (
                "support" if re.search(r"配合|协办|協辦|参与|參與|协同|協同|协作|協作", text) else "units"
            )
            role = "support" if kind == "support" else "units"
            if role == "units" and label and label != "责任单位" and "label_text" not in columns:
                columns["label_text"] = label
        elif _DEADLINE_HEADER.search(text):
            role = "deadline"
        elif _TIME_HEADER.search(text):
            role = "time"
        elif _PLACE_HEADER.search(text):
            role = "place"
        elif _TASK_HEADER.search(text):
            role = "title" if "title" not in columns else "detail"
        if role and role not in columns:
            columns[role] = i
    if "units" not in columns and "support" in columns:
        columns["units"] = columns.pop("support")
    if "title" in columns and "units" in columns:
        return columns
    return None
