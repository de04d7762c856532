"""The files a round of reporting leaves behind, as data: progress/<year>/<round>/<unit>.yaml.

A leaf, like model.py: plain frozen records and the vocabulary they use (the five status words a unit
may choose, 不涉及 for a task that only may concern it, 未报送 for a task or unit nobody has reported
on, the number columns of 主要数据), importing nothing above them. What is computed over these files
(combine, the round's folders, the plan's fingerprint) is progress.py's.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Literal

from .charsets import CONTROL_CLASS
from .model import _Node, file_model

DONE, ON_TRACK, LATE, NOT_STARTED, NOT_APPLICABLE = "已完成", "按计划推进", "滞后", "未启动", "不适用"
#: The drop-down of 进展状态, in this order.
STATUSES: tuple[str, ...] = (DONE, ON_TRACK, LATE, NOT_STARTED, NOT_APPLICABLE)
#: Only on the "may concern" sheet: the task is not the unit's at all.
NOT_CONCERNED = "不涉及"
#: No form came back from the unit.
NOT_REPORTED = "未报送"
#: A form came back, but this row (or the whole form) was left empty: not a report either.
NOT_FILLED = "未填写"
#: Every word a task, a unit's row or a unit can stand at, in the order figures list them.
TASK_STATES: tuple[str, ...] = (*STATUSES, NOT_FILLED, NOT_REPORTED)
#: A unit that has said nothing on a task, in either way.
SILENT = frozenset({NOT_FILLED, NOT_REPORTED})
#: Statuses that need 完成情况 to say what was done, or why it is late.
NEEDS_TEXT = frozenset({DONE, LATE})
#: 主要数据: whole numbers a unit fills in per task; the report adds them up.
DATA_COLUMNS: tuple[str, ...] = ("活动场次", "参与人次")

Status = Literal["已完成", "按计划推进", "滞后", "未启动", "不适用"]
PossibleStatus = Literal["已完成", "按计划推进", "滞后", "未启动", "不适用", "不涉及"]
DataName = Literal["活动场次", "参与人次"]
Role = Literal["牵头", "配合", "可能涉及"]

#: A unit's own words may run over several lines (Alt+Enter in a cell); control characters may not
#: (schema_types.UnitText).
UNIT_TEXT_PATTERN = f"^[^{CONTROL_CLASS}]*$"

#: A round of reporting's name, which becomes a folder name: 2025-年中, 2025-年度 (schema_types.RoundName).
ROUND_PATTERN = r"^[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z\u4e00-\u9fff_-]{0,39}$"

if TYPE_CHECKING:  # the value types, evaluated only by the schema builder (model.py says why)
    from .schema_types import Annotated, Field, RoundName, UnitText


@file_model
class TaskReport(_Node):
    """One row of a returned form: what the unit says about one task."""

    id: Annotated[str, Field(description="任务编号（与计划中的 id 相同）")]
    title: Annotated[str, Field(description="工作任务（填报时计划中的领句，便于阅读）")]
    role: Role
    status: Annotated[PossibleStatus | None, Field(description="进展状态；未填写时为空（未报送）")] = None
    text: Annotated[UnitText, Field(description="完成情况：单位的原话，不改一字")] = ""
    data: Annotated[
        dict[DataName, Annotated[int, Field(ge=0)]], Field(description="主要数据：活动场次、参与人次（整数）")
    ] = field(default_factory=dict)
    note: Annotated[UnitText, Field(description="佐证材料或备注")] = ""


@file_model
class Proposal(_Node):
    """A task the unit proposes for next year (sheet 次年工作建议)."""

    title: Annotated[UnitText, Field(description="工作任务")]
    text: Annotated[UnitText, Field(description="具体内容")] = ""
    units: Annotated[UnitText, Field(description="建议责任单位（原文）")] = ""


@file_model
class ProgressFile(_Node):
    """What one unit reported in one round: progress/<year>/<round>/<unit>.yaml."""

    plan_year: int
    plan_title: str
    plan_hash: Annotated[str, Field(description="发出表格时计划内容的指纹（sha256 前 16 位）")]
    round: Annotated[RoundName, Field(description="轮次，如 2025-年中、2025-年度")]
    unit: Annotated[str, Field(description="单位简称（名录中的 name）")]
    source: Annotated[str, Field(description="收回的表格文件名")]
    source_sha256: str
    tasks: Annotated[list[TaskReport], Field(description="明确承担的任务")] = field(default_factory=list)
    possibly_related: Annotated[list[TaskReport], Field(description="可能涉及的任务")] = field(
        default_factory=list
    )
    proposals: Annotated[list[Proposal], Field(description="次年工作建议")] = field(default_factory=list)

    @property
    def filled(self) -> int:
        """Rows with a status: 0 means the form came back untouched."""
        return sum(1 for r in (*self.tasks, *self.possibly_related) if r.status is not None)

    @property
    def untouched(self) -> bool:
        """Nothing filled in anywhere (no status, words, figures, note or proposal): the form came back
        as it was sent. One rule for `forms` (a blank form may be rewritten, a filled one not) and for
        `progress` (an untouched form is 未填写, not a report)."""
        rows = (*self.tasks, *self.possibly_related)
        return not self.proposals and not any(r.status or r.text or r.data or r.note for r in rows)
