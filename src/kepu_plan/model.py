"""The plan as a tree of pydantic models: Plan → Section → Group → Task, or Section → Item / paragraphs.

Numbering (一、 （一）) is not stored anywhere: writers derive it from a node's position, so authors
never type it and it can never disagree with the structure. Every model forbids unknown keys, so a
misspelt key is reported rather than silently ignored.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

#: Authors' text: one paragraph on one line, never empty, never stripped (the tool does not rewrite
#: authors' words). A line break would split a published paragraph in two.
ONE_LINE = r"^[^\r\n\u2028\u2029]+$"
Text = Annotated[str, StringConstraints(min_length=1, pattern=ONE_LINE)]

#: A stable task id: lower-case ASCII words joined by hyphens, so it survives across years and tools.
TaskId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]

#: Responsible units as published: groups joined by "，", names inside a group by "、".
UnitGroups = list[list[Text]]


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Task(_Node):
    """One task: its lead sentence (title), its detail (text) and who is responsible for it."""

    id: TaskId
    title: Text
    text: Text
    units: UnitGroups = Field(
        default_factory=list,
        description="责任单位，按发布顺序分组：组间用“，”，组内用“、”。例如 [[市科技局, 市科协], [各区政府]]",
    )
    lead: Text | None = Field(None, description="明确的牵头单位（缺省时第一个责任单位牵头）")

    @property
    def unit_names(self) -> list[str]:
        """All unit references in published order, flattened."""
        return [name for group in self.units for name in group]

    @property
    def lead_name(self) -> str | None:
        names = self.unit_names
        return self.lead or (names[0] if names else None)


class Group(_Node):
    """A level-2 heading that stands on its own line, (（一）明确科普职责定位…), with its tasks."""

    heading: Text
    tasks: list[Task] = Field(min_length=1)


class Item(_Node):
    """A level-2 point with a run-in heading: （一）加强统筹协调。市、区科技行政部门要…"""

    heading: Text
    text: Text


class Section(_Node):
    """A level-1 section (一、指导思想) holding exactly one kind of content."""

    heading: Text
    paragraphs: list[Text] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_kind_of_content(self) -> Section:
        kinds = [k for k in ("paragraphs", "groups", "items") if getattr(self, k)]
        if len(kinds) != 1:
            raise ValueError("每个一级部分须且只须包含 paragraphs、groups、items 之一")
        return self


class Plan(_Node):
    """A year's plan: title, preamble, sections; issuer and date when the plan is signed."""

    year: int = Field(ge=1949, le=2999)
    title: Text
    preamble: list[Text] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)
    issuer: Text | None = None
    date: dt.date | None = None

    def tasks(self) -> list[tuple[tuple[int, int, int], Task]]:
        """Every task with its (section, group, task) indices, in document order."""
        return [
            ((si, gi, ti), task)
            for si, section in enumerate(self.sections)
            for gi, group in enumerate(section.groups)
            for ti, task in enumerate(group.tasks)
        ]


def task_path(indices: tuple[int, int, int]) -> tuple[str | int, ...]:
    """The YAML path of a task, for locating diagnostics: sections/0/groups/1/tasks/2."""
    si, gi, ti = indices
    return ("sections", si, "groups", gi, "tasks", ti)
