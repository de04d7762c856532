"""Two plans → what changed, task by task, in the document's own terms. No formatting here.

Like dyff, list entries are matched by identity, not position: tasks by `id` first. Tasks left over
(an id renamed, a task rewritten) are matched by similarity of title, text and units, with each
plan's own year replaced by a placeholder so that 2025年… and 2026年… read alike. Similarity is
looked up through a character-bigram index over the leftover tasks, not computed for all pairs:
two 3,000-task plans compare in a few tens of milliseconds. A reviewer may pin or forbid matches
with an overrides file.

For each task the result says: added, removed, modified (which of title, text, units, lead, id),
moved (to another group or section), reordered (within its group). Units are compared by their
canonical registry names, so 广州市科学技术协会 → 市科协 is a change of wording, not of unit; and
for each unit the tasks it gained and lost are listed. Everything outside the tasks (title,
preamble, headings, paragraphs, run-in items, signature) is compared paragraph by paragraph as
`layout.blocks` lays it out, so the comparison follows the model as it grows.

Writers format a :class:`PlanDiff`; :func:`text_diff` gives them character-level differences
(Chinese has no spaces, so a word-level diff would treat a whole sentence as one word).
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from operator import add
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .layout import Block, Kind, blocks, responsibility_text
from .model import Plan, Task, TaskId
from .numbering import chinese_number
from .units import Registry
from .years import without_own_year

# -- character-level text differences ---------------------------------------------------------------

Op = Literal["equal", "delete", "insert"]

#: Below this share of common characters two texts are shown as one deletion and one insertion:
#: a character diff of two unrelated sentences is confetti nobody can read.
MIN_TEXT_RATIO = 0.35


@dataclass(frozen=True, slots=True)
class Segment:
    op: Op
    text: str


def text_diff(old: str, new: str, *, min_ratio: float = MIN_TEXT_RATIO) -> list[Segment]:
    """Character-level differences between two texts: equal, deleted and inserted stretches.

    Joining the equal and deleted stretches gives `old`; the equal and inserted ones give `new`.
    Within a change the deletion comes first. Equal stretches of one or two characters between two
    changes are folded into them (年 between two edits reads better as part of one replacement).
    """
    if old == new:
        return [Segment("equal", old)] if old else []
    if not old or not new:
        return [Segment("delete", old)] if old else [Segment("insert", new)]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    if matcher.ratio() < min_ratio:
        return [Segment("delete", old), Segment("insert", new)]
    # runs: ("=", text) or ("~", deleted, inserted)
    runs: list[tuple[str, str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("=", old[i1:i2], ""))
        elif runs and runs[-1][0] == "~":
            _, d, i = runs[-1]
            runs[-1] = ("~", d + old[i1:i2], i + new[j1:j2])
        else:
            runs.append(("~", old[i1:i2], new[j1:j2]))
    runs = _fold_short_equalities(runs)
    out: list[Segment] = []
    for tag, a, b in runs:
        if tag == "=":
            out.append(Segment("equal", a))
        else:
            if a:
                out.append(Segment("delete", a))
            if b:
                out.append(Segment("insert", b))
    return out


def _fold_short_equalities(runs: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    i = 0
    while i < len(runs):
        run = runs[i]
        if (
            run[0] == "="
            and len(run[1]) <= 2
            and out
            and out[-1][0] == "~"
            and i + 1 < len(runs)
            and runs[i + 1][0] == "~"
        ):
            _, d1, i1 = out[-1]
            _, d2, i2 = runs[i + 1]
            out[-1] = ("~", d1 + run[1] + d2, i1 + run[1] + i2)
            i += 2
            continue
        out.append(run)
        i += 1
    return out


def bigrams(text: str) -> frozenset[str]:
    """The set of adjacent character pairs: Chinese text's natural unit of similarity."""
    return frozenset(map(add, text, text[1:])) if len(text) > 1 else frozenset([text])


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


# -- the result ---------------------------------------------------------------------------------------


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"
    MOVED = "moved"  # to another group or section
    REORDERED = "reordered"  # within its group


