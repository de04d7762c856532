"""Who a 催报通知 (`kepu-plan remind`) is addressed to, with what, and by when: a computation over a
round's combined progress (progress.combine), dressed by writers/remind.py.

Addressed are exactly the units on the round's 催报 list (`Progress.missing_units`), in two groups:

* 未报送 — no form came back from the unit at all;
* 未填写 — a form came back untouched (nothing in any cell the unit fills), which `progress` already
  does not count as a report, so the unit is asked again, and told why, in a group of its own.

A unit that reported — even on only some of its rows — is not addressed: it has reported, and its
empty rows show as 未填写 in `progress` and the 完成情况 report, where the office follows them up.
Units the plan gives no definite task receive no form, so they are never on the list either.

Each addressed unit comes with the tasks it definitely carries (its role on each, lead units first as
the plan names them) and the number of tasks that only may concern it (its form's 可能涉及 sheet).

The dates are inputs, never the clock read in here: the command decides them (`issue_date`,
`default_report_by`) so that the same inputs give the same notice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .progress import NOT_FILLED, NOT_REPORTED, Progress, TaskProgress, UnitStatus

#: Days a unit is given to report when the notice names no date: a week after the notice's date.
REPORT_WITHIN_DAYS = 7


@dataclass(frozen=True, slots=True)
class RemindedTask:
    """One task of an addressed unit: the task, and the unit's role on it (牵头 or 配合)."""

    task: TaskProgress
    role: str


@dataclass(frozen=True, slots=True)
class AddressedUnit:
    """A unit the notice is sent to: its state (未报送 or 未填写), its tasks, and how many tasks only
    may concern it."""

    status: UnitStatus
    tasks: tuple[RemindedTask, ...]
    possible: int

    @property
    def name(self) -> str:
        return self.status.unit

    @property
    def untouched(self) -> bool:
        """The unit's form came back with nothing filled in (未填写), rather than not at all."""
        return self.status.state == NOT_FILLED


@dataclass(frozen=True, slots=True)
class Reminder:
    """The 催报通知's content: the round, the units addressed, the notice's date and the date to report by."""

    progress: Progress
    units: tuple[AddressedUnit, ...]
    issued: dt.date
    report_by: dt.date

    @property
    def silent(self) -> tuple[AddressedUnit, ...]:
        """Units that sent nothing (未报送)."""
        return tuple(u for u in self.units if u.status.state == NOT_REPORTED)

    @property
    def untouched(self) -> tuple[AddressedUnit, ...]:
        """Units whose form came back untouched (未填写)."""
        return tuple(u for u in self.units if u.untouched)

    @property
    def reported(self) -> int:
        """How many units of the round have reported."""
        return sum(1 for u in self.progress.units if u.reported)


def issue_date(as_of: dt.date | None, now: dt.datetime | None) -> dt.date:
    """The notice's date (its 成文日期, and the day 截至 which it counts): `--as-of` when given; else
    the day of `now` — the command passes SOURCE_DATE_EPOCH's time when it is set (reproducible
    output), otherwise the clock, as every document we write is dated."""
    if as_of is not None:
        return as_of
    return (now or dt.datetime.now()).date()


def default_report_by(issued: dt.date) -> dt.date:
    """The date to report by when `--report-by` is not given: a week after the notice's date."""
    return issued + dt.timedelta(days=REPORT_WITHIN_DAYS)


def _addressed(progress: Progress, status: UnitStatus) -> AddressedUnit:
    tasks = tuple(
        RemindedTask(task, report.role)
        for task in progress.tasks
        for report in task.reports
        if report.definite and report.unit == status.unit
    )
    possible = sum(1 for task in progress.tasks if status.unit in task.possible_units)
    return AddressedUnit(status, tasks, possible)


def reminder(progress: Progress, issued: dt.date, report_by: dt.date) -> Reminder:
    """The notice for `progress`'s round: every unit on its 催报 list, in the order of the round's units
    (the registry's), each with its definite tasks in the plan's order."""
    units = tuple(_addressed(progress, status) for status in progress.missing_units)
    return Reminder(progress, units, issued, report_by)
