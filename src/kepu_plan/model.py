"""The plan as a tree of dataclasses: Plan → Section → Group → Task, or Section → Item / paragraphs.

Numbering (一、 （一）) is not stored anywhere: writers derive it from a node's position, so authors
never type it and it can never disagree with the structure. Every model forbids unknown keys, so a
misspelt key is reported rather than silently ignored.

The models are plain frozen dataclasses and a leaf: they import nothing above them (no validation, no
pydantic). Their annotations stay text at run time: the value types they name (Text, Prose, TaskId …)
are pydantic's, in schema_types.py, and only the schema builders evaluate them. A file is checked by
pydantic-core against the core schema pydantic builds from these classes once per pydantic-core and
keeps in the user's cache (core_schemas.py, validation.py), so that `validate` and `render` do not
import pydantic's model machinery at every start (issue 15).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, cast, dataclass_transform

from .charsets import NOT_IN_ONE_LINE
from .labels import (  # the annotations below name them (the schema builder reads them here)
    SUPPORT_LABEL,
    ResponsibilityLabel,
    SupportLabel,
    TaskNumbering,
    UnitsLayout,
)
from .numbering import level1, level2
from .patterns import lazy_pattern
from .years import MAX_YEAR, MIN_YEAR

if TYPE_CHECKING:  # the value types, evaluated only by the schema builder (schemas.py)
    from .schema_types import (
        Annotated,
        DeadlineText,
        Field,
        Name,
        OptionalProse,
        Prose,
        SignatureDate,
        TaskId,
        Text,
        UnitGroups,
    )

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "ResponsibilityLabel",
    "SupportLabel",
    "TaskNumbering",
    "UnitsLayout",
]

#: Authors' text: one paragraph on one line (schema_types.Text). A line break would split a published
#: paragraph in two, and control characters (which a YAML escape such as "\x01" can produce) cannot
#: be stored in a Word document at all. The loader recognises these two patterns in pydantic's errors.
ONE_LINE = rf"^[^{NOT_IN_ONE_LINE}]+$"
OPTIONAL_ONE_LINE = rf"^[^{NOT_IN_ONE_LINE}]*$"


@dataclass(frozen=True)
class AuthorText:
    """Marks a field as the authors' words, in the one place that says so: the rules read it
    (author_text.author_texts), the Word writer's XML check covers it, and `kepu-plan new` moves the
    plan's own year in it (author_text.year_keys) unless `moves_year` is False (a name, such as the
    issuer). A new field printed in the plan is marked (schema_types.Prose, Name), or it escapes all
    of them."""

    moves_year: bool = True


PROSE = AuthorText()
NAME = AuthorText(moves_year=False)


def date_as_text(value: object) -> object:
    """A YAML date (2025-06-30) read by another loader is the same deadline as the text."""
    return value.isoformat() if isinstance(value, dt.date) else value


def deadline_text(value: str) -> str:
    """The model's check of a 完成时限 (deadlines.check_deadline_text); the deadline grammar is
    imported by the first plan that has a deadline, not by every start of validate."""
    from .deadlines import check_deadline_text

    return check_deadline_text(value)


_WRITTEN_DATE = lazy_pattern(r"^\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?\s*$")


def written_date(value: object) -> object:
    """A 成文日期 as authors write it, 2025年3月5日, 2025年03月05日 or 2025.3.5, is the date
    2025-03-05 (documents print it 2025年3月5日 whatever the spelling); anything else is left to the
    date type's own check."""
    if isinstance(value, str):
        match = _WRITTEN_DATE().match(value)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"日期「{value.strip()}」不存在") from None
    return value