#: The fields of a task a modification names, in the order they are reported.
TASK_FIELDS = ("id", "title", "text", "units", "lead")

Match = Literal["id", "pinned", "content"]


@dataclass(frozen=True, slots=True)
class TaskRef:
    """Where a task stands in one plan: section, group and position (all 1-based), and the task."""

    task: Task
    section: int
    group: int
    position: int
    section_heading: str
    group_heading: str
    order: int  # 0-based index among all the plan's tasks

    @property
    def id(self) -> str:
        return self.task.id

    @property
    def title(self) -> str:
        return self.task.title

    @property
    def group_number(self) -> str:
        """二（一）: the section and group as the document numbers them."""
        return f"{chinese_number(self.section)}（{chinese_number(self.group)}）"

    @property
    def label(self) -> str:
        """二（一）第3项"""
        return f"{self.group_number}第{self.position}项"

    @property
    def path(self) -> tuple[str | int, ...]:
        return ("sections", self.section - 1, "groups", self.group - 1, "tasks", self.position - 1)


@dataclass(frozen=True, slots=True)
class Change:
    """One thing that happened to one task. A task both edited and moved has two changes."""

    kind: ChangeKind
    old: TaskRef | None
    new: TaskRef | None
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
    gained: tuple[TaskRef, ...]
    lost: tuple[TaskRef, ...]


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


# -- overrides ---------------------------------------------------------------------------------------


