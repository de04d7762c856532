"""The plan as pages see it: its paragraphs with heading levels and task anchors, and each unit's tasks.

The words and numbering come from layout.document_blocks, who does what from assignments.overview:
this module only decides what a page shows where (which heading level, which task a line belongs to,
which unit page a name links to), so that a template never computes anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from ..assignments import Assignment, Overview, PossibleAssignment, UnitTasks
from ..filenames import allocate
from ..layout import Block, Kind, document_blocks
from ..model import LocatedTask, Part, Plan
from ..progress import NOT_REPORTED, Progress, UnitReport
from . import UNITS_DIR

#: Heading level of each heading kind, without a 印发通知; a notice takes the h1 and pushes the
#: plan's own headings one level down, so a page has one h1 and its headings in order.
_LEVELS = {Kind.TITLE: 1, Kind.HEADING1: 2, Kind.HEADING2: 3}


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the published plan: `tag` (h1…h4, p) and `kind` (its CSS class)."""

    tag: str
    kind: str
    number: str
    lead: str
    body: str
    suffix: str


@dataclass(frozen=True, slots=True)
class UnitLink:
    name: str
    href: str  # relative to the site's folder
    role: str


@dataclass(frozen=True, slots=True)
class TaskEntry:
    """A task of the index: its anchor, its paragraphs and the units that carry it (for the filter)."""

    id: str
    paragraphs: tuple[Paragraph, ...]
    units: tuple[UnitLink, ...]
    search: str  # every name of every definite unit, for filter-as-you-type


Entry = Paragraph | TaskEntry


class UnitPages:
    """Where each unit with definite tasks has its page: units/<file name>.html, the name the one
    allocator (filenames.allocate) gives the unit among all registered units, so a page keeps its
    address while other units gain or lose tasks."""

    def __init__(self, overview: Overview):
        stems = allocate(u.unit.name for u in overview.units)
        self.files = {u.unit.name: f"{UNITS_DIR}/{stems[u.unit.name]}.html" for u in overview.with_tasks}

    def href(self, unit: str) -> str | None:
        """The page's address relative to the site's folder, percent-encoded (a name may hold # or %)."""
        file = self.files.get(unit)
        return quote(file) if file is not None else None


def _paragraph(block: Block, shift: int) -> Paragraph:
    if block.kind is Kind.NOTICE_TITLE:
        tag = "h1"
    elif block.kind in _LEVELS:
        tag = f"h{_LEVELS[block.kind] + shift}"
    else:
        tag = "p"
    return Paragraph(tag, str(block.kind), block.number, block.lead, block.body, block.suffix)


def plan_entries(plan: Plan, overview: Overview, pages: UnitPages) -> list[Entry]:
    """The plan's paragraphs in reading order; a task's own lines (时间, 完成时限 …) go with the task."""
    shift = 1 if plan.notice is not None else 0
    carriers = _carriers(overview, pages)
    entries: list[Entry] = []
    for block in document_blocks(plan):
        paragraph = _paragraph(block, shift)
        if block.task_id is None:
            entries.append(paragraph)
            continue
        last = entries[-1] if entries else None
        if block.kind is not Kind.TASK and isinstance(last, TaskEntry) and last.id == block.task_id:
            entries[-1] = TaskEntry(last.id, (*last.paragraphs, paragraph), last.units, last.search)
            continue
        links, search = carriers.get(block.task_id, ((), ""))
        entries.append(TaskEntry(block.task_id, (paragraph,), links, search))
    return entries


def _carriers(overview: Overview, pages: UnitPages) -> dict[str, tuple[tuple[UnitLink, ...], str]]:
    """Per task id: links to the pages of the units that definitely carry it, and all their names."""
    links: dict[str, list[UnitLink]] = {}
    names: dict[str, list[str]] = {}
    for unit_tasks in overview.with_tasks:
        unit = unit_tasks.unit
        href = pages.href(unit.name)
        assert href is not None
        for a in unit_tasks.definite:
            links.setdefault(a.task.id, []).append(UnitLink(unit.name, href, str(a.role)))
            names.setdefault(a.task.id, []).extend((unit.name, unit.full_name, *unit.aliases))
    return {
        task_id: (tuple(sorted(found, key=lambda link: link.role != "牵头")), " ".join(names[task_id]))
        for task_id, found in links.items()
    }


# -- one unit's page ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitTask:
    """One task on a unit's page, with what the unit said about it in the collected round."""

    id: str
    label: str  # 二（一）第3项
    title: str
    deadline: str
    via: str  # 「市、区科协」 when a collective brought the unit in
    report: UnitReport | None
    status: str | None  # None: no round collected


@dataclass(frozen=True, slots=True)
class PartTasks:
    part: Part
    tasks: list[UnitTask] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class UnitPage:
    name: str
    full_name: str
    file: str
    groups: tuple[tuple[str, int, list[PartTasks]], ...]  # (牵头的任务 …, how many, by part)
    reported: bool | None  # None: no round collected


def _by_part(items: list[tuple[LocatedTask, UnitTask]]) -> list[PartTasks]:
    parts: dict[Part, PartTasks] = {}
    for planned, entry in items:
        parts.setdefault(planned.part, PartTasks(planned.part)).tasks.append(entry)
    return list(parts.values())


def reports_by_unit(progress: Progress | None) -> dict[tuple[str, str], UnitReport]:
    """(task id, unit) → what the unit said, once for every page."""
    if progress is None:
        return {}
    return {(t.planned.task.id, r.unit): r for t in progress.tasks for r in t.reports}


def unit_page(
    unit_tasks: UnitTasks,
    file: str,
    said: dict[tuple[str, str], UnitReport],
    reported: frozenset[str] | None,
) -> UnitPage:
    """A unit's tasks as lead, as support and those that may concern it, each grouped by part.
    `reported`: the units that sent their form back, None when no round is collected."""
    name = unit_tasks.unit.name

    def entry(found: Assignment | PossibleAssignment) -> tuple[LocatedTask, UnitTask]:
        planned = found.planned
        report = said.get((planned.task.id, name))
        via = f"经「{found.reference}」" if isinstance(found, Assignment) and found.via else ""
        status = None if reported is None else (report.word if report else NOT_REPORTED)
        return planned, UnitTask(
            planned.task.id,
            planned.label,
            planned.task.title,
            planned.task.deadline or "",
            via,
            report,
            status,
        )

    lead = [entry(a) for a in unit_tasks.definite if str(a.role) == "牵头"]
    support = [entry(a) for a in unit_tasks.definite if str(a.role) != "牵头"]
    possible = [entry(p) for p in unit_tasks.possibly_related]
    groups = tuple(
        (heading, len(items), _by_part(items))
        for heading, items in (("牵头的任务", lead), ("配合的任务", support), ("可能涉及的任务", possible))
        if items
    )
    return UnitPage(
        name, unit_tasks.unit.full_name, file, groups, None if reported is None else name in reported
    )