class _Node:
    """A node of a file model: a frozen record whose fields its dataclass declares.

    Unknown keys are refused (pydantic reads this config from the class). The behaviour of a record —
    keyword construction with the fields' defaults, then __post_init__; equality and repr by field;
    no assignment — is written here once (`file_model`), not generated per class: a dataclass
    compiles its __init__, __repr__, __eq__, __setattr__ … from source text when its class is
    created, ~0.5 ms a class at every start, and a plan's check needs a dozen classes. Instances that
    pydantic-core builds from a file do not go through __init__ at all (validation.py).
    """

    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}
    __hash__ = None  # type: ignore[assignment]  # equal by value, and mutable lists inside

    def __init__(self, **values: object) -> None:
        for name, default, factory in _defaults(type(self)):
            if name in values:
                value = values.pop(name)
            elif default is not MISSING:
                value = default
            elif factory is not MISSING:
                value = factory()
            else:
                raise TypeError(f"{type(self).__name__}() missing keyword argument: '{name}'")
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(f"{type(self).__name__}() got unexpected keyword arguments: {', '.join(values)}")
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field '{name}'")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field '{name}'")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in field_names(type(self)))

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in field_names(type(self)))
        return f"{type(self).__qualname__}({values})"


_DEFAULTS: dict[type, tuple[tuple[str, Any, Any], ...]] = {}


def _defaults(model: type) -> tuple[tuple[str, Any, Any], ...]:
    """(name, default, default_factory) of each field, MISSING where there is none."""
    if model not in _DEFAULTS:
        _DEFAULTS[model] = tuple((f.name, f.default, f.default_factory) for f in fields(model))
    return _DEFAULTS[model]


M = TypeVar("M", bound=type)
N = TypeVar("N", bound="_Node")


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
def file_model(cls: M) -> M:
    """Declare a file model: its fields as a dataclass (which pydantic reads to build the schemas),
    its behaviour from _Node."""
    return cast(M, dataclass(init=False, repr=False, eq=False, kw_only=True)(cls))


@file_model
class Task(_Node):
    """One task: its lead sentence (title), its detail (text) and who is responsible for it."""

    id: TaskId
    title: Prose
    text: OptionalProse = ""
    units: Annotated[
        UnitGroups,
        Field(
            description="责任单位，按发布顺序分组：组间用“，”，组内用“、”。例如 [[市科技局, 市科协], [各区政府]]"
        ),
    ] = field(default_factory=list)
    lead: Annotated[Text | None, Field(description="明确的牵头单位（缺省时第一个责任单位牵头）")] = None
    label: Annotated[
        ResponsibilityLabel,
        Field(description="括号中的说明词：责任单位、责任部门、牵头单位，或空（只列单位）"),
    ] = "责任单位"
    support: Annotated[
        UnitGroups, Field(description="配合单位（仅在 label 为 牵头单位 时）：（牵头单位：…；配合单位：…）")
    ] = field(default_factory=list)
    support_separator: Annotated[Literal["；", "，"], Field(description="牵头单位与配合单位之间的标点")] = (
        "；"
    )
    support_label: Annotated[
        SupportLabel | None,
        Field(description="配合单位的说明词（缺省为与 label 相配的“配合单位”）：配合单位、协办单位…"),
    ] = None
    units_layout: Annotated[
        UnitsLayout,
        Field(
            description="责任单位的写法：parenthetical（任务后括号）、lines（任务后另起一行）、sentence（正文已写明，不另列）"
        ),
    ] = "parenthetical"
    time: Annotated[OptionalProse | None, Field(description="时间（活动类任务）")] = None
    place: Annotated[OptionalProse | None, Field(description="地点（活动类任务）")] = None
    deadline: DeadlineText | None = None
    proposed_by: Annotated[
        Text | None,
        Field(description="提出此任务的单位（来自上一年各单位的“次年工作建议”）；审定采纳后删除此字段"),
    ] = None

    def __post_init__(self) -> None:  # pydantic-core reports the error at the task, like a field's
        if self.support and not self.label:
            raise ValueError(
                "只列单位的括号（label 为空）不能另列 support（配合单位）：请写明 label，如“牵头单位”"
            )

    @property
    def support_word(self) -> str:
        """The label printed before the supporting units: 配合单位 unless the plan says otherwise."""
        return self.support_label or SUPPORT_LABEL.get(self.label, "配合单位")

    @property
    def unit_groups(self) -> list[tuple[str, int, list[str]]]:
        """Every group of unit references with the field and index it stands at (units, then support)."""
        return [("units", i, g) for i, g in enumerate(self.units)] + [
            ("support", i, g) for i, g in enumerate(self.support)
        ]

    @property
    def unit_names(self) -> list[str]:
        """All unit references in published order, flattened (lead units, then supporting units)."""
        return [name for group in self.units for name in group] + [
            name for group in self.support for name in group
        ]

    @property
    def lead_name(self) -> str | None:
        names = self.unit_names
        return self.lead or (names[0] if names else None)


