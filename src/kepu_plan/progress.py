"""The year after publication: what units report, kept as data beside the plan.

A round (2025-年中, 2025-年度) sends every unit with definite tasks a form (forms writer), takes the
filled forms back (collecting/) and stores what each unit said as one plain YAML file,
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
from .progress_files import DATA_COLUMNS as DATA_COLUMNS  # read here by the writers, with the rest
from .progress_files import (
    DONE,
    LATE,
    NOT_APPLICABLE,
    NOT_CONCERNED,
    NOT_FILLED,
    NOT_REPORTED,
    NOT_STARTED,
    ON_TRACK,
    ROUND_PATTERN,
    SILENT,
    TASK_STATES,
    ProgressFile,
    Proposal,
    TaskReport,
)
from .progress_files import NEEDS_TEXT as NEEDS_TEXT
from .progress_files import STATUSES as STATUSES
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


def combine_statuses(statuses: Sequence[str]) -> str:
    """One status for a task from its LEAD units' words (each a status, 未填写 or 未报送).

    The rule, in order: no lead said anything → 未填写 when a lead's form came back empty, else
    未报送; any 滞后 → 滞后; while a lead is silent the task is never 不适用 or 已完成 — only its
    silent word (nothing else said) or 按计划推进; all said 不适用 → 不适用; leaving 不适用 aside,
    all 已完成 → 已完成; all 未启动 → 未启动; anything else → 按计划推进.
    """
    said = [s for s in statuses if s not in SILENT and s != NOT_CONCERNED]
    silent = [s for s in statuses if s in SILENT]
    if not said:
        return NOT_FILLED if NOT_FILLED in silent else NOT_REPORTED
    if LATE in said:
        return LATE
    relevant = [s for s in said if s != NOT_APPLICABLE]
    if not relevant:
        if silent:
            return NOT_FILLED if NOT_FILLED in silent else NOT_REPORTED
        return NOT_APPLICABLE
    if all(s == DONE for s in relevant) and not silent:
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
    returned: bool = False  # the unit's form came back (an empty row is then 未填写, not 未报送)

    @property
    def word(self) -> str:
        """What the unit stands at on this task: its status, 未填写 or 未报送."""
        return self.status or (NOT_FILLED if self.returned else NOT_REPORTED)


@dataclass(frozen=True, slots=True)
class TaskProgress:
    planned: LocatedTask
    status: str
    reports: tuple[UnitReport, ...]  # the lead units' first, then supporting and possibly related
    expected_units: tuple[str, ...]  # units that definitely carry the task
    deadline: dt.date | None
    overdue: bool
    lead_units: tuple[str, ...] = ()  # whose report the status follows
    possible_units: tuple[str, ...] = ()  # units whose form lists it as possibly theirs

    @property
    def no_one_to_report(self) -> bool:
        """Truly no unit can report: none carries the task definitely, none was asked whether it is
        theirs (its 可能涉及 sheet), and no unit has said anything on it."""
        return not self.expected_units and not self.possible_units and not self.reports


@dataclass(frozen=True, slots=True)
class UnitStatus:
    unit: str
    full_name: str
    reported: bool
    file: str | None  # the stored progress file
    source: str | None  # the form it came from
    filled: int  # rows with a status
    rows: int
    state: str = NOT_REPORTED  # 已报送, 未填写 (the form came back untouched) or 未报送

    @property
    def returned(self) -> bool:
        """A form came back, filled or not."""
        return self.file is not None


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
        """The 催报 list: units that have not sent their form back, or sent it back untouched."""
        return [u for u in self.units if not u.reported]

    @property
    def nothing_reported(self) -> bool:
        return all(t.status in SILENT for t in self.tasks)

    def counts(self, tasks: Sequence[TaskProgress] | None = None) -> dict[str, int]:
        counts = dict.fromkeys(TASK_STATES, 0)
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


#: A unit that sent a form with something in it.
REPORTED = "已报送"


def _task_reports(
    task_id: str,
    definite: list[tuple[str, str]],
    files: dict[str, tuple[Path, ProgressFile]],
    rows: dict[tuple[str, str], TaskReport],
) -> list[UnitReport]:
    """Every unit's word on one task: the units that carry it (lead first, as the plan names them),
    then any other unit that said something about it on its 可能涉及 sheet."""
    reports: list[UnitReport] = []
    for unit, role in sorted(definite, key=lambda ur: ur[1] != "牵头"):
        said = rows.get((task_id, unit))
        if said is not None:
            reports.append(UnitReport(unit, role, said.status, said.text, _data(said), said.note, True, True))
        else:
            reports.append(UnitReport(unit, role, None, "", {}, "", True, unit in files))
    expected = {u for u, _ in definite}
    for unit in files:
        said = rows.get((task_id, unit))
        if unit not in expected and said is not None and said.status not in (None, NOT_CONCERNED):
            reports.append(UnitReport(unit, said.role, said.status, said.text, _data(said), said.note, False))
    return reports


def _task_status(reports: list[UnitReport]) -> tuple[str, tuple[str, ...]]:
    """The task's status and the units it follows: its lead units (牵头, as assignments.py derives
    them from the plan); without a definite lead (the lead is a vague 市有关单位), every unit that
    carries it; without those, the units that said it is theirs."""
    leads = [r for r in reports if r.definite and r.role == "牵头"] or [r for r in reports if r.definite]
    followed = leads or list(reports)
    return combine_statuses([r.word for r in followed]), tuple(r.unit for r in leads)


def _unit_status(unit_tasks: UnitTasks, found: tuple[Path, ProgressFile] | None) -> UnitStatus:
    name, full_name = unit_tasks.unit.name, unit_tasks.unit.full_name
    rows_count = len(unit_tasks.definite) + len(unit_tasks.possibly_related)
    if found is None:
        return UnitStatus(name, full_name, False, None, None, 0, rows_count, NOT_REPORTED)
    path, progress_file = found
    untouched = progress_file.untouched
    return UnitStatus(
        name,
        full_name,
        not untouched,
        str(path),
        progress_file.source,
        progress_file.filled,
        rows_count,
        NOT_FILLED if untouched else REPORTED,
    )


def combine(
    plan: Plan,
    registry: Registry,
    files: dict[str, tuple[Path, ProgressFile]],
    round_name: str,
    as_of: dt.date | None = None,
) -> Progress:
    """Every task's status and every unit's reporting state, from the stored files.

    `files` maps a unit's name to its stored progress file. A report counts only for a task the plan
    still has; rows of tasks the plan no longer has are ignored (the plan is the reference). A form
    that came back untouched is no report: its unit stays on the 催报 list as 未填写, and so does
    every row a unit left empty.
    """
    _result, with_tasks = form_units(plan, registry)
    definite: dict[str, list[tuple[str, str]]] = {}
    possible: dict[str, list[str]] = {}
    for unit_tasks in with_tasks:
        for a in unit_tasks.definite:
            definite.setdefault(a.task.id, []).append((unit_tasks.unit.name, str(a.role)))
        for p in unit_tasks.possibly_related:
            possible.setdefault(p.task.id, []).append(unit_tasks.unit.name)
    rows: dict[tuple[str, str], TaskReport] = {}
    for unit, (_path, progress_file) in files.items():
        for row in (*progress_file.tasks, *progress_file.possibly_related):
            rows[(row.id, unit)] = row
    tasks: list[TaskProgress] = []
    for planned in plan.tasks():
        task_id = planned.task.id
        reports = _task_reports(task_id, definite.get(task_id, []), files, rows)
        status, leads = _task_status(reports)
        deadline = deadline_of(plan, planned)
        overdue = bool(
            as_of is not None
            and deadline is not None
            and deadline < as_of
            and status not in (DONE, NOT_APPLICABLE)
        )
        expected = tuple(sorted({u for u, _ in definite.get(task_id, [])}))
        tasks.append(
            TaskProgress(
                planned,
                status,
                tuple(reports),
                expected,
                deadline,
                overdue,
                leads,
                tuple(sorted(possible.get(task_id, []))),
            )
        )
    units = [_unit_status(u, files.get(u.unit.name)) for u in with_tasks]
    proposals: list[tuple[str, Proposal]] = []
    for unit, (_path, progress_file) in files.items():
        proposals.extend((unit, p) for p in progress_file.proposals)
    return Progress(plan, round_name, as_of, tasks, units, proposals)
