"""The 催报通知 (`kepu-plan remind`): a reminder to the units that have not reported in a round.

What it says is decided once (:func:`notice_text`) and dressed three ways: :func:`remind_docx`, an
official document in the plan's own GB/T 9704 house style — the notice (title, 主送机关 naming
exactly the addressed units, body, 附件说明, 落款) and, on a new page, its 附件: a table of those
units and their tasks — and :func:`remind_md` / :func:`remind_txt`, an e-mail body through the
sandboxed Jinja templates (remind.md.j2, remind.txt.j2; a city may bring its own) with the same list
inline. Who is addressed, and the dates, are reminders.py's; tasks are named as the other writers
name them for units (二（二）第1项：title).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..form_layout import POSSIBLE_SHEET
from ..layout import Block, Kind, format_date
from ..numbering import level1
from ..reminders import AddressedUnit, RemindedTask, Reminder
from .report import report_title

#: The 附件's title, and the name the notice's 附件说明 gives it.
LIST_TITLE = "未报送单位及其承担的任务"


@dataclass(frozen=True, slots=True)
class NoticeUnit:
    """An addressed unit as the notice lists it: its name (and full name), one line per task, and a
    sentence about the tasks that only may concern it ("" when none)."""

    name: str
    full_name: str
    tasks: tuple[str, ...]
    possible: str


@dataclass(frozen=True, slots=True)
class NoticeGroup:
    heading: str  # 一、尚未报送填报表的单位（3个）
    units: tuple[NoticeUnit, ...]


@dataclass(frozen=True, slots=True)
class NoticeText:
    """Every sentence of the notice, in order: what the Word document and the templates print."""

    title: str
    recipients: str  # 主送机关, ending in a full-width colon
    paragraphs: tuple[str, ...]
    list_title: str
    groups: tuple[NoticeGroup, ...]
    issuer: str  # the 署名 ("" when the plan names no issuer)
    date: str  # the 成文日期: 2026年1月10日


def notice_title(reminder: Reminder) -> str:
    """关于催报2025年广州市科普工作完成情况的通知: also the default file name."""
    return f"关于催报{report_title(reminder.progress)}的通知"


def task_line(task: RemindedTask) -> str:
    """二（二）第1项：组织开展2025年广州科技活动周系列活动。（牵头；完成时限：6月底前）: the task as
    the other writers name it for units, the unit's role, and its 完成时限 — marked when it has passed
    on the notice's date and the task is not done (TaskProgress.overdue)."""
    planned = task.task.planned
    notes = [task.role]
    if planned.task.deadline:
        late = "，已过完成时限" if task.task.overdue else ""
        notes.append(f"完成时限：{planned.task.deadline}{late}")
    return f"{planned.label}：{planned.task.title}（{'；'.join(notes)}）"


def _unit(unit: AddressedUnit) -> NoticeUnit:
    possible = ""
    if unit.possible:
        possible = f"另有{unit.possible}项任务可能涉及本单位，请在填报表“{POSSIBLE_SHEET}”表中一并确认。"
    full_name = unit.status.full_name if unit.status.full_name != unit.name else ""
    return NoticeUnit(unit.name, full_name, tuple(task_line(t) for t in unit.tasks), possible)


def _groups(reminder: Reminder) -> tuple[NoticeGroup, ...]:
    named = [
        ("尚未报送填报表的单位", "", reminder.silent),
        ("交回的填报表未填写任何内容的单位", "，不计为已报送", reminder.untouched),
    ]
    groups: list[NoticeGroup] = []
    for heading, note, units in named:
        if units:
            number = level1(len(groups) + 1)
            groups.append(NoticeGroup(f"{number}{heading}（{len(units)}个{note}）", tuple(map(_unit, units))))
    return tuple(groups)


def _opening(reminder: Reminder) -> str:
    """按照《…》的要求……截至2026年1月10日，应报送的63个单位中已有60个报送，仍有2个单位未报送……"""
    progress = reminder.progress
    silent, untouched = len(reminder.silent), len(reminder.untouched)
    counts = [f"应报送的{len(progress.units)}个单位中已有{reminder.reported}个报送"]
    if silent:
        counts.append(f"仍有{silent}个单位未报送填报表")
    if untouched:
        counts.append(f"{'另有' if silent else '仍有'}{untouched}个单位交回的填报表未填写任何内容")
    return (
        f"按照《{progress.plan.title}》的要求，承担计划任务的单位应报送本单位任务的完成情况"
        f"（填报轮次：{progress.round}）。截至{format_date(reminder.issued)}，" + "，".join(counts) + "。"
    )


