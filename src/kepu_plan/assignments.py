"""Who has to do what: each unit's own task list, and the responsibility overview of a whole plan.

A plan names responsible units as people write them: a unit (市科协), a collective that stands for
several units (市、区科协 → 市科协 and every district's 科协), or a vague collective that names no one in
particular (市有关单位). This module turns those references into answers a unit can act on:

* *definite* tasks: the unit is named directly or is a member of a named collective. Each carries the
  unit's role (牵头 when the reference that brings the unit in is the task's lead, 配合 otherwise) and
  the reference that brought it in, so a reader can see why a task is on the list;
* *possibly related* tasks: only a vague reference whose scope covers the unit's level could mean it.
  These are kept apart, never mixed with definite ones: the unit has to confirm them, and counting them
  as assignments would make the accountability figures meaningless.

Everything here is a pure computation over the model and the registry: no formatting, no I/O. Writers
(writers/unit_list.py) dress the results; the CLI only picks the unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .model import LocatedTask, Part, Plan, Task
from .units import Registry, Resolved, Unit


class Role(StrEnum):
    LEAD = "牵头"
    SUPPORT = "配合"


@dataclass(frozen=True, slots=True)
class Assignment:
    """A task that is definitely the unit's, with its role and the reference that brought it in."""

    planned: LocatedTask
    role: Role
    reference: str  # the name as written in the plan (may be an alias or a collective)
    via: str | None  # the collective's canonical name; None when the unit is named directly

    @property
    def task(self) -> Task:
        return self.planned.task

    @property
    def direct(self) -> bool:
        return self.via is None


@dataclass(frozen=True, slots=True)
class PossibleAssignment:
    """A task that may concern the unit: only vague references whose scope covers its level name it."""

    planned: LocatedTask
    references: tuple[str, ...]  # the vague references as written (市有关单位, 各有关单位 …)

    @property
    def task(self) -> Task:
        return self.planned.task


@dataclass(frozen=True, slots=True)
class UnitTasks:
    """One unit's task list for one plan: what it must do, and what it should confirm."""

    plan_title: str
    plan_year: int
    unit: Unit
    definite: tuple[Assignment, ...]
    possibly_related: tuple[PossibleAssignment, ...]

    @property
    def leads(self) -> int:
        return sum(1 for a in self.definite if a.role is Role.LEAD)

    @property
    def has_tasks(self) -> bool:
        """A unit "has tasks" when something is definitely its own; "may concern" alone does not count."""
        return bool(self.definite)

    @property
    def title(self) -> str:
        """2025年广州市科普工作计划 市科协任务清单"""
        return f"{self.plan_title} {self.unit.name}任务清单"

    def by_part(self) -> dict[Part, int]:
        """Definite tasks per part, in plan order (parts without tasks of this unit are left out)."""
        counts: dict[Part, int] = {}
        for a in self.definite:
            counts[a.planned.part] = counts.get(a.planned.part, 0) + 1
        return counts


@dataclass(frozen=True, slots=True)
class Overview:
    """Who carries which part of a plan: every registered unit, plus the tasks no one definitely owns."""

    plan_title: str
    plan_year: int
    parts: tuple[Part, ...]  # the parts holding tasks, in plan order (the matrix columns)
    units: tuple[UnitTasks, ...]  # every registered unit, in registry order
    vague_only: tuple[LocatedTask, ...]  # tasks whose units are all vague: no one is accountable
    unassigned: tuple[LocatedTask, ...]  # tasks with no unit the registry knows at all
    unresolved: tuple[tuple[str, str], ...]  # (task id, reference) the registry does not know

    @property
    def with_tasks(self) -> tuple[UnitTasks, ...]:
        return tuple(u for u in self.units if u.has_tasks)

    @property
    def without_tasks(self) -> tuple[UnitTasks, ...]:
        return tuple(u for u in self.units if not u.has_tasks)

    def matrix(self) -> list[tuple[UnitTasks, list[int]]]:
        """Units (with tasks) × parts: the number of definite tasks in each part."""
        rows = []
        for unit_tasks in self.with_tasks:
            counts = unit_tasks.by_part()
            rows.append((unit_tasks, [counts.get(part, 0) for part in self.parts]))
        return rows


# -- finding a unit by the name a user types -----------------------------------------------------------


class UnitLookupError(LookupError):
    """The name given for --unit does not pick exactly one registered unit."""

    def __init__(self, name: str, candidates: Sequence[str], *, ambiguous: bool, vague: bool = False):
        self.name = name
        self.candidates = tuple(candidates)
        self.ambiguous = ambiguous
        self.vague = vague  # a vague collective (市有关单位): it names no one, so it has no task list
        super().__init__(name)


def find_unit(registry: Registry, name: str) -> Unit:
    """The unit a user means by `name`: its short name, full name or an alias, exactly.

    Raises :class:`UnitLookupError` with `ambiguous=True` and the candidate units when the name stands
    for several (a collective such as 各区政府, or a fragment such as 天河区 that several names contain),
    and with `ambiguous=False` and the closest registered names otherwise. A near match is never
    accepted silently: a task list sent to the wrong unit is worse than a second try.
    """
    name = name.strip()
    resolved = registry.resolve(name)
    if resolved is not None:
        unit = registry.unit(resolved.canonical)
        if unit is not None:
            return unit
        if resolved.members:
            raise UnitLookupError(name, resolved.members, ambiguous=True)
        raise UnitLookupError(name, (), ambiguous=False, vague=True)
    containing = []
    if name:
        for unit in registry.units:
            if any(name in n for n in (unit.name, unit.full_name, *unit.aliases)):
                containing.append(unit.name)
    if len(containing) > 1:
        raise UnitLookupError(name, containing, ambiguous=True)
    suggestions = [s for s in registry.suggest(name) if registry.unit(s) is not None]
    for s in containing:
        if s not in suggestions:
            suggestions.insert(0, s)
    raise UnitLookupError(name, suggestions, ambiguous=False)


