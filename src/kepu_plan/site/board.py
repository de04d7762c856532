"""The progress board: a collected round (progress.combine) as charts, the 催报 list and every task.

The figures are the ones `progress` and `report` print (writers.progress_text's sentences); this
module only arranges them for the page and lays out the charts (charts.stacked_bars).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..progress import NOT_FILLED, NOT_REPORTED, REPORTED, TASK_STATES, Progress, TaskProgress, UnitStatus
from ..writers.progress_text import summary_sentence, units_sentence
from .charts import Chart, stacked_bars
from .plan_view import UnitPages

STATUS_ORDER = TASK_STATES
SILENT = NOT_REPORTED
OVERDUE, NOT_OVERDUE = "逾期", "未逾期"


@dataclass(frozen=True, slots=True)
class Silent:
    """A unit on the 催报 list, with the page that lists its tasks."""

    unit: str
    full_name: str
    href: str | None
    rows: int


@dataclass(frozen=True, slots=True)
class PartProgress:
    number: str
    heading: str
    tasks: list[TaskProgress]


@dataclass(frozen=True, slots=True)
class Board:
    round: str
    as_of: str | None
    summary: str
    units_summary: str
    charts: tuple[Chart, ...]
    silent: tuple[Silent, ...]
    parts: tuple[PartProgress, ...]
    overdue: tuple[TaskProgress, ...]
    no_one_to_report: tuple[TaskProgress, ...]


def board(progress: Progress, pages: UnitPages) -> Board:
    by_part = progress.by_part()
    status_chart = stacked_bars(
        "kp_chart_status",
        "各部分任务的进展状态（项）",
        STATUS_ORDER,
        [
            (part.number or part.heading[:6], part.numbered_heading, progress.counts(tasks))
            for part, tasks in by_part
        ],
    )
    by_state = {
        word: sum(1 for u in progress.units if u.state == word) for word in (REPORTED, NOT_FILLED, SILENT)
    }
    units_chart = stacked_bars(
        "kp_chart_units", "应报送单位的报送情况（个）", tuple(by_state), [("单位", "应报送单位", by_state)]
    )
    charts = [status_chart, units_chart]
    if progress.as_of is not None:
        charts.append(
            stacked_bars(
                "kp_chart_overdue",
                f"截至 {progress.as_of.isoformat()} 各部分逾期未完成的任务（项）",
                (OVERDUE, NOT_OVERDUE),
                [
                    (
                        part.number or part.heading[:6],
                        part.numbered_heading,
                        {
                            OVERDUE: (late := sum(1 for t in tasks if t.overdue)),
                            NOT_OVERDUE: len(tasks) - late,
                        },
                    )
                    for part, tasks in by_part
                ],
            )
        )
    return Board(
        round=progress.round,
        as_of=progress.as_of.isoformat() if progress.as_of else None,
        summary=summary_sentence(progress),
        units_summary=units_sentence(progress),
        charts=tuple(charts),
        silent=tuple(_silent(u, pages) for u in progress.missing_units),
        parts=tuple(PartProgress(part.number, part.heading, tasks) for part, tasks in by_part),
        overdue=tuple(progress.overdue),
        no_one_to_report=tuple(t for t in progress.tasks if t.no_one_to_report),
    )


def _silent(unit: UnitStatus, pages: UnitPages) -> Silent:
    return Silent(unit.unit, unit.full_name, pages.href(unit.unit), unit.rows)
