"""The plan as the flat run of paragraphs a reader sees, shared by every writer.

Writers differ in how they dress a paragraph (a Jinja template, a Word style), never in which
paragraphs there are or what they say. So the words, the numbering and the responsibility
parenthetical are decided here once; a writer only chooses fonts and markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .model import SUPPORT_LABEL, Group, Plan, Task
from .numbering import level1, level2


class Kind(StrEnum):
    TITLE = "title"
    PREAMBLE = "preamble"
    HEADING1 = "heading1"  # 一、指导思想
    HEADING2 = "heading2"  # （一）明确科普职责定位…  (a group's own line)
    PARAGRAPH = "paragraph"  # plain body paragraph of a section
    TASK = "task"  # lead sentence + text + （责任单位：…）
    ITEM = "item"  # （一）加强统筹协调。+ text  (run-in heading)
    SIGNATURE = "signature"  # issuer / date lines


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
        text += f"{task.support_separator}{SUPPORT_LABEL[task.label]}：{_join(task.support)}"
    return text


def responsibility_text(task: Task) -> str:
    """（责任单位：市委宣传部，市科技局、市科协，各区政府）: "，" between groups, "、" inside one."""
    inside = units_text(task)
    return f"（{inside}）" if inside else ""


def task_number(group: Group, n: int) -> str:
    """The number printed before the n-th task of a group, in the group's own style (usually none)."""
    style = group.task_numbering
    if style == "（1）":
        return f"（{n}）"
    return f"{n}{style[1:]}" if style else ""


def format_date(value: object) -> str:
    """Dates in official documents: Arabic digits without leading zeros, 2025年1月5日."""
    return f"{value.year}年{value.month}月{value.day}日"  # type: ignore[attr-defined]


def blocks(plan: Plan) -> list[Block]:
    """Every paragraph of the plan in reading order."""
    out = [Block(Kind.TITLE, lead=plan.title)]
    out.extend(Block(Kind.PREAMBLE, body=p) for p in plan.preamble)
    for si, section in enumerate(plan.sections, 1):
        out.append(Block(Kind.HEADING1, number=level1(si), lead=section.heading))
        out.extend(Block(Kind.PARAGRAPH, body=p) for p in section.paragraphs)
        for gi, group in enumerate(section.groups, 1):
            out.append(Block(Kind.HEADING2, number=level2(gi), lead=group.heading))
            out.extend(
                Block(
                    Kind.TASK,
                    number=task_number(group, ti),
                    lead=t.title,
                    body=t.text,
                    suffix=responsibility_text(t),
                    task_id=t.id,
                )
                for ti, t in enumerate(group.tasks, 1)
            )
        for ii, item in enumerate(section.items, 1):
            out.append(Block(Kind.ITEM, number=level2(ii), lead=item.heading, body=item.text))
            out.extend(Block(Kind.PARAGRAPH, body=p) for p in item.paragraphs)
    if plan.issuer:
        out.append(Block(Kind.SIGNATURE, body=plan.issuer))
    if plan.date:
        out.append(Block(Kind.SIGNATURE, body=format_date(plan.date)))
    return out