# -- the computation -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _TaskReferences:
    """A task's references resolved once, shared by every unit's query."""

    planned: LocatedTask
    resolved: tuple[tuple[str, Resolved], ...]  # (reference as written, what it stands for)
    lead: Resolved | None
    unresolved: tuple[str, ...]

    @property
    def definite_members(self) -> set[str]:
        return {m for _, r in self.resolved for m in r.members}


def _resolve_task(registry: Registry, planned: LocatedTask) -> _TaskReferences:
    task = planned.task
    resolved: list[tuple[str, Resolved]] = []
    unresolved: list[str] = []
    for reference in task.unit_names:
        r = registry.resolve(reference)
        if r is None:
            unresolved.append(reference)
        else:
            resolved.append((reference, r))
    lead_name = task.lead_name
    lead = registry.resolve(lead_name) if lead_name else None
    return _TaskReferences(planned, tuple(resolved), lead, tuple(unresolved))


def _assignment(refs: _TaskReferences, unit: Unit) -> Assignment | PossibleAssignment | None:
    """How `unit` relates to one task: definitely (with role and via), possibly, or not at all."""
    bringing = [(reference, r) for reference, r in refs.resolved if unit.name in r.members]
    if bringing:
        direct = [(reference, r) for reference, r in bringing if not r.is_collective]
        reference, r = direct[0] if direct else bringing[0]
        leads = refs.lead is not None and unit.name in refs.lead.members
        return Assignment(
            refs.planned,
            Role.LEAD if leads else Role.SUPPORT,
            reference,
            None if not r.is_collective else r.canonical,
        )
    vague = tuple(reference for reference, r in refs.resolved if r.vague and unit.level in r.scope)
    if vague:
        return PossibleAssignment(refs.planned, vague)
    return None


class _Candidates:
    """Which tasks can concern a unit at all: those naming it (directly or through a collective), and
    those with a vague reference whose scope covers its level. Only these are asked `_assignment`, so
    the overview costs tasks × references plus what it lists, not tasks × units."""

    def __init__(self, all_refs: Sequence[_TaskReferences]):
        self.all_refs = all_refs
        self._by_member: dict[str, list[int]] = {}
        self._by_level: dict[str, list[int]] = {}
        for k, refs in enumerate(all_refs):
            for member in refs.definite_members:
                self._by_member.setdefault(member, []).append(k)
            for level in {level for _, r in refs.resolved if r.vague for level in r.scope}:
                self._by_level.setdefault(level, []).append(k)

    def of(self, unit: Unit) -> list[_TaskReferences]:
        """The candidate tasks of `unit`, in plan order."""
        positions = set(self._by_member.get(unit.name, ())) | set(self._by_level.get(unit.level, ()))
        return [self.all_refs[k] for k in sorted(positions)]


def _unit_tasks(plan: Plan, unit: Unit, all_refs: Sequence[_TaskReferences]) -> UnitTasks:
    """`all_refs`: every task's references, or only the unit's candidates (the rest concern it not)."""
    definite: list[Assignment] = []
    possible: list[PossibleAssignment] = []
    for refs in all_refs:
        found = _assignment(refs, unit)
        if isinstance(found, Assignment):
            definite.append(found)
        elif isinstance(found, PossibleAssignment):
            possible.append(found)
    return UnitTasks(plan.title, plan.year, unit, tuple(definite), tuple(possible))


def unit_tasks(plan: Plan, registry: Registry, unit: Unit | str) -> UnitTasks:
    """One unit's definite and possibly-related tasks; `unit` may be any name :func:`find_unit` accepts."""
    if isinstance(unit, str):
        unit = find_unit(registry, unit)
    all_refs = [_resolve_task(registry, p) for p in plan.tasks()]
    return _unit_tasks(plan, unit, all_refs)


def overview(plan: Plan, registry: Registry) -> Overview:
    """Every registered unit's task list, the parts they fall in, and the tasks no unit definitely owns.

    Each task's references are resolved once and then matched against the units they can concern, so
    the cost is tasks × references plus the size of the lists, not a look-up per unit per task.
    """
    planned = plan.tasks()
    all_refs = [_resolve_task(registry, p) for p in planned]
    parts: list[Part] = []
    for p in planned:
        if p.part not in parts:
            parts.append(p.part)
    candidates = _Candidates(all_refs)
    units = tuple(_unit_tasks(plan, unit, candidates.of(unit)) for unit in registry.units)
    vague_only = tuple(refs.planned for refs in all_refs if refs.resolved and not refs.definite_members)
    unassigned = tuple(refs.planned for refs in all_refs if not refs.resolved)
    unresolved = tuple(
        (refs.planned.task.id, reference) for refs in all_refs for reference in refs.unresolved
    )
    return Overview(plan.title, plan.year, tuple(parts), units, vague_only, unassigned, unresolved)
