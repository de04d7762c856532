"""What a unit's task list and the overview say, in every format (docx, md, txt): one place for the
wording, so that the Word writer and the text writers never disagree and never import each other."""

from __future__ import annotations

from collections.abc import Iterable

from ..assignments import Overview, Role, UnitTasks
from ..layout import units_text
from ..model import Task

#: The overview's file name (without suffix) among the unit lists written by `render --all-units`.
OVERVIEW_NAME = "责任分工总览"


def responsible_units(task: Task) -> str:
    """市科技局、市科协、市有关单位，各区政府: the parenthetical's words, without the column's own label."""
    return units_text(task).removeprefix("责任单位：")


def role_text(role: Role, via: str | None) -> str:
    """牵头 / 配合, and when a collective brought the unit in: 配合（通过“市、区科协”）."""
    return str(role) if via is None else f"{role}（通过“{via}”）"


def possible_text(references: Iterable[str]) -> str:
    """待确认（市有关单位）: why a task may concern the unit."""
    return "待确认（" + "、".join(references) + "）"


def summary(unit_tasks: UnitTasks) -> str:
    """One sentence a reader can check the list against."""
    n, leads = len(unit_tasks.definite), unit_tasks.leads
    text = f"明确承担的任务{n}项（牵头{leads}项，配合{n - leads}项）"  # Chinese: no spaces around numbers
    if unit_tasks.possibly_related:
        text += f"；另有{len(unit_tasks.possibly_related)}项任务的责任单位为泛指，可能涉及本单位，请确认"
    return text + "。"


def overview_title(overview: Overview) -> str:
    return f"{overview.plan_title} 责任分工总览"  # as UnitTasks.title: a file name, a document property
