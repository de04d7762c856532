"""The changes page: last year's plan against this one, as `kepu-plan diff` words it.

The comparison is diffing.diff_plans; its wording (what kind of change, where, which fields, how the
match was made) is writers.diff_text's, shared with the terminal and Markdown listings. Here each
changed text becomes segments the template marks up as <del>/<ins>.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diffing import PlanDiff, text_diff
from ..writers.diff_text import FIELD_LABEL, KIND_LABEL, summary_line, task_entries, trimmed

#: Unchanged characters kept around a change in a long text (the Markdown listing keeps as many).
CONTEXT = 20


@dataclass(frozen=True, slots=True)
class FieldChange:
    label: str
    segments: tuple[tuple[str, str], ...]  # (equal | delete | insert | gap, text)


@dataclass(frozen=True, slots=True)
class ChangeItem:
    kind: str  # the ChangeKind value, for the CSS class
    kind_label: str
    id: str
    anchor: str | None  # the task's id on this year's index, None for a removed task
    where: str
    title: str
    note: str
    fields: tuple[FieldChange, ...]
    unit_delta: str
    added: str


@dataclass(frozen=True, slots=True)
class Changes:
    old_year: int
    new_year: int
    summary: str
    tasks: tuple[ChangeItem, ...]
    parts: tuple[ChangeItem, ...]


def _segments(old: str, new: str) -> tuple[tuple[str, str], ...]:
    return tuple((s.op, s.text) for s in trimmed(text_diff(old, new), CONTEXT))


def changes(diff: PlanDiff) -> Changes:
    present = {t.id for t in diff.new.tasks()}
    tasks = tuple(
        ChangeItem(
            str(e.kind),
            KIND_LABEL[e.kind],
            e.id,
            e.id if e.id in present else None,
            e.where,
            e.title,
            e.note,
            tuple(FieldChange(FIELD_LABEL.get(f, f), _segments(old, new)) for f, old, new in e.fields),
            e.unit_delta,
            e.added,
        )
        for e in task_entries(diff)
    )
    parts = tuple(
        ChangeItem(
            str(p.kind),
            KIND_LABEL[p.kind],
            "",
            None,
            p.where,
            "",
            "",
            (FieldChange("", _segments(p.old or "", p.new or "")),),
            "",
            "",
        )
        for p in diff.parts
    )
    return Changes(diff.old.year, diff.new.year, summary_line(diff), tasks, parts)