class TaskPair(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    old: TaskId = Field(description="旧计划中的任务编号")
    new: TaskId = Field(description="新计划中的任务编号")


class Overrides(BaseModel):
    """A reviewer's corrections to the matching: pin a pair as the same task, or forbid a pair."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pin: list[TaskPair] = Field(default_factory=list, description="认定为同一任务的对应关系")
    forbid: list[TaskPair] = Field(
        default_factory=list, description="不得认定为同一任务的对应关系（编号相同也不对应）"
    )


class DiffInputError(ValueError):
    """The overrides name a task that is not there, or pin a task twice (a usage error)."""


def check_overrides(overrides: Overrides, old: Plan, new: Plan) -> None:
    old_ids = {t.id for _, t in old.tasks()}
    new_ids = {t.id for _, t in new.tasks()}
    problems = []
    for kind, pairs in (("pin", overrides.pin), ("forbid", overrides.forbid)):
        for i, pair in enumerate(pairs, 1):
            if pair.old not in old_ids:
                problems.append(f"{kind} 第 {i} 项：旧计划中没有任务「{pair.old}」")
            if pair.new not in new_ids:
                problems.append(f"{kind} 第 {i} 项：新计划中没有任务「{pair.new}」")
    for side in ("old", "new"):
        seen: set[str] = set()
        for pair in overrides.pin:
            value = getattr(pair, side)
            if value in seen:
                problems.append(f"pin：任务「{value}」被指定了两次对应关系")
            seen.add(value)
    pinned = {(p.old, p.new) for p in overrides.pin}
    problems.extend(
        f"任务「{p.old}」→「{p.new}」既在 pin 中又在 forbid 中"
        for p in overrides.forbid
        if (p.old, p.new) in pinned
    )
    if problems:
        raise DiffInputError("；".join(problems))


# -- matching tasks --------------------------------------------------------------------------------------

#: A match by content needs at least this score (0–1); below PROBABLE it is flagged as probable.
#: Unrelated tasks of the 2025 plan score at most 0.41 against each other (科技活动周 vs 科普月);
#: a task with its id renamed and its words kept scores ~1, one half rewritten ~0.6–0.8.
MIN_SCORE = 0.5
PROBABLE_BELOW = 0.75
#: Candidates scored exactly per leftover task, after the bigram index has ranked them.
CANDIDATES = 8


class _Side:
    """One plan's tasks, with what matching needs computed on first use: most tasks are matched by
    id and never need their bigrams or resolved units."""

    def __init__(self, plan: Plan, registry: Registry | None):
        self.plan = plan
        self.registry = registry
        self.refs = _refs(plan)
        n = len(self.refs)
        self._key: list[tuple[str, str] | None] = [None] * n
        self._body: list[frozenset[str] | None] = [None] * n
        self._title: list[frozenset[str] | None] = [None] * n
        self._units: list[frozenset[str] | None] = [None] * n

    def canonical(self, name: str) -> str:
        return self.registry.canonical(name) if self.registry else name

    def key(self, i: int) -> tuple[str, str]:
        """Title and text with the plan's own year replaced by a placeholder."""
        key = self._key[i]
        if key is None:
            task, year = self.refs[i].task, self.plan.year
            key = self._key[i] = (without_own_year(task.title, year), without_own_year(task.text, year))
        return key

    def body(self, i: int) -> frozenset[str]:
        grams = self._body[i]
        if grams is None:
            title, text = self.key(i)
            grams = self._body[i] = bigrams(title + text)
        return grams

    def title(self, i: int) -> frozenset[str]:
        grams = self._title[i]
        if grams is None:
            grams = self._title[i] = bigrams(self.key(i)[0])
        return grams

    def units(self, i: int) -> frozenset[str]:
        """Canonical names of the task's units."""
        units = self._units[i]
        if units is None:
            units = self._units[i] = frozenset(self.canonical(n) for n in self.refs[i].task.unit_names)
        return units

    def units_in_order(self, i: int, subset: frozenset[str]) -> tuple[str, ...]:
        """`subset` of the task's canonical units, in the order the task lists them."""
        return _ordered(subset, (self.canonical(n) for n in self.refs[i].task.unit_names))


def _refs(plan: Plan) -> list[TaskRef]:
    refs = []
    for order, ((si, gi, ti), task) in enumerate(plan.tasks()):
        section = plan.sections[si]
        refs.append(TaskRef(task, si + 1, gi + 1, ti + 1, section.heading, section.groups[gi].heading, order))
    return refs


def _score(old: _Side, i: int, new: _Side, j: int) -> float:
    units_a, units_b = old.units(i), new.units(j)
    union = units_a | units_b
    units = len(units_a & units_b) / len(union) if union else 1.0
    return 0.6 * dice(old.body(i), new.body(j)) + 0.25 * dice(old.title(i), new.title(j)) + 0.15 * units


def _nearest_pairs(olds: list[int], news: list[int], old_n: int, new_n: int) -> list[tuple[int, int]]:
    """Copies of one text on both sides, paired by nearest relative place in the document."""
    if len(olds) == 1 and len(news) == 1:
        return [(olds[0], news[0])]
    candidates = sorted((abs(i / old_n - j / new_n), i, j) for i in olds for j in news)
    used_old: set[int] = set()
    used_new: set[int] = set()
    out = []
    for _, i, j in candidates:
        if i not in used_old and j not in used_new:
            out.append((i, j))
            used_old.add(i)
            used_new.add(j)
    return out


def _match(old: _Side, new: _Side, overrides: Overrides | None) -> dict[int, tuple[int, Match, float]]:
    """old task index → (new task index, how, score)."""
    forbidden = {(p.old, p.new) for p in overrides.forbid} if overrides else set()
    new_index = {ref.id: j for j, ref in enumerate(new.refs)}
    old_index = {ref.id: i for i, ref in enumerate(old.refs)}
    pairs: dict[int, tuple[int, Match, float]] = {}
    taken: set[int] = set()

    def allowed(i: int, j: int) -> bool:
        return i not in pairs and j not in taken and (old.refs[i].id, new.refs[j].id) not in forbidden

    for pin in overrides.pin if overrides else ():
        i, j = old_index[pin.old], new_index[pin.new]
        pairs[i] = (j, "pinned", _score(old, i, new, j))
        taken.add(j)
    for i, ref in enumerate(old.refs):
        j = new_index.get(ref.id)
        if j is not None and allowed(i, j):
            pairs[i] = (j, "id", 1.0)
            taken.add(j)

    # the same words under another id: equal (title, text), copies paired by nearest place
    old_n, new_n = max(len(old.refs), 1), max(len(new.refs), 1)
    new_by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j in range(len(new.refs)):
        if j not in taken:
            new_by_key[new.key(j)].append(j)
    old_by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in range(len(old.refs)):
        if i not in pairs and old.key(i) in new_by_key:
            old_by_key[old.key(i)].append(i)
    for key, olds in old_by_key.items():
        for i, j in _nearest_pairs(olds, new_by_key[key], old_n, new_n):
            if allowed(i, j):
                pairs[i] = (j, "content", _score(old, i, new, j))
                taken.add(j)

    # the rest through a bigram index over the leftover new tasks
    left_old = [i for i in range(len(old.refs)) if i not in pairs]
    left_new = [j for j in range(len(new.refs)) if j not in taken]
    if not left_old or not left_new:
        return pairs
    postings: dict[str, list[int]] = defaultdict(list)
    for j in left_new:
        for gram in new.body(j):
            postings[gram].append(j)
    # a bigram in a large share of the leftovers (科普, 开展) says little and costs much
    cap = max(8, len(left_new) // 10)
    scored: list[tuple[float, int, int]] = []
    for i in left_old:
        hits: dict[int, int] = defaultdict(int)
        for gram in old.body(i):
            posting = postings.get(gram)
            if posting and len(posting) <= cap:
                for j in posting:
                    hits[j] += 1
        best = sorted(hits.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES]
        for j, _ in best:
            score = _score(old, i, new, j)
            if score >= MIN_SCORE:
                scored.append((score, i, j))
    # best first; equal scores (copies of one text) go to the nearest place in the document
    scored.sort(
        key=lambda item: (-round(item[0], 9), abs(item[1] / old_n - item[2] / new_n), item[1], item[2])
    )
    for score, i, j in scored:
        if allowed(i, j):
            pairs[i] = (j, "content", score)
            taken.add(j)
    return pairs


# -- groups, moves and order ---------------------------------------------------------------------------


def _group_map(old: _Side, new: _Side, pairs: dict[int, tuple[int, Match, float]]) -> dict[tuple, tuple]:
    """Which new group each old group became: the same heading (year aside), else where most of its
    matched tasks went."""

    def groups(side: _Side) -> dict[tuple[int, int], str]:
        return {
            (si, gi): without_own_year(group.heading, side.plan.year)
            for si, section in enumerate(side.plan.sections)
            for gi, group in enumerate(section.groups)
        }

    old_groups, new_groups = groups(old), groups(new)
    by_heading: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for key, heading in new_groups.items():
        by_heading[heading].append(key)
    mapping: dict[tuple, tuple] = {}
    used: set[tuple] = set()
    for key, heading in old_groups.items():
        for candidate in by_heading.get(heading, ()):
            if candidate not in used:
                mapping[key] = candidate
                used.add(candidate)
                break
    votes: dict[tuple, dict[tuple, int]] = defaultdict(lambda: defaultdict(int))
    for i, (j, _, _) in pairs.items():
        o, n = old.refs[i], new.refs[j]
        votes[(o.section - 1, o.group - 1)][(n.section - 1, n.group - 1)] += 1
    for key in old_groups:
        if key in mapping or not votes.get(key):
            continue
        size = sum(1 for ref in old.refs if (ref.section - 1, ref.group - 1) == key)
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


# -- the comparison ----------------------------------------------------------------------------------------


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
    old_side = _Side(old, old_registry or new_registry)
    new_side = _Side(new, new_registry or old_registry)
    pairs = _match(old_side, new_side, overrides)
    group_map = _group_map(old_side, new_side, pairs)

    def text_of(side: _Side, value: str) -> str:
        return without_own_year(value, side.plan.year) if ignore_year else value

    keyed: list[tuple[tuple[float, int, int], Change]] = []
    moved: set[int] = set()
    matched_new: dict[int, int] = {}
    for i, (j, how, score) in pairs.items():
        matched_new[j] = i
        o, n = old_side.refs[i], new_side.refs[j]
        a, b = o.task, n.task
        changed = []
        if a.id != b.id:
            changed.append("id")
        if text_of(old_side, a.title) != text_of(new_side, b.title):
            changed.append("title")
        if text_of(old_side, a.text) != text_of(new_side, b.text):
            changed.append("text")
        added = removed = ()
        if responsibility_text(a) != responsibility_text(b):
            changed.append("units")
            added = new_side.units_in_order(j, new_side.units(j) - old_side.units(i))
            removed = old_side.units_in_order(i, old_side.units(i) - new_side.units(j))
        lead_a, lead_b = a.lead_name, b.lead_name
        if (
            lead_a != lead_b
            and lead_a is not None
            and lead_b is not None
            and old_side.canonical(lead_a) != new_side.canonical(lead_b)
        ):
            changed.append("lead")
        probable = how == "content" and score < PROBABLE_BELOW
        sort = (float(n.order), 0, 0)
        if changed or probable:
            keyed.append(
                (
                    sort,
                    Change(
                        ChangeKind.MODIFIED,
                        o,
                        n,
                        tuple(changed),
                        added,
                        removed,
                        how,
                        round(score, 3) if how != "id" else None,
                        probable,
                    ),
                )
            )
        if group_map.get((o.section - 1, o.group - 1)) != (n.section - 1, n.group - 1):
            moved.add(i)
            keyed.append(((float(n.order), 1, 0), Change(ChangeKind.MOVED, o, n, match=how)))

    # reordered within a group: tasks outside one longest run kept in the old order
    by_group: dict[tuple[int, int], list[int]] = defaultdict(list)
    for j in sorted(matched_new):
        i = matched_new[j]
        if i not in moved:
            ref = new_side.refs[j]
            by_group[(ref.section, ref.group)].append(j)
    for members in by_group.values():
        olds = [matched_new[j] for j in members]
        keep = _longest_increasing(olds)
        for k, j in enumerate(members):
            if k not in keep:
                i = matched_new[j]
                change = Change(ChangeKind.REORDERED, old_side.refs[i], new_side.refs[j], match=pairs[i][1])
                keyed.append(((float(j), 2, 0), change))

    for j, ref in enumerate(new_side.refs):
        if j not in matched_new:
            canon = new_side.units_in_order(j, new_side.units(j))
            keyed.append(((float(j), 0, 0), Change(ChangeKind.ADDED, None, ref, units_added=canon)))
    anchor = -1.0
    for i, ref in enumerate(old_side.refs):
        if i in pairs:
            anchor = float(pairs[i][0])
            continue
        canon = old_side.units_in_order(i, old_side.units(i))
        keyed.append(((anchor + 0.5, 0, i), Change(ChangeKind.REMOVED, ref, None, units_removed=canon)))
    keyed.sort(key=lambda item: item[0])
    changes = [change for _, change in keyed]

    parts = _part_changes(old, new, ignore_year)
    if old.year != new.year and not ignore_year:
        parts.insert(0, PartChange(ChangeKind.MODIFIED, "年份", str(old.year), str(new.year)))
    return PlanDiff(
        old=old,
        new=new,
        changes=changes,
        parts=parts,
        units=_unit_changes(changes, new_side, old_side),
        pairs={old_side.refs[i].id: new_side.refs[j].id for i, (j, _, _) in pairs.items()},
        ignore_year=ignore_year,
        old_name=old_name,
        new_name=new_name,
    )


def _ordered(names: frozenset[str], in_order: Iterable[str]) -> tuple[str, ...]:
    """`names` in the order the task lists them."""
    out: list[str] = []
    for name in in_order:
        if name in names and name not in out:
            out.append(name)
    return tuple(out)


def _unit_changes(changes: list[Change], new: _Side, old: _Side) -> list[UnitChange]:
    gained: dict[str, list[TaskRef]] = defaultdict(list)
    lost: dict[str, list[TaskRef]] = defaultdict(list)
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
                order.setdefault(registry.resolve(name).canonical, len(order))  # type: ignore[union-attr]
    units = sorted(set(gained) | set(lost), key=lambda u: (order.get(u, len(order)), u))
    return [UnitChange(u, tuple(gained.get(u, ())), tuple(lost.get(u, ()))) for u in units]


# -- everything outside the tasks ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Part:
    block: Block
    where: str
    key: tuple[str, str]  # kind, comparable text (no number; the own year replaced if ignoring years)
    grams: frozenset[str]


def _parts(plan: Plan, ignore_year: bool) -> list[_Part]:
    out: list[_Part] = []
    h1_short = h1_full = ""
    item = ""
    counter = 0
    preamble = 0
    for block in blocks(plan):
        kind = block.kind
        if kind is Kind.TASK:
            continue
        if kind is Kind.TITLE:
            where = "标题"
        elif kind is Kind.PREAMBLE:
            preamble += 1
            where = f"前言第{preamble}段"
        elif kind is Kind.HEADING1:
            h1_short, h1_full, item, counter = block.number.rstrip("、"), block.number + block.lead, "", 0
            where = f"一级标题{h1_short}"
        elif kind is Kind.HEADING2:
            where = f"{h1_short}{block.number}小标题"
        elif kind is Kind.ITEM:
            item, counter = f"{h1_short}{block.number}", 0
            where = item
        elif kind is Kind.PARAGRAPH:
            counter += 1
            where = f"{item}续段{counter}" if item else f"{h1_full}第{counter}段"
        else:
            where = "落款"
        content = block.lead + block.body + block.suffix
        comparable = without_own_year(content, plan.year)
        key = ("title", "") if kind is Kind.TITLE else (str(kind), comparable if ignore_year else content)
        out.append(_Part(block, where, key, bigrams(comparable)))
    return out


def _part_changes(old: Plan, new: Plan, ignore_year: bool) -> list[PartChange]:
    a, b = _parts(old, ignore_year), _parts(new, ignore_year)
    out: list[tuple[float, PartChange]] = []  # (position in the new plan, change)
    if a and b and a[0].key == ("title", "") == b[0].key:  # the title is always there: compare in place
        if _comparable(a[0], old, ignore_year) != _comparable(b[0], new, ignore_year):
            out.append((-1.0, PartChange(ChangeKind.MODIFIED, "标题", a[0].block.text, b[0].block.text)))
        a, b = a[1:], b[1:]
    matcher = difflib.SequenceMatcher(None, [p.key for p in a], [p.key for p in b], autojunk=False)
    removed: list[tuple[float, _Part]] = []
    added: list[tuple[float, _Part]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = a[i1:i2], b[j1:j2]
        start = 0
        for part in olds:
            partner = next(
                (
                    k
                    for k in range(start, len(news))
                    if news[k].key[0] == part.key[0] and dice(part.grams, news[k].grams) >= 0.3
                ),
                None,
            )
            if partner is None:
                removed.append((j1 + start - 0.5, part))
                continue
            added.extend((j1 + k, news[k]) for k in range(start, partner))
            change = PartChange(
                ChangeKind.MODIFIED, news[partner].where, part.block.text, news[partner].block.text
            )
            out.append((j1 + partner, change))
            start = partner + 1
        added.extend((j1 + k, news[k]) for k in range(start, len(news)))
    # the same paragraph taken out in one place and put in another: moved
    waiting: dict[tuple[str, str], list[tuple[float, _Part]]] = defaultdict(list)
    for entry in added:
        waiting[entry[1].key].append(entry)
    for position, part in removed:
        if waiting.get(part.key):
            entry = waiting[part.key].pop(0)
            added.remove(entry)
            out.append(
                (entry[0], PartChange(ChangeKind.MOVED, entry[1].where, part.block.text, entry[1].block.text))
            )
        else:
            out.append((position, PartChange(ChangeKind.REMOVED, part.where, part.block.text, None)))
    out.extend(
        (position, PartChange(ChangeKind.ADDED, part.where, None, part.block.text))
        for position, part in added
    )
    out.sort(key=lambda entry: entry[0])
    return [change for _, change in out]


def _comparable(part: _Part, plan: Plan, ignore_year: bool) -> str:
    text = part.block.lead + part.block.body + part.block.suffix
    return without_own_year(text, plan.year) if ignore_year else text