@file_model
class Group(_Node):
    """A level-2 heading that stands on its own line, (（一）明确科普职责定位…), with its tasks."""

    heading: Annotated[
        OptionalProse, Field(description="分组标题；空：任务直接列在一级标题下（不印（一）这一级）")
    ] = ""
    tasks: Annotated[list[Task], Field(min_length=1)]
    task_numbering: Annotated[
        TaskNumbering, Field(description="任务编号样式：空（不编号）、1.、1、、（1）、① 或（一）")
    ] = ""
    task_number_start: Annotated[
        int, Field(ge=1, le=999, description="第一项任务的编号（编号跨组连续时）")
    ] = 1


@file_model
class Item(_Node):
    """A level-2 point with a run-in heading: （一）加强统筹协调。市、区科技行政部门要…"""

    heading: Prose
    text: OptionalProse = ""
    paragraphs: Annotated[list[Prose], Field(description="该项之后的续段")] = field(default_factory=list)


@file_model
class Section(_Node):
    """A level-1 section (一、指导思想): opening paragraphs, then either groups of tasks or run-in items."""

    heading: Annotated[
        OptionalProse, Field(description="一级标题；空：没有一级标题的计划（只有任务清单）")
    ] = ""
    paragraphs: list[Prose] = field(default_factory=list)
    # Headings are numbered 一 … 九十九: a hundredth cannot be numbered, so it is refused here.
    groups: Annotated[list[Group], Field(max_length=99)] = field(default_factory=list)
    items: Annotated[list[Item], Field(max_length=99)] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.groups and self.items:
            raise ValueError("一个一级部分不能同时包含 groups 和 items")
        if not (self.paragraphs or self.groups or self.items):
            raise ValueError("一级部分须有内容：paragraphs、groups 或 items")


@file_model
class Notice(_Node):
    """The notice a plan is published under (关于印发《…》的通知); the plan goes out as its 附件.

    Its 署名 and 成文日期 default to the plan's `issuer` and `date`: with a notice the 落款 stands
    once, under the notice, and the 附件 ends with the plan's last paragraph.
    """

    recipients: Annotated[
        Name, Field(description="主送机关，如“各区人民政府，市有关单位”；末尾的全角冒号可省略，由排版补上")
    ]
    body: Annotated[list[Prose], Field(min_length=1, description="正文，每段一项")]
    title: Annotated[Prose | None, Field(description="通知标题；缺省为“关于印发《计划标题》的通知”")] = None
    # a document number's year is the year it was issued in: it stays when the plan moves on
    number: Annotated[Name | None, Field(description="发文字号，如“穗科〔2025〕12号”")] = None
    issuer: Annotated[Name | None, Field(description="署名（发文机关）；缺省为计划的 issuer")] = None
    date: Annotated[
        SignatureDate | None,
        Field(
            description="成文日期，写作 2025-03-05（或 2025年3月5日），排版为 2025年3月5日；缺省为计划的 date"
        ),
    ] = None


