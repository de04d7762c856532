"""The year after publication: what units report, kept as data beside the plan.

A round (2025-年中, 2025-年度) sends every unit with definite tasks a form (forms writer), takes the
filled forms back (collecting.py) and stores what each unit said as one plain YAML file,
``progress/<year>/<round>/<unit>.yaml``, validated by :class:`ProgressFile` (its JSON Schema is in
schemas/; the file model and its vocabulary are progress_files.py's, a leaf). Everything after that —
`progress`, the 完成情况 report, next year's proposals — is a computation over plan + these files
(:func:`combine`), dressed by writers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .assignments import Overview, UnitTasks, overview
from .deadlines import DeadlineError, parse_deadline
from .model import LocatedTask, Part, Plan
from .progress_files import (  # the vocabulary, and the file model (writers read them here too)
    DATA_COLUMNS as DATA_COLUMNS,
)
from .progress_files import (
    DONE,
    LATE,
    NOT_APPLICABLE,
    NOT_CONCERNED,
    NOT_REPORTED,
    NOT_STARTED,
    ON_TRACK,
    ROUND_PATTERN,
    STATUSES,
    ProgressFile,
    Proposal,
    TaskReport,
)
from .units import Registry
from .validation import to_data

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../schemas/progress.schema.json"

# -- where things are ---------------------------------------------------------------------------------


def default_round(year: int) -> str:
    """The yearly round when none is named: 2025-年度 (a mid-year round is named, e.g. 2025-年中)."""
    return f"{year}-年度"


def check_round(name: str) -> str | None:
    """None when `name` can be a round (it becomes a folder name); else why not, in Chinese."""
    from .filenames import reserved_name_problem

    if re.fullmatch(ROUND_PATTERN, name):
        reserved = reserved_name_problem(name)
        return None if reserved is None else f"轮次{reserved}"
    return f"轮次「{name}」不能用作文件夹名：只用汉字、字母、数字、- 和 _（最多 40 个字），如 2025-年中"


def plan_hash(plan: Plan) -> str:
    """A fingerprint of the plan's content (not its comments or layout): forms carry it."""
    # defaults left out: a new optional field in the model does not change every plan's fingerprint
    data = json.dumps(to_data(plan, mode="json", exclude_defaults=True), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def form_units(plan: Plan, registry: Registry) -> tuple[Overview, list[UnitTasks]]:
    """Who gets a form: every unit with definite tasks, as `render --unit` decides them."""
    result = overview(plan, registry)
    return result, list(result.with_tasks)


def deadline_of(plan: Plan, planned: LocatedTask) -> dt.date | None:
    """The last day of a task's 完成时限, read in the plan's year; None when it has none."""
    if planned.task.deadline is None:
        return None
    try:
        return parse_deadline(planned.task.deadline, plan.year).last
    except DeadlineError:  # the model refuses these; a hand-built plan object may not
        return None


# -- combining ----------------------------------------------------------------------------------------


def combine_statuses(statuses: Sequence[str | None], expected: int) -> str:
    """One status for a task from what its units said (None: that unit said nothing).

    `expected` is how many units definitely carry the task. The rule, in order:
    nothing said → 未报送; any 滞后 → 滞后; all said 不适用 → 不适用; leaving 不适用 aside, all
    已完成 and every expected unit has said so → 已完成; all 未启动 → 未启动; anything else (work under
    way, or some units done and others silent) → 按计划推进.
    """
    said = [s for s in statuses if s is not None and s != NOT_CONCERNED]
    if not said:
        return NOT_REPORTED
    if LATE in said:
        return LATE
    relevant = [s for s in said if s != NOT_APPLICABLE]
    if not relevant:
        return NOT_APPLICABLE
    if all(s == DONE for s in relevant) and len(said) >= expected:
        return DONE
    if all(s == NOT_STARTED for s in relevant):
        return NOT_STARTED
    return ON_TRACK


@dataclass(frozen=True, slots=True)
class UnitReport:
    """What one unit said about one task (status None: nothing)."""

    unit: str
    role: str
    status: str | None
    text: str
    data: dict[str, int]
    note: str
    definite: bool


@dataclass(frozen=True, slots=True)
class TaskProgress:
    planned: LocatedTask
    status: str
    reports: tuple[UnitReport, ...]
    expected_units: tuple[str, ...]  # units that definitely carry the task
    deadline: dt.date | None
    overdue: bool

    @property
    def no_one_to_report(self) -> bool:
        """Only vague units (市有关单位): no unit definitely carries it."""
        return not self.expected_units


@dataclass(frozen=True, slots=True)
class UnitStatus:
    unit: str
    full_name: str
    reported: bool
    file: str | None  # the stored progress file
    source: str | None  # the form it came from
    filled: int  # rows with a status
    rows: int


@dataclass
class Progress:
    """Plan + one round's progress files: the state of every task and unit."""

    plan: Plan
    round: str
    as_of: dt.date | None
    tasks: list[TaskProgress]
    units: list[UnitStatus]
    proposals: list[tuple[str, Proposal]] = field(default_factory=list)  # (unit, proposal)

    @property
    def missing_units(self) -> list[UnitStatus]:
        """The 催报 list: units that have not sent their form back."""
        return [u for u in self.units if not u.reported]

    @property
    def nothing_reported(self) -> bool:
        return all(t.status == NOT_REPORTED for t in self.tasks)

    def counts(self, tasks: Sequence[TaskProgress] | None = None) -> dict[str, int]:
        counts = dict.fromkeys((*STATUSES, NOT_REPORTED), 0)
        for t in self.tasks if tasks is None else tasks:
            counts[t.status] += 1
        return counts

    def by_part(self) -> list[tuple[Part, list[TaskProgress]]]:
        parts: dict[Part, list[TaskProgress]] = {}
        for t in self.tasks:
            parts.setdefault(t.planned.part, []).append(t)
        return list(parts.items())

    @property
    def overdue(self) -> list[TaskProgress]:
        return [t for t in self.tasks if t.overdue]

    def totals(self) -> dict[str, int]:
        """主要数据 added up over every unit's every row."""
        totals = dict.fromkeys(DATA_COLUMNS, 0)
        for t in self.tasks:
            for r in t.reports:
                for name, value in r.data.items():
                    totals[name] = totals.get(name, 0) + value
        return totals


def _data(row: TaskReport) -> dict[str, int]:
    return {str(name): value for name, value in row.data.items()}


def combine(
    plan: Plan,
    registry: Registry,
    files: dict[str, tuple[Path, ProgressFile]],
    round_name: str,
    as_of: dt.date | None = None,
) -> Progress:
    """Every task's combined status and every unit's reporting state, from the stored files.

    `files` maps a unit's name to its stored progress file. A report counts only for a task the plan
    still has; rows of tasks the plan no longer has are ignored (the plan is the reference).
    """
    result, with_tasks = form_units(plan, registry)
    definite: dict[str, list[tuple[str, str]]] = {}
    for unit_tasks in with_tasks:
        for a in unit_tasks.definite:
            definite.setdefault(a.task.id, []).append((unit_tasks.unit.name, str(a.role)))
    rows: dict[tuple[str, str], TaskReport] = {}
    for unit, (_path, progress_file) in files.items():
        for row in (*progress_file.tasks, *progress_file.possibly_related):
            rows[(row.id, unit)] = row
    tasks: list[TaskProgress] = []
    for planned in plan.tasks():
        task_id = planned.task.id
        reports: list[UnitReport] = []
        for unit, role in definite.get(task_id, []):
            said = rows.get((task_id, unit))
            if said is not None:
                reports.append(UnitReport(unit, role, said.status, said.text, _data(said), said.note, True))
            else:
                reports.append(UnitReport(unit, role, None, "", {}, "", True))
        expected = {u for u, _ in definite.get(task_id, [])}
        for unit in files:
            if unit in expected:
                continue
            said = rows.get((task_id, unit))
            if said is not None and said.status not in (None, NOT_CONCERNED):
                reports.append(
                    UnitReport(unit, said.role, said.status, said.text, _data(said), said.note, False)
                )
        status = combine_statuses([r.status for r in reports], len(expected))
        deadline = deadline_of(plan, planned)
        overdue = bool(
            as_of is not None
            and deadline is not None
            and deadline < as_of
            and status not in (DONE, NOT_APPLICABLE)
        )
        tasks.append(
            TaskProgress(planned, status, tuple(reports), tuple(sorted(expected)), deadline, overdue)
        )
    units: list[UnitStatus] = []
    proposals: list[tuple[str, Proposal]] = []
    for unit_tasks in with_tasks:
        name = unit_tasks.unit.name
        found = files.get(name)
        rows_count = len(unit_tasks.definite) + len(unit_tasks.possibly_related)
        if found is None:
            units.append(UnitStatus(name, unit_tasks.unit.full_name, False, None, None, 0, rows_count))
        else:
            path, progress_file = found
            units.append(
                UnitStatus(
                    name,
                    unit_tasks.unit.full_name,
                    True,
                    str(path),
                    progress_file.source,
                    progress_file.filled,
                    rows_count,
                )
            )
    for unit, (_path, progress_file) in files.items():
        proposals.extend((unit, p) for p in progress_file.proposals)
    del result
    return Progress(plan, round_name, as_of, tasks, units, proposals)
