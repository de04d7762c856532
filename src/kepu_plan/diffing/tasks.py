"""The changes to tasks once they are matched: modified, moved, reordered, added, removed; per unit.

Each kind of change has its own small function; :func:`task_changes` puts them in document order (the
new plan's, with a removed task after the task that preceded it in the old plan).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator, Sequence

from ..layout import responsibility_text
from ..model import LocatedTask
from ..years import without_own_year
from .matching import PROBABLE_BELOW, Pairs, Side
from .result import Change, ChangeKind, Match, UnitChange

#: Where a change stands in the result: (position in the new plan, kind order, old position).
SortKey = tuple[float, int, int]
#: (section, group) indices, 0-based.
GroupKey = tuple[int, int]


def task_changes(old: Side, new: Side, pairs: Pairs, *, ignore_year: bool) -> list[Change]:
    """Every change to a task, in document order."""
    group_map = _group_map(old, new, pairs)
    keyed: list[tuple[SortKey, Change]] = []
    moved: set[int] = set()
    for i, (j, how, score) in pairs.items():
        o, n = old.refs[i], new.refs[j]
        if o.id != n.id:  # once, as a renamed id: not a modification of the task
            keyed.append(
                ((float(n.order), 0, -1), Change(ChangeKind.RENAMED, o, n, fields=("id",), match=how))
            )
        modified = _modification(old, i, new, j, how, score, ignore_year)
        if modified is not None:
            keyed.append(((float(n.order), 0, 0), modified))
        if group_map.get(o.group_key) != n.group_key:
            moved.add(i)
            keyed.append(((float(n.order), 1, 0), Change(ChangeKind.MOVED, o, n, match=how)))
    keyed.extend(_reorderings(old, new, pairs, moved))
    keyed.extend(_additions(new, pairs))
    keyed.extend(_removals(old, pairs))
    keyed.sort(key=lambda item: item[0])
    return [change for _, change in keyed]


def _modification(
    old: Side, i: int, new: Side, j: int, how: Match, score: float, ignore_year: bool
) -> Change | None:
    """What changed in a matched task (title, text, units, lead), or None when nothing did and the
    match is certain. A new id alone is not a modification (see RENAMED)."""
    a, b = old.refs[i].task, new.refs[j].task

    def text_of(side: Side, value: str) -> str:
        return without_own_year(value, side.plan.year) if ignore_year else value

    changed = []
    if text_of(old, a.title) != text_of(new, b.title):
        changed.append("title")
    if text_of(old, a.text) != text_of(new, b.text):
        changed.append("text")
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    if responsibility_text(a) != responsibility_text(b):
        changed.append("units")
        added = new.units_in_order(j, new.units(j) - old.units(i))
        removed = old.units_in_order(i, old.units(i) - new.units(j))
    lead_a, lead_b = a.lead_name, b.lead_name
    if (
        lead_a != lead_b
        and lead_a is not None
        and lead_b is not None
        and old.canonical(lead_a) != new.canonical(lead_b)
    ):
        changed.append("lead")
    probable = how == "content" and score < PROBABLE_BELOW
    if not (changed or probable):
        return None
    return Change(
        ChangeKind.MODIFIED,
        old.refs[i],
        new.refs[j],
        fields=tuple(changed),
        units_added=added,
        units_removed=removed,
        match=how,
        similarity=round(score, 3) if how != "id" else None,
        probable=probable,
    )


def _reorderings(old: Side, new: Side, pairs: Pairs, moved: set[int]) -> Iterator[tuple[SortKey, Change]]:
    """Reordered within a group: the tasks outside one longest run kept in the old order."""
    matched_new = {j: i for i, (j, _, _) in pairs.items()}
    by_group: dict[tuple[int, int], list[int]] = defaultdict(list)
    for j in sorted(matched_new):
        if matched_new[j] not in moved:
            ref = new.refs[j]
            by_group[ref.group_key].append(j)
    for members in by_group.values():
        keep = _longest_increasing([matched_new[j] for j in members])
        for k, j in enumerate(members):
            if k not in keep:
                i = matched_new[j]
                change = Change(ChangeKind.REORDERED, old.refs[i], new.refs[j], match=pairs[i][1])
                yield (float(j), 2, 0), change


def _additions(new: Side, pairs: Pairs) -> Iterator[tuple[SortKey, Change]]:
    matched = {j for j, _, _ in pairs.values()}
    for j, ref in enumerate(new.refs):
        if j not in matched:
            units = new.units_in_order(j, new.units(j))
            yield (float(j), 0, 0), Change(ChangeKind.ADDED, None, ref, units_added=units)


def _removals(old: Side, pairs: Pairs) -> Iterator[tuple[SortKey, Change]]:
    """A removed task stands after the new place of the old task before it."""
    anchor = -1.0
    for i, ref in enumerate(old.refs):
        if i in pairs:
            anchor = float(pairs[i][0])
            continue
        units = old.units_in_order(i, old.units(i))
        yield (anchor + 0.5, 0, i), Change(ChangeKind.REMOVED, ref, None, units_removed=units)


def _group_map(old: Side, new: Side, pairs: Pairs) -> dict[GroupKey, GroupKey]:
    """Which new group each old group became: the same heading (year aside), else where most of its
    matched tasks went."""

    def groups(side: Side) -> dict[GroupKey, str]:
        return {
            (si, gi): without_own_year(group.heading, side.plan.year)
            for si, section in enumerate(side.plan.sections)
            for gi, group in enumerate(section.groups)
        }

    old_groups, new_groups = groups(old), groups(new)
    by_heading: dict[str, list[GroupKey]] = defaultdict(list)
    for key, heading in new_groups.items():
        by_heading[heading].append(key)
    mapping: dict[GroupKey, GroupKey] = {}
    used: set[GroupKey] = set()
    for key, heading in old_groups.items():
        for candidate in by_heading.get(heading, ()):
            if candidate not in used:
                mapping[key] = candidate
                used.add(candidate)
                break
    votes: dict[GroupKey, dict[GroupKey, int]] = defaultdict(lambda: defaultdict(int))
    for i, (j, _, _) in pairs.items():
        o, n = old.refs[i], new.refs[j]
        votes[o.group_key][n.group_key] += 1
    for key in old_groups:
        if key in mapping or not votes.get(key):
            continue
        size = sum(1 for ref in old.refs if ref.group_key == key)
        target, count = max(votes[key].items(), key=lambda item: (item[1], [-x for x in item[0]]))
        if count * 2 >= size:
            mapping[key] = target
    return mapping


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """Indices (into `values`) of one longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []  # values
    tail_index: list[int] = []
    previous = [-1] * len(values)
    for k, value in enumerate(values):
        pos = bisect_left(tails, value)
        if pos == len(tails):
            tails.append(value)
            tail_index.append(k)
        else:
            tails[pos] = value
            tail_index[pos] = k
        previous[k] = tail_index[pos - 1] if pos else -1
    keep: set[int] = set()
    k = tail_index[-1] if tail_index else -1
    while k != -1:
        keep.add(k)
        k = previous[k]
    return keep


def unit_changes(changes: list[Change], new: Side, old: Side) -> list[UnitChange]:
    """For each unit (canonical name, in registry order), the tasks it gained and lost."""
    gained: dict[str, list[LocatedTask]] = defaultdict(list)
    lost: dict[str, list[LocatedTask]] = defaultdict(list)
    for change in changes:
        if change.kind in (ChangeKind.ADDED, ChangeKind.MODIFIED):
            assert change.new is not None
            for unit in change.units_added:
                gained[unit].append(change.new)
        if change.kind in (ChangeKind.REMOVED, ChangeKind.MODIFIED):
            assert change.old is not None
            for unit in change.units_removed:
                lost[unit].append(change.old)
    order: dict[str, int] = {}
    for registry in (new.registry, old.registry):
        if registry is not None:
            for name in registry.names():
                order.setdefault(registry.canonical(name), len(order))
    units = sorted(set(gained) | set(lost), key=lambda u: (order.get(u, len(order)), u))
    return [UnitChange(u, tuple(gained.get(u, ())), tuple(lost.get(u, ()))) for u in units]
