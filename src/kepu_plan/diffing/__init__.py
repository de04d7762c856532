"""Two plans → what changed, task by task, in the document's own terms. No formatting here.

Like dyff, list entries are matched by identity, not position: tasks by `id` first, then by content
(:mod:`.matching`), whatever their ids; a reviewer may pin or forbid matches with an overrides file (:class:`Overrides`,
an input file, :mod:`.overrides`). For each task the result says: added, removed, modified
(which of title, text, units, lead), renamed (the same task under another id), moved (to another group or section), reordered (within its
group) (:mod:`.tasks`). Units are compared by their canonical registry names, so 广州市科学技术协会 →
市科协 is a change of wording, not of unit; and for each unit the tasks it gained and lost are listed.
Everything outside the tasks is compared paragraph by paragraph as `layout.blocks` lays it out
(:mod:`.parts`).

Writers format a :class:`PlanDiff` (:mod:`.result`); :func:`text_diff` (:mod:`.textdiff`) gives them
character-level differences.
"""

from __future__ import annotations

from ..model import Plan
from ..overrides import Overrides, TaskPair
from ..units import Registry
from .matching import PROBABLE_BELOW, DiffInputError, Side, check_overrides, match_tasks
from .parts import part_changes
from .result import TASK_FIELDS, Change, ChangeKind, Match, PartChange, PlanDiff, UnitChange
from .tasks import task_changes, unit_changes
from .textdiff import MIN_TEXT_RATIO, Op, Segment, bigrams, dice, text_diff

__all__ = [
    "MIN_TEXT_RATIO",
    "TASK_FIELDS",
    "Change",
    "ChangeKind",
    "DiffInputError",
    "Match",
    "Op",
    "Overrides",
    "PartChange",
    "PlanDiff",
    "Segment",
    "TaskPair",
    "UnitChange",
    "bigrams",
    "dice",
    "diff_plans",
    "recognised_ids",
    "text_diff",
]


def diff_plans(
    old: Plan,
    new: Plan,
    *,
    old_registry: Registry | None = None,
    new_registry: Registry | None = None,
    overrides: Overrides | None = None,
    ignore_year: bool = False,
    old_name: str = "",
    new_name: str = "",
) -> PlanDiff:
    """Align two plans and list what changed. `ignore_year` hides changes that are only each plan's
    own year (2025年… → 2026年…, and the `year` field itself)."""
    if overrides is not None:
        check_overrides(overrides, old, new)
    old_side = Side(old, old_registry or new_registry)
    new_side = Side(new, new_registry or old_registry)
    pairs = match_tasks(old_side, new_side, overrides)
    changes = task_changes(old_side, new_side, pairs, ignore_year=ignore_year)
    parts = part_changes(old, new, ignore_year)
    if old.year != new.year and not ignore_year:
        parts.insert(0, PartChange(ChangeKind.MODIFIED, "年份", str(old.year), str(new.year)))
    return PlanDiff(
        old=old,
        new=new,
        changes=changes,
        parts=parts,
        units=unit_changes(changes, new_side, old_side),
        pairs={old_side.refs[i].id: new_side.refs[j].id for i, (j, _, _) in pairs.items()},
        ignore_year=ignore_year,
        old_name=old_name,
        new_name=new_name,
    )


def recognised_ids(
    reference: Plan, plan: Plan, registry: Registry | None = None
) -> dict[tuple[int, int, int], str]:
    """For `import --ids-from`: the reference plan's id for each task of `plan` matched to one of its
    tasks with confidence (the same matching as `diff`), keyed by (section, group, task) indices."""
    old_side, new_side = Side(reference, registry), Side(plan, registry)
    indices = [(*t.group_key, t.index) for t in plan.tasks()]
    return {
        indices[j]: old_side.refs[i].id
        for i, (j, how, score) in match_tasks(old_side, new_side, None).items()
        if how != "content" or score >= PROBABLE_BELOW
    }
