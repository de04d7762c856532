"""A reviewer's corrections to how `kepu-plan diff` pairs the tasks of two plans: an input file read by
`diff --overrides`, checked like the plan (a file model: schemas.py stores its core schema)."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

from .model import _Node, file_model

if TYPE_CHECKING:  # the value types, evaluated only by the schema builder (model.py says why)
    from .schema_types import Annotated, Field, TaskId


@file_model
class TaskPair(_Node):
    """An old task and a new task, named by id (for `kepu-plan diff --overrides`)."""

    old: Annotated[TaskId, Field(description="旧计划中的任务编号")]
    new: Annotated[TaskId, Field(description="新计划中的任务编号")]


@file_model
class Overrides(_Node):
    """A reviewer's corrections to the matching of two plans: pin a pair as the same task, or forbid
    a pair. An input file like the plan, read by `kepu-plan diff --overrides`."""

    pin: Annotated[list[TaskPair], Field(description="认定为同一任务的对应关系")] = field(
        default_factory=list
    )
    forbid: Annotated[
        list[TaskPair], Field(description="不得认定为同一任务的对应关系（编号相同也不对应）")
    ] = field(default_factory=list)