@file_model
class Plan(_Node):
    """A year's plan: title, preamble, sections; issuer and date when the plan is signed."""

    year: Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR, strict=True)]
    title: Prose
    preamble: list[Prose] = field(default_factory=list)
    sections: Annotated[list[Section], Field(min_length=1, max_length=99)]
    issuer: Name | None = None
    date: SignatureDate | None = None
    notice: Annotated[
        Notice | None, Field(description="印发通知：有此项时生成完整公文（通知在前，计划作为附件）")
    ] = None

    def tasks(self) -> list[LocatedTask]:
        """Every task with where it stands (part, indices, YAML path, order), in document order: the
        one view of "a task and its place" that rules, unit lists, progress and diff share."""
        out: list[LocatedTask] = []
        sn = 0
        for si, section in enumerate(self.sections):
            sn += bool(section.heading)
            gn = 0
            for gi, group in enumerate(section.groups):
                gn += bool(group.heading)
                part = Part(
                    sn if section.heading else 0,
                    gn if group.heading else 0,
                    section.heading,
                    group.heading,
                    si,
                    gi,
                )
                first = len(out)
                out.extend(LocatedTask(task, part, ti, first + ti) for ti, task in enumerate(group.tasks))
        return out


@dataclass(frozen=True)
class Part:
    """The part of the plan a task stands in (a group such as 二（一）明确科普职责定位…).

    Tasks carry no number of their own in a published plan, so the part is how a reader finds a task
    in the full document; it is also the column of the units × parts matrix.
    """

    section_number: int  # 1-based, as printed (二、 → 2); 0 when the section prints no heading
    group_number: int  # 1-based, as printed (（一） → 1); 0 when the group prints no heading
    section_heading: str
    heading: str
    section_index: int = 0  # 0-based, in the YAML
    group_index: int = 0

    @property
    def number(self) -> str:
        """二（一）: unique across the plan even when several sections hold tasks (parts without a
        printed heading line have no number at that level). The one way this label is built."""
        section = level1(self.section_number).rstrip("、") if self.section_number else ""
        return section + (level2(self.group_number) if self.group_number else "")

    @property
    def numbered_heading(self) -> str:
        """二（一）明确科普职责定位…: the part's number and its group heading, as tables list it."""
        return f"{self.number}{self.heading}"

    @property
    def label(self) -> str:
        """（一）明确科普职责定位，联动形成工作合力。 as the reader sees it in the plan; for tasks standing
        directly under a level-1 heading, that heading."""
        if not self.group_number:
            return (level1(self.section_number) if self.section_number else "") + self.section_heading
        return level2(self.group_number) + self.heading


@dataclass(frozen=True)
class LocatedTask:
    """A task and where it stands: its part, its index in the group and its order in the plan."""

    task: Task
    part: Part
    index: int  # 0-based, in its group
    order: int  # 0-based, among all the plan's tasks

    @property
    def id(self) -> str:
        return self.task.id

    @property
    def title(self) -> str:
        return self.task.title

    @property
    def position(self) -> int:
        """1-based, in its group (第3项)."""
        return self.index + 1

    @property
    def label(self) -> str:
        """二（一）第3项"""
        return f"{self.part.number}第{self.position}项"

    @property
    def group_key(self) -> tuple[int, int]:
        """(section index, group index), 0-based: which group of the YAML the task is in."""
        return self.part.section_index, self.part.group_index

    @property
    def path(self) -> tuple[str | int, ...]:
        """The YAML path, for locating diagnostics: sections/0/groups/1/tasks/2."""
        return ("sections", self.part.section_index, "groups", self.part.group_index, "tasks", self.index)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def field_names(model: type) -> tuple[str, ...]:
    """A model's fields in their order (the order the YAML and the schemas list them in)."""
    if model not in _FIELD_NAMES:
        _FIELD_NAMES[model] = tuple(f.name for f in fields(model))
    return _FIELD_NAMES[model]
