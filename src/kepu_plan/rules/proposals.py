"""Tasks proposed by a unit for next year (次年工作建议) stay flagged until someone accepts them."""

from __future__ import annotations

from collections.abc import Iterator

from .. import codes
from ..diagnostics import Diagnostic
from . import Context, rule


@rule(codes.PROPOSED_TASK)
def proposed_task(ctx: Context) -> Iterator[Diagnostic]:
    """`kepu-plan new` turns the units' 次年工作建议 into tasks marked ``proposed_by``; until the plan's
    authors accept one (and delete ``proposed_by``), it is a proposal, not part of the plan.

    warn:  ``proposed_by: 市科协``
    pass:  the same task without ``proposed_by`` (accepted), or the task deleted (rejected)
    """
    for path, task in ctx.tasks():
        if task.proposed_by is not None:
            yield ctx.report(
                codes.PROPOSED_TASK,
                f"任务「{task.title}」由「{task.proposed_by}」建议列入，尚未审定",
                (*path, "proposed_by"),
                hint="审定采纳后删除 proposed_by 这一行；不采纳则删除整项任务",
            )
