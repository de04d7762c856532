"""A unit's task list and the responsibility overview as official Word documents (tables).

Built on the document primitives of :mod:`.officedoc` (page, fonts, styles, page numbers, the table
builder, reproducible saving); this module chooses the columns and says what goes in the rows, in the
wording of :mod:`.unit_wording` that the text formats share.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..assignments import Assignment, Overview, PossibleAssignment, Role, UnitTasks
from ..numbering import level2
from .officedoc import (
    BODY,
    HEADING1,
    Column,
    cell_text,
    paragraph_xml,
    reproducible_timestamp,
    save_reproducibly,
    table_document,
    table_xml,
    title_xml,
)
from .officedoc.tables import GroupRow
from .unit_wording import overview_title, possible_text, responsible_units, summary


def _table(columns: Sequence[Column], rows: Sequence[Sequence[str] | GroupRow], width: int) -> str:
    """A table of plain-text cells, centred vertically, centred across where the column says so."""
    cells = [
        row
        if isinstance(row, GroupRow)
        else [cell_text(text, centred=c.centred) for c, text in zip(columns, row, strict=True)]
        for row in rows
    ]
    return table_xml(columns, cells, width, v_centre=True)


def _title(first: str, second: str, width: int) -> str:
    """A two-line title: the plan's title, then what this document is, on the titles' own spacing
    (either broken again where it is too long for the text block, `width` twips)."""
    return title_xml(first, second, width=width)


def _spacer() -> str:
    """An empty paragraph: Word wants one after a table, and it separates the table from what follows."""
    return paragraph_xml(BODY, [])


# -- a unit's list ------------------------------------------------------------------------------------

#: The part a task belongs to (二（一）明确科普职责定位…) heads its rows once, as a `GroupRow`.
UNIT_COLUMNS = (
    Column("序号", 2, centred=True),
    Column("工作任务", 8),
    Column("具体内容", 14, flexible=True),
    Column("责任单位", 7),
    Column("角色", 5, centred=True),
)
POSSIBLE_COLUMNS = (*UNIT_COLUMNS[:-1], Column("涉及依据", 5, centred=True))


def _role_cell(role: Role, via: str | None) -> str:
    """牵头, or 牵头 over （通过市、区科协） in a narrow column."""
    return str(role) if via is None else f"{role}\n（通过{via}）"


def _rows(
    listed: Sequence[Assignment | PossibleAssignment], last: Sequence[str]
) -> list[list[str] | GroupRow]:
    """The table rows for tasks on a unit's list, numbered through, each part's heading once above its
    tasks; the last column says how the unit is concerned."""
    rows: list[list[str] | GroupRow] = []
    part = None
    for number, (item, concern) in enumerate(zip(listed, last, strict=True), 1):
        if item.planned.part != part:
            part = item.planned.part
            rows.append(GroupRow(part.numbered_heading))
        task = item.task
        rows.append([str(number), task.title, task.text, responsible_units(task), concern])
    return rows


def render_unit_list_docx(unit_tasks: UnitTasks, reference_doc: Path | None = None) -> bytes:
    """「2025年广州市科普工作计划 市科协任务清单」: the unit, a summary, and its tasks as tables."""
    when = reproducible_timestamp()
    doc, width = table_document([UNIT_COLUMNS, POSSIBLE_COLUMNS], reference_doc)
    unit = unit_tasks.unit
    body = [
        _title(unit_tasks.plan_title, f"{unit.name}任务清单", width),
        paragraph_xml(BODY, [f"单位：{unit.name}（{unit.full_name}）"]),
        paragraph_xml(BODY, [summary(unit_tasks)]),
        paragraph_xml(HEADING1, [f"一、明确承担的任务（{len(unit_tasks.definite)}项）"]),
    ]
    if unit_tasks.definite:
        rows = _rows(unit_tasks.definite, [_role_cell(a.role, a.via) for a in unit_tasks.definite])
        body += [_table(UNIT_COLUMNS, rows, width), _spacer()]
    else:
        body.append(paragraph_xml(BODY, ["无。"]))
    if unit_tasks.possibly_related:
        possible = unit_tasks.possibly_related
        rows = _rows(possible, [possible_text(p.references) for p in possible])
        body += [
            paragraph_xml(HEADING1, [f"二、可能涉及的任务（{len(possible)}项，请确认）"]),
            paragraph_xml(BODY, ["以下任务的责任单位为泛指，可能涉及本单位，不计入明确承担的任务。"]),
            _table(POSSIBLE_COLUMNS, rows, width),
            _spacer(),
        ]
    return save_reproducibly(doc, body=body, title=unit_tasks.title, timestamp=when)


# -- the overview -------------------------------------------------------------------------------------

#: Short names only: with full names the table no longer fits a portrait page (each unit's own list
#: carries its full name).
COUNT_COLUMNS = (
    Column("序号", 2.5, centred=True),
    Column("单位", 10.5, flexible=True),
    Column("明确任务", 5, centred=True),
    Column("其中牵头", 5, centred=True),
    Column("可能涉及", 5, centred=True),
)


def _part_labels(overview: Overview) -> list[str]:
    """（一） when every part lies in one section (narrow enough for a portrait page), else 二（一）."""
    if len({p.section_number for p in overview.parts}) == 1:
        return [level2(p.group_number) for p in overview.parts]
    return [p.number for p in overview.parts]


def _matrix_columns(labels: Sequence[str]) -> tuple[Column, ...]:
    return (
        Column("单位", 10.5, flexible=True),
        *(Column(label, len(label) + 0.5, centred=True) for label in labels),
    )


def render_overview_docx(overview: Overview, reference_doc: Path | None = None) -> bytes:
    """The responsibility overview: counts per unit, units × parts, and the tasks no unit owns."""
    when = reproducible_timestamp()
    labels = _part_labels(overview)
    matrix_columns = _matrix_columns(labels)
    doc, width = table_document([COUNT_COLUMNS, matrix_columns], reference_doc)
    counts = [
        [
            str(i),
            u.unit.name,
            str(len(u.definite)),
            str(u.leads),
            str(len(u.possibly_related)),
        ]
        for i, u in enumerate(overview.units, 1)
    ]
    matrix = [[u.unit.name, *(str(n) if n else "" for n in row)] for u, row in overview.matrix()]
    body = [
        _title(overview.plan_title, "责任分工总览", width),
        paragraph_xml(HEADING1, ["一、各单位任务数"]),
        _table(COUNT_COLUMNS, counts, width),
        _spacer(),
        paragraph_xml(HEADING1, ["二、各部分明确任务分布"]),
        _table(matrix_columns, matrix, width),
        _spacer(),
        *(
            paragraph_xml(BODY, [f"{label}{p.heading}"])
            for label, p in zip(labels, overview.parts, strict=True)
        ),
        paragraph_xml(HEADING1, ["三、没有明确任务的单位"]),
    ]
    if overview.without_tasks:
        body += [
            paragraph_xml(
                BODY,
                [
                    f"{u.unit.name}（{u.unit.full_name}）"
                    + (f"：另有{len(u.possibly_related)}项可能涉及" if u.possibly_related else "")
                ],
            )
            for u in overview.without_tasks
        ]
    else:
        body.append(paragraph_xml(BODY, ["无：名录中每个单位都有明确承担的任务。"]))
    body.append(paragraph_xml(HEADING1, ["四、只有泛指责任单位的任务"]))
    if overview.vague_only:
        body += [
            paragraph_xml(BODY, [f"{p.task.title}（{p.part.number}；责任单位：{responsible_units(p.task)}）"])
            for p in overview.vague_only
        ]
    else:
        body.append(paragraph_xml(BODY, ["无。"]))
    if overview.unassigned or overview.unresolved:
        body.append(paragraph_xml(HEADING1, ["五、无法归属的任务"]))
        body += [
            paragraph_xml(BODY, [f"{p.task.title}（{p.part.number}）：没有名录中登记的责任单位"])
            for p in overview.unassigned
        ]
        body += [
            paragraph_xml(BODY, [f"任务标识{task_id}：责任单位「{reference}」不在单位名录中"])
            for task_id, reference in overview.unresolved
        ]
    return save_reproducibly(doc, body=body, title=overview_title(overview), timestamp=when)
