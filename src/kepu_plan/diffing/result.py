"""What a comparison of two plans yields: the changes to tasks, to the other parts, and per unit.

Writers format a :class:`PlanDiff`; nothing here computes anything beyond counting.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from ..model import LocatedTask, Plan


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"
    MOVED = "moved"  # to another group or section
    REORDERED = "reordered"  # within its group
    RENAMED = "renamed"  # the same task under another id (ids are bookkeeping, not content)


#: The fields of a task a modification names, in the order they are reported (a new id is a
#: RENAMED change of its own, never a modification).
TASK_FIELDS = ("title", "text", "units", "lead")

Match = Literal["id", "pinned", "content"]


@dataclass(frozen=True, slots=True)
class Change:
    """One thing that happened to one task. A task both edited and moved has two changes."""

    kind: ChangeKind
    old: LocatedTask | None
    new: LocatedTask | None
    fields: tuple[str, ...] = ()
    units_added: tuple[str, ...] = ()  # canonical names
    units_removed: tuple[str, ...] = ()
    match: Match | None = None  # how old and new were found to be the same task
    similarity: float | None = None  # for a match by content: 0–1
    probable: bool = False  # a low-confidence match by content: a reviewer should confirm it

    @property
    def id(self) -> str:
        ref = self.new or self.old
        assert ref is not None
        return ref.id


@dataclass(frozen=True, slots=True)
class PartChange:
    """A change outside the tasks: the title, a heading, a paragraph, a run-in item, the signature."""

    kind: ChangeKind  # added, removed, modified or moved
    where: str  # 标题, 前言第1段, 一、指导思想第1段, 二（三）小标题, 三（二）, 落款 …
    old: str | None  # the paragraph as published
    new: str | None


@dataclass(frozen=True, slots=True)
class UnitChange:
    """The tasks one unit (by canonical name) gained and lost."""

    unit: str
    gained: tuple[LocatedTask, ...]
    lost: tuple[LocatedTask, ...]


@dataclass
class PlanDiff:
    old: Plan
    new: Plan
    changes: list[Change]
    parts: list[PartChange]
    units: list[UnitChange]
    #: every matched pair, old id → new id (unchanged tasks included); the redline follows it
    pairs: dict[str, str]
    ignore_year: bool = False
    old_name: str = ""  # how the user named the plans (a path, git:REV:path), for headers
    new_name: str = ""

    @property
    def differs(self) -> bool:
        return bool(self.changes or self.parts)

    def summary(self) -> dict[str, int]:
        counts = {str(kind): 0 for kind in ChangeKind}
        for change in self.changes:
            counts[str(change.kind)] += 1
        counts["probable"] = sum(1 for c in self.changes if c.probable and c.kind is ChangeKind.MODIFIED)
        counts["other"] = len(self.parts)
        counts["old_tasks"] = len(self.old.tasks())
        counts["new_tasks"] = len(self.new.tasks())
        return counts

    def changes_by_task(self) -> list[list[Change]]:
        """The changes grouped per task, in document order (a task edited and moved: one group)."""
        groups: list[list[Change]] = []
        for change in self.changes:
            if groups and _same_task(groups[-1][0], change):
                groups[-1].append(change)
            else:
                groups.append([change])
        return groups


def _same_task(a: Change, b: Change) -> bool:
    return (a.old is not None and b.old is not None and a.old.order == b.old.order) or (
        a.new is not None and b.new is not None and a.new.order == b.new.order
    )
