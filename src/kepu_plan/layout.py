"""The plan as the flat run of paragraphs a reader sees, shared by every writer.

Writers differ in how they dress a paragraph (a Jinja template, a Word style), never in which
paragraphs there are or what they say. So the words, the numbering and the responsibility
parenthetical are decided here once; a writer only chooses fonts and markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .labels import FIELD_LINES
from .model import Group, Plan, Task
from .numbering import level1, level2, task_number_text


class Kind(StrEnum):
    TITLE = "title"
    PREAMBLE = "preamble"
    HEADING1 = "heading1"  # 一、指导思想
    HEADING2 = "heading2"  # （一）明确科普职责定位…  (a group's own line)
    PARAGRAPH = "paragraph"  # plain body paragraph of a section
    TASK = "task"  # lead sentence + text + （责任单位：…）
    ITEM = "item"  # （一）加强统筹协调。+ text  (run-in heading)
    SIGNATURE = "signature"  # the 署名 (issuer) line of a 落款
    DATE = "date"  # the 成文日期 line of a 落款: 2025年3月5日
    # the 印发通知 a plan may be published under (plan.notice), before the plan as its 附件:
    NOTICE_NUMBER = "notice-number"  # 发文字号：穗科〔2025〕12号
    NOTICE_TITLE = "notice-title"  # 关于印发《2025年广州市科普工作计划》的通知
    RECIPIENTS = "recipients"  # 主送机关，ending in a full-width colon
    ATTACHMENT_NOTE = "attachment-note"  # 附件说明：附件：2025年广州市科普工作计划
    ATTACHMENT_LABEL = "attachment-label"  # 附件, at the top of the attachment's first page


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph: `number` + `lead` (set apart: bold or heading face) + `body` + `suffix`."""

    kind: Kind
    lead: str = ""
    body: str = ""
    number: str = ""
    suffix: str = ""
    task_id: str | None = None

    @property
    def text(self) -> str:
        """The paragraph exactly as published."""
        return f"{self.number}{self.lead}{self.body}{self.suffix}"


def _join(groups: list[list[str]]) -> str:
    return "，".join("、".join(group) for group in groups)


def units_text(task: Task) -> str:
    """What stands inside the parenthetical: 责任单位：市委宣传部，市科技局、市科协，各区政府."""
    if not task.units and not task.support:
        return ""
    prefix = f"{task.label}：" if task.label else ""
    text = prefix + _join(task.units)
    if task.support:
        text += f"{task.support_separator}{task.support_word}：{_join(task.support)}"
    return text


def responsibility_text(task: Task) -> str:
    """（责任单位：市委宣传部，市科技局、市科协，各区政府）: "，" between groups, "、" inside one.
    Empty when the units stand on lines of their own or in the task's own sentence."""
    if task.units_layout != "parenthetical":
        return ""
    inside = units_text(task)
    return f"（{inside}）" if inside else ""


def field_lines(task: Task) -> list[str]:
    """The lines printed after a task: its units when they stand apart (责任单位：…), then 时间, 地点
    and 完成时限. None for a task of the 2025 plan, whose units stand in the parenthetical."""
    lines = []
    if task.units_layout == "lines":
        if task.units:
            lines.append(f"{task.label or '责任单位'}：{_join(task.units)}")
        if task.support:
            lines.append(f"{task.support_word}：{_join(task.support)}")
    for name, label in FIELD_LINES.items():
        value = getattr(task, name)
        if value:
            lines.append(f"{label}：{value}")
    return lines


def task_number(group: Group, n: int) -> str:
    """The number printed before the n-th task of a group, in the group's own style (usually none)."""
    return task_number_text(group.task_numbering, group.task_number_start + n - 1)


def format_date(value: object) -> str:
    """Dates in official documents: Arabic digits without leading zeros, 2025年1月5日."""
    return f"{value.year}年{value.month}月{value.day}日"  # type: ignore[attr-defined]


def blocks(plan: Plan) -> list[Block]:
    """Every paragraph of the plan in reading order."""
    out = [Block(Kind.TITLE, lead=plan.title)]
    out.extend(Block(Kind.PREAMBLE, body=p) for p in plan.preamble)
    si = 0
    for section in plan.sections:
        if section.heading:  # a plan that is only a list of tasks has no level-1 heading to print
            si += 1
            out.append(Block(Kind.HEADING1, number=level1(si), lead=section.heading))
        out.extend(Block(Kind.PARAGRAPH, body=p) for p in section.paragraphs)
        gi = 0
        for group in section.groups:
            if group.heading:  # tasks standing directly under the level-1 heading have no group line
                gi += 1
                out.append(Block(Kind.HEADING2, number=level2(gi), lead=group.heading))
            for ti, t in enumerate(group.tasks, 1):
                out.append(
                    Block(
                        Kind.TASK,
                        number=task_number(group, ti),
                        lead=t.title,
                        body=t.text,
                        suffix=responsibility_text(t),
                        task_id=t.id,
                    )
                )
                out.extend(Block(Kind.PARAGRAPH, body=line, task_id=t.id) for line in field_lines(t))
        for ii, item in enumerate(section.items, 1):
            out.append(Block(Kind.ITEM, number=level2(ii), lead=item.heading, body=item.text))
            out.extend(Block(Kind.PARAGRAPH, body=p) for p in item.paragraphs)
    if plan.notice is None:  # under a notice the 落款 stands once, under the notice
        out.extend(signature_blocks(plan.issuer, plan.date))
    return out


def signature_blocks(issuer: str | None, date: object | None) -> list[Block]:
    """The 落款: the 署名, then the 成文日期 on the next line (either may be missing)."""
    out = [Block(Kind.SIGNATURE, body=issuer)] if issuer else []
    if date:
        out.append(Block(Kind.DATE, body=format_date(date)))
    return out


def notice_title(plan: Plan) -> str:
    """关于印发《2025年广州市科普工作计划》的通知, unless the notice has a title of its own."""
    assert plan.notice is not None
    return plan.notice.title or f"关于印发《{plan.title}》的通知"


def document_blocks(plan: Plan) -> list[Block]:
    """Every paragraph of the document `render` writes: the plan alone, or, when the plan has a
    `notice`, the whole 公文: the notice (发文字号, title, 主送机关, body, 附件说明, 落款) and then the
    plan as its 附件 (the 附件 label, the plan's title and text)."""
    notice = plan.notice
    if notice is None:
        return blocks(plan)
    recipients = notice.recipients
    colon = "" if recipients.endswith(("：", ":")) else "："
    out = [Block(Kind.NOTICE_NUMBER, body=notice.number)] if notice.number else []
    out.append(Block(Kind.NOTICE_TITLE, lead=notice_title(plan)))
    out.append(Block(Kind.RECIPIENTS, body=recipients, suffix=colon))
    out.extend(Block(Kind.PARAGRAPH, body=p) for p in notice.body)
    out.append(Block(Kind.ATTACHMENT_NOTE, lead="附件：", body=plan.title))
    out.extend(signature_blocks(notice.issuer or plan.issuer, notice.date or plan.date))
    out.append(Block(Kind.ATTACHMENT_LABEL, lead="附件"))
    return out + blocks(plan)