def notice_text(reminder: Reminder, *, attached: bool) -> NoticeText:
    """The notice's words. `attached`: the list of units and tasks is the document's 附件 (Word),
    else it follows the body (an e-mail)."""
    plan = reminder.progress.plan
    notice = plan.notice
    request = (
        f"请上述单位于{format_date(reminder.report_by)}前，在本单位收到的填报表中逐项填写各项任务的"
        "进展状态和完成情况并报送。"
    )
    if reminder.untouched:
        request += "交回的填报表未填写任何内容的，不计为已报送，请填写后重新报送。"
    request += "各单位承担的任务见附件。" if attached else "各单位承担的任务如下。"
    return NoticeText(
        title=notice_title(reminder),
        recipients="、".join(u.name for u in reminder.units) + "：",
        paragraphs=(_opening(reminder), request),
        list_title=LIST_TITLE,
        groups=_groups(reminder),
        issuer=(notice.issuer if notice and notice.issuer else plan.issuer) or "",
        date=format_date(reminder.issued),
    )


# -- Word -------------------------------------------------------------------------------------------------


def _notice_blocks(text: NoticeText) -> list[Block]:
    """The notice's paragraphs as the plan's layout blocks, so that docx_official sets them exactly as
    it sets a plan's 印发通知 (title breaks, 主送 顶格, 附件说明, 落款, the 附件 page)."""
    blocks = [Block(Kind.NOTICE_TITLE, lead=text.title), Block(Kind.RECIPIENTS, body=text.recipients)]
    blocks += [Block(Kind.PARAGRAPH, body=p) for p in text.paragraphs]
    blocks.append(Block(Kind.ATTACHMENT_NOTE, lead="附件：", body=text.list_title))
    if text.issuer:
        blocks.append(Block(Kind.SIGNATURE, body=text.issuer))
    blocks.append(Block(Kind.DATE, body=text.date))
    blocks.append(Block(Kind.ATTACHMENT_LABEL, lead="附件"))
    blocks.append(Block(Kind.TITLE, lead=text.list_title))
    return blocks


def remind_docx(reminder: Reminder, reference_doc: Path | None = None) -> bytes:
    """The 催报通知 as an official .docx: the notice, then its 附件 (a table: 序号, 单位, 承担的任务,
    one row per unit under a row naming its group). Dated by `reminder_timestamp` (the same inputs,
    the same bytes)."""
    from .docx_official import blocks_xml
    from .officedoc import (
        NOTICE_STYLES,
        TABLE_STYLES,
        Column,
        GroupRow,
        cell_text,
        table_xml,
        write_official,
    )

    text = notice_text(reminder, attached=True)
    columns = [
        Column("序号", 2, centred=True),
        Column("单位", 7, flexible=True),
        Column("承担的任务", 17, flexible=True),
    ]
    rows: list[list[str] | GroupRow] = []
    for group in text.groups:
        rows.append(GroupRow(group.heading))
        for number, unit in enumerate(group.units, 1):
            who = cell_text(unit.name) + (cell_text(f"（{unit.full_name}）") if unit.full_name else "")
            lines = [*unit.tasks, *([unit.possible] if unit.possible else [])]
            tasks = "".join(cell_text(line) for line in lines) or cell_text("")  # a cell holds a paragraph
            rows.append([cell_text(str(number), centred=True), who, tasks])
    blocks = _notice_blocks(text)

    def body(width: int) -> list[str]:
        return [*blocks_xml(blocks, width), table_xml(columns, rows, width)]

    return write_official(
        body,
        styles=(*NOTICE_STYLES, *TABLE_STYLES),
        reference_doc=reference_doc,
        title=text.title,
        timestamp=reminder_timestamp(reminder),
    )


def reminder_timestamp(reminder: Reminder) -> dt.datetime:
    """The time the document's properties carry: SOURCE_DATE_EPOCH when set, else the notice's own
    date (not the clock), so that the same inputs give the same bytes all day long — as the forms
    and the 台账 are dated by the plan (epoch.plan_dated)."""
    from ..epoch import plan_dated

    return plan_dated(reminder.issued.year, reminder.issued)


# -- e-mail bodies ----------------------------------------------------------------------------------------


def remind_md(reminder: Reminder) -> str:
    from .text import render_named

    return render_named("remind.md.j2", notice=notice_text(reminder, attached=False))


def remind_txt(reminder: Reminder) -> str:
    from .text import render_named

    return render_named("remind.txt.j2", notice=notice_text(reminder, attached=False))
