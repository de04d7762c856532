"""Rules about task ids, which let a task be followed from one year's plan to the next."""

from __future__ import annotations

from collections.abc import Iterator

from .. import codes
from ..diagnostics import Diagnostic
from . import Context, rule


@rule(codes.DUPLICATE_TASK_ID)
def duplicate_task_id(ctx: Context) -> Iterator[Diagnostic]:
    """Task ids are unique in a plan.

    fail:  两个任务都是 ``id: science-week``
    pass:  ``id: science-week`` 和 ``id: science-month``
    """
    first: dict[str, tuple[str | int, ...]] = {}
    for path, task in ctx.tasks():
        where = (*path, "id")
        if task.id in first:
            line, _ = ctx.source.locate(first[task.id])
            yield ctx.report(
                codes.DUPLICATE_TASK_ID,
                f"任务编号「{task.id}」重复（第一次出现在第 {line} 行）",
                where,
                hint="给这个任务换一个独有的编号",
            )
        else:
            first[task.id] = where
